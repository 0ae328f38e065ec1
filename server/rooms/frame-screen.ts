import { Protocol } from "@colyseus/core";
import { decode } from "@colyseus/schema";

/** Colyseus keeps the protocol code in the low five bits of a frame's first byte. */
const CODE_MASK = 0b11111;

/** Frame kinds Colyseus acts on for a joined client; anything else is ignored by it and struck by us. */
const PASSED: ReadonlySet<number> = new Set([Protocol.JOIN_ROOM, Protocol.LEAVE_ROOM, Protocol.ROOM_DATA, Protocol.ROOM_DATA_BYTES]);

export type FrameVerdict =
  | { kind: "pass" }
  | { kind: "too-large"; bytes: number }
  | { kind: "ping" }
  | { kind: "request"; type: string; requestId: number }
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
  if (code === Protocol.ROOM_REQUEST) return requestOf(buffer) ?? { kind: "unknown-frame", code };
  return { kind: "unknown-frame", code };
}

function requestOf(buffer: Uint8Array): FrameVerdict | null {
  try {
    const it = { offset: 1 };
    const bytes = buffer as Parameters<typeof decode.number>[0];
    const requestId = decode.number(bytes, it);
    const type = decode.stringCheck(bytes, it) ? decode.string(bytes, it) : decode.number(bytes, it);
    return Number.isFinite(requestId) ? { kind: "request", type: String(type), requestId } : null;
  } catch {
    return null;
  }
}
