/**
 * npm run bench:crowd [-- --bots 500 --seconds 20 --radius 480]
 * Scenario B (issue 13): one crowded space. Every bot joins the same space "crowd"
 * (bench/maps/crowd.json, a 3200×2400 px open field with 70 spawn points spread over it,
 * capacity 500, loaded through EXTRA_MAPS_DIR; SPACE_CAPACITY raised to match) and walks
 * (a fresh random direction every 100 ms). One run measures the same crowd twice:
 *   withViews:    SPACE_VIEW_RADIUS=<radius>: each client receives the avatars near it
 *   withoutViews: SPACE_VIEW_RADIUS=0: every client receives every avatar
 * and prints, for each: tick p99 by phase (simulate; patch = encode per view + send), read
 * from the server's neospace_space_tick_duration_seconds histogram over the window (the
 * bucket bound the p99 falls in), input→patch p99, bytes per client per second, server CPU
 * µs per delivered patch frame; then the bytes ratio (goal ≥ 5×).
 * The server runs on core 0, the bots on core 1 (taskset), when taskset exists.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { accounts, pin } from "./lib/bots.ts";
import { Fleet, summarize } from "./lib/fleet.ts";
import { family, scrapeMetrics } from "./lib/scrape.ts";
import { startBenchServer } from "./lib/server.ts";
import { report, round } from "./lib/stats.ts";

const { values: args } = parseArgs({
  options: {
    bots: { type: "string", default: "500" },
    seconds: { type: "string", default: "20" },
    warmup: { type: "string", default: "5" },
    radius: { type: "string", default: "480" },
  },
});
const BOTS = Number(args.bots);
const MEASURE_S = Number(args.seconds);
const WARMUP_S = Number(args.warmup);
const RADIUS = Number(args.radius);
const PROBES = 2;
const TICK = "neospace_space_tick_duration_seconds";
const GC = "neospace_nodejs_gc_duration_seconds_sum";
type Samples = Map<string, number>;

type Buckets = Map<string, Map<number, number>>;

/** Cumulative bucket counts of the tick histogram, by phase. */
function bucketsOf(samples: Samples): Buckets {
  const out: Buckets = new Map();
  for (const [key, value] of samples) {
    if (!key.startsWith(`${TICK}_bucket{`)) continue;
    const phase = /phase="([^"]+)"/.exec(key)?.[1] ?? "";
    const le = /le="([^"]+)"/.exec(key)?.[1] ?? "";
    if (!out.has(phase)) out.set(phase, new Map());
    out.get(phase)?.set(le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le), value);
  }
  return out;
}

/**
 * p99 of one phase over the window: the upper bound (ms) of the bucket the 99th percentile
 * falls in ("> 250" beyond the last bound; null without samples).
 */
function p99Between(before: Buckets, after: Buckets, phase: string): { p99Ms: number | string | null; samples: number } {
  const a = after.get(phase);
  if (!a) return { p99Ms: null, samples: 0 };
  const b = before.get(phase) ?? new Map<number, number>();
  const bounds = [...a.keys()].sort((x, y) => x - y);
  const delta = bounds.map((le) => ({ le, n: (a.get(le) ?? 0) - (b.get(le) ?? 0) }));
  const total = delta.at(-1)?.n ?? 0;
  if (total === 0) return { p99Ms: null, samples: 0 };
  const hit = delta.find((d) => d.n >= 0.99 * total);
  const last = bounds.filter(Number.isFinite).at(-1) ?? 0;
  return { p99Ms: hit && Number.isFinite(hit.le) ? round(hit.le * 1000, 2) : `> ${last * 1000}`, samples: total };
}

/** Two scrapes of /metrics, at the start and the end of the window. */
interface Scrapes {
  before: Samples;
  after: Samples;
}

/** How much a sample grew over the window. */
function grew(s: Scrapes, key: string): number {
  return (s.after.get(key) ?? 0) - (s.before.get(key) ?? 0);
}

/** Mean of one phase over the window and how many of its samples took longer than `overMs`. */
function phaseBetween(s: Scrapes, before: Buckets, after: Buckets, phase: string, overMs: number): { meanMs: number | null; over: number } {
  const count = grew(s, `${TICK}_count{phase="${phase}"}`);
  const bound = overMs / 1000;
  const under = (after.get(phase)?.get(bound) ?? 0) - (before.get(phase)?.get(bound) ?? 0);
  return { meanMs: count > 0 ? round((grew(s, `${TICK}_sum{phase="${phase}"}`) / count) * 1000, 2) : null, over: count - under };
}

/** Garbage collection over the window: milliseconds of pause per second, and how many major (mark-compact) collections. */
function gcBetween(s: Scrapes): { gcPauseMsPerSecond: number; majorGcs: number } {
  return {
    gcPauseMsPerSecond: round(((family(s.after, GC) - family(s.before, GC)) * 1000) / MEASURE_S, 1),
    majorGcs: grew(s, `${GC.replace("_sum", "_count")}{kind="major"}`),
  };
}

const dataDir = mkdtempSync(path.join(tmpdir(), "neospace-crowd-"));
const tokens: string[] = [];

async function scenario(radius: number) {
  const env = {
    LOG_LEVEL: "warn",
    SPACE_CAPACITY: String(BOTS),
    SPACE_VIEW_RADIUS: String(radius),
    EXTRA_MAPS_DIR: path.resolve(import.meta.dirname, "maps"),
    MATCHMAKE_PER_IP_PER_MINUTE: "100000",
  };
  const server = await startBenchServer({ transport: "uws", env, dataDir, keepData: true });
  try {
    await accounts(server, BOTS, 16, tokens);
    const pinned = pin(server.pid, 0) && pin(process.pid, 1);
    const fleet = await Fleet.start({ baseUrl: server.baseUrl, tokens: tokens.slice(0, BOTS), workers: 1, map: "crowd", probesPerWorker: PROBES });
    let before: Buckets = new Map();
    let samplesBefore: Samples = new Map();
    const window = await fleet.measure(server.pid, WARMUP_S, MEASURE_S, async () => {
      samplesBefore = await scrapeMetrics(server);
      before = bucketsOf(samplesBefore);
    });
    const samplesAfter = await scrapeMetrics(server);
    const after = bucketsOf(samplesAfter);
    const scrapes = { before: samplesBefore, after: samplesAfter };
    const patchPhase = phaseBetween(scrapes, before, after, "patch", 25);
    await fleet.leave();
    const summary = summarize(window, fleet.joined);
    const simulate = p99Between(before, after, "simulate");
    const patch = p99Between(before, after, "patch");
    const patchesDelivered = window.results.reduce((n, r) => n + r.patches, 0);
    return {
      viewRadiusPx: radius,
      joined: fleet.joined,
      joinFailures: fleet.failures,
      ...(fleet.firstError ? { firstJoinError: fleet.firstError } : {}),
      tickSimulateP99Ms: simulate.p99Ms,
      tickPatchP99Ms: patch.p99Ms,
      tickPatchMeanMs: patchPhase.meanMs,
      patchesOver25Ms: patchPhase.over,
      ...gcBetween(scrapes),
      ticksMeasured: simulate.samples,
      patchesMeasured: patch.samples,
      ...summary,
      bytesPerPatchFrame: patchesDelivered > 0 ? round(window.results.reduce((n, r) => n + r.bytes, 0) / patchesDelivered, 0) : null,
      serverCpuUsPerDeliveredPatch: patchesDelivered > 0 ? round((window.serverCpuS * 1e6) / patchesDelivered, 1) : null,
      pinned,
    };
  } finally {
    await server.stop();
  }
}

const withViews = await scenario(RADIUS);
const withoutViews = await scenario(0);
rmSync(dataDir, { recursive: true, force: true });
const bytesRatio = round(withoutViews.bytesPerClientPerSecond / Math.max(withViews.bytesPerClientPerSecond, 1), 2);
const under = (v: number | string | null, goal: number) => typeof v === "number" && v < goal;
// Per frame too: on a starved machine the two halves may not reach the same patch rate.
const frameRatio = round((withoutViews.bytesPerPatchFrame ?? 0) / Math.max(withViews.bytesPerPatchFrame ?? 1, 1), 2);
report("crowd", {
  note: "scenario B: one space, every bot walking; shared 2-core machine, compare the two halves of one run",
  bots: BOTS,
  measureSeconds: MEASURE_S,
  map: "crowd (3200×2400 px, bench/maps)",
  withViews,
  withoutViews,
  bytesPerClientRatio: bytesRatio,
  bytesPerPatchFrameRatio: frameRatio,
  goals: {
    tickP99UnderMs: 25,
    bytesRatioAtLeast: 5,
    inputToPatchP99UnderMs: 100,
    met: {
      // The histogram's buckets only bound a p99 (a p99 in the 20–25 ms bucket may be 25.0);
      // the patch phase's p99 is under 25 ms exactly when under 1 % of patches took longer.
      tick: under(withViews.tickSimulateP99Ms, 25) && withViews.patchesOver25Ms < 0.01 * withViews.patchesMeasured,
      bytes: bytesRatio >= 5,
      inputToPatch: withViews.p99Ms < 100,
    },
  },
});
process.exit(0);
