/**
 * A bot worker (a child process of a bench): joins its bots, then follows the parent's
 * orders so every worker and the server's CPU sample share one measuring window:
 *   start → walk; mark → zero the counters and note this process's CPU;
 *   stop → stop walking, report since mark; leave → consented leaves, then exit.
 * Most bots are thin (lib/thin-bot.ts); `probes` of them use the real SDK (lib/bots.ts).
 */
import type { TestServer } from "../tests/helpers/server.ts";
import { type Bot, joinBot } from "./lib/bots.ts";
import { ThinBot } from "./lib/thin-bot.ts";

export interface Job {
  baseUrl: string;
  tokens: string[];
  /** First bot number of this worker (keeps `ts` values disjoint across workers). */
  offset: number;
  map: string;
  /** How many of this worker's bots use the full SDK (they measure latency by decoding). */
  probes: number;
  /** Every `walkEvery`-th bot walks (1: all of them); the rest only listen. */
  walkEvery: number;
  walkPeriodMs: number;
  /** Joins in flight at once (matchmaking fills a space before opening the next). */
  joinBatch: number;
}

export type Order = { type: "start" } | { type: "mark" } | { type: "stop" } | { type: "leave" };

export interface WorkerResult {
  joined: number;
  failures: number;
  /** Thin bots: input→patch by finding the input's stamp in the patch bytes. */
  latencies: number[];
  /** SDK probes: input→patch by decoding the state. */
  probeLatencies: number[];
  bytes: number;
  frames: number;
  patches: number;
  /** This process's CPU seconds (user + system) between mark and stop. */
  cpuS: number;
  /** Sockets the server closed while measuring. */
  closed: number;
  /** The rooms the thin bots hold seats in. */
  roomIds: string[];
}

export type WorkerMessage = { type: "joined"; joined: number; failures: number; firstError?: string } | ({ type: "result" } & WorkerResult);

let job: Job;
const thin: ThinBot[] = [];
const probes: Bot[] = [];
let failures = 0;
let firstError: string | undefined;
let cpuMark = process.cpuUsage();

async function joinAll(): Promise<void> {
  const server = { baseUrl: job.baseUrl } as TestServer;
  for (let i = 0; i < job.tokens.length; i += job.joinBatch) {
    const batch = job.tokens.slice(i, i + job.joinBatch).map((token, k) => {
      const n = i + k;
      if (n < job.probes) return joinBot(server, token, job.map).then((b) => probes.push(b));
      return ThinBot.join(job.baseUrl, token, job.offset + n + 1, { map: job.map }).then((b) => thin.push(b));
    });
    for (const r of await Promise.allSettled(batch)) {
      if (r.status === "rejected") {
        failures++;
        firstError ??= String(r.reason);
      }
    }
  }
}

function onOrder(order: Order): void {
  if (order.type === "start") {
    thin.forEach((b, i) => {
      if (i % job.walkEvery === 0) b.walk(job.walkPeriodMs);
    });
    for (const b of probes) b.walk(job.walkPeriodMs);
  } else if (order.type === "mark") {
    for (const b of thin) b.resetStats();
    for (const b of probes) {
      b.latencies.length = 0;
      b.bytes = 0;
    }
    cpuMark = process.cpuUsage();
  } else if (order.type === "stop") {
    const cpu = process.cpuUsage(cpuMark);
    for (const b of thin) b.walk(0);
    for (const b of probes) b.walk(0);
    send({ type: "result", ...collect(), cpuS: (cpu.user + cpu.system) / 1e6 });
  } else if (order.type === "leave") {
    void Promise.all([...thin.map((b) => b.leave()), ...probes.map((b) => b.room.leave().catch(() => undefined))]).then(() =>
      process.exit(0),
    );
  }
}

function collect(): Omit<WorkerResult, "cpuS"> {
  return {
    joined: thin.length + probes.length,
    failures,
    latencies: thin.flatMap((b) => b.stats.latencies),
    probeLatencies: probes.flatMap((b) => b.latencies),
    bytes: thin.reduce((n, b) => n + b.stats.bytes, 0) + probes.reduce((n, b) => n + b.bytes, 0),
    frames: thin.reduce((n, b) => n + b.stats.frames, 0),
    patches: thin.reduce((n, b) => n + b.stats.patches, 0),
    closed: thin.filter((b) => b.closeCode !== null).length,
    roomIds: [...new Set(thin.map((b) => b.roomId))],
  };
}

function send(message: WorkerMessage): void {
  process.send?.(message);
}

process.once("message", async (j: Job) => {
  job = j;
  await joinAll();
  process.on("message", onOrder);
  send({ type: "joined", joined: thin.length + probes.length, failures, ...(firstError ? { firstError } : {}) });
});
// The parent died: do not linger holding sockets.
process.on("disconnect", () => process.exit(0));
