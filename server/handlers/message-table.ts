import type { Client } from "@colyseus/core";
import type { z } from "zod";
import type { Logger } from "../core/logger.ts";
import type { Budget } from "../core/token-bucket.ts";

/**
 * What a message handler gets besides the payload: the room's narrow view (each room
 * declares one, e.g. handlers/space/context.ts), never the room class itself.
 */
export interface MessageContext<R> {
  room: R;
  client: Client;
  log: Logger;
  now: number;
}

/** A JSON row: the payload is checked by its zod schema before the handler sees it. */
export interface JsonMessageSpec<R, S extends z.ZodType> {
  kind?: "json";
  schema: S;
  budget: Budget;
  /** May return a promise (write-through persistence); its rejection is handled like a throw. */
  handler: (ctx: MessageContext<R>, message: z.infer<S>) => void | Promise<void>;
}

/** A message budget plus a byte budget: bytes rows pay for their size too. */
export interface ByteBudget extends Budget {
  /** Payload bytes added per second. */
  bytesPerSecond: number;
  /** Payload bytes that may arrive at once; at least `maxBytes`, or a full payload could never pass. */
  bytesBurst: number;
}

/**
 * A bytes row (Colyseus `onMessageBytes`, SDK `room.sendBytes`): an opaque payload such as
 * a CRDT update. Refused before the handler when larger than `maxBytes` or over budget.
 */
export interface BytesMessageSpec<R> {
  kind: "bytes";
  maxBytes: number;
  budget: ByteBudget;
  /** Gets a private copy of the payload (the transport may reuse its receive buffer). */
  handler: (ctx: MessageContext<R>, bytes: Uint8Array) => void | Promise<void>;
}

/** One row of a room's message table: budget, check and handler side by side. */
export type MessageSpec<R, S extends z.ZodType = z.ZodType> = JsonMessageSpec<R, S> | BytesMessageSpec<R>;

/** A room's whole message table: type → row. The registry lists every room's table; tests enumerate them. */
export type MessageTable<R> = Record<string, MessageSpec<R>>;

/** Declares one JSON row with its payload type checked against its handler. */
export function message<R, S extends z.ZodType>(spec: JsonMessageSpec<R, S>): MessageSpec<R> {
  return spec as unknown as MessageSpec<R>;
}

/** Declares one bytes row. */
export function bytesMessage<R>(spec: Omit<BytesMessageSpec<R>, "kind">): MessageSpec<R> {
  return { kind: "bytes", ...spec };
}

export function isBytesRow<R>(spec: MessageSpec<R>): spec is BytesMessageSpec<R> {
  return spec.kind === "bytes";
}
