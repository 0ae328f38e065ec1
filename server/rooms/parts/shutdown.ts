import type { Room } from "@colyseus/core";
import { CloseCode, NoticeKind, RESTART_WORDS, ServerMessage, type ServerNotice } from "#schema/protocol.ts";
import type { Logger } from "../../core/logger.ts";

/** The longest a room waits for its in-flight saves before it closes its clients anyway. */
export const SETTLE_LIMIT_MS = 3_000;

/**
 * The room's part in a graceful shutdown (SIGTERM; Colyseus calls `onBeforeShutdown` on
 * every room after locking it). Instead of Colyseus's default (close everyone with its own
 * 4001), the room:
 *  1. tells every client in words that the server is restarting (`server:notice`);
 *  2. waits for the saves already in flight (`settle`, bounded), then one more turn of the
 *     event loop, so the handlers that were waiting on them send their acknowledgements:
 *     a change stored before the close is acknowledged before the close;
 *  3. closes every client with SERVER_SHUTDOWN (4503), which the client answers by
 *     rejoining the same space through matchmaking, on whichever process is up.
 * The room then disposes as usual (its persisters flush in onDispose).
 */
export function installShutdown(room: Room, log: Logger, settle?: () => Promise<unknown>): void {
  (room as unknown as { onBeforeShutdown: () => void }).onBeforeShutdown = () => {
    void closeForRestart(room, log, settle);
  };
}

async function closeForRestart(room: Room, log: Logger, settle?: () => Promise<unknown>): Promise<void> {
  const notice: ServerNotice = { kind: NoticeKind.RESTARTING, message: RESTART_WORDS };
  room.broadcast(ServerMessage.SERVER_NOTICE, notice);
  log.info({ clients: room.clients.length }, "server restarting: clients told, closing the room");
  if (settle) await withLimit(settle().catch(() => undefined), SETTLE_LIMIT_MS);
  await new Promise((resolve) => setImmediate(resolve));
  await room.disconnect(CloseCode.SERVER_SHUTDOWN).catch((err: unknown) => log.warn({ err }, "room disconnect at shutdown failed"));
}

function withLimit(p: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}
