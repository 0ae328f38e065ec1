/**
 * npm run bench:idle — scenario C (issue 13, item 2): signed-in connections holding seats
 * in 20 spaces, answering the transport's heartbeat pings, nobody moving. Prints the cost
 * per connection: RSS per connection over the empty server (accounts registered, no
 * socket yet; at the window's end, and the mean and highest of a reading a second through
 * it: the goal is judged on the highest), server CPU % of one core, and the event-loop lag
 * p99 over a window that holds several re-auth rounds of every room. The window opens
 * IDLE_BENCH_STEADY_S after the last join (the first minute after a join is not idle:
 * moods settle toward their baselines and are patched to everyone), and not before V8's
 * first major collection since then (up to IDLE_BENCH_GC_WAIT_S more): until it, the heap
 * still holds the sign-ups' and joins' garbage, up to 10 KiB per connection that no
 * idle server carries.
 * IDLE_BENCH_CONNECTIONS sets the size (default 10,000); IDLE_BENCH_WINDOW_S the window
 * (default 90); IDLE_BENCH_REAUTH_MS the rooms' re-auth interval (default 30,000, the
 * server's own; 10,000 shows the cost of rounds three times as often);
 * IDLE_BENCH_CPU_PROF=<dir> has the server write a CPU profile there; IDLE_BENCH_GC_LOG=<file>
 * has it log each collection with its heap spaces, IDLE_BENCH_V8_FLAGS sets V8 flags in it,
 * and IDLE_BENCH_HEAP_SAMPLE=<file>:<from s>:<to s> samples what it allocates then
 * (lib/heap-watch.mjs).
 * Bots are thin (lib/thin-bot.ts: the `ws` package answers pings by itself).
 * The server runs on core 0, the bots on core 1 (taskset), when taskset exists.
 */
import { readFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execSync } from "node:child_process";
import type { TestServer } from "../tests/helpers/server.ts";
import { startBenchServer } from "./lib/server.ts";
import { accounts, pin } from "./lib/bots.ts";
import { Fleet, sleep } from "./lib/fleet.ts";
import { monitorRooms, scrapeMetrics } from "./lib/scrape.ts";
import { cpuSecondsOf, cpuSplitOf, report, round } from "./lib/stats.ts";

const CONNECTIONS = Number(process.env.IDLE_BENCH_CONNECTIONS ?? 10_000);
const SPACES = 20;
const WINDOW_S = Number(process.env.IDLE_BENCH_WINDOW_S ?? 90);
const REAUTH_INTERVAL_MS = Number(process.env.IDLE_BENCH_REAUTH_MS ?? 30_000);
const STEADY_S = Number(process.env.IDLE_BENCH_STEADY_S ?? 60);
const GC_WAIT_S = Number(process.env.IDLE_BENCH_GC_WAIT_S ?? 180);
const SETTLE_S = 5;
/** One bot process holds at most this many sockets (fd limit and its own event loop). */
const SOCKETS_PER_WORKER = 5_000;

function rssBytesOf(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

/** RSS once a second for `seconds`: its mean and its highest (one reading moves with the heap's collections). */
async function sampleRss(pid: number, seconds: number): Promise<{ mean: number; max: number }> {
  const readings: number[] = [];
  for (let s = 0; s < seconds; s++) {
    await sleep(1000);
    readings.push(rssBytesOf(pid));
  }
  return { mean: readings.reduce((a, b) => a + b, 0) / readings.length, max: Math.max(...readings) };
}

const MAJOR_GCS = 'neospace_nodejs_gc_duration_seconds_count{kind="major"}';

/** Waits until V8 has run a major collection (or `maxS` passed); the seconds waited, and whether one ran. */
async function untilMajorCollection(server: TestServer, maxS: number): Promise<{ waitedS: number; collected: boolean }> {
  const majors = async () => (await scrapeMetrics(server)).get(MAJOR_GCS) ?? 0;
  const before = await majors();
  const at = performance.now();
  while ((performance.now() - at) / 1000 < maxS) {
    await sleep(2000);
    if ((await majors()) > before) return { waitedS: round((performance.now() - at) / 1000, 0), collected: true };
  }
  return { waitedS: maxS, collected: false };
}

async function lagP99Ms(server: TestServer): Promise<number | null> {
  const lag = (await scrapeMetrics(server)).get("neospace_nodejs_eventloop_lag_p99_seconds");
  return lag === undefined ? null : round(lag * 1000);
}

/**
 * Where the server's memory is, from /metrics: V8's heap in use (live objects and garbage
 * not yet collected), the heap V8 holds from the system, and memory outside it that V8
 * knows of (buffers).
 */
async function memoryOf(server: TestServer): Promise<{ heapUsed: number; heapTotal: number; external: number }> {
  const metrics = await scrapeMetrics(server);
  const read = (name: string) => metrics.get(`neospace_nodejs_${name}`) ?? Number.NaN;
  return { heapUsed: read("heap_size_used_bytes"), heapTotal: read("heap_size_total_bytes"), external: read("external_memory_bytes") };
}

function fdLimit(): string {
  try {
    return execSync("ulimit -n", { shell: "/bin/bash", encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

const dataDir = mkdtempSync(path.join(tmpdir(), "neospace-idle-"));
const env = {
  LOG_LEVEL: "warn",
  SPACE_CAPACITY: String(Math.ceil(CONNECTIONS / SPACES)),
  MATCHMAKE_PER_IP_PER_MINUTE: "100000",
  REAUTH_INTERVAL_MS: String(REAUTH_INTERVAL_MS),
  // IDLE_BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops.
  ...(process.env.IDLE_BENCH_CPU_PROF ? { BENCH_CPU_PROF_DIR: process.env.IDLE_BENCH_CPU_PROF } : {}),
  // IDLE_BENCH_GC_LOG=<file>, IDLE_BENCH_V8_FLAGS="...": lib/heap-watch.mjs in the server.
  ...(process.env.IDLE_BENCH_GC_LOG ? { BENCH_GC_LOG: process.env.IDLE_BENCH_GC_LOG } : {}),
  ...(process.env.IDLE_BENCH_V8_FLAGS ? { BENCH_V8_FLAGS: process.env.IDLE_BENCH_V8_FLAGS } : {}),
  ...(process.env.IDLE_BENCH_HEAP_SAMPLE ? { BENCH_HEAP_SAMPLE: process.env.IDLE_BENCH_HEAP_SAMPLE } : {}),
  NODE_OPTIONS: [
    process.env.IDLE_BENCH_CPU_PROF ? `--import ${path.join(import.meta.dirname, "lib/cpu-profile.mjs")}` : "",
    process.env.IDLE_BENCH_GC_LOG || process.env.IDLE_BENCH_V8_FLAGS || process.env.IDLE_BENCH_HEAP_SAMPLE ? `--import ${path.join(import.meta.dirname, "lib/heap-watch.mjs")}` : "",
  ].join(" ").trim(),
};
const server = await startBenchServer({ transport: "uws", env, dataDir });
try {
  const registerAt = performance.now();
  const tokens = await accounts(server, CONNECTIONS, 16);
  const registerS = (performance.now() - registerAt) / 1000;
  await sleep(SETTLE_S * 1000);
  const emptyRss = rssBytesOf(server.pid);
  const emptyMemory = await memoryOf(server);
  const emptyCpu0 = cpuSecondsOf(server.pid);
  await sleep(SETTLE_S * 1000);
  const emptyCpuPct = ((cpuSecondsOf(server.pid) - emptyCpu0) / SETTLE_S) * 100;
  const pinned = pin(server.pid, 0) && pin(process.pid, 1);
  // Two halves: the RSS step between them is the marginal cost of a connection, with the
  // heap's garbage in a similar state at both readings (the empty reading follows sign-ups).
  const half = Math.floor(CONNECTIONS / 2);
  const joinAt = performance.now();
  const start = (slice: string[]) =>
    Fleet.start({ baseUrl: server.baseUrl, tokens: slice, workers: Math.max(1, Math.ceil(slice.length / SOCKETS_PER_WORKER)), joinBatch: 50 });
  const first = await start(tokens.slice(0, half));
  await sleep(SETTLE_S * 1000);
  const halfRss = rssBytesOf(server.pid);
  const second = await start(tokens.slice(half));
  const joinS = (performance.now() - joinAt) / 1000;
  await sleep(STEADY_S * 1000);
  const gcWait = await untilMajorCollection(server, GC_WAIT_S);
  const fullRss = rssBytesOf(server.pid);
  await lagP99Ms(server); // resets the lag histogram: the next reading covers the window only
  const split0 = cpuSplitOf(server.pid);
  const at = performance.now();
  const rssSeen = await sampleRss(server.pid, WINDOW_S);
  const split1 = cpuSplitOf(server.pid);
  const cpu0 = split0.user + split0.system;
  const cpu1 = split1.user + split1.system;
  const seconds = (performance.now() - at) / 1000;
  const lag = await lagP99Ms(server);
  const rss = rssBytesOf(server.pid);
  const memory = await memoryOf(server);
  const monitor = await monitorRooms(server);
  await Promise.all([first.leave(), second.leave()]);
  const cpuPct = ((cpu1 - cpu0) / seconds) * 100;
  const joined = first.joined + second.joined;
  const perConnectionKiB = (bytes: number) => round((bytes - emptyRss) / Math.max(joined, 1) / 1024, 2);
  const memoryStep = (key: keyof typeof memory) => round((memory[key] - emptyMemory[key]) / Math.max(joined, 1) / 1024, 2);
  const firstError = first.firstError ?? second.firstError;
  report("idle", {
    note: "shared 2-core machine: figures are noisy; the cost per connection is what carries over",
    transport: "uws",
    asked: CONNECTIONS,
    joined,
    joinFailures: first.failures + second.failures,
    ...(firstError ? { firstJoinError: firstError } : {}),
    spaces: SPACES,
    roomsListed: monitor.rooms,
    connectionsListed: monitor.connections,
    windowS: round(seconds, 1),
    steadyAfterJoinsS: STEADY_S,
    windowAfterMajorGcWaitS: gcWait.waitedS,
    windowAfterMajorGc: gcWait.collected,
    reauthIntervalMs: REAUTH_INTERVAL_MS,
    reauthRoundsInWindow: Math.floor((seconds * 1000) / REAUTH_INTERVAL_MS) * monitor.rooms,
    emptyServerRssMiB: round(emptyRss / 2 ** 20, 1),
    serverRssMiB: round(rss / 2 ** 20, 1),
    rssPerConnectionKiB: perConnectionKiB(rss),
    windowMeanRssPerConnectionKiB: perConnectionKiB(rssSeen.mean),
    windowMaxRssPerConnectionKiB: perConnectionKiB(rssSeen.max),
    heapPerConnectionKiB: memoryStep("heapUsed"),
    heapHeldPerConnectionKiB: memoryStep("heapTotal"),
    externalPerConnectionKiB: memoryStep("external"),
    marginalRssPerConnectionKiB: round((fullRss - halfRss) / Math.max(second.joined, 1) / 1024, 2),
    emptyServerCpuPctOfCore: round(emptyCpuPct, 1),
    serverCpuPctOfCore: round(cpuPct, 1),
    // The kernel's share is the sockets' system calls (pings, pongs, patches).
    serverKernelCpuPctOfCore: round(((split1.system - split0.system) / seconds) * 100, 1),
    cpuMicrosecondsPerConnectionSecond: round(((cpu1 - cpu0) * 1e6) / Math.max(joined, 1) / seconds, 2),
    eventLoopLagP99Ms: lag,
    registerSeconds: round(registerS, 1),
    joinsPerSecond: round(joined / joinS, 0),
    botFdLimit: fdLimit(),
    pinned,
    goal: {
      cpuUnderPct: 10,
      rssPerConnectionAtMostKiB: 10,
      // On the highest RSS of the window: one reading can fall just after a collection.
      met: joined === CONNECTIONS && cpuPct < 10 && perConnectionKiB(rssSeen.max) <= 10,
    },
  });
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
