import assert from "node:assert/strict";
import { z } from "zod";
import { CloseCode, ErrorCode, type ErrorMessage } from "../../schema/protocol.ts";
import { classify, DomainError } from "../../server/core/errors.ts";
import { bytesMessage, type MessageTable, message } from "../../server/handlers/message-table.ts";
import { errorToResponse } from "../../server/http/problem.ts";
import { STRIKE_LIMIT } from "../../server/rooms/client-guard.ts";
import { Evictions } from "../../server/rooms/parts/evictions.ts";
import { MessageGuard } from "../../server/rooms/parts/message-guard.ts";
import { RoomMetrics } from "../../server/rooms/parts/room-metrics.ts";
import { DuplicateKeyError, NotStorableError, StoreUnavailableError } from "../../server/store/errors.ts";
import { fakeClient, fakeRoom, silentLog, testMetrics } from "../helpers/fake-room.ts";

function guardOf<R>(table: MessageTable<R>, clock = { now: 0 }) {
  const { room, deliver } = fakeRoom();
  const log = silentLog();
  const guard = new MessageGuard(room as never, table, {
    log,
    metrics: new RoomMetrics(testMetrics(), "test"),
    evictions: new Evictions(log),
    now: () => clock.now,
    maxFrameBytes: 1 << 20,
  });
  guard.install();
  return { guard, deliver, clock };
}

function errorsOf(sent: { type: string | number; message: unknown }[]): ErrorMessage[] {
  return sent.filter((s) => s.type === "error").map((s) => s.message as ErrorMessage);
}

describe("message guard: bytes rows", () => {
  const received: Uint8Array[] = [];
  const table: MessageTable<unknown> = {
    "test:blob": bytesMessage({
      maxBytes: 64,
      budget: { perSecond: 100, burst: 100, bytesPerSecond: 1, bytesBurst: 128 },
      handler: (_ctx, bytes) => void received.push(bytes),
    }),
  };
  beforeEach(() => {
    received.length = 0;
  });

  it("[BY1] a bytes payload reaches the handler as a private copy", () => {
    const { deliver } = guardOf(table);
    const c = fakeClient();
    const frame = new Uint8Array([1, 2, 3]);
    deliver.bytes(c.client, "test:blob", frame);
    frame[0] = 9;
    assert.deepEqual([...(received[0] ?? [])], [1, 2, 3]);
    assert.deepEqual(c.sent, []);
  });

  it("[BY2] an oversize payload is refused with PAYLOAD_TOO_LARGE before the handler", () => {
    const { deliver } = guardOf(table);
    const c = fakeClient();
    deliver.bytes(c.client, "test:blob", new Uint8Array(65));
    assert.equal(received.length, 0);
    assert.deepEqual(errorsOf(c.sent).map((e) => e.code), [ErrorCode.PAYLOAD_TOO_LARGE]);
  });

  it("[BY3] the byte budget refuses with RATE_LIMITED once the bytes run out, though the message budget has room", () => {
    const { deliver } = guardOf(table);
    const c = fakeClient();
    for (let i = 0; i < 3; i++) deliver.bytes(c.client, "test:blob", new Uint8Array(64));
    assert.equal(received.length, 2);
    const errors = errorsOf(c.sent);
    assert.deepEqual(errors.map((e) => e.code), [ErrorCode.RATE_LIMITED]);
    assert.match(errors[0]?.message ?? "", /bytes\/s/);
  });

  it("[BY4] the message budget counts bytes rows too", () => {
    const small: MessageTable<unknown> = {
      "test:tick": bytesMessage({ maxBytes: 4, budget: { perSecond: 1, burst: 2, bytesPerSecond: 1000, bytesBurst: 1000 }, handler: () => undefined }),
    };
    const { deliver } = guardOf(small);
    const c = fakeClient();
    for (let i = 0; i < 3; i++) deliver.bytes(c.client, "test:tick", new Uint8Array(1));
    assert.deepEqual(errorsOf(c.sent).map((e) => e.code), [ErrorCode.RATE_LIMITED]);
  });

  it("[BY5] bytes to an unknown type, and JSON to a bytes type, are BAD_INPUT", () => {
    const { deliver } = guardOf(table);
    const c = fakeClient();
    deliver.bytes(c.client, "test:nope", new Uint8Array(1));
    deliver.json(c.client, "test:blob", { x: 1 });
    assert.deepEqual(errorsOf(c.sent).map((e) => e.code), [ErrorCode.BAD_INPUT, ErrorCode.BAD_INPUT]);
    assert.equal(received.length, 0);
  });

  it("[BY6] refusals of bytes rows are strikes: past the limit the client is closed with the JSON rows' close code", () => {
    const { deliver } = guardOf(table);
    const c = fakeClient();
    for (let i = 0; i <= STRIKE_LIMIT; i++) deliver.bytes(c.client, "test:blob", new Uint8Array(65));
    assert.deepEqual(c.closes, [CloseCode.BAD_INPUT]);
  });

  it("[BY7] a bytes row whose byte burst cannot hold one full payload is refused when the room is built", () => {
    const bad: MessageTable<unknown> = {
      "test:bad": bytesMessage({ maxBytes: 100, budget: { perSecond: 1, burst: 1, bytesPerSecond: 10, bytesBurst: 50 }, handler: () => undefined }),
    };
    assert.throws(() => guardOf(bad), /bytesBurst/);
  });
});

describe("message guard: unknown types", () => {
  it("[CR4] unknown message types are counted under one metrics label, whatever name the client made up", async () => {
    const { room, deliver } = fakeRoom();
    const log = silentLog();
    const metrics = testMetrics();
    new MessageGuard(room as never, {}, { log, metrics: new RoomMetrics(metrics, "test"), evictions: new Evictions(log), now: () => 0, maxFrameBytes: 1 << 20 }).install();
    const c = fakeClient();
    for (let i = 0; i < 10; i++) deliver.json(c.client, `made-up:${i}:${"x".repeat(1_000)}`, {});
    deliver.bytes(c.client, "made-up:bytes", new Uint8Array(1));
    assert.deepEqual(errorsOf(c.sent).map((e) => e.code), Array(11).fill(ErrorCode.BAD_INPUT), "each is still refused");
    const series = (await metrics.messagesRefused.get()).values.map((v) => [v.labels.type, v.value]);
    assert.deepEqual(series, [["<unknown>", 11]]);
  });
});

describe("one error mapper for HTTP and rooms", () => {
  /** The same error, thrown by a room handler (sync and async) and mapped to an HTTP problem. */
  async function sameCodeOnBothPaths(make: () => unknown, expected: ErrorCode): Promise<void> {
    {
      const http = errorToResponse(make(), "req-1", silentLog());
      const problem = JSON.parse(String(http.body)) as { code: string; status: number };
      const table: MessageTable<unknown> = {
        "test:fail": message({
          schema: z.object({ requestId: z.string() }),
          budget: { perSecond: 10, burst: 10 },
          handler: () => {
            throw make();
          },
        }),
        "test:reject": message({
          schema: z.object({ requestId: z.string() }),
          budget: { perSecond: 10, burst: 10 },
          handler: async () => {
            throw make();
          },
        }),
      };
      const { deliver } = guardOf(table);
      const c = fakeClient();
      deliver.json(c.client, "test:fail", { requestId: "a" });
      deliver.json(c.client, "test:reject", { requestId: "b" });
      await new Promise((resolve) => setImmediate(resolve));
      const errors = errorsOf(c.sent);
      assert.deepEqual(errors.map((e) => [e.code, e.requestId]), [[expected, "a"], [expected, "b"]]);
      assert.equal(problem.code, expected);
      assert.equal(http.status, classify(make()).status);
      assert.equal(problem.status, classify(make()).status);
    }
  }

  const same = "the HTTP problem and the room's error message carry the same code";
  it(`[ER1] duplicate key: ${same} (CONFLICT)`, () =>
    sameCodeOnBothPaths(() => new DuplicateKeyError("dup", "username"), ErrorCode.CONFLICT));
  it(`[ER2] store unavailable: ${same} (STORE_UNAVAILABLE)`, () =>
    sameCodeOnBothPaths(() => new StoreUnavailableError("down"), ErrorCode.STORE_UNAVAILABLE));
  it(`[ER3] DomainError: ${same} (NOT_FOUND)`, () =>
    sameCodeOnBothPaths(() => new DomainError(ErrorCode.NOT_FOUND, "no such thing"), ErrorCode.NOT_FOUND));
  it(`[ER4] NotStorableError: ${same} (INTERNAL)`, () =>
    sameCodeOnBothPaths(() => new NotStorableError("songs.x", "a function"), ErrorCode.INTERNAL));
  it(`[ER5] unknown: ${same} (INTERNAL)`, () => sameCodeOnBothPaths(() => new Error("boom"), ErrorCode.INTERNAL));

  it("[ER6] Retry-After is added at the HTTP edge for STORE_UNAVAILABLE, and a DomainError's own headers pass through", () => {
    const http = errorToResponse(new StoreUnavailableError("down"), "req-1", silentLog());
    assert.equal(http.headers["retry-after"], "5");
    const own = errorToResponse(new DomainError(ErrorCode.RATE_LIMITED, "slow", { headers: { "retry-after": "30" } }), "r", silentLog());
    assert.equal(own.headers["retry-after"], "30");
    assert.equal(classify(new StoreUnavailableError("down")).retryAfterSeconds, 5);
  });
});

/** composeRoom and the deps it takes, `extra` over inert defaults (imported late, as the room parts are). */
async function composing(extra: Record<string, unknown> = {}) {
  const { composeRoom } = await import("../../server/rooms/parts/compose.ts");
  const { testConfig } = await import("../../server/config.ts");
  const { ReconnectGrants } = await import("../../server/auth/reconnect-grants.ts");
  const { PersisterRegistry } = await import("../../server/rooms/persistence/registry.ts");
  const deps = {
    config: testConfig(),
    log: silentLog(),
    metrics: testMetrics(),
    now: () => 0,
    sessions: {} as never,
    grants: new ReconnectGrants(() => 0),
    seats: {} as never,
    persisters: new PersisterRegistry(),
    ...extra,
  };
  return { composeRoom, deps: deps as Parameters<typeof composeRoom>[1] };
}

describe("composed rooms", () => {
  it("[CR1] composeRoom runs each part's cleanup after the room's own leave and dispose, even when those throw", async () => {
    const { room, subscribed } = fakeRoom();
    const metrics = testMetrics();
    const calls: string[] = [];
    Object.assign(room, {
      onLeave: () => {
        calls.push("room leave");
        throw new Error("room leave failed");
      },
      onDispose: () => {
        calls.push("room dispose");
        throw new Error("room dispose failed");
      },
    });
    const seats = { seated: async () => undefined, release: async () => calls.push("seat released") };
    const { composeRoom, deps } = await composing({ metrics, seats });
    const parts = composeRoom(room as never, deps, { roomType: "test", messages: {} });
    await parts.subscribe("test:channel", () => undefined);
    const hooked = room as unknown as { onJoin(c: unknown): Promise<void>; onLeave(c: unknown): Promise<void>; onDispose(): Promise<void> };
    const c = fakeClient();
    (c.client as unknown as { auth: unknown }).auth = { userId: "u1", loginSessionId: "l1", seatId: "seat-1", role: "member" };
    await hooked.onJoin(c.client);
    const gauge = async (name: string) => (await metrics.registry.getSingleMetric(name)?.get())?.values[0]?.value;
    assert.equal(await gauge("neospace_room_clients"), 1);
    await assert.rejects(hooked.onLeave(c.client), /room leave failed/);
    assert.deepEqual(calls, ["room leave", "seat released"]);
    assert.equal(await gauge("neospace_room_clients"), 0);
    assert.ok(subscribed.has("test:channel") && subscribed.has("neospace:kick"));
    await assert.rejects(hooked.onDispose(), /room dispose failed/);
    assert.deepEqual([...subscribed], []);
    assert.equal(await gauge("neospace_rooms"), 0);
  });
});

describe("composed persistence", () => {
  it("[CR2] a persister made with parts.persist gets its final flush when the room disposes, after the room's onDispose", async () => {
    const { room } = fakeRoom();
    const order: string[] = [];
    Object.assign(room, { onDispose: () => void order.push("room dispose") });
    const { PersisterRegistry } = await import("../../server/rooms/persistence/registry.ts");
    const registry = new PersisterRegistry();
    const { composeRoom, deps } = await composing({ persisters: registry });
    const parts = composeRoom(room as never, deps, { roomType: "test", messages: {} });
    const persister = parts.persist<string, string>({
      roomType: "test",
      key: "k1",
      createIfMissing: true,
      load: async () => "stored",
      capture: () => "changed",
      save: async (value) => void order.push(`saved ${value}`),
    });
    assert.equal(await persister.load(), "stored");
    persister.markDirty();
    await (room as unknown as { onDispose(): Promise<void> }).onDispose();
    assert.deepEqual(order, ["room dispose", "saved changed"]);
    assert.equal(registry.size, 0);
  });
});

describe("composed patches", () => {
  it("[CR3] a patch is counted as sent to each client only when it carried changes (an idle room's patch interval sends nothing)", async () => {
    const { room } = fakeRoom();
    const changes = [false, true, false];
    Object.assign(room, { clients: [{}, {}, {}], broadcastPatch: () => changes.shift() ?? false });
    const metrics = testMetrics();
    const { composeRoom, deps } = await composing({ metrics });
    composeRoom(room as never, deps, { roomType: "test", messages: {} });
    const patch = (room as unknown as { broadcastPatch(): boolean }).broadcastPatch;
    assert.deepEqual([patch(), patch(), patch()], [false, true, false], "the room's own answer passes through");
    const sent = (await metrics.messagesOut.get()).values.filter((v) => v.labels.type === "patch");
    assert.deepEqual(
      sent.map((v) => v.value),
      [3],
      "one patch with changes, to three clients",
    );
  });
});
