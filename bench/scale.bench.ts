/**
 * npm run bench:scale — what a second process adds (issue 13 item 6): the capacity of two
 * NeoSpace processes (Redis presence and driver, one store) over one, at equal p99.
 *
 * For each shape (1 process, then 2) the bench raises the number of walking bots step by
 * step (SCALE_STEPS) in spaces of SCALE_SPACE_SIZE and measures input→patch p99 at each
 * step; a shape's capacity is the largest step whose p99 stays under SCALE_P99_MS. The
 * ratio is capacity(2) / capacity(1): both at the same p99 bound, in one run.
 *
 * Cores: the server processes are pinned to SCALE_SERVER_CORES (default "0": both
 * processes share core 0, so the ratio shows the cost of going through Redis, not extra
 * hardware), the bots to SCALE_BOT_CORE (default 1). On a machine with 3+ cores run
 * `SCALE_SERVER_CORES=0,1 SCALE_BOT_CORE=2` to see what a second core's process adds.
 * `botCpuPctOfCore` near 100 means the bots, not the servers, set the limit at that step.
 *
 * `capacityRatioFromCpu` is what a 2-core machine can say about a second core: at the
 * highest step both shapes held, one process's CPU over the busier process's CPU in the
 * pair. With a core per process and CPU growing with walkers (spaces are of fixed size, so
 * work grows with the number of spaces), the pair meets the single process's load at that
 * many times the walkers. An estimate, printed beside the measured ratio, never for it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startRedis } from "../tests/helpers/redis.ts";
import { TEST_OPERATOR_TOKEN, type TestServer } from "../tests/helpers/server.ts";
import { accounts, pin } from "./lib/bots.ts";
import { Fleet, summarize } from "./lib/fleet.ts";
import { startBenchServer } from "./lib/server.ts";
import { cpuSecondsOf, report, round } from "./lib/stats.ts";

const env = process.env;
const STEPS = (env.SCALE_STEPS ?? "250,500,1000,1500,2000").split(",").map(Number);
const P99_MS = Number(env.SCALE_P99_MS ?? 100);
const SPACE_SIZE = Number(env.SCALE_SPACE_SIZE ?? 50);
const MEASURE_S = Number(env.SCALE_MEASURE_S ?? 15);
const WARMUP_S = Number(env.SCALE_WARMUP_S ?? 3);
const WORKERS = Number(env.SCALE_BOT_WORKERS ?? 1);
const SERVER_CORES = (env.SCALE_SERVER_CORES ?? "0").split(",").map(Number);
const BOT_CORE = Number(env.SCALE_BOT_CORE ?? 1);

const dataDir = mkdtempSync(path.join(tmpdir(), "neospace-bench-scale-"));
const tokens: string[] = [];

interface Step {
  bots: number;
  joined: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuPctOfCore: number;
  /** Each process's share, in the order started (matchmaking goes through the first). */
  perProcessCpuPctOfCore: number[];
  botCpuPctOfCore: number;
  perProcessRooms: number[];
  withinP99: boolean;
}

async function shape(processes: 1 | 2): Promise<{ processes: number; capacity: number; pinned: boolean; steps: Step[] }> {
  const redis = processes === 2 ? await startRedis() : null;
  const servers: TestServer[] = [];
  try {
    const base = {
      LOG_LEVEL: "warn",
      SPACE_CAPACITY: String(SPACE_SIZE),
      MATCHMAKE_PER_IP_PER_MINUTE: "100000",
      ...(redis ? { REDIS_URL: redis.url } : {}),
    };
    for (let i = 0; i < processes; i++) {
      servers.push(await startBenchServer({ env: base, dataDir, keepData: true, publicAddress: processes === 2 }));
    }
    const first = servers[0] as TestServer;
    await accounts(first, Math.max(...STEPS), 16, tokens);
    // Pinned after registering, so the password hashes may use every core.
    const pinned = servers.map((s, i) => pin(s.pid, SERVER_CORES[i % SERVER_CORES.length] as number)).every(Boolean) && pin(process.pid, BOT_CORE);
    const steps: Step[] = [];
    for (const bots of STEPS) {
      const step = await measure(servers, bots);
      steps.push(step);
      console.error(JSON.stringify({ processes, ...step }));
      if (!step.withinP99) break;
    }
    const capacity = Math.max(0, ...steps.filter((s) => s.withinP99).map((s) => s.bots));
    return { processes, capacity, pinned, steps };
  } finally {
    for (const s of servers) await s.stop();
    await redis?.stop();
  }
}

/** One window at `bots` walking bots; matchmaking through the first process places rooms on either. */
async function measure(servers: TestServer[], bots: number): Promise<Step> {
  const first = servers[0] as TestServer;
  const fleet = await Fleet.start({ baseUrl: first.baseUrl, tokens: tokens.slice(0, bots), workers: WORKERS, probesPerWorker: 2, core: BOT_CORE });
  const cpu0 = servers.map((s) => cpuSecondsOf(s.pid));
  const window = await fleet.measure(first.pid, WARMUP_S, MEASURE_S);
  const cpu1 = servers.map((s) => cpuSecondsOf(s.pid));
  const rooms = await Promise.all(servers.map(roomsOf));
  await fleet.leave();
  const summary = summarize(window, fleet.joined);
  // Includes warm-up, so a little above the window's own figure; the same for both shapes.
  const seconds = window.seconds + WARMUP_S;
  const perProcessCpuPctOfCore = cpu1.map((c, i) => round(((c - (cpu0[i] as number)) / seconds) * 100, 1));
  return {
    bots,
    joined: fleet.joined,
    p50Ms: summary.p50Ms,
    p99Ms: summary.p99Ms,
    serverCpuPctOfCore: round(perProcessCpuPctOfCore.reduce((a, b) => a + b, 0), 1),
    perProcessCpuPctOfCore,
    botCpuPctOfCore: summary.botCpuPctOfCore,
    perProcessRooms: rooms,
    withinP99: fleet.joined === bots && summary.p99Ms <= P99_MS,
  };
}

/** Rooms this process holds now, from its metrics (what the matchmaker placed there). */
async function roomsOf(server: TestServer): Promise<number> {
  const res = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } });
  const text = await res.text();
  let total = 0;
  for (const m of text.matchAll(/^neospace_rooms(?:\{[^}]*\})? (\S+)$/gm)) total += Number(m[1]);
  return total;
}

type Shape = Awaited<ReturnType<typeof shape>>;

/** The estimate described above: null when the shapes share no step both held. */
function ratioFromCpu(one: Shape, two: Shape): { bots: number; ratio: number } | null {
  const held = (s: Shape) => new Map(s.steps.filter((x) => x.withinP99).map((x) => [x.bots, x]));
  const [a, b] = [held(one), held(two)];
  const common = [...a.keys()].filter((n) => b.has(n));
  if (common.length === 0) return null;
  const bots = Math.max(...common);
  const busiest = Math.max(...(b.get(bots) as Step).perProcessCpuPctOfCore);
  return busiest > 0 ? { bots, ratio: round((a.get(bots) as Step).serverCpuPctOfCore / busiest) } : null;
}

const one = await shape(1);
const two = await shape(2);
rmSync(dataDir, { recursive: true, force: true });
report("scale", {
  note: "capacity = most walking bots with input→patch p99 under the bound; compare the ratio, not absolute counts",
  p99BoundMs: P99_MS,
  spaceSize: SPACE_SIZE,
  serverCores: SERVER_CORES,
  botCore: BOT_CORE,
  oneProcess: one,
  twoProcesses: two,
  capacityRatioTwoOverOne: one.capacity > 0 ? round(two.capacity / one.capacity) : null,
  capacityRatioFromCpu: ratioFromCpu(one, two),
  capacityRatioFromCpuNote: "estimate for a core per process: one process's CPU over the busier of the pair's at the highest step both held",
  botsLimited: [...one.steps, ...two.steps].some((s) => s.botCpuPctOfCore > 85),
});
process.exit(0);
