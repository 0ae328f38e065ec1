/**
 * npm run bench:churn — scenario E (issue 13, item 3): sign-ins and joins at a steady rate.
 * Sessions are made before the clock starts, straight in the store (lib/seed-sessions.ts:
 * the password hash is bench:login's subject, not this one's). Then, open loop, `rate`
 * times a second for `seconds`, a new client takes its own session token, asks the
 * matchmaker for a seat (POST /matchmake/joinOrCreate/space with its bearer header, as the
 * SDK does), opens the socket, completes the handshake, stays a random short time and
 * leaves (LEAVE_ROOM). Prints: join p50/p99 (matchmake request → JOIN_ROOM), the achieved
 * rate, seat reservations that expired (the server's own counter in /metrics), rooms and
 * seats left once everyone has gone (monitor API and /metrics, as an operator reads them),
 * server CPU µs per join (the whole join-stay-leave cycle) and RSS.
 *
 *   npm run bench:churn                              full run: 200/s for 60 s
 *   npm run bench:churn -- --rate 50 --seconds 10    reduced
 *
 * The server (all threads) runs on core 0, this process and its bots on core 1 (taskset).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { TestServer } from "../tests/helpers/server.ts";
import { pin } from "./lib/bots.ts";
import { sleep } from "./lib/fleet.ts";
import { family, monitorRooms, scrapeMetrics } from "./lib/scrape.ts";
import { seedSessions } from "./lib/seed-sessions.ts";
import { startBenchServer } from "./lib/server.ts";
import { cpuSecondsOf, percentile, report, round } from "./lib/stats.ts";
import { ThinBot } from "./lib/thin-bot.ts";

const { values: args } = parseArgs({
  options: {
    rate: { type: "string", default: "200" },
    seconds: { type: "string", default: "60" },
    "stay-min-ms": { type: "string", default: "500" },
    "stay-max-ms": { type: "string", default: "3000" },
    transport: { type: "string", default: "uws" },
    /** A folder: the server writes a V8 CPU profile there when it stops (lib/cpu-profile.mjs). */
    "cpu-prof": { type: "string" },
  },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const STAY_MIN_MS = Number(args["stay-min-ms"]);
const STAY_MAX_MS = Number(args["stay-max-ms"]);
const TRANSPORT = args.transport === "ws" ? "ws" : "uws";
const SEAT_RESERVATION_SECONDS = 5;
/** Launch granularity of the open loop: joins due since the last tick start together. */
const TICK_MS = 5;
const JOIN_GOAL_P99_MS = 100;

interface Cycle {
  joinMs?: number;
  /** Part of joinMs spent on the matchmaking request (the rest: socket and handshake). */
  seatMs?: number;
  error?: string;
}

/** One client: matchmake, socket, handshake, stay, leave. Never rejects: failures are data. */
async function cycle(server: TestServer, token: string, number: number): Promise<Cycle> {
  const at = performance.now();
  let bot: ThinBot;
  try {
    bot = await ThinBot.join(server.baseUrl, token, number);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  const joinMs = performance.now() - at;
  await sleep(STAY_MIN_MS + Math.random() * (STAY_MAX_MS - STAY_MIN_MS));
  await bot.leave();
  return { joinMs, seatMs: bot.seatMs };
}

/** Starts `tokens.length` cycles at `RATE` per second, open loop; resolves when all have ended. */
async function churn(server: TestServer, tokens: string[]): Promise<{ cycles: Cycle[]; launchS: number; lateLaunchMsMax: number }> {
  const running: Promise<Cycle>[] = [];
  const start = performance.now();
  let lateLaunchMsMax = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(tokens.length, Math.floor(((performance.now() - start) / 1000) * RATE) + 1);
      if (due > running.length) lateLaunchMsMax = Math.max(lateLaunchMsMax, performance.now() - start - (running.length / RATE) * 1000);
      while (running.length < due) running.push(cycle(server, tokens[running.length] as string, running.length + 1));
      if (running.length === tokens.length) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  const launchS = (performance.now() - start) / 1000;
  return { cycles: await Promise.all(running), launchS, lateLaunchMsMax };
}

function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? round(Number(m[1]) / 1024, 1) : Number.NaN;
}

/** Pins every thread of a process (taskset -a), so the libuv pool counts against the core too. */
function pinAll(pid: number, core: number): boolean {
  return spawnSync("taskset", ["-a", "-cp", String(core), String(pid)], { encoding: "utf8" }).status === 0;
}

/** Seat reservations by outcome (granted, consumed, expired, late, refused), summed over room types. */
function reservations(samples: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of samples) {
    const m = /^neospace_seat_reservations_total\{.*outcome="(\w+)"/.exec(key);
    if (m) out[m[1] as string] = (out[m[1] as string] ?? 0) + value;
  }
  return out;
}

/** What an operator sees: the monitor's rooms and seats, and the rooms/clients gauges. */
async function operatorView(server: TestServer) {
  const monitor = await monitorRooms(server);
  const metrics = await scrapeMetrics(server);
  return {
    monitorRooms: monitor.rooms,
    monitorSeats: monitor.connections,
    roomsGauge: family(metrics, "neospace_rooms"),
    clientsGauge: family(metrics, "neospace_room_clients"),
    reservations: reservations(metrics),
    eventLoopLagP99Ms: round((metrics.get("neospace_nodejs_eventloop_lag_p99_seconds") ?? Number.NaN) * 1000),
  };
}

function errorKinds(cycles: Cycle[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const c of cycles) if (c.error) kinds[c.error.slice(0, 80)] = (kinds[c.error.slice(0, 80)] ?? 0) + 1;
  return kinds;
}

const total = Math.round(RATE * SECONDS);
const env = {
  LOG_LEVEL: "warn",
  MATCHMAKE_PER_IP_PER_MINUTE: "100000",
  SEAT_RESERVATION_SECONDS: String(SEAT_RESERVATION_SECONDS),
  ...(args["cpu-prof"]
    ? { NODE_OPTIONS: `--import ${path.join(import.meta.dirname, "lib/cpu-profile.mjs")}`, BENCH_CPU_PROF_DIR: path.resolve(args["cpu-prof"]) }
    : {}),
};
const server = await startBenchServer({ transport: TRANSPORT, env });
try {
  const seedAt = performance.now();
  const tokens = await seedSessions(server.dataDir, total);
  const seedS = (performance.now() - seedAt) / 1000;
  const pinned = pinAll(server.pid, 0) && pin(process.pid, 1);
  const before = await operatorView(server);
  const rssBefore = rssMiB(server.pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMiB(server.pid));
  }, 1000);
  const cpu0 = cpuSecondsOf(server.pid);
  const botCpu0 = process.cpuUsage();
  const run = await churn(server, tokens);
  const cpuS = cpuSecondsOf(server.pid) - cpu0;
  const botCpu = process.cpuUsage(botCpu0);
  clearInterval(sampler);
  const during = await operatorView(server);
  // Unconsumed reservations are counted when their ledger entry lapses (reservation + 1 s).
  await sleep((SEAT_RESERVATION_SECONDS + 2) * 1000);
  const after = await operatorView(server);
  const joins = run.cycles.flatMap((c) => (c.joinMs === undefined ? [] : [c.joinMs]));
  const seats = run.cycles.flatMap((c) => (c.seatMs === undefined ? [] : [c.seatMs]));
  const p99 = percentile(joins, 99);
  const expired = (after.reservations.expired ?? 0) - (before.reservations.expired ?? 0);
  const late = (after.reservations.late ?? 0) - (before.reservations.late ?? 0);
  const leakedRooms = after.monitorRooms - before.monitorRooms;
  const leakedSeats = after.monitorSeats - before.monitorSeats;
  report("churn", {
    note: "shared 2-core machine: latencies are noisy; CPU per join is what carries over",
    transport: TRANSPORT,
    pinned,
    askedRate: RATE,
    seconds: SECONDS,
    stayMs: [STAY_MIN_MS, STAY_MAX_MS],
    sessionsSeeded: total,
    seedSeconds: round(seedS, 1),
    joined: joins.length,
    joinFailures: run.cycles.length - joins.length,
    failureKinds: errorKinds(run.cycles),
    launchSeconds: round(run.launchS, 1),
    achievedJoinsPerSecond: round(joins.length / run.launchS, 1),
    launchLagMaxMs: round(run.lateLaunchMsMax, 1),
    joinP50Ms: round(percentile(joins, 50)),
    joinP99Ms: round(p99),
    joinMaxMs: round(Math.max(...joins)),
    matchmakeP50Ms: round(percentile(seats, 50)),
    matchmakeP99Ms: round(percentile(seats, 99)),
    seatReservationsExpired: expired,
    // Sockets that came after their seat had lapsed (Colyseus refused them, close 4002).
    lateSockets: late,
    reservations: after.reservations,
    serverCpuUsPerJoin: round((cpuS * 1e6) / Math.max(joins.length, 1), 0),
    serverCpuPctOfCore: round((cpuS / run.launchS) * 100, 1),
    botCpuPctOfCore: round(((botCpu.user + botCpu.system) / 1e6 / run.launchS) * 100, 1),
    serverRssMiB: { before: rssBefore, peak: rssPeak, afterAllLeft: rssMiB(server.pid) },
    eventLoopLagP99Ms: during.eventLoopLagP99Ms,
    before,
    afterAllLeft: after,
    leakedRooms,
    leakedSeats,
    goal: {
      joinP99UnderMs: JOIN_GOAL_P99_MS,
      met:
        joins.length === total &&
        p99 < JOIN_GOAL_P99_MS &&
        expired === 0 &&
        late === 0 &&
        leakedRooms === 0 &&
        leakedSeats === 0 &&
        after.roomsGauge === before.roomsGauge &&
        after.clientsGauge === before.clientsGauge,
    },
  });
} finally {
  await server.stop();
}
process.exit(0);
