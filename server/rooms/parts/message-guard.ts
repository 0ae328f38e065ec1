import type { Client, Room } from "@colyseus/core";
import type { z } from "zod";
import { CloseCode, ErrorCode, type ErrorMessage, ServerMessage } from "#schema/protocol.ts";
import { classify, DomainError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";
import type { Budget } from "../../core/token-bucket.ts";
import {
  type BytesMessageSpec,
  isBytesRow,
  type JsonMessageSpec,
  type MessageContext,
  type MessageTable,
} from "../../handlers/message-table.ts";
import { ClientGuard } from "../client-guard.ts";
import { retireJoinQueue } from "../../transport/join-queue.ts";
import { screenFrame } from "../frame-screen.ts";
import type { Evictions } from "./evictions.ts";
import type { RoomMetrics } from "./room-metrics.ts";

/** PING frames (the SDK's room.ping()): Colyseus answers each one; past this budget they are strikes. */
const PING_BUDGET: Budget = { perSecond: 2, burst: 10 };

/** The metrics and log label of every message whose type is in no row of the table. */
const UNKNOWN_TYPE = "<unknown>";

type FrameEntry = (client: Client, buffer: Buffer) => void;

export interface MessageGuardDeps {
  log: Logger;
  metrics: RoomMetrics;
  evictions: Evictions;
  now: () => number;
  /** The transport's frame limit (WS_MAX_PAYLOAD_BYTES): larger frames close the client. */
  maxFrameBytes: number;
  /** Runs before each accepted message's handler. */
  beforeHandler?: () => void;
}

/**
 * The message guard of a room: every frame is screened (size, pings, request frames),
 * then every message goes budget → check → handler inside one guard, so no payload can
 * throw out of a handler, and every refusal reaches the client as an `error` message with
 * a code it can act on. Refusals are strikes; past the limit the client is closed.
 */
export class MessageGuard<R> {
  readonly #guards = new Map<string, ClientGuard>();
  readonly #known: ReadonlySet<string>;

  constructor(
    private readonly room: Room & R,
    private readonly table: MessageTable<R>,
    private readonly deps: MessageGuardDeps,
  ) {
    this.#known = new Set(Object.keys(table));
    for (const [type, spec] of Object.entries(table)) {
      if (isBytesRow(spec) && spec.budget.bytesBurst < spec.maxBytes) {
        throw new Error(`${type}: bytesBurst (${spec.budget.bytesBurst}) is below maxBytes (${spec.maxBytes})`);
      }
    }
  }

  /** Registers every row with Colyseus, `*` for unknown types, and the frame screen. */
  install(): void {
    for (const [type, spec] of Object.entries(this.table)) {
      if (isBytesRow(spec)) this.room.onMessageBytes(type, (client: Client, bytes: unknown) => this.#bytes(type, spec, client, bytes));
      else this.room.onMessage(type, (client: Client, payload: unknown) => this.#json(type, spec, client, payload));
    }
    // Counted under one label: the name is the client's to invent (up to a frame long), and a
    // metrics label per name would grow the registry and every /metrics scrape without bound.
    this.room.onMessage("*", (client: Client, _type: string | number, payload: unknown) =>
      this.refuse(client, UNKNOWN_TYPE, ErrorCode.BAD_INPUT, "unknown message type", requestIdOf(payload)),
    );
    this.#screenFrames();
  }

  /** Sends the refusal and counts it as a strike. */
  refuse(client: Client, type: string, code: ErrorCode, message: string, requestId?: string): void {
    this.sendError(client, { code, message, ...(requestId ? { requestId } : {}) });
    this.#strike(client, type, code);
  }

  sendError(client: Client, error: ErrorMessage): void {
    this.deps.metrics.sent(ServerMessage.ERROR);
    client.send(ServerMessage.ERROR, error);
  }

  /** Drops the client's budgets and strikes (it left). */
  forget(client: Client): void {
    this.#guards.delete(client.sessionId);
  }

  /**
   * Every raw frame passes #admitFrame before Colyseus dispatches it. Colyseus binds its
   * `_onMessage` to each socket at join time, so replacing it on the instance is enough.
   * After the join frame, the client's join queue is retired (transport/join-queue.ts).
   */
  #screenFrames(): void {
    const internals = this.room as unknown as { _onMessage: FrameEntry };
    const dispatch = internals._onMessage.bind(this.room);
    internals._onMessage = (client, buffer) => {
      if (this.#admitFrame(client, buffer)) dispatch(client, buffer);
      retireJoinQueue(client);
    };
  }

  #admitFrame(client: Client, buffer: Buffer | undefined): boolean {
    if (!buffer) return true;
    if (this.deps.evictions.has(client.sessionId)) return false;
    const frame = screenFrame(buffer, this.deps.maxFrameBytes);
    switch (frame.kind) {
      case "pass":
        return true;
      case "too-large":
        this.deps.metrics.refused("<frame>", ErrorCode.PAYLOAD_TOO_LARGE);
        this.deps.evictions.evict([{ client, closeCode: CloseCode.FRAME_TOO_LARGE, reason: `frame of ${frame.bytes} bytes` }]);
        return false;
      case "ping":
        if (this.#guardOf(client).admit("<ping>", PING_BUDGET, this.deps.now())) return true;
        this.#strike(client, "<ping>", ErrorCode.RATE_LIMITED);
        return false;
      case "request":
        // Colyseus still answers it (the SDK's request promise settles); unknown types cost a strike.
        if (!this.#known.has(frame.type)) this.#strike(client, "<request>", ErrorCode.BAD_INPUT);
        return true;
      case "undecodable":
        // No client of ours sends one: evicted at once, as Colyseus would, but logged as the client's doing.
        this.deps.metrics.refused("<frame>", ErrorCode.BAD_INPUT);
        this.deps.log.warn({ sessionId: client.sessionId, closeCode: CloseCode.BAD_INPUT }, "undecodable frame: closing the client");
        this.deps.evictions.close(client, CloseCode.BAD_INPUT, "undecodable frame");
        return false;
      case "unknown-frame":
        this.#strike(client, "<frame>", ErrorCode.BAD_INPUT);
        return false;
    }
  }

  #json(type: string, spec: JsonMessageSpec<R, z.ZodType>, client: Client, payload: unknown): void {
    this.deps.metrics.received(type);
    const now = this.deps.now();
    const requestId = requestIdOf(payload);
    if (!this.#guardOf(client).admit(type, spec.budget, now)) {
      this.refuse(client, type, ErrorCode.RATE_LIMITED, `slow down: at most ${spec.budget.perSecond}/s`, requestId);
      return;
    }
    const parsed = spec.schema.safeParse(payload);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ");
      this.refuse(client, type, ErrorCode.BAD_INPUT, detail.slice(0, 300), requestId);
      return;
    }
    this.#run(type, client, requestId, () => spec.handler(this.#context(client, now), parsed.data));
  }

  /**
   * Bytes carry no request id: every refusal of a bytes row names its type as `requestId`,
   * so a client can count its updates as settled (applied or refused) in order.
   */
  #bytes(type: string, spec: BytesMessageSpec<R>, client: Client, payload: unknown): void {
    this.deps.metrics.received(type);
    const now = this.deps.now();
    const guard = this.#guardOf(client);
    if (!(payload instanceof Uint8Array)) {
      this.refuse(client, type, ErrorCode.BAD_INPUT, "expected bytes", type);
      return;
    }
    // Size first: an oversize payload is refused before it costs budget or reaches the handler.
    if (payload.byteLength > spec.maxBytes) {
      this.refuse(client, type, ErrorCode.PAYLOAD_TOO_LARGE, `at most ${spec.maxBytes} bytes in one message`, type);
      return;
    }
    if (!guard.admit(type, spec.budget, now)) {
      this.refuse(client, type, ErrorCode.RATE_LIMITED, `slow down: at most ${spec.budget.perSecond} messages/s`, type);
      return;
    }
    const bytesBudget = { perSecond: spec.budget.bytesPerSecond, burst: spec.budget.bytesBurst };
    if (!guard.admit(`${type}#bytes`, bytesBudget, now, payload.byteLength)) {
      this.refuse(client, type, ErrorCode.RATE_LIMITED, `slow down: at most ${spec.budget.bytesPerSecond} bytes/s`, type);
      return;
    }
    // A private copy: the transport may reuse the frame's memory once this callback returns.
    const bytes = new Uint8Array(payload);
    this.#run(type, client, type, () => spec.handler(this.#context(client, now), bytes));
  }

  #context(client: Client, now: number): MessageContext<R> {
    return { room: this.room, client, log: this.deps.log, now };
  }

  /** Runs a handler; a throw or a rejected promise becomes a coded error for the one client. */
  #run(type: string, client: Client, requestId: string | undefined, handler: () => void | Promise<void>): void {
    // No named closure per message: tsx keeps function names, and naming a fresh closure is an
    // Object.defineProperty that leaves the function a slow dictionary object, every message.
    try {
      this.deps.beforeHandler?.();
      const result = handler();
      if (result instanceof Promise) result.catch((err: unknown) => this.#handlerFailed(err, type, client, requestId));
    } catch (err) {
      this.#handlerFailed(err, type, client, requestId);
    }
  }

  /** classify() decides the code (the same one HTTP answers); only refusals by a rule are strikes. */
  #handlerFailed(err: unknown, type: string, client: Client, requestId: string | undefined): void {
    const c = classify(err);
    if (err instanceof DomainError) {
      this.refuse(client, type, c.code, c.message, requestId);
      return;
    }
    if (c.level === "error") this.deps.log.error({ err, type, sessionId: client.sessionId }, "message handler failed");
    else this.deps.log.warn({ err, type, code: c.code }, "message handler failed");
    this.sendError(client, { code: c.code, message: c.message, ...(requestId ? { requestId } : {}) });
  }

  /** Counts a refusal against the client (whether or not it was answered); closes it past the limit. */
  #strike(client: Client, type: string, code: ErrorCode): void {
    this.deps.metrics.refused(type, code);
    if (this.#guardOf(client).strike(this.deps.now()) === "close") {
      const closeCode = code === ErrorCode.RATE_LIMITED ? CloseCode.RATE_LIMITED : CloseCode.BAD_INPUT;
      this.deps.log.warn({ sessionId: client.sessionId, type, code }, "closing abusive client");
      this.deps.evictions.close(client, closeCode, code === ErrorCode.RATE_LIMITED ? "rate limited" : "too many bad messages");
    }
  }

  #guardOf(client: Client): ClientGuard {
    let guard = this.#guards.get(client.sessionId);
    if (!guard) {
      guard = new ClientGuard();
      this.#guards.set(client.sessionId, guard);
    }
    return guard;
  }
}

function requestIdOf(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const id = (payload as { requestId?: unknown }).requestId;
  return typeof id === "string" && id.length > 0 && id.length <= 64 ? id : undefined;
}
