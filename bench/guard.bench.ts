/**
 * npm run bench:guard — the cost of the guards, with fixed parameters:
 * (1) a flooder at 2,000 msg/s in a space of 50 walkers: time to cut it off, and the
 *     walkers' input→patch p99 during the flood as a ratio to a run without it;
 * (2) CPU of one re-auth round for 1,000 clients in 20 rooms (one batched query per room);
 * (3) login throughput with legacy scrypt N=2^17 and N=2^14 (p=5, equal strength); argon2id (the default) is in bench:login;
 * (4) matchmaking abuse: one account floods /matchmake (joinOrCreate over every map,
 *     `create`, wall owners in many spellings, a new spoofed address per request) for
 *     MM_FLOOD_SECONDS; rooms and seats it ends up holding, and `/healthz` p99 during the
 *     flood as a ratio of a calm run in the same process (goal ≤ 1.5×).
 *     `npm run bench:guard -- matchmaking` runs this figure alone.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import type { Client } from "@colyseus/core";
import { SessionService } from "../server/auth/sessions.ts";
import type { Actor, UserDoc } from "../server/auth/types.ts";
import { createLogger } from "../server/core/logger.ts";
import { reauthRound } from "../server/rooms/session-watch.ts";
import { Users } from "../server/store/collections.ts";
import { createMigrator } from "../server/store/migrations/index.ts";
import { openSqliteStore } from "../server/store/sqlite/store.ts";
import { Client as SdkClient } from "@colyseus/sdk";
import { PROTOCOL_VERSION } from "../schema/protocol.ts";
import { fakeIp, login, register, type TestAccount } from "../tests/helpers/accounts.ts";
import { startTestServer, TEST_OPERATOR_TOKEN, type TestServer } from "../tests/helpers/server.ts";
import { accounts, joinBot, pin } from "./lib/bots.ts";
import type { FloodJob, FloodResult } from "./matchmake-flooder.ts";
import { percentile, report, round } from "./lib/stats.ts";

const WALKERS = 50;
const FLOOD_RATE = 2_000;

async function floodScenario(withFlooder: boolean) {
  const server = await startTestServer({ transport: "uws", env: { LOG_LEVEL: "warn", SPACE_CAPACITY: "60" } });
  const pinned = pin(server.pid, 0) && pin(process.pid, 1);
  try {
    const tokens = await accounts(server, WALKERS + 1);
    const bots = await Promise.all(tokens.slice(0, WALKERS).map((t) => joinBot(server, t)));
    for (const b of bots) b.walk(100);
    await new Promise((r) => setTimeout(r, 2_000)); // warm up
    for (const b of bots) b.latencies.length = 0;
    let cutOffMs: number | null = null;
    if (withFlooder) {
      const flooder = await joinBot(server, tokens[WALKERS] as string);
      const started = performance.now();
      const closed = new Promise<number>((resolve) => flooder.room.onLeave((code: number) => resolve(code)));
      const timer = setInterval(() => {
        for (let i = 0; i < FLOOD_RATE / 100; i++) if (flooder.room.connection.isOpen) flooder.room.send("space:move", { x: i, y: i });
      }, 10);
      const code = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 10_000))]);
      cutOffMs = code === 4429 ? performance.now() - started : null;
      clearInterval(timer);
    }
    await new Promise((r) => setTimeout(r, 5_000));
    for (const b of bots) b.walk(0);
    const latencies = bots.flatMap((b) => b.latencies);
    await Promise.all(bots.map((b) => b.room.leave().catch(() => undefined)));
    return { p99: percentile(latencies, 99), p50: percentile(latencies, 50), samples: latencies.length, cutOffMs, pinned };
  } finally {
    await server.stop();
  }
}

async function reauthCost() {
  const dir = mkdtempSync(path.join(tmpdir(), "neospace-bench-"));
  const log = createLogger({ level: "silent" });
  const store = openSqliteStore({ file: path.join(dir, "b.db"), logger: log });
  try {
    await createMigrator(store, log).up();
    const sessions = new SessionService(store, { idleMs: 3_600_000, absoluteMs: 86_400_000, touchEveryMs: 60_000 }, Date.now);
    const rooms: Client[][] = Array.from({ length: 20 }, () => []);
    for (let i = 0; i < 1_000; i++) {
      const user: UserDoc = { _id: `u${i}`, username: `u${i}`, usernameKey: `u${i}`, displayName: `u${i}`, passwordHash: "x", role: "user", createdAt: 0, ban: null };
      await Users.in(store).insertOne(user);
      const { session } = await sessions.create(user, { ip: "127.0.0.1", userAgent: "bench" });
      const actor: Actor = { userId: user._id, username: user.username, displayName: user.displayName, role: "user", sessionId: session._id };
      const { sessionId, ...rest } = actor;
      rooms[i % 20]?.push({ sessionId: `c${i}`, auth: { ...rest, loginSessionId: sessionId } } as unknown as Client);
    }
    const rounds: number[] = [];
    for (let r = 0; r < 30; r++) {
      const start = process.cpuUsage();
      for (const clients of rooms) await reauthRound(clients, sessions);
      const used = process.cpuUsage(start);
      rounds.push((used.user + used.system) / 1000);
    }
    return { clients: 1_000, rooms: 20, cpuMsPerRoundP50: round(percentile(rounds, 50)), cpuMsPerRoundP99: round(percentile(rounds, 99)) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function loginThroughput(log2N: number, seconds: number) {
  const server = await startTestServer({ transport: "uws", env: { LOG_LEVEL: "warn", PASSWORD_HASH: "scrypt", SCRYPT_LOG2_N: String(log2N) } });
  try {
    const users = await Promise.all(Array.from({ length: 4 }, () => register(server)));
    const latencies: number[] = [];
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const user = users[i % users.length]!;
        while (performance.now() < deadline) {
          const t = performance.now();
          const res = await login(server, user.username, user.password, fakeIp());
          await res.arrayBuffer();
          if (res.status === 200) latencies.push(performance.now() - t);
        }
      }),
    );
    return { log2N, loginsPerSecond: round(latencies.length / seconds), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) };
  } finally {
    await server.stop();
  }
}

const MM_FLOOD_SECONDS = 3;
const MM_CONCURRENCY = 16;

/** `/healthz` round trips, one after another, for `ms`. */
async function healthzLatencies(server: TestServer, ms: number): Promise<number[]> {
  const out: number[] = [];
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    const t = performance.now();
    await (await fetch(`${server.baseUrl}/healthz`)).arrayBuffer();
    out.push(performance.now() - t);
  }
  return out;
}

/** Runs the flood in a child process pinned to the bench's core; resolves with what it saw. */
function matchmakeFlood(server: TestServer, who: TestAccount, owner: string, ms: number): Promise<FloodResult> {
  const child = fork(new URL("./matchmake-flooder.ts", import.meta.url).pathname, [], { execArgv: ["--import", "tsx"] });
  pin(child.pid as number, 1);
  const job: FloodJob = { baseUrl: server.baseUrl, token: who.token, owner, ms, concurrency: MM_CONCURRENCY };
  child.send(job);
  return new Promise((resolve, reject) => {
    child.once("message", (m) => resolve(m as FloodResult));
    child.once("error", reject);
  });
}

/** Sockets one account can hold at once: join with real sockets until refused (bounded). */
async function socketsHeld(server: TestServer, who: TestAccount, tries: number): Promise<number> {
  const maps = ["plaza", "garden", "room"];
  const held = [];
  for (let i = 0; i < tries; i++) {
    const client = new SdkClient(server.baseUrl, { headers: { authorization: `Bearer ${who.token}`, "x-forwarded-for": fakeIp() } });
    try {
      held.push(await client.joinOrCreate("space", { protocol: PROTOCOL_VERSION, map: maps[i % maps.length] }));
    } catch {
      // refused: the cap (or the budget) holds
    }
  }
  const n = held.length;
  await Promise.all(held.map((r) => r.leave().catch(() => undefined)));
  return n;
}

async function roomsOpen(server: TestServer): Promise<number> {
  const res = await fetch(`${server.baseUrl}/colyseus/api`, { headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } });
  return ((await res.json()) as { rooms: unknown[] }).rooms.length;
}

/** Server-side view of the flood from /metrics: mean ms per matchmaking request, worst event-loop stall. */
async function serverSide(server: TestServer) {
  const text = await (await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } })).text();
  const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? Number.NaN);
  const sum = value(/neospace_http_request_duration_seconds_sum\{method="POST",route="\/matchmake"\} (\S+)/);
  const count = value(/neospace_http_request_duration_seconds_count\{method="POST",route="\/matchmake"\} (\S+)/);
  return {
    matchmakeMeanMs: round((sum / count) * 1000),
    eventLoopLagMaxMs: round(value(/^neospace_nodejs_eventloop_lag_max_seconds (\S+)$/m) * 1000),
  };
}

async function matchmakingAbuse() {
  const server = await startTestServer({ transport: "uws", env: { LOG_LEVEL: "warn" } });
  const pinned = pin(server.pid, 0) && pin(process.pid, 1);
  try {
    const attacker = await register(server);
    const resident = await register(server);
    const owner = resident.username;
    // A lived-in server: someone is in the plaza and on a wall before the flood, so the
    // first room creation's one-off warm-up (≈250 ms of JIT here) is not counted as abuse.
    const residentClient = new SdkClient(server.baseUrl, { headers: { authorization: `Bearer ${resident.token}` } });
    const lived = [
      await residentClient.joinOrCreate("space", { protocol: PROTOCOL_VERSION, map: "plaza" }),
      await residentClient.joinOrCreate("wall", { protocol: PROTOCOL_VERSION, owner }),
    ];
    await healthzLatencies(server, 1_000); // warm up
    const calm = await healthzLatencies(server, MM_FLOOD_SECONDS * 1000);
    const flooding = matchmakeFlood(server, attacker, owner, MM_FLOOD_SECONDS * 1000);
    const during = await healthzLatencies(server, MM_FLOOD_SECONDS * 1000);
    const flood = await flooding;
    const roomsAfterFlood = await roomsOpen(server);
    const serverView = await serverSide(server);
    // A second account (the first is out of budget): how many live sockets one account can hold.
    const holder = await register(server);
    const seats = await socketsHeld(server, holder, 20);
    await Promise.all(lived.map((r) => r.leave().catch(() => undefined)));
    return {
      floodSeconds: MM_FLOOD_SECONDS,
      concurrency: MM_CONCURRENCY,
      requests: flood.requests,
      statuses: flood.statuses,
      seatsReserved: flood.statuses["200"] ?? 0,
      roomsOpenAfterFlood: roomsAfterFlood,
      roomsOpenBeforeFlood: lived.length,
      socketsHeldByOneAccount: seats,
      healthzP99CalmMs: round(percentile(calm, 99)),
      healthzP99FloodMs: round(percentile(during, 99)),
      healthzP99Ratio: round(percentile(during, 99) / percentile(calm, 99)),
      goalRatioUnder: 1.5,
      samples: [calm.length, during.length],
      server: serverView,
      loadAverage: loadavg().map((x) => round(x)),
      pinned,
      before: { rooms: "1,200 space rooms in 2.6 s", sockets: 60, healthzRatio: 10 },
    };
  } finally {
    await server.stop();
  }
}

// `npm run bench:guard -- matchmaking` runs only the matchmaking figure.
const only = process.argv[2];
const matchmaking = await matchmakingAbuse();
if (only === "matchmaking") {
  report("guard-matchmaking", { matchmaking });
  process.exit(0);
}
const calm = await floodScenario(false);
const flooded = await floodScenario(true);
const reauth = await reauthCost();
const real = await loginThroughput(17, 12);
const cheap = await loginThroughput(14, 6);
report("guard", {
  flood: {
    walkers: WALKERS,
    floodRate: FLOOD_RATE,
    cutOffMs: flooded.cutOffMs === null ? null : round(flooded.cutOffMs),
    p99CalmMs: round(calm.p99),
    p99FloodedMs: round(flooded.p99),
    p99Ratio: round(flooded.p99 / calm.p99),
    goalRatioUnder: 1.5,
    samples: [calm.samples, flooded.samples],
    pinned: calm.pinned,
  },
  reauth: { ...reauth, goalMsUnder: 50 },
  matchmaking,
  login: { real, cheap, costRatio: round(cheap.loginsPerSecond / Math.max(real.loginsPerSecond, 0.01)) },
});
process.exit(0);
