/**
 * A thin bot: speaks the Colyseus 0.18 wire protocol directly, without the SDK.
 *
 *   POST /matchmake/joinOrCreate/space (bearer header)  → seat reservation (JSON)
 *   WebSocket /<processId>/<roomId>?sessionId=…&skipHandshake=1
 *   ← JOIN_ROOM [10, rt-len, rt, serializer-len, serializer, 0]   → ack [10]
 *   ← ROOM_STATE 14 (full state), then ROOM_STATE_PATCH 15 at the patch rate
 *   → ROOM_DATA [13, msgpack str "space:walk", msgpack {dx, dy, ts}]
 *
 * It never decodes schema patches: it counts frames and bytes. Latency without decoding:
 * each input carries a `ts` unique to this bot and this input, a float64 with a full
 * mantissa; the server echoes it into the avatar's `inputTs` (a float64 field, written
 * as 8 little-endian bytes), so the first patch containing those 8 bytes is the patch
 * that carries the effect of that input. `Buffer.indexOf` finds it natively.
 * A handful of SDK "probe" bots (bots.ts) run beside the thin ones to cross-check.
 */
import WebSocket from "ws";
import { PROTOCOL_VERSION } from "../../schema/protocol.ts";

const JOIN_ROOM = 10;
const ERROR = 11;
const ROOM_STATE_PATCH = 15;
const ROOM_DATA = 13;
const LEAVE_ROOM = 12;
const CODE_MASK = 0x1f;
/** Inputs still waiting for their patch; older ones are dropped (the server overwrote them). */
const MAX_PENDING = 16;

export interface ThinStats {
  frames: number;
  patches: number;
  bytes: number;
  latencies: number[];
}

interface Pending {
  pattern: Buffer;
  sentAt: number;
}

export class ThinBot {
  readonly stats: ThinStats = { frames: 0, patches: 0, bytes: 0, latencies: [] };
  closeCode: number | null = null;
  /** Milliseconds from the matchmaking request to its seat reservation (the rest of a join is the socket). */
  seatMs = 0;
  /** The room its seat was reserved in (how many rooms a fleet filled is read from these). */
  roomId = "";
  readonly #pending: Pending[] = [];
  #seq = 0;
  #timer: NodeJS.Timeout | undefined;

  private constructor(
    readonly ws: WebSocket,
    /** Makes this bot's `ts` values disjoint from every other bot's. */
    readonly number: number,
  ) {}

  /** Reserves a seat over HTTP, opens the socket, answers the handshake; resolves once joined. */
  static async join(baseUrl: string, token: string, number: number, options: Record<string, unknown> = {}): Promise<ThinBot> {
    const at = performance.now();
    const res = await fetch(`${baseUrl}/matchmake/joinOrCreate/space`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ protocol: PROTOCOL_VERSION, ...options }),
    });
    if (!res.ok) throw new Error(`matchmake ${res.status}: ${await res.text()}`);
    const seat = (await res.json()) as { roomId: string; sessionId: string; processId?: string; publicAddress?: string };
    // With several processes the seat names the room's own process (its PUBLIC_ADDRESS, host:port here).
    const origin = seat.publicAddress ? `ws://${seat.publicAddress}` : baseUrl.replace(/^http/, "ws");
    const ws = new WebSocket(`${origin}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}&skipHandshake=1`, {
      perMessageDeflate: false,
      headers: { authorization: `Bearer ${token}` },
    });
    const bot = new ThinBot(ws, number);
    bot.seatMs = performance.now() - at;
    bot.roomId = seat.roomId;
    return new Promise<ThinBot>((resolve, reject) => {
      ws.on("message", (data: Buffer) => {
        if (bot.#onFrame(data)) resolve(bot);
      });
      ws.on("close", (code) => {
        bot.closeCode = code;
        bot.walk(0);
        reject(new Error(`closed ${code} before joining`));
      });
      ws.on("error", reject);
    });
  }

  /** Sends a random direction every `periodMs` (0 stops), each stamped with a fresh `ts`. */
  walk(periodMs: number): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = periodMs > 0 ? setInterval(() => this.#step(), periodMs) : undefined;
  }

  resetStats(): void {
    this.stats.frames = 0;
    this.stats.patches = 0;
    this.stats.bytes = 0;
    this.stats.latencies.length = 0;
  }

  /** A consented leave (LEAVE_ROOM), as the SDK's `room.leave()`; resolves on close. */
  leave(): Promise<void> {
    this.walk(0);
    if (this.ws.readyState !== WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once("close", () => resolve());
      this.ws.send(Buffer.from([LEAVE_ROOM]));
    });
  }

  /** Returns true on the JOIN_ROOM frame (the join is complete once it is acknowledged). */
  #onFrame(data: Buffer): boolean {
    this.stats.frames++;
    this.stats.bytes += data.byteLength;
    const code = (data[0] ?? 0) & CODE_MASK;
    if (code === ROOM_STATE_PATCH) {
      this.stats.patches++;
      this.#matchPending(data);
    } else if (code === JOIN_ROOM) {
      this.ws.send(Buffer.from([JOIN_ROOM]));
      return true;
    } else if (code === ERROR) {
      this.ws.close();
    }
    // ROOM_STATE 14 (full state), ROOM_DATA (chat, emotes, refusals): counted, not read.
    return false;
  }

  #matchPending(patch: Buffer): void {
    for (let i = this.#pending.length - 1; i >= 0; i--) {
      const p = this.#pending[i] as Pending;
      if (patch.indexOf(p.pattern) !== -1) {
        this.stats.latencies.push(performance.now() - p.sentAt);
        // Older inputs were overwritten before a patch carried them: they never will.
        this.#pending.splice(0, i + 1);
        return;
      }
    }
  }

  #step(): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const ts = uniqueTs(this.number, ++this.#seq);
    const pattern = Buffer.allocUnsafe(8);
    pattern.writeDoubleLE(ts);
    this.#pending.push({ pattern, sentAt: performance.now() });
    if (this.#pending.length > MAX_PENDING) this.#pending.shift();
    const angle = Math.random() * 2 * Math.PI;
    this.ws.send(walkFrame(Math.cos(angle), Math.sin(angle), ts));
  }
}

/** Disjoint across bots (bot number × 1e6) and inputs; the fraction fills the mantissa. */
export function uniqueTs(bot: number, seq: number): number {
  return bot * 1e6 + (seq % 1e6) + 0.3779296875 + bot * 1e-7;
}

const WALK_HEADER = Buffer.concat([Buffer.from([ROOM_DATA, 0xa0 | "space:walk".length]), Buffer.from("space:walk")]);

/** ROOM_DATA "space:walk" with the msgpack map {dx, dy, ts} (float64s), as Room.send writes it. */
export function walkFrame(dx: number, dy: number, ts: number): Buffer {
  const out = Buffer.allocUnsafe(WALK_HEADER.length + 1 + 3 * 12);
  WALK_HEADER.copy(out, 0);
  let at = WALK_HEADER.length;
  out[at++] = 0x83; // fixmap, 3 entries
  for (const [key, value] of [
    ["dx", dx],
    ["dy", dy],
    ["ts", ts],
  ] as const) {
    out[at++] = 0xa2; // fixstr, 2 bytes
    out.write(key, at, "ascii");
    at += 2;
    out[at++] = 0xcb; // float64, big-endian
    out.writeDoubleBE(value, at);
    at += 8;
  }
  return out;
}
