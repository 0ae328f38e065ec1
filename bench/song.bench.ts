/**
 * npm run bench:song — ROOMS `song` rooms × EDITORS editors, each typing RATE Yjs prose
 * updates per second into one Verse, then the same load against a plain @hocuspocus/server
 * in the same run, and the ratios ours/theirs. One JSON line (also in bench/results/).
 *
 * Per side: broadcast latency p50/p99 (an update sent → seen by each other editor of the
 * document: each insert is a numbered marker the receivers find in the frame's bytes);
 * ack latency p50/p99 (ours: `song:ack`, sent once the update is appended to the SQLite
 * log, so it is persisted-after-ack; Hocuspocus: SyncStatus, sent once applied in memory,
 * its store is debounced); server CPU (µs per update typed and per update delivered, % of
 * the core), RSS per room (after the rooms are loaded minus before, over ROOMS) and bytes
 * per client per second.
 *
 * The server under test runs on core 0, this process (the bots) on core 1 (taskset). The
 * bots are thin (lib/song-bot.ts: wire protocols, a byte scan per frame); `bots` reports
 * their CPU % of their core and how late their timers fired, to show they kept up.
 * Scale by env: SONG_BENCH_ROOMS (100), SONG_BENCH_EDITORS (5), SONG_BENCH_RATE (5/s),
 * SONG_BENCH_SECONDS (20), SONG_BENCH_SIDES ("both", "neospace" or "hocuspocus");
 * SONG_BENCH_CPU_PROF=<dir> makes our server write a V8 CPU profile there (lib/cpu-profile.mjs).
 * Goals (issue 10): broadcast p99 < 10 ms, persist p99 < 20 ms.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fakeIp, register, type TestAccount } from "../tests/helpers/accounts.ts";
import type { TestServer } from "../tests/helpers/server.ts";
import { pin } from "./lib/bots.ts";
import { startBenchServer } from "./lib/server.ts";
import { newBoard, type SongBoard, SongBot } from "./lib/song-bot.ts";
import { cpuSecondsOf, percentile, report, round } from "./lib/stats.ts";

const ROOMS = Number(process.env.SONG_BENCH_ROOMS ?? 100);
const EDITORS = Number(process.env.SONG_BENCH_EDITORS ?? 5);
const RATE = Number(process.env.SONG_BENCH_RATE ?? 5);
const SECONDS = Number(process.env.SONG_BENCH_SECONDS ?? 20);
const SIDES = process.env.SONG_BENCH_SIDES ?? "both";
const WARMUP_S = 3;
/** Each shared co-author account sits in at most this many rooms (MAX_SEATS_PER_USER is raised to 100). */
const ROOMS_PER_CO_AUTHOR = 50;
const GOALS = { broadcastP99Ms: 10, persistP99Ms: 20 };

const post = async (server: TestServer, who: TestAccount, route: string, body: unknown) => {
  const res = await fetch(`${server.baseUrl}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${who.token}`, "x-forwarded-for": fakeIp() },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { id?: string };
  if (res.status >= 300) throw new Error(`${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};

function rssKiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return Number(line?.split(/\s+/)[1] ?? Number.NaN);
}

async function inBatches<T>(n: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => make(i + j)))));
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A join that failed on the loaded machine (e.g. a seat reservation that expired, 4002) is tried again. */
async function retried<T>(join: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await join();
    } catch (err) {
      if (i >= attempts) throw err;
      joinRetries++;
    }
  }
}
let joinRetries = 0;

/**
 * Every editor types RATE markers a second (phases spread over the period) for the warm-up
 * and the window; samples are taken in the window only. Returns the side's figures.
 */
async function drive(serverPid: number, rooms: SongBot[][], board: SongBoard) {
  const bots = rooms.flat();
  const periodMs = 1000 / RATE;
  const lag: number[] = [];
  let stop = false;
  for (const [i, bot] of bots.entries()) {
    let due = performance.now() + ((i * 7919) % 1000) / RATE;
    const tick = () => {
      if (stop) return;
      const now = performance.now();
      if (board.recording) lag.push(now - due);
      due += periodMs;
      bot.type();
      setTimeout(tick, Math.max(0, due - performance.now()));
    };
    setTimeout(tick, Math.max(0, due - performance.now()));
  }
  await sleep(WARMUP_S * 1000);
  board.recording = true;
  const typed0 = board.next;
  const cpu0 = cpuSecondsOf(serverPid);
  const bots0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  board.recording = false;
  const elapsed = (performance.now() - t0) / 1000;
  const serverCpuS = cpuSecondsOf(serverPid) - cpu0;
  const botsCpu = process.cpuUsage(bots0);
  const typed = board.next - typed0;
  stop = true;
  await sleep(1_000); // the last window updates arrive (their samples count)
  // Work the server got through in the window (acks and deliveries received in it), the denominators of the costs.
  const processed = board.acksIn;
  const delivered = board.deliveredIn;
  return {
    updatesTyped: typed,
    typedPerSecond: round(typed / elapsed),
    ackedPerSecond: round(processed / elapsed),
    deliveredPerSecond: round(delivered / elapsed),
    samplesSeen: board.broadcast.length,
    samplesExpected: typed * (EDITORS - 1),
    broadcastP50Ms: round(percentile(board.broadcast, 50)),
    broadcastP99Ms: round(percentile(board.broadcast, 99)),
    ackP50Ms: round(percentile(board.acks, 50)),
    ackP99Ms: round(percentile(board.acks, 99)),
    acks: board.acks.length,
    serverCpuPctOfCore: round((serverCpuS / elapsed) * 100, 1),
    serverCpuUsPerUpdate: round((serverCpuS * 1e6) / Math.max(1, processed), 1),
    serverCpuUsPerDelivered: round((serverCpuS * 1e6) / Math.max(1, delivered), 1),
    bytesPerClientPerSecond: round(board.bytesIn / bots.length / elapsed, 0),
    bots: {
      cpuPctOfCore: round(((botsCpu.user + botsCpu.system) / 1e6 / elapsed) * 100, 1),
      timerLagP50Ms: round(percentile(lag, 50)),
      timerLagP99Ms: round(percentile(lag, 99)),
      closedByServer: board.closes,
    },
    seconds: round(elapsed, 1),
  };
}

function rssFigures(before: number, loaded: number, end: number) {
  return { rssPerRoomKiB: round((loaded - before) / ROOMS, 1), rssServerKiB: { beforeRooms: before, loaded, end } };
}

async function neospaceSide() {
  const server = await startBenchServer({
    transport: "uws",
    env: {
      LOG_LEVEL: "warn",
      MAX_SEATS_PER_USER: "100",
      MATCHMAKE_PER_IP_PER_MINUTE: "100000",
      MATCHMAKE_PER_USER_PER_MINUTE: "100000",
      // SONG_BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops.
      ...(process.env.SONG_BENCH_CPU_PROF
        ? { NODE_OPTIONS: `--import ${path.join(import.meta.dirname, "lib/cpu-profile.mjs")}`, BENCH_CPU_PROF_DIR: process.env.SONG_BENCH_CPU_PROF }
        : {}),
    },
  });
  try {
    const coAuthorCount = Math.max(EDITORS - 1, Math.ceil((ROOMS * (EDITORS - 1)) / ROOMS_PER_CO_AUTHOR));
    const owners = await inBatches(ROOMS, 8, () => register(server));
    const coAuthors = await inBatches(coAuthorCount, 8, () => register(server));
    const songs = await inBatches(ROOMS, 8, async (r) => {
      const owner = owners[r] as TestAccount;
      const songId = (await post(server, owner, "/api/songs", { title: `Bench ${r}` })).id as string;
      const team = [owner];
      for (let e = 1; e < EDITORS; e++) {
        const co = coAuthors[(r * (EDITORS - 1) + e - 1) % coAuthorCount] as TestAccount;
        if (team.includes(co)) continue;
        await post(server, owner, `/api/songs/${songId}/editors`, { username: co.username });
        team.push(co);
      }
      return { songId, team };
    });
    // Pinned after registering, so the password hashes may use both cores.
    const pinned = pin(server.pid, 0) && pin(process.pid, 1);
    const rssBefore = rssKiB(server.pid);
    const board = newBoard();
    let id = 0;
    const rooms = await inBatches(ROOMS, 10, (r) => {
      const { songId, team } = songs[r] as (typeof songs)[number];
      return Promise.all(team.map((who) => {
          const me = ++id;
          return retried(() => SongBot.neospace(server.baseUrl, who.token, songId, me, board));
        }));
    });
    await sleep(1_000); // joins settle (first sync steps) before the clock
    const rssLoaded = rssKiB(server.pid);
    const figures = await drive(server.pid, rooms, board);
    const rssEnd = rssKiB(server.pid);
    await Promise.all(rooms.flat().map((b) => b.leave()));
    return { ...figures, ...rssFigures(rssBefore, rssLoaded, rssEnd), pinned };
  } finally {
    await server.stop();
  }
}

/** Starts bench/hocuspocus-server.ts as a child; resolves with it and its port once it listens. */
async function startHocuspocus(file: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "hocuspocus-server.ts"), file], {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await new Promise<number>((resolve, reject) => {
    lines.once("line", (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`hocuspocus server exited (${code}) before listening`)));
  });
  return { child, port };
}

async function hocuspocusSide() {
  const dir = mkdtempSync(path.join(tmpdir(), "neospace-hocuspocus-"));
  const { child, port } = await startHocuspocus(path.join(dir, "documents.db"));
  const pid = child.pid as number;
  try {
    const pinned = pin(pid, 0) && pin(process.pid, 1);
    const rssBefore = rssKiB(pid);
    const board = newBoard();
    let id = 0;
    const rooms = await inBatches(ROOMS, 10, (r) =>
      Promise.all(Array.from({ length: EDITORS }, () => {
          const me = ++id;
          return retried(() => SongBot.hocuspocus(`ws://127.0.0.1:${port}`, `song-${r}`, me, board));
        })),
    );
    await sleep(1_000);
    const rssLoaded = rssKiB(pid);
    const figures = await drive(pid, rooms, board);
    const rssEnd = rssKiB(pid);
    const stores = await new Promise<number>((resolve) => {
      child.once("message", (m) => resolve((m as { stores: number }).stores));
      child.send("stats");
    });
    await Promise.all(rooms.flat().map((b) => b.leave()));
    return { ...figures, ...rssFigures(rssBefore, rssLoaded, rssEnd), documentStores: stores, pinned };
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

const ratio = (a: number, b: number) => (b > 0 ? round(a / b) : null);
const loadBefore = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const ours = SIDES === "hocuspocus" ? null : await neospaceSide();
const theirs = SIDES === "neospace" ? null : await hocuspocusSide();
report("song", {
  rooms: ROOMS,
  editorsPerRoom: EDITORS,
  ratePerEditor: RATE,
  joinRetries,
  loadAverage: { before: loadBefore, after: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ") },
  neospace: ours,
  hocuspocus: theirs,
  goals: ours
    ? { ...GOALS, broadcastMet: ours.broadcastP99Ms < GOALS.broadcastP99Ms, persistMet: ours.ackP99Ms < GOALS.persistP99Ms }
    : null,
  oursOverTheirs:
    ours && theirs
      ? {
          broadcastP50: ratio(ours.broadcastP50Ms, theirs.broadcastP50Ms),
          broadcastP99: ratio(ours.broadcastP99Ms, theirs.broadcastP99Ms),
          serverCpuPerUpdate: ratio(ours.serverCpuUsPerUpdate, theirs.serverCpuUsPerUpdate),
          rssPerRoom: ratio(ours.rssPerRoomKiB, theirs.rssPerRoomKiB),
          bytesPerClientPerSecond: ratio(ours.bytesPerClientPerSecond, theirs.bytesPerClientPerSecond),
        }
      : null,
  differences: [
    "ours: every update is checked against the sender's role and per-client budgets (messages and bytes per second), prose limits are enforced, sessions are re-authenticated periodically; Hocuspocus: no auth hook, no budgets, no limits",
    "ours: song:ack is sent after the update is appended to the SQLite log (persisted-after-ack, survives kill -9); Hocuspocus: SyncStatus is sent once applied in memory, and the whole document is stored in SQLite by onStoreDocument, debounced 2 s (max 10 s): an acked update can be lost on a crash",
    "ours: uWebSockets.js; both merge the updates of one event-loop turn into one frame per client (ours does not echo a turn with a single writer; Hocuspocus 4 on ws (crossws) always echoes)",
  ],
  note: "shared, loaded 2-core machine: compare the ratios of one run; server on core 0, bots on core 1",
});
process.exit(0);
