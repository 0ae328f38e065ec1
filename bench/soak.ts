/**
 * npm run soak — scenario A load for a long time (not in CI): 500 bots in 10 spaces of 50
 * walking at 10 Hz over uWS, as bench:space. Samples the server's RSS and heap from
 * /metrics every SAMPLE_S and prints their drift after the warm-up (mean of the first
 * three samples after warm-up against the last three; goal < 5 %). Then every bot leaves
 * and it checks that rooms (monitor API and the rooms gauge), timers (active Timeout
 * resources) and handles are back to what the empty server had before the load.
 *
 * Duration: `npm run soak -- --minutes=2` or SOAK_MINUTES=2 (default 30).
 */
import type { TestServer } from "../tests/helpers/server.ts";
import { startBenchServer } from "./lib/server.ts";
import { accounts, pin } from "./lib/bots.ts";
import { Fleet, sleep, summarize } from "./lib/fleet.ts";
import { family, monitorRooms, scrapeMetrics } from "./lib/scrape.ts";
import { report, round } from "./lib/stats.ts";

const minutesArg = process.argv.find((a) => a.startsWith("--minutes="))?.split("=")[1];
const MINUTES = Number(minutesArg ?? process.env.SOAK_MINUTES ?? 30);
const TOTAL_S = MINUTES * 60;
/** A fifth of the run, at least 30 s and at most 5 minutes. */
const WARMUP_S = Math.min(300, Math.max(30, TOTAL_S / 5));
const SAMPLE_S = Math.max(5, Math.min(30, TOTAL_S / 40));
const BOTS = 500;
const SPACES = 10;
const MB = 1024 * 1024;

interface Sample {
  atS: number;
  rssMb: number;
  heapUsedMb: number;
  rooms: number;
  clients: number;
}

interface Leftovers {
  monitorRooms: number;
  monitorConnections: number;
  roomsGauge: number;
  clientsGauge: number;
  timers: number;
  handles: number;
  heapUsedMb: number;
  rssMb: number;
}

async function sample(server: TestServer, startedAt: number): Promise<Sample> {
  const m = await scrapeMetrics(server);
  return {
    atS: round((performance.now() - startedAt) / 1000, 0),
    rssMb: round(family(m, "neospace_process_resident_memory_bytes") / MB, 1),
    heapUsedMb: round(family(m, "neospace_nodejs_heap_size_used_bytes") / MB, 1),
    rooms: family(m, "neospace_rooms"),
    clients: family(m, "neospace_room_clients"),
  };
}

async function leftovers(server: TestServer): Promise<Leftovers> {
  const [m, mon] = await Promise.all([scrapeMetrics(server), monitorRooms(server)]);
  return {
    monitorRooms: mon.rooms,
    monitorConnections: mon.connections,
    roomsGauge: family(m, "neospace_rooms"),
    clientsGauge: family(m, "neospace_room_clients"),
    timers: m.get('neospace_nodejs_active_resources{type="Timeout"}') ?? 0,
    handles: family(m, "neospace_nodejs_active_handles_total"),
    heapUsedMb: round(family(m, "neospace_nodejs_heap_size_used_bytes") / MB, 1),
    rssMb: round(family(m, "neospace_process_resident_memory_bytes") / MB, 1),
  };
}

/** Percent change of the mean of the last three samples over the first three. */
function drift(samples: Sample[], field: "rssMb" | "heapUsedMb"): number | null {
  if (samples.length < 6) return null;
  const mean = (xs: Sample[]) => xs.reduce((n, s) => n + s[field], 0) / xs.length;
  const first = mean(samples.slice(0, 3));
  return round(((mean(samples.slice(-3)) - first) / first) * 100, 1);
}

/** Percent change of the lowest heap sample (the floor after a GC) of the last third over the first third. */
function floorDrift(samples: Sample[]): number | null {
  if (samples.length < 6) return null;
  const third = Math.floor(samples.length / 3);
  const floor = (xs: Sample[]) => Math.min(...xs.map((s) => s.heapUsedMb));
  const first = floor(samples.slice(0, third));
  return round(((floor(samples.slice(-third)) - first) / first) * 100, 1);
}

/** Rooms dispose a moment after their last client leaves; wait for the monitor to list none. */
async function untilNoRooms(server: TestServer, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end && (await monitorRooms(server)).rooms > 0) await sleep(500);
}

const server = await startBenchServer({ transport: "uws", env: { LOG_LEVEL: "warn", SPACE_CAPACITY: String(BOTS / SPACES) } });
try {
  const tokens = await accounts(server, BOTS, 16);
  const pinned = pin(server.pid, 0) && pin(process.pid, 1);
  const before = await leftovers(server);
  const fleet = await Fleet.start({ baseUrl: server.baseUrl, tokens, workers: 1, probesPerWorker: 5 });
  const startedAt = performance.now();
  const samples: Sample[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      samples.push(await sample(server, startedAt));
      await sleep(SAMPLE_S * 1000);
    }
  })();
  const window = await fleet.measure(server.pid, WARMUP_S, TOTAL_S - WARMUP_S);
  sampling = false;
  await sampler;
  const afterWarmup = samples.filter((s) => s.atS >= WARMUP_S);
  await fleet.leave();
  await untilNoRooms(server, 30_000);
  await sleep(2_000); // let the last disposals' timers clear
  const after = await leftovers(server);
  report("soak", {
    note: "shared 2-core machine: figures are noisy",
    minutes: MINUTES,
    warmupS: WARMUP_S,
    sampleS: SAMPLE_S,
    bots: BOTS,
    spaces: SPACES,
    joined: fleet.joined,
    joinFailures: fleet.failures,
    load: summarize(window, fleet.joined),
    rssDriftPct: drift(afterWarmup, "rssMb"),
    heapDriftPct: drift(afterWarmup, "heapUsedMb"),
    // The heap saws with every GC; its floor is what a leak would raise.
    heapFloorDriftPct: floorDrift(afterWarmup),
    driftGoalPct: 5,
    rssMb: { min: Math.min(...afterWarmup.map((s) => s.rssMb)), max: Math.max(...afterWarmup.map((s) => s.rssMb)) },
    heapUsedMb: { min: Math.min(...afterWarmup.map((s) => s.heapUsedMb)), max: Math.max(...afterWarmup.map((s) => s.heapUsedMb)) },
    before,
    afterAllLeft: after,
    noGrowth: {
      rooms: after.monitorRooms === 0 && after.roomsGauge <= before.roomsGauge,
      connections: after.monitorConnections === 0,
      timers: after.timers <= before.timers,
      handles: after.handles <= before.handles,
    },
    presenceKeys: "not observable: LocalPresence lives inside the server process and /metrics does not export it",
    samples: samples.map((s) => [s.atS, s.rssMb, s.heapUsedMb, s.rooms, s.clients]),
    sampleColumns: ["atS", "rssMb", "heapUsedMb", "rooms", "clients"],
    pinned,
  });
} finally {
  await server.stop();
}
process.exit(0);
