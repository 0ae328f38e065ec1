import assert from "node:assert/strict";
import { defineRoom, defineServer, type Server } from "@colyseus/core";
import { Client as SdkClient } from "@colyseus/sdk";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { CloseCode, ErrorCode, type ErrorMessage } from "../../schema/protocol.ts";
import { ReconnectGrants } from "../../server/auth/reconnect-grants.ts";
import { testConfig } from "../../server/config.ts";
import { bytesMessage, type MessageTable } from "../../server/handlers/message-table.ts";
import { STRIKE_LIMIT } from "../../server/rooms/client-guard.ts";
import { composeRoom, GuardedRoom, type RoomDeps } from "../../server/rooms/guarded-room.ts";
import { PersisterRegistry } from "../../server/rooms/persistence/registry.ts";
import { silentLog, testMetrics } from "../helpers/fake-room.ts";
import { freePort } from "../helpers/ports.ts";
import type { AnyRoom } from "../helpers/sdk.ts";

const MAX_BYTES = 256;

/** A test-only room with one bytes row: it echoes each payload reversed, as bytes. */
const TABLE: MessageTable<GuardedRoom<object>> = {
  "test:blob": bytesMessage({
    maxBytes: MAX_BYTES,
    budget: { perSecond: 100, burst: 100, bytesPerSecond: 1, bytesBurst: 2 * MAX_BYTES },
    handler: (ctx, bytes) => ctx.client.sendBytes("test:echo", bytes.reverse()),
  }),
};

function bytesRoom(deps: RoomDeps) {
  return class BytesRoom extends GuardedRoom<object> {
    override onCreate(): void {
      this.parts = composeRoom(this, deps, { roomType: "test-bytes", messages: TABLE });
    }
  };
}

/** Every message a room receives, awaited in order (no sleeps). */
function inbox(room: AnyRoom) {
  const queue: { type: string; message: unknown }[] = [];
  const waiters: (() => void)[] = [];
  const push = (type: string, message: unknown) => {
    queue.push({ type, message });
    waiters.shift()?.();
  };
  room.onMessage("test:echo", (bytes: Uint8Array) => push("test:echo", bytes));
  room.onMessage("error", (e: ErrorMessage) => push("error", e));
  return async function next(): Promise<{ type: string; message: unknown }> {
    if (queue.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
    return queue.shift() as { type: string; message: unknown };
  };
}

describe("bytes messages over a real socket (test-only room)", function () {
  this.timeout(30_000);
  let server: Server;
  let url: string;

  before(async () => {
    const port = await freePort();
    const deps: RoomDeps = {
      config: testConfig(),
      log: silentLog(),
      metrics: testMetrics(),
      now: Date.now,
      sessions: {} as never,
      grants: new ReconnectGrants(Date.now),
      seats: {} as never,
      persisters: new PersisterRegistry(),
    };
    server = defineServer({
      transport: new WebSocketTransport(),
      greet: false,
      gracefullyShutdown: false,
      logger: silentLog(),
      rooms: { bytes: defineRoom(bytesRoom(deps)) },
    });
    await server.listen(port);
    url = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    await server.gracefullyShutdown(false);
  });

  it("[BY8] bytes sent with room.sendBytes reach the handler and come back; oversize and over-budget payloads are refused with codes", async () => {
    const room: AnyRoom = await new SdkClient(url).joinOrCreate("bytes");
    const next = inbox(room);
    room.sendBytes("test:blob", new Uint8Array([1, 2, 3]));
    const echo = await next();
    assert.equal(echo.type, "test:echo");
    assert.deepEqual([...(echo.message as Uint8Array)], [3, 2, 1]);

    room.sendBytes("test:blob", new Uint8Array(MAX_BYTES + 1));
    assert.deepEqual(await next(), {
      type: "error",
      message: { code: ErrorCode.PAYLOAD_TOO_LARGE, message: `at most ${MAX_BYTES} bytes in one message`, requestId: "test:blob" },
    });

    // 3 bytes spent already; one full payload fits, the next exceeds the byte burst.
    room.sendBytes("test:blob", new Uint8Array(MAX_BYTES));
    assert.equal((await next()).type, "test:echo");
    room.sendBytes("test:blob", new Uint8Array(MAX_BYTES));
    const refused = await next();
    assert.equal((refused.message as ErrorMessage).code, ErrorCode.RATE_LIMITED);
    await room.leave();
  });

  it("[BY9] a client that keeps sending oversize bytes is closed with the strike close code", async () => {
    const room: AnyRoom = await new SdkClient(url).joinOrCreate("bytes");
    const closed = new Promise<number>((resolve) => room.onLeave((code: number) => resolve(code)));
    inbox(room);
    for (let i = 0; i <= STRIKE_LIMIT; i++) room.sendBytes("test:blob", new Uint8Array(MAX_BYTES + 1));
    assert.equal(await closed, CloseCode.BAD_INPUT);
  });
});
