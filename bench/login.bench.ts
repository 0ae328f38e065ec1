/**
 * npm run bench:login — sign-ins at their real cost, with fixed parameters:
 * (1) /healthz latency alone (calm), then during a flood of sign-ins from many addresses
 *     (more concurrent clients than the hash queue holds, so some get 503 BUSY);
 * (2) sign-ins per second and their p50/p99 at argon2id m=19 MiB, t=2 (the default);
 * (3) the same flood at the legacy scrypt N=2^17 (128 MiB per hash), for the ratio;
 * (4) server CPU per sign-in (all threads, from /proc), which a loaded machine distorts least.
 * The server (every thread, libuv pool included) is pinned to core 0 and this process
 * to core 1, so "per second" is per core of server. HASH_CONCURRENCY=1, as the default
 * (cores - 1) gives on a 2-core machine.
 */
import { spawnSync } from "node:child_process";
import { fakeIp, login, register } from "../tests/helpers/accounts.ts";
import { startTestServer, type TestServer } from "../tests/helpers/server.ts";
import { cpuSecondsOf, percentile, report, round } from "./lib/stats.ts";

const FLOOD_CLIENTS = 48;
const FLOOD_SECONDS = 15;
const CALM_SECONDS = 5;
const HEALTH_EVERY_MS = 20;

/** Pins all of a process's threads (taskset -a), so the hash threads count against the core too. */
function pinAll(pid: number, core: number): boolean {
  return spawnSync("taskset", ["-a", "-cp", String(core), String(pid)], { encoding: "utf8" }).status === 0;
}

/** Probes /healthz one request at a time every HEALTH_EVERY_MS until `stop` resolves. */
async function probeHealth(server: TestServer, stop: Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let done = false;
  void stop.then(() => {
    done = true;
  });
  while (!done) {
    const t = performance.now();
    const res = await fetch(`${server.baseUrl}/healthz`);
    await res.arrayBuffer();
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, HEALTH_EVERY_MS));
  }
  return latencies;
}

async function flood(server: TestServer, users: { username: string; password: string }[], seconds: number) {
  const ok: number[] = [];
  const statuses: Record<string, number> = {};
  let retryAfterMissing = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: FLOOD_CLIENTS }, async (_, i) => {
      const user = users[i % users.length] as { username: string; password: string };
      while (performance.now() < deadline) {
        const t = performance.now();
        const res = await login(server, user.username, user.password, fakeIp());
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === 200) ok.push(performance.now() - t);
        else if (res.status === 503) {
          if (!res.headers.get("retry-after")) retryAfterMissing++;
          // A polite client waits a little; a hostile one would not, and gets 503 again at once.
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }),
  );
  return { ok, statuses, retryAfterMissing };
}

async function scenario(name: string, env: Record<string, string>, seconds: number) {
  const server = await startTestServer({ transport: "uws", env: { LOG_LEVEL: "warn", HASH_CONCURRENCY: "1", HASH_QUEUE_MAX: "16", ...env } });
  const pinned = pinAll(server.pid, 0) && pinAll(process.pid, 1);
  try {
    const users = [];
    for (let i = 0; i < 8; i++) users.push(await register(server));
    const calm = await probeHealth(server, new Promise((r) => setTimeout(r, CALM_SECONDS * 1000)));
    let stopProbe = () => {};
    const probe = probeHealth(server, new Promise<void>((r) => { stopProbe = r; }));
    const cpuBefore = cpuSecondsOf(server.pid);
    const result = await flood(server, users, seconds);
    const cpuMs = (cpuSecondsOf(server.pid) - cpuBefore) * 1000;
    stopProbe();
    const flooded = await probe;
    const healthCalmP99 = percentile(calm, 99);
    const healthFloodP99 = percentile(flooded, 99);
    return {
      name,
      pinned,
      loginsPerSecond: round(result.ok.length / seconds),
      // Server CPU (all threads) per successful sign-in, 503s included in the cost:
      // the figure that carries over to another machine better than wall time.
      serverCpuMsPerLogin: round(cpuMs / Math.max(result.ok.length, 1)),
      loginsPerCoreSecond: round((result.ok.length * 1000) / Math.max(cpuMs, 1)),
      loginP50Ms: round(percentile(result.ok, 50)),
      loginP99Ms: round(percentile(result.ok, 99)),
      statuses: result.statuses,
      busyWithoutRetryAfter: result.retryAfterMissing,
      healthzCalmP99Ms: round(healthCalmP99),
      healthzFloodP99Ms: round(healthFloodP99),
      healthzP99Ratio: round(healthFloodP99 / healthCalmP99),
      healthzSamples: [calm.length, flooded.length],
    };
  } finally {
    await server.stop();
  }
}

const argon2id = await scenario("argon2id m=19456 t=2 p=1", { PASSWORD_HASH: "argon2id", ARGON2_MEMORY_KIB: "19456", ARGON2_TIME: "2" }, FLOOD_SECONDS);
const scrypt = await scenario("scrypt N=2^17 r=8 p=1 (legacy)", { PASSWORD_HASH: "scrypt", SCRYPT_LOG2_N: "17" }, FLOOD_SECONDS);
report("login", {
  floodClients: FLOOD_CLIENTS,
  floodSeconds: FLOOD_SECONDS,
  hashConcurrency: 1,
  hashQueueMax: 16,
  argon2id: { ...argon2id, goalLoginsPerSecondAtLeast: 20, goalHealthzRatioUnder: 1.5 },
  scrypt,
  speedup: round(argon2id.loginsPerSecond / Math.max(scrypt.loginsPerSecond, 0.01)),
});
process.exit(0);
