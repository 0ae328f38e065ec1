import assert from "node:assert/strict";
import { ServerMessage } from "../../schema/protocol.ts";
import type { ReadingView, SongDetail, SongList, VersionList, VersionView } from "../../schema/replies/song.ts";
import { register, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { api } from "../helpers/http.ts";
import { type AnyRoom, leaveQuietly, sdkClient } from "../helpers/sdk.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { joinSong, type SongClient, until } from "../helpers/song-room.ts";
import { PROTOCOL_VERSION } from "../../schema/protocol.ts";

const verse = (id: string, extra: Record<string, unknown> = {}) => ({ op: "verse.add" as const, id, title: `Verse ${id}`, x: 0, y: 0, ...extra });

describe("the song room and Songs over HTTP (real server)", function () {
  this.timeout(120_000);
  let server: TestServer;
  let owner: TestAccount;
  let editor: TestAccount;
  let watcher: TestAccount;
  let songId = "";
  const open: AnyRoom[] = [];
  const join = async (who: TestAccount) => {
    const c = await joinSong(server, who.token, songId);
    open.push(c.room);
    return c;
  };

  before(async () => {
    server = await startTestServer({ transport: "uws", keepData: true });
    [owner, editor, watcher] = await Promise.all([register(server, uniqueName("sgown")), register(server, uniqueName("sged")), register(server, uniqueName("sgview"))]);
    const created = await api(server, "POST", "/api/songs", owner, { title: "The Lantern" });
    assert.equal(created.status, 201);
    songId = created.body.id as string;
  });
  after(async () => {
    await Promise.all(open.map(leaveQuietly));
    await server.stop();
  });

  it("[SR1] owner creates a private draft; co-authors are invited by username; lists show mine and shared", async () => {
    assert.equal((await api(server, "GET", `/api/songs/${songId}`, editor)).status, 404, "a private draft is invisible to others");
    const invited = await api(server, "POST", `/api/songs/${songId}/editors`, owner, { username: editor.username });
    assert.equal(invited.status, 200);
    assert.deepEqual(invited.body.editors, [editor.username]);
    const mine = (await api(server, "GET", "/api/songs?view=mine", owner)).body as unknown as SongList;
    assert.deepEqual(mine.songs.map((s) => s.id), [songId]);
    const shared = (await api(server, "GET", "/api/songs?view=shared", editor)).body as unknown as SongList;
    assert.deepEqual(shared.songs.map((s) => s.id), [songId]);
    assert.equal(((await api(server, "GET", `/api/songs/${songId}`, editor)).body as unknown as SongDetail).role, "editor");
  });

  it("[SR2] a user who is not invited cannot join while watching is off; a viewer may when it is on", async () => {
    await assert.rejects(sdkClient(server, watcher.token).joinOrCreate("song", { protocol: PROTOCOL_VERSION, songId }), /no such song/);
    assert.equal((await api(server, "PUT", `/api/songs/${songId}/watchable`, owner, { watchable: true })).status, 200);
    const v = await join(watcher);
    assert.equal((await v.init).role, "viewer");
  });

  let a: SongClient;
  let b: SongClient;
  let v: SongClient;

  it("[SR3] structural ops are applied in order and everyone sees the same sequence", async () => {
    a = await join(owner);
    b = await join(editor);
    v = await join(watcher);
    await Promise.all([a.init, b.init, v.init]);
    const sends = [a.sync.op(verse("start")), b.sync.op(verse("left", { x: -100 })), a.sync.op(verse("right", { x: 100 }))];
    const seqs = await Promise.all(sends);
    await a.sync.op({ op: "choice.add", verse: "start", id: "go-left", label: "go left", target: "left" });
    await b.sync.op({ op: "choice.add", verse: "start", id: "go-right", label: "go right", target: "right", condition: "mood.p > 0.3" });
    await b.sync.op({ op: "verse.ending", id: "left", ending: true });
    await a.sync.op({ op: "verse.ending", id: "right", ending: true });
    assert.equal(new Set(seqs).size, 3);
    await until(() => v.ops.length === 7 && a.ops.length === 7 && b.ops.length === 7, 5_000, "seven ops everywhere");
    const order = (c: SongClient) => c.ops.map((o) => o.seq);
    assert.deepEqual(order(a), order(b));
    assert.deepEqual(order(a), order(v));
    assert.deepEqual([...order(a)].sort((x, y) => x - y), order(a), "in seq order");
  });

  it("[SR4] a viewer's op and a viewer's Yjs update are refused and never reach anyone", async () => {
    await assert.rejects(v.sync.op(verse("intruder")), /viewers cannot change/);
    const before = { a: a.sync.text("start").toString(), errors: v.sync.errors.length };
    v.sync.text("start").insert(0, "VIEWER WAS HERE ");
    await until(() => v.sync.errors.length > before.errors, 5_000, "the viewer's refusal");
    assert.equal(v.sync.errors.at(-1)?.code, "FORBIDDEN");
    // An editor's edit after it arrives everywhere, so the viewer's (earlier) one would have too.
    b.sync.text("left").insert(0, "marker");
    await b.sync.flushed();
    await until(() => a.sync.text("left").toString() === "marker", 5_000, "the editor's marker");
    assert.equal(a.sync.text("start").toString(), before.a);
    assert.doesNotMatch(b.sync.text("start").toString(), /VIEWER/);
  });

  it("[SR5] two editors typing into one Verse at once converge; acknowledged means stored", async () => {
    const ta = a.sync.text("start");
    const tb = b.sync.text("start");
    for (let i = 0; i < 20; i++) {
      ta.insert(ta.length, `a${i} `);
      tb.insert(0, `b${i} `);
    }
    await Promise.all([a.sync.flushed(), b.sync.flushed()]);
    await until(() => ta.toString() === tb.toString() && ta.toString().includes("a19") && ta.toString().includes("b19"), 5_000, "convergence");
    for (let i = 0; i < 20; i++) assert.ok(ta.toString().includes(`a${i} `) && ta.toString().includes(`b${i} `), `keystrokes ${i} kept`);
  });

  it("[SR6] prose over the per-Verse limit is refused before it is applied", async () => {
    const errors = a.sync.errors.length;
    // In pieces of a few KB (under any sane WS_MAX_PAYLOAD_BYTES): the seventh crosses 20,000.
    for (let i = 0; i < 6; i++) {
      a.sync.text("right").insert(0, "x".repeat(3_000));
      await a.sync.flushed();
    }
    a.sync.text("right").insert(0, "y".repeat(3_000));
    await until(() => a.sync.errors.length > errors, 5_000, "refusal");
    assert.match(a.sync.errors.at(-1)?.message ?? "", /at most 20000 characters/);
    await b.sync.op({ op: "verse.retitle", id: "right", title: "Right" });
    await until(() => b.sync.text("right").length === 18_000, 5_000, "the accepted pieces");
    assert.doesNotMatch(b.sync.text("right").toString(), /y/, "the piece over the limit never reached the others");
    // The refused piece stays only in the author's own copy: the editor view reloads the Verse from the room.
  });

  it("[SR7] publishing makes an immutable version with the prose, posted on the owner's wall with a song ref", async () => {
    assert.equal((await api(server, "POST", `/api/songs/${songId}/versions`, editor)).status, 404, "only the owner publishes");
    const pub = await api(server, "POST", `/api/songs/${songId}/versions`, owner);
    assert.equal(pub.status, 201, JSON.stringify(pub.body));
    const versionId = pub.body.id as string;
    const version = (await api(server, "GET", `/api/song-versions/${versionId}`, watcher)).body as unknown as VersionView;
    assert.equal(version.song.verses.find((x) => x.id === "start")?.prose, a.sync.text("start").toString());
    const list = (await api(server, "GET", `/api/songs/${songId}/versions`, watcher)).body as unknown as VersionList;
    assert.deepEqual(list.versions.map((x) => x.number), [1]);
    const wall = await api(server, "GET", `/api/walls/${owner.username}/posts`);
    const posts = wall.body.posts as Array<{ ref: { kind: string; id: string } | null }>;
    assert.deepEqual(posts[0]?.ref, { kind: "song", id: versionId });
    a.sync.text("start").insert(0, "after publishing ");
    await a.sync.flushed();
    const again = (await api(server, "GET", `/api/song-versions/${versionId}`, watcher)).body as unknown as VersionView;
    assert.doesNotMatch(again.song.verses.find((x) => x.id === "start")?.prose ?? "", /after publishing/, "the version does not change");
  });

  it("[SR8] solo reading: start, a mood-gated choice hidden at a neutral mood, choose, resume, restart", async () => {
    const versionId = ((await api(server, "GET", `/api/songs/${songId}/versions`, watcher)).body as unknown as VersionList).versions[0]?.id as string;
    const first = (await api(server, "GET", `/api/song-versions/${versionId}/reading`, watcher)).body as unknown as ReadingView;
    assert.equal(first.verse.id, "start");
    assert.equal(first.mood.source, "neutral", "no avatar in the world: neutral mood");
    assert.deepEqual(first.choices.map((c) => c.id), ["go-left"], "the joyful-only choice is hidden at a neutral mood");
    const chose = await api(server, "POST", `/api/song-versions/${versionId}/reading/choose`, watcher, { choice: "go-right" });
    assert.equal(chose.status, 400, "a hidden choice cannot be taken");
    const step = (await api(server, "POST", `/api/song-versions/${versionId}/reading/choose`, watcher, { choice: "go-left" })).body as unknown as ReadingView;
    assert.equal(step.verse.id, "left");
    assert.equal(step.state.ended, true);
    const resumed = (await api(server, "GET", `/api/song-versions/${versionId}/reading`, watcher)).body as unknown as ReadingView;
    assert.equal(resumed.verse.id, "left");
    assert.equal(resumed.resumed, true);
    const restarted = (await api(server, "POST", `/api/song-versions/${versionId}/reading/restart`, watcher)).body as unknown as ReadingView;
    assert.equal(restarted.verse.id, "start");
  });

  it("[SR9] removing a co-author takes effect live: their next edit is refused", async () => {
    assert.equal((await api(server, "DELETE", `/api/songs/${songId}/editors/${editor.username}`, owner)).status, 200);
    await until(() => b.room.state?.members?.get(b.room.sessionId)?.role === "viewer", 5_000, "the role change");
    await assert.rejects(b.sync.op(verse("late")), /viewers cannot change/);
  });

  it("[SR22] an unknown list view is 400 problem+json naming `view` and the allowed values, never the owner's own list", async () => {
    for (const bad of ["zzz", "Mine", ""]) {
      const res = await fetch(`${server.baseUrl}/api/songs?view=${encodeURIComponent(bad)}`, { headers: { authorization: `Bearer ${owner.token}` } });
      assert.equal(res.status, 400, `view=${bad}`);
      assert.match(res.headers.get("content-type") ?? "", /^application\/problem\+json/);
      const problem = (await res.json()) as { code: string; detail: string; errors: Array<{ path: string }> };
      assert.deepEqual([problem.code, problem.errors.map((e) => e.path)], ["BAD_INPUT", ["view"]], `view=${bad}`);
      assert.match(problem.detail, /mine.*shared.*published/, "the refusal names the allowed values");
    }
    assert.equal((await api(server, "GET", "/api/songs", owner)).status, 200, "no view: the caller's own Songs");
  });

  it("[SR10] an acknowledged edit survives kill -9 of the server", async () => {
    assert.equal(a.sync.outOfSync, true, "the owner's copy holds the refused piece of [SR6]");
    const fresh = await join(owner);
    await until(() => fresh.sync.text("left").toString() === "marker", 5_000, "the fresh copy");
    fresh.sync.text("left").insert(0, "written just before the crash");
    await fresh.sync.op({ op: "verse.retitle", id: "left", title: "Left, renamed" });
    await fresh.sync.flushed();
    assert.deepEqual(fresh.sync.errors, []);
    process.kill(server.pid, "SIGKILL");
    await server.exit;
    open.length = 0;
    server = await startTestServer({ transport: "uws", dataDir: server.dataDir, keepData: true });
    const again = await joinSong(server, owner.token, songId);
    open.push(again.room);
    const init = await again.init;
    assert.equal(init.song.verses.find((x) => x.id === "left")?.title, "Left, renamed");
    await until(() => again.sync.text("left").toString() === "written just before the crashmarker", 10_000, "the prose after restart").catch((e) => {
      throw new Error(`${e.message}: ${JSON.stringify(again.sync.text("left").toString())}`);
    });
    const detail = (await api(server, "GET", `/api/songs/${songId}`, owner)).body as unknown as SongDetail;
    assert.match(detail.draft.verses.find((x) => x.id === "start")?.prose ?? "", /a19/);
  });

  it("[SR11] a song that does not exist refuses the join", async () => {
    await assert.rejects(sdkClient(server, owner.token).joinOrCreate("song", { protocol: PROTOCOL_VERSION, songId: "nope" }), /no such song/);
    assert.ok(ServerMessage.SONG_INIT);
  });
});
