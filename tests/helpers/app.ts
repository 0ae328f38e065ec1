import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { ensureClientBuilt } from "../../scripts/client-build.ts";
import { type RunningApp, startApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { createLogger } from "../../server/core/logger.ts";
import { freePort } from "./ports.ts";
import { TEST_OPERATOR_TOKEN, type TestServer } from "./server.ts";

/**
 * The app booted inside the test process (server/app.ts startApp), for tests that need to
 * hold the clock or read what the server logged the moment it logged it. Tests about the
 * process itself (signals, exit codes, several processes) use startTestServer instead.
 * The Colyseus matchmaker is process-global: run one in-process app at a time.
 */
export interface InProcessApp extends Pick<TestServer, "baseUrl" | "wsUrl" | "port" | "dataDir" | "logs"> {
  app: RunningApp;
  clock: ManualClock;
  stop(): Promise<void>;
}

/** A wall clock that only moves when the test says so. */
export class ManualClock {
  constructor(private ms = Date.parse("2026-01-01T00:00:00Z")) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Same defaults as startTestServer (cheap hashes, trusted X-Forwarded-For), on the ws transport. */
export async function startInProcess(env: Record<string, string> = {}): Promise<InProcessApp> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "neospace-inproc-"));
  const config = loadConfig({
    PORT: String(port),
    DATA_DIR: dataDir,
    TRANSPORT: "ws",
    LOG_LEVEL: "debug",
    CLIENT_DIR: ensureClientBuilt("production"),
    OPERATOR_TOKEN: TEST_OPERATOR_TOKEN,
    ARGON2_MEMORY_KIB: "1024",
    ARGON2_TIME: "1",
    TRUST_PROXY: "1",
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  const clock = new ManualClock();
  const app = await startApp(config, createLogger({ level: config.logLevel, destination: sink }), { now: clock.now });
  return {
    app,
    clock,
    logs,
    port,
    dataDir,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    stop: async () => {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
