import { startApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger, type Logger } from "./core/logger.ts";

/**
 * Process entry: config → logger → app → signals. Exit codes: 0 after a graceful
 * shutdown, 1 when start-up fails, 2 on bad configuration.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    const log = createLogger({ level: "info" });
    if (err instanceof ConfigError) log.fatal({ problems: err.problems }, "invalid configuration");
    else log.fatal({ err }, "could not read configuration");
    process.exitCode = 2;
    return;
  }
  const log = createLogger({ level: config.logLevel, pretty: config.logPretty });
  watchProcess(log);
  let app: Awaited<ReturnType<typeof startApp>>;
  try {
    app = await startApp(config, log);
  } catch (err) {
    log.fatal({ err }, "NeoSpace could not start");
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    log.info({ signal }, "signal received");
    const force = setTimeout(() => {
      log.error({ timeoutMs: config.shutdownTimeoutMs }, "graceful shutdown timed out; exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, "error during shutdown");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

/** A stray rejection is logged, not fatal: rooms must outlive one bad promise. */
function watchProcess(log: Logger): void {
  process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled promise rejection"));
  process.on("uncaughtException", (err) => {
    log.fatal({ err }, "uncaught exception; exiting");
    process.exit(1);
  });
}

await main();
