/**
 * npm run bench:song — ROOMS `song` rooms × EDITORS editors, each typing RATE Yjs prose
 * updates per second through the real room (SongSync over real sockets, the client the
 * editor uses). Prints one JSON line (also written to bench/results/):
 *   - broadcast latency p50/p99: an update sent → seen by each other editor of the room
 *     (each insert carries a numbered marker the receivers find in the update they get);
 *   - persisted-after-ack p50/p99: an update sent → its `song:ack` (sent once the update is
 *     appended to the log, i.e. stored);
 *   - server CPU µs per update and RSS per room (RSS after the rooms are loaded, minus
 *     before, over ROOMS).
 * The bots run in this process: at full scale it can be the bottleneck (its lag shows in
 * both latencies); `botLagP99Ms` reports how late its timers fired.
 * Scale by env: SONG_BENCH_ROOMS (100), SONG_BENCH_EDITORS (5), SONG_BENCH_RATE (5/s),
 * SONG_BENCH_SECONDS (15). Goals (issue 10): broadcast p99 < 10 ms, persist p99 < 20 ms.
 * The Hocuspocus side-by-side is not run: @hocuspocus/server is not installed.
 */
import { readFileSync } from "node:fs";
import { Client } from "@colyseus/sdk";
import * as Y from "yjs";
import { type BytesRoom, SongSync } from "../client/src/net/song-sync.ts";
import { PROTOCOL_VERSION, ServerMessage } from "../schema/protocol.ts";
import { fakeIp, register, type TestAccount } from "../tests/helpers/accounts.ts";
import type { TestServer } from "../tests/helpers/server.ts";
import { pin } from "./lib/bots.ts";
import { startBenchServer } from "./lib/server.ts";
import { cpuSecondsOf, percentile, report, round } from "./lib/stats.ts";

const ROOMS = Number(process.env.SONG_BENCH_ROOMS ?? 100);
const EDITORS = Number(process.env.SONG_BENCH_EDITORS ?? 5);
const RATE = Number(process.env.SONG_BENCH_RATE ?? 5);
const SECONDS = Number(process.env.SONG_BENCH_SECONDS ?? 15);
/** Each shared co-author account sits in at most this many rooms (MAX_SEATS_PER_USER is raised to 100). */
const ROOMS_PER_CO_AUTHOR = 50;

// biome-ignore lint/suspicious/noExplicitAny: the SDK's room state is schema-typed only at run time
type AnyRoom = import("@colyseus/sdk").Room<any, any>;

interface Editor {
  room: AnyRoom;
  sync: SongSync;
}

const post = async (server: TestServer, who: TestAccount, path: string, body: unknown) => {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${who.token}`, "x-forwarded-for": fakeIp() },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { id?: string };
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
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

async function main(): Promise<void> {
  const server = await startBenchServer({
    transport: "uws",
    env: { LOG_LEVEL: "warn", MAX_SEATS_PER_USER: "100", MATCHMAKE_PER_IP_PER_MINUTE: "100000", MATCHMAKE_PER_USER_PER_MINUTE: "100000" },
  });
  const pinned = pin(server.pid, 0) && pin(process.pid, 1);
  try {
    const coAuthorCount = Math.max(EDITORS - 1, Math.ceil((ROOMS * (EDITORS - 1)) / ROOMS_PER_CO_AUTHOR));
    const owners = await inBatches(ROOMS, 8, () => register(server));
    const coAuthors = await inBatches(coAuthorCount, 8, () => register(server));
    const rooms = await inBatches(ROOMS, 8, async (r) => {
      const owner = owners[r]!;
      const songId = (await post(server, owner, "/api/songs", { title: `Bench ${r}` })).id as string;
      const team = [owner];
      for (let e = 1; e < EDITORS; e++) {
        const co = coAuthors[(r * (EDITORS - 1) + e - 1) % coAuthorCount]!;
        if (team.includes(co)) continue;
        await post(server, owner, `/api/songs/${songId}/editors`, { username: co.username });
        team.push(co);
      }
      return { songId, team };
    });
    const rssBefore = rssKiB(server.pid);

    const sentAt = new Map<number, number>();
    const broadcast: number[] = [];
    const acks: number[] = [];
    const markers = /\[(\d+)\]/g;
    const editors: Editor[][] = await inBatches(ROOMS, 10, async (r) => {
      const { songId, team } = rooms[r]!;
      return Promise.all(
        team.map(async (who) => {
          const client = new Client(server.baseUrl, { headers: { authorization: `Bearer ${who.token}` } });
          const room: AnyRoom = await client.joinOrCreate("song", { protocol: PROTOCOL_VERSION, songId });
          room.reconnection.enabled = false;
          room.onMessage("*", () => undefined);
          room.onMessage(ServerMessage.SONG_INIT, () => undefined);
          const sync = new SongSync(room as unknown as BytesRoom);
          sync.doc.on("update", (update: Uint8Array, origin: unknown) => {
            if (origin !== "remote") return;
            const now = performance.now();
            for (const s of Y.decodeUpdate(update).structs) {
              const str = s instanceof Y.Item && s.content instanceof Y.ContentString ? s.content.str : "";
              for (const m of str.matchAll(markers)) {
                const at = sentAt.get(Number(m[1]));
                if (at !== undefined) broadcast.push(now - at);
              }
            }
          });
          return { room, sync };
        }),
      );
    });
    const rssLoaded = rssKiB(server.pid);
    // Let the joins settle (sync steps, first acks) before the window.
    await new Promise((r) => setTimeout(r, 1_000));

    let next = 0;
    const lag: number[] = [];
    const periodMs = 1000 / RATE;
    const cpu0 = cpuSecondsOf(server.pid);
    const t0 = performance.now();
    const timers = editors.flat().map((e, i) => {
      const text = e.sync.text("verse");
      let due = performance.now() + ((i * 7919) % 1000) / RATE;
      const tick = () => {
        const now = performance.now();
        lag.push(now - due);
        due += periodMs;
        const k = ++next;
        sentAt.set(k, performance.now());
        // Appends at the end: a typist, not a random cursor; keeps the Verse under the prose limit for a 15 s run.
        text.insert(Math.min(text.length, 5_000), `[${k}]`);
        const started = sentAt.get(k)!;
        void e.sync.flushed().then(() => acks.push(performance.now() - started));
        if (now - t0 < SECONDS * 1000) handle.t = setTimeout(tick, Math.max(0, due - performance.now()));
      };
      const handle: { t: NodeJS.Timeout } = { t: setTimeout(tick, Math.max(0, due - performance.now())) };
      return handle;
    });
    await new Promise((r) => setTimeout(r, SECONDS * 1000 + 1_500));
    for (const h of timers) clearTimeout(h.t);
    const elapsed = (performance.now() - t0) / 1000;
    const cpuS = cpuSecondsOf(server.pid) - cpu0;
    const rssEnd = rssKiB(server.pid);
    const expectedSeen = next * (EDITORS - 1);
    await Promise.all(editors.flat().map((e) => e.room.leave().catch(() => undefined)));
    report("song", {
      rooms: ROOMS,
      editorsPerRoom: EDITORS,
      ratePerEditor: RATE,
      seconds: SECONDS,
      updates: next,
      updatesPerSecond: round(next / elapsed),
      broadcastSeen: broadcast.length,
      broadcastExpected: expectedSeen,
      broadcastP50Ms: round(percentile(broadcast, 50)),
      broadcastP99Ms: round(percentile(broadcast, 99)),
      persistAckP50Ms: round(percentile(acks, 50)),
      persistAckP99Ms: round(percentile(acks, 99)),
      serverCpuUsPerUpdate: round((cpuS * 1e6) / Math.max(1, next), 1),
      serverCpuCores: round(cpuS / elapsed),
      rssPerRoomKiB: round((rssLoaded - rssBefore) / ROOMS, 1),
      rssServerKiB: { beforeRooms: rssBefore, loaded: rssLoaded, end: rssEnd },
      botLagP99Ms: round(percentile(lag, 99)),
      pinned,
      hocuspocus: "not run: @hocuspocus/server is not installed (no side-by-side ratio)",
      note: "shared, noisy machine; bots run in the bench process",
    });
  } finally {
    await server.stop();
  }
}

await main();
console.log("bench:song: the side-by-side with @hocuspocus/server was NOT run (the package is not installed); no ratio printed.");
