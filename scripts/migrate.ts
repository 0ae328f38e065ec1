/**
 * npm run migrate -- up | down | status | to <name>
 *
 * Uses the same configuration as the server (DATA_DIR or MONGODB_URL). Prints one JSON
 * line with the outcome on stdout; logs go to stderr. Exits 1 on any failure, 2 on
 * wrong usage. "to 0" reverts every migration.
 */
import pino from "pino";
import { loadConfig } from "../server/config.ts";
import { REDACT_PATHS } from "../server/core/logger.ts";
import { openStore } from "../server/store/index.ts";
import { createMigrator, type Migrator } from "../server/store/migrations/index.ts";

const USAGE = "usage: npm run migrate -- up | down | status | to <name>";
const COMMANDS = new Set(["up", "down", "status", "to"]);

async function run(migrator: Migrator, command: string | undefined, arg: string | undefined): Promise<object> {
  switch (command) {
    case "up":
      return { command, applied: await migrator.up(), ...(await migrator.status()) };
    case "down":
      return { command, reverted: await migrator.down(), ...(await migrator.status()) };
    case "status":
      return { command, ...(await migrator.status()) };
    case "to":
      if (!arg) throw new UsageError("`to` needs a migration name (or 0)");
      return { command, target: arg, ...(await migrator.to(arg)), ...(await migrator.status()) };
    default:
      throw new UsageError(command ? `unknown command ${JSON.stringify(command)}` : "no command given");
  }
}

class UsageError extends Error {}

async function main(): Promise<number> {
  const [command, arg, ...extra] = process.argv.slice(2);
  const config = loadConfig(process.env);
  // stderr: stdout carries only the result line, so it can be piped to jq.
  const logger = pino(
    { level: config.logLevel, redact: { paths: REDACT_PATHS, censor: "[redacted]" } },
    pino.destination(2),
  );
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(" ")}`);
  if (!COMMANDS.has(command ?? "")) throw new UsageError(command ? `unknown command ${command}` : "no command given");
  const store = await openStore({ mongodbUrl: config.mongodbUrl, dataDir: config.dataDir, logger });
  try {
    const result = await run(createMigrator(store, logger), command, arg);
    console.log(JSON.stringify({ ok: true, engine: store.engine, ...result }));
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.log(JSON.stringify({ ok: false, error: message }));
    if (err instanceof UsageError) {
      console.error(USAGE);
      process.exitCode = 2;
      return;
    }
    console.error(err);
    process.exitCode = 1;
  },
);
