import assert from "node:assert/strict";
import fc from "fast-check";
import { CloseCode, ErrorCode, type ErrorMessage } from "../../schema/protocol.ts";
import { register } from "../helpers/accounts.ts";
import { type AnyRoom, joinSpace, leaveQuietly, nextMessage, sdkClient, untilState } from "../helpers/sdk.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

/** Colyseus protocol codes (first byte of a frame). */
const P = { JOIN_ROOM: 10, LEAVE_ROOM: 12, ROOM_DATA: 13, ROOM_DATA_BYTES: 17, PING: 18, INPUT: 19, ROOM_REQUEST: 21 } as const;
/** Closes a client may see after raw frames: ours, plus Colyseus's 4002 (undecodable payload, per-second backstop). */
const DEFINED_CLOSES = new Set<number>([...Object.values(CloseCode), 4002]);

/** A short string as @colyseus/schema encodes it (msgpack fixstr). */
function str(s: string): number[] {
  const bytes = [...Buffer.from(s, "utf8")];
  return [0xa0 | bytes.length, ...bytes];
}

function sendRaw(room: AnyRoom, bytes: Uint8Array | number[]): void {
  const ws = (room.connection.transport as unknown as { ws: { readyState: number; send(b: Uint8Array): void } }).ws;
  if (ws.readyState === 1) ws.send(Uint8Array.from(bytes));
}

describe("raw protocol frames (real server, 20 s reconnect grace)", function () {
  this.timeout(120_000);
  let server: TestServer;
  let watcher: AnyRoom;
  const rooms: AnyRoom[] = [];

  before(async () => {
    server = await startTestServer({ transport: "uws", env: { RECONNECT_GRACE_SECONDS: "20", WS_MAX_PAYLOAD_BYTES: "4096" } });
    watcher = await joinSpace(server, (await register(server)).token);
    rooms.push(watcher);
  });
  after(async () => {
    await Promise.all(rooms.map(leaveQuietly));
    await server.stop();
  });

  /** A fresh account in the watcher's room, with the SDK's own reconnection off. */
  async function victim(): Promise<{ room: AnyRoom; token: string; closed: Promise<number> }> {
    const account = await register(server);
    const room = await joinSpace(server, account.token);
    rooms.push(room);
    room.reconnection.enabled = false;
    room.onMessage("*", () => undefined);
    const closed = new Promise<number>((resolve) => room.onLeave((code: number) => resolve(code)));
    await untilState(watcher, () => watcher.state?.avatars?.has(room.sessionId) === true, 5_000, "the avatar appears");
    return { room, token: account.token, closed };
  }

  /** The seat is gone at once (not after the 20 s grace): the avatar leaves and the token cannot reconnect. */
  async function evictedWithoutGrace(room: AnyRoom, token: string): Promise<void> {
    await untilState(watcher, () => !watcher.state.avatars.has(room.sessionId), 5_000, "the avatar leaves before the grace ends");
    await assert.rejects(sdkClient(server, token).reconnect(room.reconnectionToken));
  }

  it("[FR1] request frames for unknown types are strikes: the socket is closed (4400), not answered 2,000 times", async () => {
    const { room, token, closed } = await victim();
    for (let i = 0; i < 200; i++) sendRaw(room, [P.ROOM_REQUEST, i % 100, ...str("nope")]);
    assert.equal(await closed, CloseCode.BAD_INPUT);
    await evictedWithoutGrace(room, token);
  });

  it("[FR2] a PING flood is struck and closed (4429)", async () => {
    const { room, token, closed } = await victim();
    for (let i = 0; i < 200; i++) sendRaw(room, [P.PING]);
    assert.equal(await closed, CloseCode.RATE_LIMITED);
    await evictedWithoutGrace(room, token);
  });

  it("[FR3] frames with unknown protocol codes are struck and closed (4400)", async () => {
    const { room, token, closed } = await victim();
    for (let i = 0; i < 100; i++) sendRaw(room, [25 + (i % 6), 1, 2, 3]);
    assert.equal(await closed, CloseCode.BAD_INPUT);
    await evictedWithoutGrace(room, token);
  });

  it("[FR4] an undecodable payload closes the client with a defined code and frees its seat without grace", async () => {
    const { room, token, closed } = await victim();
    sendRaw(room, [P.ROOM_DATA, ...str("space:chat"), 0xc1, 0xc1]);
    assert.ok(DEFINED_CLOSES.has(await closed));
    await evictedWithoutGrace(room, token);
  });

  it("[FR10] an undecodable payload in a request frame (known type, a truncated msgpack map) closes 4400 and logs no server error", async () => {
    const { room, token, closed } = await victim();
    const before = server.logs.length;
    sendRaw(room, [P.ROOM_REQUEST, 1, ...str("space:chat"), 0x82, 0xa1, 0x61]);
    assert.equal(await closed, CloseCode.BAD_INPUT);
    await evictedWithoutGrace(room, token);
    await server.logsSettled();
    const errors = server.logs.slice(before).filter((line) => /"level":(50|60)/.test(line));
    assert.deepEqual(errors, [], "the client's garbage is not a server error");
    assert.ok(server.logs.slice(before).some((line) => line.includes("undecodable frame")), "it is logged as the client's doing");
  });

  it("[FR5] an oversize frame closes with CloseCode.FRAME_TOO_LARGE and frees the seat without grace", async () => {
    for (const size of [5_000, 40_000]) {
      const { room, token, closed } = await victim();
      sendRaw(room, [P.ROOM_DATA, ...str("space:chat"), ...new Array<number>(size).fill(0x61)]);
      assert.equal(await closed, CloseCode.FRAME_TOO_LARGE, `a ${size}-byte frame`);
      await evictedWithoutGrace(room, token);
    }
  });

  it("[FR6] frames no budget sees (JOIN_ROOM repeats) hit the ROOM_MAX_MESSAGES_PER_SECOND backstop", async () => {
    const { room, token, closed } = await victim();
    for (let i = 0; i < 400; i++) sendRaw(room, [P.JOIN_ROOM]);
    assert.equal(await closed, 4002);
    await evictedWithoutGrace(room, token);
  });

  it("[FR7] the unknown-type error carries the payload's requestId", async () => {
    const { room } = await victim();
    const error = nextMessage<ErrorMessage>(room, "error");
    room.send("space:teleport", { requestId: "req-42" });
    assert.deepEqual(await error, { code: ErrorCode.BAD_INPUT, message: "unknown message type", requestId: "req-42" });
  });

  it("[FR8] random raw frames: the server stays up, closes only with defined codes, and evicts without grace", async () => {
    const frame = fc.oneof(
      fc.uint8Array({ minLength: 0, maxLength: 64 }),
      fc.tuple(fc.constantFrom(...Object.values(P), 0, 31, 255), fc.uint8Array({ maxLength: 48 })).map(([c, rest]) => Uint8Array.from([c, ...rest])),
      fc.integer({ min: 4_200, max: 30_000 }).map((n) => Uint8Array.from([P.ROOM_DATA, ...str("space:chat"), ...new Array<number>(n).fill(1)])),
    );
    let current: Awaited<ReturnType<typeof victim>> | null = null;
    const closes: number[] = [];
    const checkClosed = async (v: Awaited<ReturnType<typeof victim>>) => {
      closes.push(await v.closed);
      await evictedWithoutGrace(v.room, v.token);
    };
    await fc.assert(
      fc.asyncProperty(frame, async (bytes) => {
        if (!current?.room.connection.isOpen) {
          if (current) await checkClosed(current);
          current = await victim();
        }
        sendRaw(current.room, bytes);
        return true;
      }),
      { numRuns: 400 },
    );
    assert.deepEqual(closes.filter((c) => !DEFINED_CLOSES.has(c)), [], "every close has a defined code");
    assert.equal((await fetch(`${server.baseUrl}/readyz`)).status, 200, "the server is up");
    const me = watcher.state.avatars.get(watcher.sessionId);
    const goal = { x: Math.round(me.x) - 40, y: Math.round(me.y) };
    watcher.send("space:move", goal);
    await untilState(watcher, () => watcher.state.avatars.get(watcher.sessionId)?.x === goal.x, 10_000, "the room still runs");
  });
});
