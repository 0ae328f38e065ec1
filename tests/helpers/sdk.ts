import { Client, type Room } from "@colyseus/sdk";
import { PROTOCOL_VERSION, RoomName } from "../../schema/protocol.ts";
import type { Reachable } from "./accounts.ts";

// biome-ignore lint/suspicious/noExplicitAny: the SDK's room state is schema-typed only at run time
export type AnyRoom = Room<any, any>;

export interface JoinOptions {
  protocol?: number;
  map?: string;
}

/**
 * An SDK client that sends the session as an Authorization header on matchmaking and on
 * the WebSocket upgrade. (`client.auth.token` would also put it in the socket URL.)
 */
export function sdkClient(server: Reachable, token: string): Client {
  return new Client(server.baseUrl, { headers: { authorization: `Bearer ${token}` } });
}

export async function joinSpace(server: Reachable, token: string, opts: JoinOptions = {}): Promise<AnyRoom> {
  return sdkClient(server, token).joinOrCreate(RoomName.SPACE, { protocol: PROTOCOL_VERSION, ...opts });
}

/** Resolves once `predicate` holds after a state change (or already holds); rejects after `ms`. */
export function untilState(room: AnyRoom, predicate: () => boolean, ms = 5_000, what = "state"): Promise<void> {
  return new Promise((resolve, reject) => {
    if (predicate()) return resolve();
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const check = () => {
      if (!predicate()) return;
      clearTimeout(timer);
      off();
      resolve();
    };
    const off = () => room.onStateChange.remove(check);
    room.onStateChange(check);
  });
}

/** The next message of `type` the room receives, or a rejection after `ms`. */
export function nextMessage<T>(room: AnyRoom, type: string, ms = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" message within ${ms} ms`)), ms);
    const off = room.onMessage(type, (payload: T) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** The close code the room leaves with, or a rejection after `ms`. */
export function leaveCode(room: AnyRoom, ms = 5_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`room did not close within ${ms} ms`)), ms);
    room.onLeave((code: number) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Leaves if still connected; never hangs on a room the server already closed. */
export async function leaveQuietly(room: AnyRoom): Promise<void> {
  if (!room.connection.isOpen) return;
  await Promise.race([room.leave().catch(() => undefined), new Promise((r) => setTimeout(r, 2_000))]);
}

/**
 * Closes the socket abruptly (no consent), as a network drop would. The SDK uses the
 * `ws` package on Node 20 (terminate: no close frame) and Node's own WebSocket on 22+,
 * which cannot terminate; there a close code other than 4000 (consent) is what a drop
 * looks like to the room.
 */
export function dropConnection(room: AnyRoom): void {
  room.reconnection.enabled = false;
  const ws = (room.connection.transport as unknown as { ws: { terminate?(): void; close(code: number): void } }).ws;
  if (typeof ws.terminate === "function") ws.terminate();
  else ws.close(3000);
}
