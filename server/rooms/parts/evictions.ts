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
    client.leave(closeCode, reason);
  }

  forget(sessionId: string): void {
    this.#closed.delete(sessionId);
  }
}
