/**
 * npm run bench:space — bots with real accounts walk at 10 Hz.
 * Scenario A: 500 bots in 10 spaces of 50, over uWS and then over ws (as a ratio):
 * input→patch latency p50/p99 (the server echoes each input's stamp in the state),
 * server CPU % of one core next to the bots' CPU % (if the bots near 100 % of their core,
 * the figure measures the bots, not the server), event-loop lag p99, bytes per client per second.
 * Then 2,000 bots in 40 spaces over uWS, to see where it bends.
 * Bots are thin (lib/thin-bot.ts: wire protocol, no schema decoding); a few SDK probes per
 * worker decode the state and measure latency the SDK's way beside them.
 * The server runs on core 0, the bots on core 1 (taskset), when taskset exists.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { TEST_OPERATOR_TOKEN, type TestServer } from "../tests/helpers/server.ts";
import { startBenchServer } from "./lib/server.ts";
import { accounts, pin } from "./lib/bots.ts";
import { Fleet, summarize } from "./lib/fleet.ts";
import { report, round } from "./lib/stats.ts";

const MEASURE_S = 20;
const WARMUP_S = 3;
const PROBES_PER_WORKER = 5;

async function eventLoopLagP99(server: TestServer): Promise<number | null> {
  const res = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } });
  const m = /^neospace_nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(await res.text());
  return m ? round(Number(m[1]) * 1000) : null;
}

// One data folder for every scenario: accounts are registered once (through the HTTP API,
// before any clock starts) and their sessions reused by the next server.
const dataDir = mkdtempSync(path.join(tmpdir(), "neospace-bench-"));
const tokens: string[] = [];

async function scenario(transport: "uws" | "ws", bots: number, spaces: number, workers: number) {
  // Every bot joins from this one address: lift the per-IP matchmaking budget (each bot is its own account).
  const env = { LOG_LEVEL: "warn", SPACE_CAPACITY: String(Math.ceil(bots / spaces)), MATCHMAKE_PER_IP_PER_MINUTE: "100000" };
  const server = await startBenchServer({ transport, env, dataDir, keepData: true });
  try {
    await accounts(server, bots, 16, tokens);
    // Pinned after registering, so the password hashes may use both cores.
    const pinned = pin(server.pid, 0) && pin(process.pid, 1);
    const fleet = await Fleet.start({ baseUrl: server.baseUrl, tokens: tokens.slice(0, bots), workers, probesPerWorker: PROBES_PER_WORKER });
    const window = await fleet.measure(server.pid, WARMUP_S, MEASURE_S);
    const lag = await eventLoopLagP99(server);
    await fleet.leave();
    return {
      transport,
      bots,
      spaces,
      joined: fleet.joined,
      joinFailures: fleet.failures,
      ...(fleet.firstError ? { firstJoinError: fleet.firstError } : {}),
      ...summarize(window, fleet.joined),
      eventLoopLagP99Ms: lag,
      botWorkers: workers,
      pinned,
    };
  } finally {
    await server.stop();
  }
}

const a = await scenario("uws", 500, 10, 1);
const aWs = await scenario("ws", 500, 10, 1);
const big = await scenario("uws", 2_000, 40, 1);
rmSync(dataDir, { recursive: true, force: true });
report("space", {
  note: "shared 2-core machine: figures are noisy; compare ratios within one run",
  scenarioA: a,
  scenarioAws: aWs,
  uwsOverWs: { p99: round(a.p99Ms / aWs.p99Ms), cpu: round(a.serverCpuPctOfCore / aWs.serverCpuPctOfCore) },
  goalA: { p99UnderMs: 100, cpuUnderPct: 50, met: a.p99Ms < 100 && a.serverCpuPctOfCore < 50 },
  push2000: big,
  push2000BotsSaturated: big.botCpuPctOfCore > 85,
});
process.exit(0);
