/**
 * npm run bench:transport — scenario D, the transport ceiling: state-patch frames per
 * second per core through Colyseus, on uWS and on ws, in one run.
 *
 * The real server (space rooms of 500) on core 0; one thin-bot process on core 1
 * (lib/thin-bot.ts). One bot in WALK_EVERY walks at 10 Hz so every space changes state
 * at every patch (20 Hz); the rest only listen. Printed per transport: patch frames
 * delivered per second, server CPU µs per delivered frame (from /proc/<pid>/stat) and
 * its inverse, the frames per second one core would deliver at that cost (the ceiling),
 * bytes per client per second, and the bot process's CPU beside the server's.
 * The server's cost per frame includes the space simulation and the walkers' inputs,
 * amortized over 500 listeners per room: the ceiling is a floor for the transport alone.
 *
 * Beside each transport, its floor (lib/raw-floor.ts): the bare socket library sending
 * frames of the same size to as many sockets at the same rate, no Colyseus, in a process
 * of its own on the same core. Its cost per frame is what the library and this machine's
 * kernel take (on loopback the kernel's delivery into the receiving socket runs inside
 * the sender's send call and is counted as the sender's); the scenario's cost above the
 * floor is what Colyseus and NeoSpace add. Each cost is split into user and kernel time.
 *
 * TRANSPORT_CLIENTS (default 1,000) and TRANSPORT_SECONDS (default 15) override the load.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startBenchServer } from "./lib/server.ts";
import { accounts, pin } from "./lib/bots.ts";
import { Fleet, summarize } from "./lib/fleet.ts";
import { rawFloor } from "./lib/raw-floor.ts";
import { report, round } from "./lib/stats.ts";

const CLIENTS = Number(process.env.TRANSPORT_CLIENTS ?? 1_000);
const MEASURE_S = Number(process.env.TRANSPORT_SECONDS ?? 15);
const ROOM_SIZE = 500;
const WALK_EVERY = 50;
const GOAL_FRAMES_PER_CORE = 100_000;

const dataDir = mkdtempSync(path.join(tmpdir(), "neospace-bench-"));
const tokens: string[] = [];

async function scenario(transport: "uws" | "ws") {
  const server = await startBenchServer({
    transport,
    // Every bot joins from loopback: the per-address matchmaking cap would stop most of them.
    env: { LOG_LEVEL: "warn", SPACE_CAPACITY: String(ROOM_SIZE), MATCHMAKE_PER_IP_PER_MINUTE: "100000" },
    dataDir,
    keepData: true,
  });
  try {
    await accounts(server, CLIENTS, 16, tokens);
    const pinned = pin(server.pid, 0) && pin(process.pid, 1);
    const fleet = await Fleet.start({ baseUrl: server.baseUrl, tokens, workers: 1, walkEvery: WALK_EVERY, joinBatch: 20 });
    const window = await fleet.measure(server.pid, 3, MEASURE_S);
    await fleet.leave();
    const patches = window.results.reduce((n, r) => n + r.patches, 0);
    const botCpuS = window.results.reduce((n, r) => n + r.cpuS, 0);
    const serverUsPerFrame = (window.serverCpuS * 1e6) / Math.max(patches, 1);
    const s = summarize(window, fleet.joined);
    const framesPerClientPerSecond = s.patchFramesPerSecond / Math.max(fleet.joined, 1);
    const floor = await rawFloor({
      transport,
      clients: fleet.joined,
      frameBytes: Math.max(1, Math.round(s.bytesPerClientPerSecond / Math.max(framesPerClientPerSecond, 1e-9))),
      hz: Math.max(1, Math.round(framesPerClientPerSecond)),
      warmupS: 3,
      seconds: MEASURE_S,
    });
    return {
      transport,
      clients: CLIENTS,
      joined: fleet.joined,
      joinFailures: fleet.failures,
      ...(fleet.firstError ? { firstJoinError: fleet.firstError } : {}),
      rooms: Math.ceil(fleet.joined / ROOM_SIZE),
      walkers: Math.ceil(fleet.joined / WALK_EVERY),
      framesPerSecond: s.patchFramesPerSecond,
      serverCpuPctOfCore: s.serverCpuPctOfCore,
      serverCpuUsPerFrame: round(serverUsPerFrame, 2),
      serverKernelUsPerFrame: round((window.serverKernelS * 1e6) / Math.max(patches, 1), 2),
      framesPerSecondPerCore: round(1e6 / serverUsPerFrame, 0),
      bytesPerClientPerSecond: s.bytesPerClientPerSecond,
      botCpuPctOfCore: s.botCpuPctOfCore,
      botCpuUsPerFrame: round((botCpuS * 1e6) / Math.max(patches, 1), 2),
      closedWhileMeasuring: s.closedWhileMeasuring,
      seconds: round(window.seconds, 1),
      pinned,
      floor,
      aboveFloorUsPerFrame: round(serverUsPerFrame - floor.serverCpuUsPerFrame, 2),
    };
  } finally {
    await server.stop();
  }
}

const uws = await scenario("uws");
const ws = await scenario("ws");
rmSync(dataDir, { recursive: true, force: true });
report("transport", {
  note: "shared 2-core machine: figures are noisy; read µs per frame, the uws/ws ratio, and each transport's floor (the bare library, same sockets, frame size and rate, no Colyseus) with what Colyseus and NeoSpace add above it",
  uws,
  ws,
  uwsOverWs: { framesPerSecondPerCore: round(uws.framesPerSecondPerCore / ws.framesPerSecondPerCore) },
  goal: {
    framesPerSecondPerCoreOnUws: GOAL_FRAMES_PER_CORE,
    met: uws.framesPerSecondPerCore >= GOAL_FRAMES_PER_CORE,
    floorFramesPerSecondPerCoreOnUws: uws.floor.framesPerSecondPerCore,
    floorMeetsIt: uws.floor.framesPerSecondPerCore >= GOAL_FRAMES_PER_CORE,
  },
});
process.exit(0);
