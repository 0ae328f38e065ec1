import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as sync from "y-protocols/sync";
import * as Y from "yjs";
import { type ErrorMessage, ServerMessage, SongMessage } from "#schema/protocol.ts";
import type { SongAck } from "#schema/replies/song.ts";
import type { SongOp } from "#schema/song/ops.ts";

/** What SongSync needs of a room: the SDK Room fits; tests may pass a fake. */
export interface BytesRoom {
  send(type: string, message: unknown): void;
  sendBytes(type: string, bytes: Uint8Array): void;
  onMessage(type: string, cb: (payload: never) => void): unknown;
  /** The SDK Room's leave signal: what is still unanswered then never will be. */
  onLeave?(cb: (code: number) => void): unknown;
}

/** Why an op or a wait failed: the connection closed before the room answered it. */
export const CLOSED_BEFORE_ANSWER = "The connection closed before the Song answered: reopen it to see whether that change was kept.";

/** An op or wait the room never answered because it left first (the leave's own words say what it means). */
export class ClosedBeforeAnswer extends Error {
  constructor() {
    super(CLOSED_BEFORE_ANSWER);
    this.name = "ClosedBeforeAnswer";
  }
}

const REMOTE = "remote";

/**
 * The client side of a `song` room's prose: a Y.Doc kept in sync over `song:y` bytes
 * (y-protocols sync), awareness over `song:aw`, and structural ops over `song:op` with
 * acknowledgements. No DOM, no Phaser: the editor view and the tests share it.
 */
export class SongSync {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Non-empty updates sent, and how many the room said it stored. */
  #sent = 0;
  #acked = 0;
  /** Updates the room refused (a viewer's, over a limit): settled, never stored. */
  #refused = 0;
  #waiters: Array<{ upTo: number; resolve: () => void; reject: (e: Error) => void }> = [];
  /** Set once the room left: ops and waits are refused at once instead of waiting forever. */
  #closed = false;
  /** Ops still unanswered when the room left: never confirmed, so still counted as unconfirmed. */
  #opsUnansweredAtClose = 0;
  #pendingOps = new Map<string, { resolve: (seq: number) => void; reject: (e: Error) => void }>();
  #nextRequest = 0;
  readonly errors: ErrorMessage[] = [];
  /**
   * True once the room refused one of our updates: later local edits build on it and can
   * never apply there, so the view should reopen the Song with a fresh document.
   */
  outOfSync = false;

  constructor(
    private readonly room: BytesRoom,
    doc: Y.Doc = new Y.Doc(),
  ) {
    this.doc = doc;
    this.awareness = new awarenessProtocol.Awareness(doc);
    room.onMessage(ServerMessage.SONG_YJS, ((bytes: Uint8Array) => this.#onSync(bytes)) as (p: never) => void);
    room.onMessage(ServerMessage.SONG_AWARENESS, ((bytes: Uint8Array) => awarenessProtocol.applyAwarenessUpdate(this.awareness, bytes, REMOTE)) as (p: never) => void);
    room.onMessage(ServerMessage.SONG_ACK, ((ack: SongAck) => this.#onAck(ack)) as (p: never) => void);
    room.onMessage(ServerMessage.ERROR, ((e: ErrorMessage) => this.#onError(e)) as (p: never) => void);
    room.onLeave?.(() => this.#onClosed());
    doc.on("update", this.#onLocalUpdate);
    this.awareness.on("update", this.#onLocalAwareness);
    const enc = encoding.createEncoder();
    sync.writeSyncStep1(enc, doc);
    room.sendBytes(SongMessage.YJS, encoding.toUint8Array(enc));
  }

  /** Resolves when the room has answered every update sent so far: stored (acknowledged = persisted) or refused (see `errors`). */
  flushed(): Promise<void> {
    if (this.#acked + this.#refused >= this.#sent) return Promise.resolve();
    if (this.#closed) return Promise.reject(new ClosedBeforeAnswer());
    return new Promise((resolve, reject) => this.#waiters.push({ upTo: this.#sent, resolve, reject }));
  }

  /** Sends a structural op; resolves with its seq once stored, rejects with the room's refusal. */
  op(op: SongOp): Promise<number> {
    const requestId = `op${++this.#nextRequest}`;
    if (this.#closed) return Promise.reject(new ClosedBeforeAnswer());
    return new Promise((resolve, reject) => {
      this.#pendingOps.set(requestId, { resolve, reject });
      this.room.send(SongMessage.OP, { op, requestId });
    });
  }

  /** Changes sent that the room has neither acknowledged (stored) nor refused: prose updates and ops. */
  get unconfirmed(): number {
    return Math.max(0, this.#sent - this.#acked - this.#refused) + this.#pendingOps.size + this.#opsUnansweredAtClose;
  }

  text(verseId: string): Y.Text {
    return this.doc.getText(verseId);
  }

  destroy(): void {
    this.doc.off("update", this.#onLocalUpdate);
    this.awareness.off("update", this.#onLocalAwareness);
    this.awareness.destroy();
  }

  #onSync(bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(new Uint8Array(bytes));
    const type = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (type === sync.messageYjsSyncStep1) {
      const update = Y.encodeStateAsUpdate(this.doc, payload);
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, sync.messageYjsSyncStep2);
      encoding.writeVarUint8Array(enc, update);
      if (!isEmpty(update)) this.#sent++;
      this.room.sendBytes(SongMessage.YJS, encoding.toUint8Array(enc));
      return;
    }
    Y.applyUpdate(this.doc, payload, REMOTE);
  }

  readonly #onLocalUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === REMOTE) return;
    const enc = encoding.createEncoder();
    sync.writeUpdate(enc, update);
    this.#sent++;
    this.room.sendBytes(SongMessage.YJS, encoding.toUint8Array(enc));
  };

  readonly #onLocalAwareness = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    if (origin === REMOTE) return;
    const ids = [...changes.added, ...changes.updated, ...changes.removed].filter((id) => id === this.doc.clientID);
    if (ids.length === 0) return;
    this.room.sendBytes(SongMessage.AWARENESS, awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  };

  #onAck(ack: SongAck): void {
    if (ack.requestId) {
      const p = this.#pendingOps.get(ack.requestId);
      this.#pendingOps.delete(ack.requestId);
      p?.resolve(ack.seq);
    }
    if (ack.updates !== undefined) {
      this.#acked = Math.max(this.#acked, ack.updates);
      this.#settle();
    }
  }

  #settle(): void {
    const settled = this.#acked + this.#refused;
    const done = this.#waiters.filter((w) => w.upTo <= settled);
    this.#waiters = this.#waiters.filter((w) => w.upTo > settled);
    for (const w of done) w.resolve();
  }

  #onClosed(): void {
    this.#closed = true;
    const closed = new ClosedBeforeAnswer();
    this.#opsUnansweredAtClose = this.#pendingOps.size;
    for (const p of this.#pendingOps.values()) p.reject(closed);
    this.#pendingOps.clear();
    for (const w of this.#waiters.splice(0)) w.reject(closed);
  }

  #onError(e: ErrorMessage): void {
    this.errors.push(e);
    if (e.requestId === SongMessage.YJS) {
      this.#refused++;
      this.outOfSync = true;
      this.#settle();
      return;
    }
    if (e.requestId) {
      const p = this.#pendingOps.get(e.requestId);
      this.#pendingOps.delete(e.requestId);
      p?.reject(Object.assign(new Error(e.message), { code: e.code }));
    }
  }
}

type Awareness = awarenessProtocol.Awareness;

function isEmpty(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}
