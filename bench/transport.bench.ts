/**
 * npm run bench:transport — scenario D, the transport ceiling: state-patch frames per
 * second per core through Colyseus, on uWS and on ws, in one run.
 *
 * Each transport is read at three layers, each server pinned to core 0 and one thin-bot
 * process (lib/thin-bot.ts) on core 1, with the same bots, rooms of 500 and load:
 * - NeoSpace: the real server, its space rooms on the crowd bench's open field (plaza
 *   holds only 50). One bot in WALK_EVERY walks (a fresh direction at 10 Hz), so every
 *   space changes state at every patch (20 Hz); the rest only listen. Its cost per frame
 *   includes the simulation, the walkers' inputs (guard, zod, budgets) and the metrics,
 *   amortized over 500 listeners per room.
 * - Colyseus alone (lib/colyseus-only.mjs): Colyseus on its stock transport with the
 *   smallest room that moves a walker's dot and echoes its stamp. This is the transport
 *   ceiling through Colyseus, the figure the goal names.
 * - The floor (lib/raw-floor.ts): the bare socket library sending frames of NeoSpace's size
 *   to as many sockets at the same rate, no Colyseus. What the library and this machine's
 *   kernel take (on loopback the kernel's delivery into the receiving socket runs inside the
 *   sender's send call and is counted as the sender's).
 * Printed per layer: patch frames delivered per second, server CPU µs per delivered frame
 * (from /proc/<pid>/stat, user and kernel) and its inverse, the frames per second one core
 * would deliver at that cost; bytes per client per second; input→patch p99; the bot
 * process's CPU beside the server's; and the differences between the layers.
 *
 * TRANSPORT_CLIENTS (default 1,000) and TRANSPORT_SECONDS (default 15) override the load.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startBenchServer } from "./lib/server.ts";
import { accounts, pin } from "./lib/bots.ts";
import { Fleet, summarize } from "./lib/fleet.ts";
import { rawFloor, startReadyScript } from "./lib/raw-floor.ts";
import { report, round } from "./lib/stats.ts";

const CLIENTS = Number(process.env.TRANSPORT_CLIENTS ?? 1_000);
const MEASURE_S = Number(process.env.TRANSPORT_SECONDS ?? 15);
const ROOM_SIZE = 500;
const WALK_EVERY = 50;
const GOAL_FRAMES_PER_CORE = 100_000;

const dataDir = mkdtempSync(path.join(tmpdir(), "neospace-bench-"));
const tokens: string[] = [];

/** A server the thin bots join: NeoSpace, or Colyseus alone (lib/colyseus-only.mjs). */
interface Target {
  baseUrl: string;
  pid: number;
}

/** The fleet's window on one target: frames delivered and what each cost the target and the bots. */
async function throughTarget(target: Target) {
  const pinned = pin(target.pid, 0) && pin(process.pid, 1);
  const fleet = await Fleet.start({ baseUrl: target.baseUrl, tokens, workers: 1, map: "crowd", walkEvery: WALK_EVERY, joinBatch: 20 });
  const window = await fleet.measure(target.pid, 3, MEASURE_S);
  await fleet.leave();
  const patches = window.results.reduce((n, r) => n + r.patches, 0);
  const botCpuS = window.results.reduce((n, r) => n + r.cpuS, 0);
  const serverUsPerFrame = (window.serverCpuS * 1e6) / Math.max(patches, 1);
  const s = summarize(window, fleet.joined);
  return {
    joined: fleet.joined,
    joinFailures: fleet.failures,
    ...(fleet.firstError ? { firstJoinError: fleet.firstError } : {}),
    rooms: s.rooms,
    walkers: Math.ceil(fleet.joined / WALK_EVERY),
    framesPerSecond: s.patchFramesPerSecond,
    serverCpuPctOfCore: s.serverCpuPctOfCore,
    serverCpuUsPerFrame: round(serverUsPerFrame, 2),
    serverKernelUsPerFrame: round((window.serverKernelS * 1e6) / Math.max(patches, 1), 2),
    framesPerSecondPerCore: round(1e6 / serverUsPerFrame, 0),
    bytesPerClientPerSecond: s.bytesPerClientPerSecond,
    inputToPatchP99Ms: s.p99Ms,
    botCpuPctOfCore: s.botCpuPctOfCore,
    botCpuUsPerFrame: round((botCpuS * 1e6) / Math.max(patches, 1), 2),
    closedWhileMeasuring: s.closedWhileMeasuring,
    seconds: round(window.seconds, 1),
    pinned,
  };
}

/** NeoSpace's space rooms: the product's own ceiling. */
async function neoSpace(transport: "uws" | "ws") {
  const server = await startBenchServer({
    transport,
    // Every bot joins from loopback: the per-address matchmaking cap would stop most of them.
    env: {
      LOG_LEVEL: "warn",
      // Rooms of 500 need a map that holds 500 (plaza holds 50): the crowd bench's open field.
      EXTRA_MAPS_DIR: path.resolve(import.meta.dirname, "maps"),
      SPACE_CAPACITY: String(ROOM_SIZE),
      MATCHMAKE_PER_IP_PER_MINUTE: "100000",
    },
    dataDir,
    keepData: true,
  });
  try {
    if (tokens.length === 0) await accounts(server, CLIENTS, 16, tokens);
    return await throughTarget({ baseUrl: server.baseUrl, pid: server.pid });
  } finally {
    await server.stop();
  }
}

/** Colyseus on its stock transport with the smallest room that walks dots: the ceiling through Colyseus. */
async function colyseusAlone(transport: "uws" | "ws") {
  const { child, port } = await startReadyScript(new URL("./lib/colyseus-only.mjs", import.meta.url), "colyseus-only", {
    TRANSPORT: transport,
    ROOM_SIZE: String(ROOM_SIZE),
  });
  try {
    return await throughTarget({ baseUrl: `http://127.0.0.1:${port}`, pid: child.pid as number });
  } finally {
    child.kill();
  }
}

/** One transport's three layers: NeoSpace, Colyseus alone, and the bare library at the same frames. */
async function scenario(transport: "uws" | "ws") {
  const space = await neoSpace(transport);
  const colyseus = await colyseusAlone(transport);
  const framesPerClientPerSecond = space.framesPerSecond / Math.max(space.joined, 1);
  const floor = await rawFloor({
    transport,
    clients: space.joined,
    frameBytes: Math.max(1, Math.round(space.bytesPerClientPerSecond / Math.max(framesPerClientPerSecond, 1e-9))),
    hz: Math.max(1, Math.round(framesPerClientPerSecond)),
    warmupS: 3,
    seconds: MEASURE_S,
  });
  return {
    transport,
    clients: CLIENTS,
    ...space,
    colyseus,
    floor,
    aboveFloorUsPerFrame: round(space.serverCpuUsPerFrame - floor.serverCpuUsPerFrame, 2),
    colyseusAboveFloorUsPerFrame: round(colyseus.serverCpuUsPerFrame - floor.serverCpuUsPerFrame, 2),
    neoSpaceAboveColyseusUsPerFrame: round(space.serverCpuUsPerFrame - colyseus.serverCpuUsPerFrame, 2),
  };
}

const uws = await scenario("uws");
const ws = await scenario("ws");
rmSync(dataDir, { recursive: true, force: true });
report("transport", {
  note: "shared 2-core machine: figures are noisy; read µs per frame, the uws/ws ratio, and each transport's floor (the bare library, same sockets, frame size and rate, no Colyseus) with what Colyseus and NeoSpace add above it",
  uws,
  ws,
  uwsOverWs: {
    framesPerSecondPerCore: round(uws.framesPerSecondPerCore / ws.framesPerSecondPerCore),
    colyseusFramesPerSecondPerCore: round(uws.colyseus.framesPerSecondPerCore / ws.colyseus.framesPerSecondPerCore),
  },
  // One goal, read at each layer: through Colyseus (the transport ceiling the goal names),
  // through NeoSpace's space rooms (simulation, inputs, guard and metrics on top), and the
  // bare library (what this machine's loopback allows at all).
  goal: {
    framesPerSecondPerCoreOnUws: GOAL_FRAMES_PER_CORE,
    throughColyseus: uws.colyseus.framesPerSecondPerCore,
    metThroughColyseus: uws.colyseus.framesPerSecondPerCore >= GOAL_FRAMES_PER_CORE,
    throughNeoSpace: uws.framesPerSecondPerCore,
    metThroughNeoSpace: uws.framesPerSecondPerCore >= GOAL_FRAMES_PER_CORE,
    floor: uws.floor.framesPerSecondPerCore,
    floorMeetsIt: uws.floor.framesPerSecondPerCore >= GOAL_FRAMES_PER_CORE,
  },
});
process.exit(0);
