/**
 * npm run bench:guard — the cost of the guards, with fixed parameters:
 * (1) a flooder at 2,000 msg/s in a space of 50 walkers: time to cut it off, and the
 *     walkers' input→patch p99 during the flood as a ratio to a run without it;
 * (2) CPU of one re-auth round for 1,000 clients in 20 rooms (one batched query per room);
 * (3) login throughput with legacy scrypt N=2^17 and N=2^14 (p=5, equal strength); argon2id (the default) is in bench:login.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Client } from "@colyseus/core";
import { SessionService } from "../server/auth/sessions.ts";
import type { Actor, UserDoc } from "../server/auth/types.ts";
import { createLogger } from "../server/core/logger.ts";
import { reauthRound } from "../server/rooms/session-watch.ts";
import { Users } from "../server/store/collections.ts";
import { createMigrator } from "../server/store/migrations/index.ts";
import { openSqliteStore } from "../server/store/sqlite/store.ts";
import { fakeIp, login, register } from "../tests/helpers/accounts.ts";
import { startTestServer } from "../tests/helpers/server.ts";
import { accounts, joinBot, pin } from "./lib/bots.ts";
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
  login: { real, cheap, costRatio: round(cheap.loginsPerSecond / Math.max(real.loginsPerSecond, 0.01)) },
});
process.exit(0);
