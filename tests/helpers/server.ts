import { type ChildProcess, spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureClientBuilt } from "../../scripts/client-build.ts";
import { freePort } from "./ports.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const TEST_OPERATOR_TOKEN = "test-operator-token-0123456789abcdef";

/**
 * NEOSPACE_TEST_TRANSPORT=ws runs every test server on ws: the Node 22 pass of
 * scripts/test.sh sets it, because no uWebSockets.js build loads on Node 22 here.
 */
const FORCED_TRANSPORT = process.env.NEOSPACE_TEST_TRANSPORT === "ws" ? "ws" : undefined;

/** The transports a test should cover on this run (both, unless one is forced). */
export const TEST_TRANSPORTS: readonly ("uws" | "ws")[] = FORCED_TRANSPORT ? [FORCED_TRANSPORT] : ["uws", "ws"];

export interface TestServer {
  baseUrl: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  pid: number;
  /** Every log line the server printed so far (JSON, one per entry). */
  logs: string[];
  /**
   * Resolves once every line the server logged before this call is in `logs`: it sends a
   * request with its own request id and waits for that request's log line (pino writes
   * lines in order on one stream). Read `logs` after this instead of polling it.
   */
  logsSettled(): Promise<void>;
  /** The first log line (already printed or still to come) that `match` accepts; rejects after `ms`. */
  waitForLog(match: (line: string) => boolean, what: string, ms?: number): Promise<string>;
  /** Resolves with the exit code when the process ends by itself or by stop(). */
  exit: Promise<number | null>;
  /** SIGTERM by PID, then waits for exit; returns the exit code. */
  stop(): Promise<number | null>;
}

export interface TestServerOptions {
  transport?: "uws" | "ws" | "auto";
  /** Extra environment variables (strings), e.g. { OPERATOR_TOKEN: "" }. */
  env?: Record<string, string>;
  /** Reuse a data folder (restart tests); a new temporary one otherwise. */
  dataDir?: string;
  /** Keep the data folder after stop (restart tests). */
  keepData?: boolean;
  /** Do not wait for /readyz (start-up failure tests). */
  expectFailure?: boolean;
  /** Set PUBLIC_ADDRESS to this process's own 127.0.0.1:<port> (scale-out tests). */
  publicAddress?: boolean;
  /** Listen on this port (a restart where the page's origin must stay the same); a free one otherwise. */
  port?: number;
}

/** Starts the real server as a child process on its own port and waits until /readyz answers 200. */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  // The npm scripts build it first; this covers `npx mocha <one file>` on a fresh checkout.
  const clientDir = opts.env?.CLIENT_DIR ?? ensureClientBuilt("production");
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), "neospace-test-"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/root",
    PORT: String(port),
    DATA_DIR: dataDir,
    TRANSPORT: FORCED_TRANSPORT ?? opts.transport ?? "uws",
    LOG_LEVEL: "debug",
    CLIENT_DIR: clientDir,
    OPERATOR_TOKEN: TEST_OPERATOR_TOKEN,
    // The cheapest allowed hash cost keeps suites fast; bench:login measures the real one.
    ARGON2_MEMORY_KIB: "1024",
    ARGON2_TIME: "1",
    ...(opts.publicAddress ? { PUBLIC_ADDRESS: `127.0.0.1:${port}` } : {}),
    // Tests act as many clients; each sends its own X-Forwarded-For (documentation range).
    TRUST_PROXY: "true",
    ...opts.env,
  };
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server/main.ts")], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const lineEvents = new EventEmitter();
  collectLines(child, logs, lineEvents);
  const waitForLog = (match: (line: string) => boolean, what: string, ms = 5_000) =>
    lineMatching(logs, lineEvents, match, what, ms);
  // "close", not "exit": it comes after the child's stdout and stderr have ended, so `logs` is complete.
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const server: TestServer = {
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    pid: child.pid ?? -1,
    logs,
    waitForLog,
    logsSettled: async () => {
      const id = `logs-settled-${++barriers}-${process.pid}`;
      const seen = waitForLog((l) => l.includes(`"reqId":"${id}"`), `the log line of request ${id}`);
      await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { "x-request-id": id } }).then((r) => r.arrayBuffer());
      await seen;
    },
    exit: exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid as number, "SIGTERM");
      const code = await withTimeout(exited, 15_000, () => process.kill(child.pid as number, "SIGKILL"));
      if (!opts.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
  if (!opts.expectFailure) await waitUntilReady(server, exited);
  return server;
}

let barriers = 0;

function collectLines(child: ChildProcess, into: string[], events: EventEmitter): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = "";
    stream?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines.filter(Boolean)) {
        into.push(line);
        events.emit("line", line);
      }
    });
  }
}

function lineMatching(
  logs: readonly string[],
  events: EventEmitter,
  match: (line: string) => boolean,
  what: string,
  ms: number,
): Promise<string> {
  const already = logs.find(match);
  if (already !== undefined) return Promise.resolve(already);
  return new Promise((resolve, reject) => {
    const onLine = (line: string) => {
      if (!match(line)) return;
      clearTimeout(timer);
      events.off("line", onLine);
      resolve(line);
    };
    const timer = setTimeout(() => {
      events.off("line", onLine);
      reject(new Error(`${what}: not in the server log within ${ms} ms (${logs.length} lines)`));
    }, ms);
    events.on("line", onLine);
  });
}

async function waitUntilReady(server: TestServer, exited: Promise<number | null>): Promise<void> {
  let done = false;
  void exited.then(() => {
    done = true;
  });
  // A deadline, not a timing assertion: a loaded machine can take long to boot tsx and the store.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (done) throw new Error(`server exited during start-up:\n${server.logs.slice(-20).join("\n")}`);
    try {
      const res = await fetch(`${server.baseUrl}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.stop();
  throw new Error(`server not ready within 60 s:\n${server.logs.slice(-20).join("\n")}`);
}

async function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve();
    }, ms);
  });
  await Promise.race([p, t]);
  clearTimeout(timer);
  return p;
}
