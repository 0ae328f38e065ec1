import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { rmSync } from "node:fs";
import * as Y from "yjs";
import { type ConnectionStatus, SpaceConnection } from "../../client/src/net/space-connection.ts";
import { SongSync } from "../../client/src/net/song-sync.ts";
import type { BytesRoom } from "../../client/src/net/song-sync.ts";
import { CloseCode, PROTOCOL_VERSION, RESTART_WORDS, ServerMessage, type ServerNotice } from "../../schema/protocol.ts";
import type { SongDetail } from "../../schema/replies/song.ts";
import { bearer, fakeIp, register, type Reachable, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { startBalancer, type TestBalancer } from "../helpers/balancer.ts";
import { api } from "../helpers/http.ts";
import { startRedis, type TestRedis } from "../helpers/redis.ts";
import { type AnyRoom, leaveQuietly, sdkClient } from "../helpers/sdk.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

/**
 * A rolling restart of two NeoSpace processes behind one balancer (issue 13 item 6):
 * SIGTERM A, start it again, then SIGTERM B, start it again, while people write on walls
 * (HTTP), edit a Song (room ops and Yjs prose) and stand in a space. Every write a client
 * got an acknowledgement for must be stored and readable from both new processes; people
 * are told in words and put back into the same map by the client's own rejoin.
 */
describe("rolling restart of two processes (scale-out)", function () {
  this.timeout(240_000);
  let redis: TestRedis;
  let balancer: TestBalancer;
  let a: TestServer;
  let b: TestServer;
  let dataDir = "";
  const exitCodes: (number | null)[] = [];
  const walls: WallWriter[] = [];
  let editor: SongEditor;
  let player: SpacePlayer;
  let songId = "";

  before(async function () {
    this.timeout(240_000);
    redis = await startRedis();
    balancer = await startBalancer([]);
    // As in docker-compose.yml: each process's PUBLIC_ADDRESS is the proxy's /p<n>.
    const start = (n: number) =>
      startTestServer({
        env: { REDIS_URL: redis.url, ALLOWED_ORIGINS: balancer.baseUrl, PUBLIC_ADDRESS: balancer.publicAddressOf(n) },
        dataDir: dataDir || undefined,
        keepData: true,
      });
    a = await start(1);
    dataDir = a.dataDir;
    b = await start(2);
    balancer.setBackends([a.port, b.port]);

    const owner = await register(balancer, uniqueName("song"));
    const created = await api(balancer, "POST", "/api/songs", owner, { title: "Written through a restart" });
    assert.equal(created.status, 201);
    songId = created.body.id as string;
    for (let i = 0; i < 3; i++) walls.push(new WallWriter(balancer, await register(balancer, uniqueName("wall"))));
    editor = new SongEditor(balancer, owner, songId);
    player = new SpacePlayer(balancer, await register(balancer, uniqueName("walk")), "garden");
    await editor.connect();
    await player.join();
    const writers = [...walls.map((w) => w.run()), editor.run()];

    // Each step waits for fresh acknowledgements, so writes are in flight at every SIGTERM.
    await progress(walls, editor, "before the restart");
    exitCodes.push(await a.stop());
    a = await start(1);
    balancer.setBackends([a.port, b.port]);
    await progress(walls, editor, "after A came back");
    exitCodes.push(await b.stop());
    b = await start(2);
    balancer.setBackends([a.port, b.port]);
    await progress(walls, editor, "after B came back");
    await player.connected();

    for (const w of walls) w.stop();
    editor.stop();
    await Promise.all(writers);
    await editor.settle();
  });

  after(async function () {
    this.timeout(60_000);
    await player?.dispose();
    await editor?.dispose();
    await b?.stop();
    await a?.stop();
    await balancer?.stop();
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("[SO5] every acknowledged wall write and Song edit is stored and readable from both restarted processes", async () => {
    assert.deepEqual(exitCodes, [0, 0], "both processes stopped gracefully");
    for (const server of [a, b]) {
      for (const w of walls) {
        const stored = await wallPostIds(server, w.account.username);
        const missing = w.acked.filter((id) => !stored.has(id));
        assert.deepEqual(missing, [], `acknowledged posts missing via :${server.port}`);
      }
      const detail = (await api(server, "GET", `/api/songs/${songId}`, editor.account)).body as unknown as SongDetail;
      const verses = new Set(detail.draft.verses.map((v) => v.id));
      assert.deepEqual(editor.ackedVerses.filter((id) => !verses.has(id)), [], `acknowledged ops missing via :${server.port}`);
      const prose = detail.draft.verses.find((v) => v.id === "v0")?.prose ?? "";
      assert.deepEqual(editor.ackedTokens.filter((t) => !prose.includes(t)), [], `acknowledged prose missing via :${server.port}`);
      // In-flight prose without an ack is not lost either: the editor's Yjs document keeps it
      // and the sync on rejoin sends what the room lacks.
      assert.deepEqual(editor.unackedTokens.filter((t) => !prose.includes(t)), [], `re-sent prose missing via :${server.port}`);
    }
    const total = walls.reduce((n, w) => n + w.acked.length, 0);
    assert.ok(total >= 6 && editor.ackedVerses.length >= 3 && editor.ackedTokens.length >= 3, "the writers made progress");
    assert.ok(editor.restarts >= 1, "the Song's room was restarted under its editor at least once");
  });

  it("[SO6] a player in a space is told in words, and the client puts them back into the same map on a process that is up", async () => {
    assert.ok(player.notices.some((n) => n.message === RESTART_WORDS), "the restart notice arrived before the close");
    const told = player.statuses.filter((s) => s.kind === "reconnecting");
    assert.ok(told.length >= 1, "the page said it was putting them back");
    for (const s of told) {
      assert.equal(s.kind === "reconnecting" && s.code, CloseCode.SERVER_SHUTDOWN);
      assert.equal(s.kind === "reconnecting" && s.message, RESTART_WORDS);
      assert.doesNotMatch(s.kind === "reconnecting" ? s.message : "", /\d/, "words, never a code");
    }
    assert.equal(player.statuses.filter((s) => s.kind === "disconnected").length, 0, "never left for good");
    assert.equal(player.connection.status.kind, "connected");
    assert.equal(player.map, "garden", "back in the same map");
    assert.ok(player.joins >= 2, "joined again after the restart");
  });
});

/** Every writer reports each acknowledgement here, so a test step can await progress. */
const acks = new EventEmitter();

/** Waits until every writer has new acknowledgements (so the next SIGTERM meets writes in flight). */
function progress(walls: WallWriter[], editor: SongEditor, when: string): Promise<void> {
  const marks = walls.map((w) => w.acked.length);
  const ops = editor.ackedVerses.length;
  const tokens = editor.ackedTokens.length;
  const done = () =>
    walls.every((w, i) => w.acked.length >= (marks[i] as number) + 1) && editor.ackedVerses.length >= ops + 3 && editor.ackedTokens.length >= tokens + 3;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!done()) return;
      clearTimeout(timer);
      acks.off("ack", check);
      resolve();
    };
    const timer = setTimeout(() => {
      acks.off("ack", check);
      reject(new Error(`no progress ${when}: walls ${walls.map((w) => w.acked.length)}, ops ${editor.ackedVerses.length}, prose ${editor.ackedTokens.length}`));
    }, 60_000);
    acks.on("ack", check);
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One person posting on their own wall over HTTP; a post without a 201 is sent again. */
class WallWriter {
  readonly acked: string[] = [];
  failures = 0;
  #stopped = false;
  readonly #ip = fakeIp();

  constructor(
    private readonly via: Reachable,
    readonly account: TestAccount,
  ) {}

  stop(): void {
    this.#stopped = true;
  }

  async run(): Promise<void> {
    let n = 0;
    // 20 posts a minute per person is the budget: one every 3.5 s stays under it however long the restart takes.
    while (!this.#stopped) {
      const text = `post ${n} by ${this.account.username}`;
      try {
        const res = await fetch(`${this.via.baseUrl}/api/walls/${this.account.username}/posts`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": this.#ip, ...bearer(this.account) },
          body: JSON.stringify({ text }),
        });
        if (res.status === 201) {
          this.acked.push(((await res.json()) as { id: string }).id);
          acks.emit("ack");
          n++;
        } else {
          await res.arrayBuffer();
          this.failures++;
        }
      } catch {
        this.failures++; // the connection went with the process: not acknowledged, sent again
      }
      await pause(3_500);
    }
  }
}

async function wallPostIds(server: Reachable, username: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = "";
  while (cursor !== null) {
    const page = await api(server, "GET", `/api/walls/${username}/posts${cursor ? `?before=${cursor}` : ""}`);
    for (const p of page.body.posts as { id: string }[]) ids.add(p.id);
    cursor = page.body.next as string | null;
  }
  return ids;
}

/**
 * A Song editor: structural ops (acknowledged one by one) and prose typed into Verse v0
 * (acknowledged by count). When the room closes for a restart it joins again through the
 * balancer with the same Y.Doc, so prose it typed but never had acknowledged is sent again.
 */
class SongEditor {
  readonly ackedVerses: string[] = [];
  readonly unackedVerses: string[] = [];
  readonly ackedTokens: string[] = [];
  readonly unackedTokens: string[] = [];
  restarts = 0;
  readonly #doc = new Y.Doc();
  #room: AnyRoom | null = null;
  #sync: SongSync | null = null;
  #closed: Promise<number> = Promise.resolve(0);
  #stopped = false;

  constructor(
    private readonly via: Reachable,
    readonly account: TestAccount,
    private readonly songId: string,
  ) {}

  async connect(): Promise<void> {
    this.#sync?.destroy();
    const room = await retryJoin(() => sdkClient(this.via, this.account.token).joinOrCreate("song", { protocol: PROTOCOL_VERSION, songId: this.songId }));
    for (const type of [ServerMessage.SONG_INIT, ServerMessage.SONG_OP, ServerMessage.SONG_WARNINGS, ServerMessage.SONG_ACCESS, ServerMessage.SERVER_NOTICE]) {
      room.onMessage(type, () => undefined);
    }
    this.#closed = new Promise((resolve) => room.onLeave((code: number) => resolve(code)));
    this.#room = room;
    this.#sync = new SongSync(room as unknown as BytesRoom, this.#doc);
  }

  stop(): void {
    this.#stopped = true;
  }

  async run(): Promise<void> {
    await this.#acked(this.#sync?.op({ op: "verse.add", id: "v0", title: "Verse v0", x: 0, y: 0 }));
    for (let i = 1; !this.#stopped; i++) {
      const id = `v${i}`;
      const op = await this.#acked(this.#sync?.op({ op: "verse.add", id, title: `Verse ${id}`, x: i * 10, y: 0 }));
      (op ? this.ackedVerses : this.unackedVerses).push(id);
      acks.emit("ack");
      const token = `t${i};`;
      const text = this.#doc.getText("v0");
      text.insert(text.length, token);
      const stored = await this.#acked(this.#sync?.flushed());
      (stored ? this.ackedTokens : this.unackedTokens).push(token);
      acks.emit("ack");
      await pause(100);
    }
  }

  /** True once `p` settles; false when the room closes first (then joins again). */
  async #acked(p: Promise<unknown> | undefined): Promise<boolean> {
    const closed = this.#closed.then((code) => ({ closed: code }));
    const outcome = await Promise.race([Promise.resolve(p).then(() => ({ closed: null }), () => ({ closed: null })), closed]);
    if (outcome.closed === null) return true;
    this.restarts++;
    await this.connect();
    return false;
  }

  /** Waits until the room has acknowledged everything sent on the current connection. */
  async settle(): Promise<void> {
    await this.#acked(this.#sync?.flushed());
  }

  async dispose(): Promise<void> {
    this.#sync?.destroy();
    if (this.#room) await leaveQuietly(this.#room);
  }
}

/** Matchmaking through the balancer while a process is down or draining: try again shortly. */
async function retryJoin(join: () => Promise<AnyRoom>): Promise<AnyRoom> {
  let last: unknown;
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      return await join();
    } catch (err) {
      last = err;
      await pause(250);
    }
  }
  throw last;
}

/** A person in a space through the real client connection module (client/src/net/space-connection.ts). */
class SpacePlayer {
  readonly connection: SpaceConnection;
  readonly statuses: ConnectionStatus[] = [];
  readonly notices: ServerNotice[] = [];
  map = "";
  joins = 0;

  constructor(
    via: Reachable,
    readonly account: TestAccount,
    private readonly mapName: string,
  ) {
    this.connection = new SpaceConnection(via.baseUrl, {
      headers: bearer(account),
      rejoin: { attempts: 240, delayMs: () => 250 },
    });
    this.connection.on("status", (s) => {
      this.statuses.push(s);
      if (s.kind === "connected") this.joins++;
    });
    this.connection.on("notice", (n) => this.notices.push(n));
    this.connection.on("map", (m) => {
      this.map = m.name;
    });
  }

  async join(): Promise<void> {
    assert.equal(await this.connection.join(this.mapName), true);
  }

  /** Resolves once the connection is up (it may still be rejoining after the last restart). */
  connected(): Promise<void> {
    if (this.connection.status.kind === "connected") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`not back in the space: ${JSON.stringify(this.statuses.at(-1))}`));
      }, 60_000);
      const off = this.connection.on("status", (s) => {
        if (s.kind !== "connected") return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  dispose(): Promise<void> {
    return this.connection.dispose();
  }
}
