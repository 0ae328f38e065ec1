import assert from "node:assert/strict";
import { CloseCode, ErrorCode, PROTOCOL_VERSION, RoomName, ServerMessage, SongReadMessage } from "../../schema/protocol.ts";
import type { SongReadDecided } from "../../schema/replies/song.ts";
import { seededTiebreak } from "../../server/domain/song/index.ts";
import { bearer, register, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { api } from "../helpers/http.ts";
import { grantAdmin } from "../helpers/admin.ts";
import { type AnyRoom, leaveCode, leaveQuietly, sdkClient, untilState } from "../helpers/sdk.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { publishStory } from "../helpers/song-publish.ts";
import { joinSong, until } from "../helpers/song-room.ts";

/** Votes wait this long: long enough for three local clients, short enough for a test. */
const VOTE_MS = 3_000;

interface ReadClient {
  room: AnyRoom;
  decided: SongReadDecided[];
  errors: { code: string; message: string }[];
}

const choicesOf = (c: ReadClient): string[] => [...c.room.state.choices].map((x: { id: string }) => x.id);

describe("the song-read room: a group reads a published version (real server)", function () {
  this.timeout(120_000);
  let server: TestServer;
  let owner: TestAccount;
  let readers: TestAccount[];
  let songId = "";
  let versionId = "";
  const open: AnyRoom[] = [];

  const read = async (who: TestAccount, id = versionId): Promise<ReadClient> => {
    const room = await sdkClient(server, who.token).joinOrCreate(RoomName.SONG_READ, { protocol: PROTOCOL_VERSION, versionId: id });
    open.push(room);
    const c: ReadClient = { room, decided: [], errors: [] };
    room.onMessage(ServerMessage.SONG_READ_DECIDED, (m: SongReadDecided) => c.decided.push(m));
    room.onMessage(ServerMessage.ERROR, (m: { code: string; message: string }) => c.errors.push(m));
    await untilState(room, () => room.state.verseId !== "" && room.state.verseId !== undefined, 5_000, "the first Verse");
    return c;
  };
  const step = (c: ReadClient) => c.room.state.step as number;
  /** Resolves with the decision of `atStep` once this client has it. */
  const decidedAt = async (c: ReadClient, atStep: number): Promise<SongReadDecided> => {
    await until(() => c.decided.some((d) => d.step === atStep), VOTE_MS * 4, `the vote of step ${atStep}`);
    return c.decided.find((d) => d.step === atStep)!;
  };
  const vote = (c: ReadClient, choice: string) => c.room.send(SongReadMessage.VOTE, { choice });

  before(async () => {
    server = await startTestServer({ transport: "uws", env: { SONG_VOTE_MS: String(VOTE_MS) } });
    const accounts = await Promise.all(["sgro", "rd1", "rd2", "rd3", "rd4"].map((n) => register(server, uniqueName(n))));
    owner = accounts[0]!;
    readers = accounts.slice(1);
    songId = (await api(server, "POST", "/api/songs", owner, { title: "Three Doors" })).body.id as string;
    const w = await joinSong(server, owner.token, songId);
    open.push(w.room);
    await w.init;
    const verse = (id: string) => ({ op: "verse.add" as const, id, title: `Verse ${id}`, x: 0, y: 0 });
    for (const id of ["start", "a", "b", "joy"]) await w.sync.op(verse(id));
    await w.sync.op({ op: "choice.add", verse: "start", id: "go-a", label: "door A", target: "a" });
    await w.sync.op({ op: "choice.add", verse: "start", id: "go-b", label: "door B", target: "b" });
    await w.sync.op({ op: "choice.add", verse: "start", id: "go-joy", label: "the bright door", target: "joy", condition: "mood.p > 0.3" });
    await w.sync.op({ op: "choice.add", verse: "a", id: "back", label: "back", target: "start" });
    await w.sync.op({ op: "verse.ending", id: "b", ending: true });
    await w.sync.op({ op: "verse.ending", id: "joy", ending: true });
    w.sync.text("start").insert(0, "Three doors stand before you.");
    await w.sync.flushed();
    const pub = await api(server, "POST", `/api/songs/${songId}/versions`, owner);
    assert.equal(pub.status, 201, JSON.stringify(pub.body));
    versionId = pub.body.id as string;
  });
  after(async () => {
    await Promise.all(open.map(leaveQuietly));
    await server.stop();
  });

  let r1: ReadClient;
  let r2: ReadClient;
  let r3: ReadClient;
  let r4: ReadClient;

  it("[SR12] three readers see the same Verse with the choices the room's neutral mood allows; the majority wins", async () => {
    [r1, r2, r3] = (await Promise.all(readers.slice(0, 3).map((r) => read(r)))) as [ReadClient, ReadClient, ReadClient];
    for (const c of [r1, r2, r3]) {
      assert.equal(c.room.state.verseId, "start");
      assert.deepEqual(choicesOf(c), ["go-a", "go-b"], "the joyful-only choice is hidden at a neutral mood");
      assert.ok(c.room.state.deadline > 0, "a deadline for the timer");
      assert.equal(c.room.state.mood, "neutral");
    }
    vote(r1, "go-a");
    vote(r2, "go-a");
    vote(r3, "go-b");
    const d = await decidedAt(r3, 0);
    assert.equal(d.winner, "go-a");
    assert.equal(d.verse, "a");
    await untilState(r2.room, () => r2.room.state.verseId === "a", 5_000, "everyone at Verse a");
    assert.deepEqual(choicesOf(r2), ["back"]);
  });

  it("[SR13] a late joiner sees the current Verse, its choices and the votes cast so far", async () => {
    vote(r1, "back");
    await untilState(r1.room, () => r1.room.state.choices[0]?.votes === 1, 5_000, "one vote counted");
    r4 = await read(readers[3]!);
    assert.equal(r4.room.state.verseId, "a");
    assert.equal(step(r4), 1);
    assert.deepEqual(choicesOf(r4), ["back"]);
    assert.equal(r4.room.state.choices[0].votes, 1);
    vote(r2, "back");
    vote(r3, "back");
    vote(r4, "back");
    assert.equal((await decidedAt(r4, 1)).verse, "start", "decided once all four voted");
  });

  it("[SR14] the timer decides without every vote, and a tie is broken by the seeded tie-break", async () => {
    await untilState(r1.room, () => r1.room.state.verseId === "start" && r1.room.state.choices.length === 2, 5_000, "back at the start");
    vote(r1, "go-a");
    vote(r2, "go-b");
    // r3 and r4 do not vote: only the deadline can decide.
    const d = await decidedAt(r1, 2);
    assert.deepEqual(d.tied, ["go-a", "go-b"]);
    const expected = ["go-a", "go-b"][seededTiebreak(`${versionId}:2`)(2)];
    assert.equal(d.winner, expected, "the same winner on every run and every process");
    assert.deepEqual(
      d.counts.map((c) => c.votes),
      [1, 1],
    );
  });

  it("[SR15] a vote for a hidden (mood-gated) or unknown choice is refused; an ending offers no vote until a restart", async () => {
    await untilState(r1.room, () => r1.room.state.step === 3, 5_000, "the tie's Verse");
    if (r1.room.state.verseId === "a") {
      for (const c of [r1, r2, r3, r4]) vote(c, "back");
      await decidedAt(r1, 3);
      await untilState(r1.room, () => r1.room.state.verseId === "start", 5_000, "start again");
    }
    const before = r1.errors.length;
    if (r1.room.state.verseId === "start") {
      vote(r1, "go-joy");
      await until(() => r1.errors.length > before, 5_000, "a refusal");
      assert.equal(r1.errors.at(-1)?.code, ErrorCode.BAD_INPUT);
      const at = step(r1);
      for (const c of [r1, r2, r3, r4]) vote(c, "go-b");
      await decidedAt(r1, at);
    }
    await untilState(r1.room, () => r1.room.state.ending === true, 5_000, "the ending");
    assert.equal(r1.room.state.deadline, 0, "no timer at an ending");
    assert.equal(r1.room.state.choices.length, 0);
    r2.room.send(SongReadMessage.RESTART, {});
    await untilState(r1.room, () => r1.room.state.verseId === "start" && r1.room.state.step === 0, 5_000, "restarted");
    assert.ok(r1.room.state.deadline > 0);
  });

  it("[SR16] only published versions open: a draft's id, an unknown id and bad options are refused", async () => {
    await assert.rejects(read(readers[0]!, songId), /no such version/);
    await assert.rejects(read(readers[0]!, "nope"), /no such version/);
    await assert.rejects(sdkClient(server, readers[0]!.token).joinOrCreate(RoomName.SONG_READ, { protocol: PROTOCOL_VERSION }), /which version/);
    await assert.rejects(sdkClient(server, "not-a-token").joinOrCreate(RoomName.SONG_READ, { protocol: PROTOCOL_VERSION, versionId }));
  });

  it("[SR17] votes have a per-client budget: a burst past it is refused RATE_LIMITED", async () => {
    const before = r3.errors.length;
    for (let i = 0; i < 12; i++) vote(r3, "go-a");
    await until(() => r3.errors.slice(before).some((e) => e.code === ErrorCode.RATE_LIMITED), 5_000, "a rate-limit refusal");
  });

  it("[SR20] the reading room is an actor like the others: a banned reader is dropped at once (kick push) and stops counting", async () => {
    const admin = await register(server, uniqueName("rdadm"));
    await grantAdmin(server, admin);
    const code = leaveCode(r4.room, 5_000);
    const res = await fetch(`${server.baseUrl}/api/admin/users/${readers[3]!.username}/ban`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(admin) },
      body: JSON.stringify({ reason: "test ban" }),
    });
    assert.equal(res.status, 204);
    assert.equal(await code, CloseCode.BANNED);
    await untilState(r1.room, () => r1.room.state.readers.size === 3, 5_000, "three readers left");
  });
});

describe("the song-read room: what a together view shows (real server, a long vote)", function () {
  this.timeout(60_000);
  let server: TestServer;
  const open: AnyRoom[] = [];
  let versionId = "";
  let readers: TestAccount[] = [];

  before(async () => {
    // A vote long enough that only every reader voting decides it within the test.
    server = await startTestServer({ transport: "uws", env: { SONG_VOTE_MS: "60000" } });
    const [owner, ...rest] = await Promise.all(["sgto", "tg1", "tg2"].map((n) => register(server, uniqueName(n))));
    readers = rest;
    ({ versionId } = await publishStory(server, owner!, {
      title: "Two Roads",
      verses: [
        { id: "fork", title: "The fork", prose: "Two roads part in a wood." },
        { id: "left", title: "The left road", ending: true },
        { id: "right", title: "The right road", ending: true },
      ],
      choices: [
        { verse: "fork", id: "go-left", label: "the left road", target: "left" },
        { verse: "fork", id: "go-right", label: "the right road", target: "right" },
      ],
    }));
  });
  after(async () => {
    await Promise.all(open.map(leaveQuietly));
    await server.stop();
  });

  it("[SR21] the server counts the timer down in whole seconds; every reader sees who voted for which choice; both reset on the next Verse", async () => {
    const [a, b] = await Promise.all(
      readers.map(async (who) => {
        const room = await sdkClient(server, who.token).joinOrCreate(RoomName.SONG_READ, { protocol: PROTOCOL_VERSION, versionId });
        open.push(room);
        room.onMessage(ServerMessage.SONG_READ_DECIDED, () => undefined);
        await untilState(room, () => room.state.verseId === "fork" && room.state.readers.size === 2, 5_000, "both readers at the fork");
        return room;
      }),
    );
    assert.ok(a && b);
    const first = a.state.secondsLeft as number;
    assert.ok(first > 0 && first <= 60, `a countdown within the vote (${first})`);
    await untilState(a, () => (a.state.secondsLeft as number) < first, 5_000, "the countdown moving");
    a.send(SongReadMessage.VOTE, { choice: "go-right" });
    const aId = readers[0]!.userId;
    const readerAt = (room: AnyRoom, userId: string) => [...room.state.readers.values()].find((r: { userId: string }) => r.userId === userId);
    await untilState(b, () => readerAt(b, aId)?.choice === "go-right", 5_000, "a's choice seen by b");
    assert.equal(readerAt(b, aId)?.voted, true);
    assert.equal(readerAt(b, readers[1]!.userId)?.choice, "", "b has not voted");
    b.send(SongReadMessage.VOTE, { choice: "go-right" });
    await untilState(a, () => a.state.verseId === "right", 5_000, "decided once both voted");
    await untilState(a, () => [...a.state.readers.values()].every((r: { choice: string; voted: boolean }) => r.choice === "" && !r.voted), 5_000, "votes cleared");
    assert.equal(a.state.ending, true);
    assert.equal(a.state.secondsLeft, 0, "no timer at an ending");
  });
});
