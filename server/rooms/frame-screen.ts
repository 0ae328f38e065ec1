import { Protocol } from "@colyseus/core";
import { decode } from "@colyseus/schema";
import { unpack } from "msgpackr";

/** Colyseus keeps the protocol code in the low five bits of a frame's first byte. */
const CODE_MASK = 0b11111;

/** Frame kinds Colyseus acts on for a joined client; anything else is ignored by it and struck by us. */
const PASSED: ReadonlySet<number> = new Set([Protocol.JOIN_ROOM, Protocol.LEAVE_ROOM, Protocol.ROOM_DATA_BYTES]);

export type FrameVerdict =
  | { kind: "pass" }
  | { kind: "too-large"; bytes: number }
  | { kind: "ping" }
  | { kind: "request"; type: string; requestId: number }
  | { kind: "undecodable" }
  | { kind: "unknown-frame"; code: number };

/**
 * What a raw client frame is, before Colyseus dispatches it. Colyseus answers PINGs and
 * request frames for unknown types itself, without reaching any message handler, so
 * those paths skipped our budgets and strikes; here they become visible to the guard.
 */
export function screenFrame(buffer: Uint8Array, maxBytes: number): FrameVerdict {
  if (buffer.byteLength > maxBytes) return { kind: "too-large", bytes: buffer.byteLength };
  const code = (buffer[0] ?? 0xff) & CODE_MASK;
  if (buffer.byteLength === 0) return { kind: "unknown-frame", code: -1 };
  if (PASSED.has(code)) return { kind: "pass" };
  if (code === Protocol.PING) return { kind: "ping" };
  if (code === Protocol.ROOM_DATA) return dataOf(buffer);
  if (code === Protocol.ROOM_REQUEST) return requestOf(buffer) ?? { kind: "unknown-frame", code };
  return { kind: "unknown-frame", code };
}

type Bytes = Parameters<typeof decode.number>[0];

/**
 * A data frame whose type or msgpack payload does not decode. Colyseus would decode it
 * itself and log the failure at error level with a stack (a request frame, which it only
 * answers, could do that at the message rate); here it is the client's fault, screened
 * before. The second decode costs about 1 µs of CPU for a 51-byte space:move (measured on a
 * busy 2-core machine), against some 50 µs that a message costs from socket to handler.
 */
function dataOf(buffer: Uint8Array): FrameVerdict {
  try {
    const it = { offset: 1 };
    typeOf(buffer as Bytes, it);
    return payloadDecodes(buffer, it.offset) ? { kind: "pass" } : { kind: "undecodable" };
  } catch {
    return { kind: "undecodable" };
  }
}

function requestOf(buffer: Uint8Array): FrameVerdict | null {
  try {
    const it = { offset: 1 };
    const bytes = buffer as Bytes;
    const requestId = decode.number(bytes, it);
    const type = typeOf(bytes, it);
    if (!Number.isFinite(requestId)) return null;
    return payloadDecodes(buffer, it.offset) ? { kind: "request", type: String(type), requestId } : { kind: "undecodable" };
  } catch {
    return null;
  }
}

/** The message type, read as Colyseus reads it (a string cut short by the frame's end is what is left of it). */
function typeOf(bytes: Bytes, it: { offset: number }): string | number {
  return decode.stringCheck(bytes, it) ? decode.string(bytes, it) : decode.number(bytes, it);
}

/** Whether the msgpack payload from `offset` decodes as Colyseus will decode it (no payload is fine). */
function payloadDecodes(buffer: Uint8Array, offset: number): boolean {
  if (buffer.byteLength <= offset) return true;
  try {
    unpack(buffer.subarray(offset));
    return true;
  } catch {
    return false;
  }
}
