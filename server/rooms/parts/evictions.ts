import type { Client } from "@colyseus/core";
import type { Logger } from "../../core/logger.ts";
import type { Eviction } from "../session-watch.ts";

/**
 * Clients this room closed on purpose (kick, revoked session, abuse). Shared by the
 * session watch and the message guard: an evicted client's frames are dropped and its
 * drop never becomes a reconnection.
 */
export class Evictions {
  readonly #closed = new Set<string>();

  constructor(private readonly log: Logger) {}

  has(sessionId: string): boolean {
    return this.#closed.has(sessionId);
  }

  /** Closes each client with its code; they may not reconnect. */
  evict(evictions: Eviction[]): void {
    for (const { client, closeCode, reason } of evictions) {
      this.log.info({ sessionId: client.sessionId, closeCode, reason }, "evicting client");
      this.close(client, closeCode, reason);
    }
  }

  /** Closes one client without the eviction log line (callers log their own reason). */
  close(client: Client, closeCode: number, reason: string): void {
    this.#closed.add(client.sessionId);
    client.leave(closeCode, closeFrameReason(reason));
  }

  forget(sessionId: string): void {
    this.#closed.delete(sessionId);
  }
}

/** RFC 6455: a close frame's payload is 125 bytes, 2 of them the code. */
export const CLOSE_REASON_MAX_BYTES = 123;

/**
 * The reason cut to what a close frame can carry, at a character boundary. Reasons can
 * hold a moderator's words (a ban's, up to 500 characters): `ws` throws on a longer
 * reason and uWS cuts it mid-character, which a browser takes for a broken connection
 * (1006) instead of our close code.
 */
export function closeFrameReason(reason: string): string {
  if (Buffer.byteLength(reason) <= CLOSE_REASON_MAX_BYTES) return reason;
  let kept = "";
  let bytes = 0;
  for (const char of reason) {
    const size = Buffer.byteLength(char);
    if (bytes + size > CLOSE_REASON_MAX_BYTES) break;
    kept += char;
    bytes += size;
  }
  return kept;
}
