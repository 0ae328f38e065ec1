/**
 * Thin Song editors for bench:song: each speaks a wire protocol directly (no SDK, no
 * provider) and keeps a Y.Doc holding only its own typing, so sending costs one small
 * Yjs transaction and receiving costs a byte scan, not a document merge.
 *
 *   NeoSpace (`song` room, Colyseus 0.18): POST /matchmake/joinOrCreate/song → seat;
 *     WebSocket /<processId>/<roomId>?sessionId=…; JOIN_ROOM 10 answered with [10];
 *     → ROOM_DATA_BYTES [17, fixstr "song:y", y-protocols update message];
 *     ← ROOM_DATA_BYTES "song:y" (the others' updates, relayed one by one);
 *     ← ROOM_DATA "song:ack" once the update is appended to the log (one per update, in order).
 *   Hocuspocus 4: every frame starts with varString(documentName);
 *     → [name, Auth 2, Token 0, token], [name, Sync 0, update 2, update];
 *     ← [name, Sync 0, update 2, merged updates] to every connection of the document;
 *     ← [name, SyncStatus 8, 1] once the update is applied in memory.
 *
 * Latency: each insert is a numbered marker `[k]` (UTF-8 inside the update's bytes); a
 * receiver scans the frame for markers and looks up when `k` was sent (same process).
 */
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";
import { PROTOCOL_VERSION } from "../../schema/protocol.ts";

const JOIN_ROOM = 10;
const ROOM_DATA = 13;
const ROOM_DATA_BYTES = 17;
const LEAVE_ROOM = 12;
const CODE_MASK = 0x1f;
const HP_SYNC = 0;
const HP_AUTH = 2;
const HP_SYNC_STATUS = 8;
const Y_UPDATE = 2;

const fixstr = (s: string) => Buffer.concat([Buffer.from([0xa0 | s.length]), Buffer.from(s)]);
const YJS_HEADER = Buffer.concat([Buffer.from([ROOM_DATA_BYTES]), fixstr("song:y")]);
const ACK_HEADER = Buffer.concat([Buffer.from([ROOM_DATA]), fixstr("song:ack")]);

/** What every bot of one run shares: the send times of markers, and where samples go. */
export interface SongBoard {
  sent: Map<number, { at: number; from: number }>;
  /** Who typed each marker (all of them, warm-up too), so an echo to the sender is not counted as a delivery. */
  typedBy: Map<number, number>;
  next: number;
  broadcast: number[];
  acks: number[];
  bytesIn: number;
  /** Received while recording, whenever sent: what the server got through in the window. */
  acksIn: number;
  deliveredIn: number;
  recording: boolean;
  /** Close codes of connections that closed before `leave()`. */
  closes: Record<string, number>;
}

export function newBoard(): SongBoard {
  return { sent: new Map(), typedBy: new Map(), next: 0, broadcast: [], acks: [], bytesIn: 0, acksIn: 0, deliveredIn: 0, recording: false, closes: {} };
}

export type Flavor = "neospace" | "hocuspocus";

export class SongBot {
  readonly #doc = new Y.Doc();
  readonly #text = this.#doc.getText("verse");
  /** Send times of updates not yet acknowledged, oldest first (acks come in order). */
  readonly #unacked: Array<{ at: number; recorded: boolean }> = [];
  #prefix: Buffer = Buffer.alloc(0);
  closeCode: number | null = null;
  #leaving = false;

  private constructor(
    readonly flavor: Flavor,
    readonly ws: WebSocket,
    readonly id: number,
    readonly board: SongBoard,
    readonly docName: string,
  ) {
    this.#doc.on("update", (update: Uint8Array) => this.#send(update));
  }

  /** Joins a NeoSpace `song` room for `songId` with a bearer token; resolves once joined. */
  static async neospace(baseUrl: string, token: string, songId: string, id: number, board: SongBoard): Promise<SongBot> {
    const res = await fetch(`${baseUrl}/matchmake/joinOrCreate/song`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ protocol: PROTOCOL_VERSION, songId }),
    });
    if (!res.ok) throw new Error(`matchmake ${res.status}: ${await res.text()}`);
    const seat = (await res.json()) as { roomId: string; sessionId: string; processId?: string };
    const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}&skipHandshake=1`, {
      perMessageDeflate: false,
      headers: { authorization: `Bearer ${token}` },
    });
    const bot = new SongBot("neospace", ws, id, board, songId);
    return bot.#opened((data) => {
      if (((data[0] ?? 0) & CODE_MASK) !== JOIN_ROOM) return false;
      ws.send(Buffer.from([JOIN_ROOM]));
      return true;
    });
  }

  /** Opens one Hocuspocus connection to document `name` (token accepted as is); resolves once authenticated. */
  static async hocuspocus(url: string, name: string, id: number, board: SongBoard): Promise<SongBot> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const bot = new SongBot("hocuspocus", ws, id, board, name);
    const enc = encoding.createEncoder();
    encoding.writeVarString(enc, name);
    bot.#prefix = Buffer.from(encoding.toUint8Array(enc));
    ws.once("open", () => ws.send(bot.#hpFrame(HP_AUTH, [0], "bench")));
    // Authenticated: [name, Auth 2, Authenticated 2, scope].
    return bot.#opened((data) => data[bot.#prefix.length] === HP_AUTH && data[bot.#prefix.length + 1] === 2);
  }

  /** Types one numbered marker at the end of this editor's own text. */
  type(): void {
    const k = ++this.board.next;
    this.board.typedBy.set(k, this.id);
    // Only updates typed inside the window are samples (the warm-up's are delivered, not counted).
    if (this.board.recording) this.board.sent.set(k, { at: performance.now(), from: this.id });
    this.#text.insert(this.#text.length, `[${k}]`);
  }

  leave(): Promise<void> {
    if (this.ws.readyState !== WebSocket.OPEN) return Promise.resolve();
    this.#leaving = true;
    return new Promise((resolve) => {
      this.ws.once("close", () => resolve());
      if (this.flavor === "neospace") this.ws.send(Buffer.from([LEAVE_ROOM]));
      else this.ws.close();
    });
  }

  #opened(isJoined: (data: Buffer) => boolean): Promise<SongBot> {
    return new Promise((resolve, reject) => {
      let joined = false;
      this.ws.on("message", (data: Buffer) => {
        if (!joined) {
          joined = isJoined(data);
          if (joined) resolve(this);
          return;
        }
        this.#onFrame(data);
      });
      this.ws.on("close", (code) => {
        this.closeCode = code;
        if (!this.#leaving) this.board.closes[code] = (this.board.closes[code] ?? 0) + 1;
        if (!joined) reject(new Error(`closed ${code} before joining`));
      });
      this.ws.on("error", (e) => {
        if (!joined) reject(e);
      });
    });
  }

  #send(update: Uint8Array): void {
    this.#unacked.push({ at: performance.now(), recorded: this.board.recording });
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, Y_UPDATE);
    encoding.writeVarUint8Array(enc, update);
    const body = encoding.toUint8Array(enc);
    if (this.flavor === "neospace") this.ws.send(Buffer.concat([YJS_HEADER, body]));
    else this.ws.send(Buffer.concat([this.#prefix, Buffer.from([HP_SYNC]), body]));
  }

  #hpFrame(type: number, head: number[], str: string): Buffer {
    const enc = encoding.createEncoder();
    for (const n of head) encoding.writeVarUint(enc, n);
    encoding.writeVarString(enc, str);
    return Buffer.concat([this.#prefix, Buffer.from([type]), encoding.toUint8Array(enc)]);
  }

  #onFrame(data: Buffer): void {
    const b = this.board;
    if (b.recording) b.bytesIn += data.byteLength;
    if (this.flavor === "neospace") {
      if (data.subarray(0, YJS_HEADER.length).equals(YJS_HEADER)) this.#markers(data, YJS_HEADER.length);
      else if (data.subarray(0, ACK_HEADER.length).equals(ACK_HEADER)) this.#acked();
      return;
    }
    const type = data[this.#prefix.length];
    if (type === HP_SYNC && data[this.#prefix.length + 1] === Y_UPDATE) this.#markers(data, this.#prefix.length + 2);
    else if (type === HP_SYNC_STATUS) this.#acked();
  }

  #acked(): void {
    if (this.board.recording) this.board.acksIn++;
    const sent = this.#unacked.shift();
    if (sent?.recorded) this.board.acks.push(performance.now() - sent.at);
  }

  /** Every `[digits]` in the frame is a marker some editor typed: one latency sample each (not our own echo). */
  #markers(data: Buffer, from: number): void {
    const now = performance.now();
    let i = data.indexOf(0x5b, from);
    while (i !== -1) {
      let k = 0;
      let j = i + 1;
      for (; j < data.length && data[j]! >= 0x30 && data[j]! <= 0x39; j++) k = k * 10 + (data[j]! - 0x30);
      if (j > i + 1 && data[j] === 0x5d) {
        // An echo to the sender (if a server sent one) is not a delivery: only the others' count.
        if (this.board.typedBy.get(k) !== this.id) {
          if (this.board.recording) this.board.deliveredIn++;
          const s = this.board.sent.get(k);
          if (s) this.board.broadcast.push(now - s.at);
        }
      }
      i = data.indexOf(0x5b, j);
    }
  }
}
