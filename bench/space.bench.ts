/**
 * npm run bench:space — bots with real accounts walk at 10 Hz.
 * Scenario A: 500 bots in 10 spaces of 50, over uWS and then over ws (as a ratio):
 * input→patch latency p50/p99 (the server echoes each input's stamp in the state),
 * server CPU % of one core, event-loop lag p99, bytes per client per second.
 * Then 2,000 bots in 40 spaces over uWS, to see where it bends.
 * The server runs on core 0, the bots on core 1 (taskset), when taskset exists.
 */
import { fork } from "node:child_process";
import { TEST_OPERATOR_TOKEN, startTestServer, type TestServer } from "../tests/helpers/server.ts";
import { accounts, pin } from "./lib/bots.ts";
import { cpuSecondsOf, percentile, report, round } from "./lib/stats.ts";
import type { WorkerResult } from "./space-worker.ts";

const MEASURE_S = 20;

async function eventLoopLagP99(server: TestServer): Promise<number | null> {
  const res = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } });
  const m = /^neospace_nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(await res.text());
  return m ? round(Number(m[1]) * 1000) : null;
}

/** Bots run in worker processes (one Node process saturates around 100k msgs/s). */
function runWorkers(server: TestServer, tokens: string[], workers: number, spaces: number): Promise<WorkerResult[]> {
  const per = Math.ceil(tokens.length / workers);
  return Promise.all(
    Array.from({ length: workers }, (_, i) => {
      const child = fork(new URL("./space-worker.ts", import.meta.url).pathname, [], { execArgv: ["--import", "tsx"] });
      pin(child.pid as number, 1);
      child.send({ baseUrl: server.baseUrl, tokens: tokens.slice(i * per, (i + 1) * per), spaces, offset: i * per, measureS: MEASURE_S });
      return new Promise<WorkerResult>((resolve, reject) => {
        child.once("message", (m) => resolve(m as WorkerResult));
        child.once("error", reject);
      });
    }),
  );
}

async function scenario(transport: "uws" | "ws", bots: number, spaces: number, workers: number) {
  const server = await startTestServer({ transport, env: { LOG_LEVEL: "warn", SPACE_CAPACITY: "50" } });
  const pinned = pin(server.pid, 0) && pin(process.pid, 1);
  try {
    const tokens = await accounts(server, bots, 16);
    const cpuBefore = { at: performance.now(), s: 0 };
    const started = runWorkers(server, tokens, workers, spaces);
    // Workers join, warm up 3 s, then measure for MEASURE_S; sample CPU over the same window.
    await new Promise((r) => setTimeout(r, 100));
    let measuredCpu = 0;
    const cpuTimer = (async () => {
      await new Promise((r) => setTimeout(r, 8_000 + bots * 4));
      cpuBefore.at = performance.now();
      cpuBefore.s = cpuSecondsOf(server.pid);
      await new Promise((r) => setTimeout(r, (MEASURE_S - 4) * 1000));
      measuredCpu = (cpuSecondsOf(server.pid) - cpuBefore.s) / ((performance.now() - cpuBefore.at) / 1000);
    })();
    const results = await started;
    await cpuTimer;
    const latencies = results.flatMap((r) => r.latencies);
    const joined = results.reduce((n, r) => n + r.joined, 0);
    return {
      transport,
      bots,
      spaces,
      joined,
      joinFailures: results.reduce((n, r) => n + r.failures, 0),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      serverCpuPctOfCore: round(measuredCpu * 100, 1),
      eventLoopLagP99Ms: await eventLoopLagP99(server),
      bytesPerClientPerSecond: round(results.reduce((n, r) => n + r.bytes, 0) / Math.max(joined, 1) / MEASURE_S, 0),
      samples: latencies.length,
      pinned,
    };
  } finally {
    await server.stop();
  }
}

const a = await scenario("uws", 500, 10, 2);
const aWs = await scenario("ws", 500, 10, 2);
const big = await scenario("uws", 2_000, 40, 4);
report("space", {
  scenarioA: a,
  scenarioAws: aWs,
  uwsOverWs: { p99: round(a.p99Ms / aWs.p99Ms), cpu: round(a.serverCpuPctOfCore / aWs.serverCpuPctOfCore) },
  goalA: { p99UnderMs: 100, cpuUnderPct: 50, met: a.p99Ms < 100 && a.serverCpuPctOfCore < 50 },
  push2000: big,
});
process.exit(0);
