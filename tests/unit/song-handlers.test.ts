import assert from "node:assert/strict";
import type { Client } from "@colyseus/core";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as sync from "y-protocols/sync";
import * as Y from "yjs";
import { ErrorCode, ServerMessage } from "../../schema/protocol.ts";
import type { SongAck, SongOpApplied, SongRole, SongWarnings } from "../../schema/replies/song.ts";
import type { Song } from "../../schema/song/model.ts";
import type { SongOp } from "../../schema/song/ops.ts";
import { DomainError } from "../../server/core/errors.ts";
import { emptySong } from "../../server/domain/song/index.ts";
import { forgetAwareness, MAX_AWARENESS_IDS_PER_CLIENT, songAwareness } from "../../server/handlers/song/awareness.ts";
import type { SongChange, SongRoomView } from "../../server/handlers/song/context.ts";
import { songOp, VARIABLE_OP_BUDGET } from "../../server/handlers/song/op.ts";
import { TokenBucket } from "../../server/core/token-bucket.ts";
import { songYjs } from "../../server/handlers/song/yjs.ts";
import { createLogger } from "../../server/core/logger.ts";

const log = createLogger({ level: "silent" });

/** A client as the handlers see it: a session id (the role comes from the fake room). */
const client = (sessionId: string) => ({ sessionId }) as unknown as Client;

/** Everything a handler did, in order, and a log whose appends the test settles by hand. */
class FakeRoom implements SongRoomView {
  readonly songId = "s1";
  song: Song = emptySong("Test");
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly awarenessOwners = new Map<number, string>();
  readonly variableOps = new TokenBucket(VARIABLE_OP_BUDGET, 0);
  readonly roles = new Map<string, SongRole | null>();
  readonly events: string[] = [];
  readonly appended: { seq: number; change: SongChange }[] = [];
  readonly relayed: { type: string; except?: string }[] = [];
  /** The bytes of each relay, in the same order. */
  readonly relayedBytes: Uint8Array[] = [];
  readonly acks: SongAck[] = [];
  /** Appends wait for release() when hold is true (to see what happens before storage). */
  hold = false;
  #held: (() => void)[] = [];
  #seq = 0;
  #updates = new Map<string, number>();

  constructor() {
    this.awareness.setLocalState(null);
  }
  roleOf(c: Client): SongRole | null {
    return this.roles.get(c.sessionId) ?? null;
  }
  commit(): number {
    return ++this.#seq;
  }
  append(seq: number, change: SongChange): Promise<void> {
    this.events.push(`append ${seq}`);
    this.appended.push({ seq, change });
    if (!this.hold) return Promise.resolve();
    return new Promise((resolve) => this.#held.push(resolve));
  }
  release(): void {
    for (const r of this.#held.splice(0)) r();
  }
  broadcastOp(applied: SongOpApplied): void {
    this.events.push(`broadcast ${applied.seq}`);
  }
  sendWarnings(w: SongWarnings): void {
    this.events.push(`warnings ${w.seq}`);
  }
  ack(_c: Client, ack: SongAck): void {
    this.events.push(`ack ${ack.seq}`);
    this.acks.push(ack);
  }
  relay(type: string, bytes: Uint8Array, except?: Client): void {
    this.events.push(`relay ${type}`);
    this.relayedBytes.push(bytes);
    this.relayed.push({ type, ...(except ? { except: except.sessionId } : {}) });
  }
  relayUpdate(_update: Uint8Array, from: Client): void {
    this.relay(ServerMessage.SONG_YJS, _update, from);
  }
  sendBytes(_c: Client, type: string): void {
    this.events.push(`send ${type}`);
  }
  countUpdate(c: Client): number {
    const n = (this.#updates.get(c.sessionId) ?? 0) + 1;
    this.#updates.set(c.sessionId, n);
    return n;
  }
  displayNameOf(c: Client): string {
    return `name-${c.sessionId}`;
  }
}

const ctx = (room: FakeRoom, c: Client) => ({ room, client: c, log, now: 0 });
const verse = (id: string): SongOp => ({ op: "verse.add", id, title: `Verse ${id}`, x: 0, y: 0 }) as SongOp;

/** A y-protocols update message that inserts `text` into the Verse `id` (made on a copy of the room's doc). */
function insertMessage(room: FakeRoom, id: string, text: string): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc));
  const before = Y.encodeStateVector(copy);
  copy.getText(id).insert(0, text);
  const enc = encoding.createEncoder();
  sync.writeUpdate(enc, Y.encodeStateAsUpdate(copy, before));
  return encoding.toUint8Array(enc);
}

async function refused(p: Promise<unknown> | unknown, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(
    Promise.resolve().then(() => p),
    (e: unknown) => e instanceof DomainError && e.code === code && (!message || message.test(e.message)),
  );
}

describe("song room handlers (fake room)", () => {
  let room: FakeRoom;
  const owner = client("own");
  const editor = client("ed");
  const viewer = client("view");
  beforeEach(() => {
    room = new FakeRoom();
    room.roles.set("own", "owner");
    room.roles.set("ed", "editor");
    room.roles.set("view", "viewer");
  });

  it("[SG74] an editor's op is applied, broadcast and warned at once, and acknowledged only once stored", async () => {
    room.hold = true;
    const done = songOp(ctx(room, editor), { op: verse("a"), requestId: "r1" });
    await Promise.resolve();
    assert.deepEqual(room.events, ["broadcast 1", "warnings 1", "append 1"], "others see it before it is stored; no ack yet");
    assert.equal(room.song.verses[0]?.id, "a");
    room.release();
    await done;
    assert.deepEqual(room.events.at(-1), "ack 1");
    assert.equal(room.acks[0]?.requestId, "r1");
  });

  it("[SG71] ops are applied in the order received, each with the next seq", async () => {
    await Promise.all([songOp(ctx(room, owner), { op: verse("a") }), songOp(ctx(room, editor), { op: verse("b") }), songOp(ctx(room, owner), { op: verse("c") })]);
    assert.deepEqual(
      room.song.verses.map((v) => v.id),
      ["a", "b", "c"],
    );
    assert.deepEqual(
      room.appended.map((a) => a.seq),
      [1, 2, 3],
    );
  });

  it("[SG70] a viewer's op, and an op from someone whose role was withdrawn, is FORBIDDEN and changes nothing", async () => {
    await refused(songOp(ctx(room, viewer), { op: verse("x") }), ErrorCode.FORBIDDEN);
    room.roles.set("ed", null);
    await refused(songOp(ctx(room, editor), { op: verse("x") }), ErrorCode.FORBIDDEN);
    assert.equal(room.song.verses.length, 0);
    assert.deepEqual(room.events, []);
  });

  it("[SG72] prose by op is refused (prose is Yjs), and an engine refusal stores nothing", async () => {
    await refused(songOp(ctx(room, editor), { op: { op: "verse.prose", id: "a", prose: "hi" } as SongOp }), ErrorCode.BAD_INPUT, /song:y/);
    await refused(songOp(ctx(room, editor), { op: { ...verse("a"), prose: "hi" } as SongOp }), ErrorCode.BAD_INPUT);
    await refused(songOp(ctx(room, editor), { op: { op: "verse.delete", id: "nope" } as SongOp }), ErrorCode.BAD_INPUT);
    assert.deepEqual(room.events, []);
  });

  it("[SG70] a viewer's Yjs update is refused before it touches the document and is never relayed; its step 1 is answered", async () => {
    await refused(songYjs(ctx(room, viewer), insertMessage(room, "a", "VIEWER")), ErrorCode.FORBIDDEN);
    assert.equal(room.doc.getText("a").toString(), "");
    assert.deepEqual(room.relayed, []);
    const enc = encoding.createEncoder();
    sync.writeSyncStep1(enc, new Y.Doc());
    await songYjs(ctx(room, viewer), encoding.toUint8Array(enc));
    assert.deepEqual(room.events, [`send ${ServerMessage.SONG_YJS}`]);
  });

  it("[SG74] an editor's update is applied, relayed to the others, stored, then acknowledged with the count so far", async () => {
    await songYjs(ctx(room, editor), insertMessage(room, "a", "hello"));
    await songYjs(ctx(room, editor), insertMessage(room, "a", "why "));
    assert.equal(room.doc.getText("a").toString(), "why hello");
    assert.deepEqual(room.relayed, [
      { type: ServerMessage.SONG_YJS, except: "ed" },
      { type: ServerMessage.SONG_YJS, except: "ed" },
    ]);
    assert.deepEqual(
      room.acks.map((a) => [a.seq, a.updates]),
      [
        [1, 1],
        [2, 2],
      ],
    );
    assert.deepEqual(room.events.slice(0, 3), [`relay ${ServerMessage.SONG_YJS}`, "append 1", "ack 1"]);
  });

  it("[SG72] prose limit: an update that would make a Verse longer than 20,000 characters is refused and not applied", async () => {
    await songYjs(ctx(room, editor), insertMessage(room, "a", "x".repeat(19_990)));
    await refused(songYjs(ctx(room, editor), insertMessage(room, "a", "y".repeat(20))), ErrorCode.BAD_INPUT, /20000 characters/);
    assert.equal(room.doc.getText("a").length, 19_990);
    assert.equal(room.relayed.length, 1);
  });

  it("[SG72] only text: a map entry is refused; garbage is BAD_INPUT", async () => {
    const copy = new Y.Doc();
    copy.getMap("m").set("k", 1);
    const enc = encoding.createEncoder();
    sync.writeUpdate(enc, Y.encodeStateAsUpdate(copy));
    await refused(songYjs(ctx(room, editor), encoding.toUint8Array(enc)), ErrorCode.BAD_INPUT, /map entries/);
    await refused(songYjs(ctx(room, editor), new Uint8Array([0xff, 0xff])), ErrorCode.BAD_INPUT);
    await refused(songYjs(ctx(room, editor), new Uint8Array([7, 0])), ErrorCode.BAD_INPUT);
  });

  it("[SG79] formatting marks are refused: their values count toward no limit and would stay in the Song for good", async () => {
    await songYjs(ctx(room, editor), insertMessage(room, "a", "hello"));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc));
    const before = Y.encodeStateVector(copy);
    copy.getText("a").format(0, 3, { bold: "x".repeat(30_000) });
    const enc = encoding.createEncoder();
    sync.writeUpdate(enc, Y.encodeStateAsUpdate(copy, before));
    await refused(songYjs(ctx(room, editor), encoding.toUint8Array(enc)), ErrorCode.BAD_INPUT, /plain text/);
    // An insert carrying a mark is refused whole, its characters included.
    const marked = new Y.Doc();
    Y.applyUpdate(marked, Y.encodeStateAsUpdate(room.doc));
    const at = Y.encodeStateVector(marked);
    marked.getText("a").insert(5, "!", { italic: true });
    const withMark = encoding.createEncoder();
    sync.writeUpdate(withMark, Y.encodeStateAsUpdate(marked, at));
    await refused(songYjs(ctx(room, editor), encoding.toUint8Array(withMark)), ErrorCode.BAD_INPUT, /plain text/);
    assert.equal(room.doc.getText("a").toString(), "hello");
    assert.deepEqual(room.doc.getText("a").toDelta(), [{ insert: "hello" }]);
  });

  it("[SG83] variable ops have a room-wide allowance (each re-analyses the whole Song): past it RATE_LIMITED, changing nothing; other ops go on", async () => {
    const declare = (i: number) => ({ op: "var.declare" as const, name: `v${i}`, spec: { type: "number" as const, default: 0, min: 0, max: 9 } });
    const at = (now: number, who: Client, op: Parameters<typeof songOp>[1]["op"]) => songOp({ ...ctx(room, who), now }, { op });
    for (let i = 0; i < VARIABLE_OP_BUDGET.burst; i++) await at(0, i % 2 ? owner : editor, declare(i));
    await refused(at(0, owner, declare(99)), ErrorCode.RATE_LIMITED);
    await refused(at(0, editor, declare(98)), ErrorCode.RATE_LIMITED, /variables change/);
    assert.equal(room.song.variables.length, VARIABLE_OP_BUDGET.burst, "nothing was applied past the allowance");
    await at(0, editor, verse("a"));
    assert.ok(room.song.verses.some((v) => v.id === "a"), "structure ops are not counted");
    await at(1000 / VARIABLE_OP_BUDGET.perSecond, owner, declare(97));
    assert.equal(room.song.variables.length, VARIABLE_OP_BUDGET.burst + 1, "the allowance refills");
  });

  it("[SG73] awareness: a client speaks for its own ids only (no spoofing); its cursors go when it leaves", () => {
    const mine = new awarenessProtocol.Awareness(new Y.Doc());
    mine.setLocalState({ user: { name: "ed" }, verse: "a" });
    const update = awarenessProtocol.encodeAwarenessUpdate(mine, [mine.clientID]);
    songAwareness(ctx(room, editor), update);
    assert.equal(room.awarenessOwners.get(mine.clientID), "ed");
    assert.throws(() => songAwareness(ctx(room, viewer), update), (e: unknown) => e instanceof DomainError && e.code === ErrorCode.FORBIDDEN);
    assert.deepEqual(room.relayed, [{ type: ServerMessage.SONG_AWARENESS, except: "ed" }]);
    assert.ok(forgetAwareness(room, editor));
    assert.equal(room.awarenessOwners.size, 0);
    assert.equal(room.awareness.getStates().has(mine.clientID), false);
    assert.throws(() => songAwareness(ctx(room, editor), new Uint8Array([9])), DomainError);
  });

  it("[SG82] a connection may introduce only a few awareness ids: inventing new ones cannot grow the room's owner map", () => {
    const introduce = () => {
      const one = new awarenessProtocol.Awareness(new Y.Doc());
      one.setLocalState({ verse: "a" });
      songAwareness(ctx(room, editor), awarenessProtocol.encodeAwarenessUpdate(one, [one.clientID]));
      return one;
    };
    const kept = Array.from({ length: MAX_AWARENESS_IDS_PER_CLIENT }, introduce);
    assert.throws(introduce, (e: unknown) => e instanceof DomainError && e.code === ErrorCode.BAD_INPUT && /awareness ids/.test(e.message));
    assert.equal(room.awarenessOwners.size, MAX_AWARENESS_IDS_PER_CLIENT);
    // Updating an id it already holds still works, and another client has its own allowance.
    const first = kept[0] as awarenessProtocol.Awareness;
    first.setLocalState({ verse: "b" });
    songAwareness(ctx(room, editor), awarenessProtocol.encodeAwarenessUpdate(first, [first.clientID]));
    const theirs = new awarenessProtocol.Awareness(new Y.Doc());
    theirs.setLocalState({ verse: "a" });
    songAwareness(ctx(room, viewer), awarenessProtocol.encodeAwarenessUpdate(theirs, [theirs.clientID]));
    assert.equal(room.awarenessOwners.size, MAX_AWARENESS_IDS_PER_CLIENT + 1);
  });

  it("[SG76] awareness names come from the session: a cursor cannot wear another author's name", () => {
    const mine = new awarenessProtocol.Awareness(new Y.Doc());
    mine.setLocalState({ user: { name: "name-own", color: "#e11" }, cursor: null });
    songAwareness(ctx(room, editor), awarenessProtocol.encodeAwarenessUpdate(mine, [mine.clientID]));
    assert.deepEqual(room.awareness.getStates().get(mine.clientID)?.user, { name: "name-ed", color: "#e11" }, "kept for late joiners");
    const seen = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(seen, room.relayedBytes.at(-1)!, "test");
    assert.equal(seen.getStates().get(mine.clientID)?.user.name, "name-ed", "the others get the sender's own name");
  });

  it("[SG86] an awareness cursor must be two Yjs relative positions: one that the others' editors cannot resolve is BAD_INPUT and reaches nobody", () => {
    const text = room.doc.getText("a");
    text.insert(0, "hello");
    const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 2));
    const send = (head: unknown): number => {
      const mine = new awarenessProtocol.Awareness(new Y.Doc());
      mine.setLocalState({ user: { name: "ed", color: "#e11" }, cursor: { anchor: at, head } });
      songAwareness(ctx(room, editor), awarenessProtocol.encodeAwarenessUpdate(mine, [mine.clientID]));
      return mine.clientID;
    };
    for (const head of [7, "x", [], { type: {} }, { item: { client: "x", clock: 1 } }, { assoc: "x" }, { assoc: -1 }, {}, { tname: {} }]) {
      assert.throws(
        () => send(head),
        (e: unknown) => e instanceof DomainError && e.code === ErrorCode.BAD_INPUT && /cursor/.test(e.message),
        JSON.stringify(head),
      );
    }
    assert.deepEqual(room.relayed, [], "nothing malformed was relayed");
    assert.equal(room.awarenessOwners.size, 0, "nor kept");
    // What editors send (y-codemirror's fields) passes, and resolves where the others read it.
    const id = send(at);
    const seen = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(seen, room.relayedBytes.at(-1)!, "test");
    const head = seen.getStates().get(id)?.cursor?.head;
    assert.equal(Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(head), room.doc)?.index, 2);
  });

  it("[SG77] an awareness update whose state is not JSON is BAD_INPUT (a refusal, not a server error)", () => {
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, 1);
    encoding.writeVarUint(enc, 4242);
    encoding.writeVarUint(enc, 1);
    encoding.writeVarString(enc, "{not json");
    assert.throws(
      () => songAwareness(ctx(room, editor), encoding.toUint8Array(enc)),
      (e: unknown) => e instanceof DomainError && e.code === ErrorCode.BAD_INPUT,
    );
    assert.equal(room.awarenessOwners.size, 0);
  });

  it("[SG78] a deletion of characters the room never had is refused: it would be kept (a pending delete set) and grow the Song forever", async () => {
    await songYjs(ctx(room, editor), insertMessage(room, "a", "hello"));
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, 0); // no structs
    encoding.writeVarUint(enc, 1); // one client in the delete set...
    encoding.writeVarUint(enc, 999_999); // ...that never wrote here
    encoding.writeVarUint(enc, 2000);
    for (let i = 0; i < 2000; i++) {
      encoding.writeVarUint(enc, i * 2);
      encoding.writeVarUint(enc, 1);
    }
    const junk = encoding.createEncoder();
    sync.writeUpdate(junk, encoding.toUint8Array(enc));
    await refused(songYjs(ctx(room, editor), encoding.toUint8Array(junk)), ErrorCode.CONFLICT);
    assert.equal(room.doc.store.pendingDs, null, "nothing kept");
    // A real deletion (of characters the room has) still applies.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc));
    const before = Y.encodeStateVector(copy);
    copy.getText("a").delete(0, 2);
    const del = encoding.createEncoder();
    sync.writeUpdate(del, Y.encodeStateAsUpdate(copy, before));
    await songYjs(ctx(room, editor), encoding.toUint8Array(del));
    assert.equal(room.doc.getText("a").toString(), "llo");
  });
});
