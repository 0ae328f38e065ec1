import assert from "node:assert/strict";
import { ErrorCode, type ErrorMessage } from "../../schema/protocol.ts";
import { register, uniqueName } from "../helpers/accounts.ts";
import { type AnyRoom, dropConnection, joinSpace, leaveQuietly, nextMessage, untilState } from "../helpers/sdk.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

/**
 * Benches over real sockets (the small room's sofa: bench "bench", seats 0..2 on tiles
 * (6..8, 5), 32 px tiles). `space:sit` is authoritative: next to the seat, seat free;
 * everyone sees who sits where through the avatars' `seat` field.
 */
describe("benches: space:sit and space:stand (real server)", function () {
  this.timeout(60_000);
  let server: TestServer;
  const rooms: AnyRoom[] = [];
  /** Above seat 0 and seat 2 (tile centres of (6, 4) and (8, 4)). */
  const ABOVE_SEAT_0 = { x: 208, y: 144 };
  const ABOVE_SEAT_2 = { x: 272, y: 144 };
  const SEAT_0 = { x: 208, y: 176 };

  const join = async (prefix: string) => {
    const account = await register(server, uniqueName(prefix));
    const room = await joinSpace(server, account.token, { map: "room" });
    rooms.push(room);
    await untilState(room, () => room.state?.avatars?.has(room.sessionId) === true);
    return room;
  };
  const me = (room: AnyRoom, id = room.sessionId) => room.state.avatars.get(id);
  const walkTo = async (room: AnyRoom, at: { x: number; y: number }) => {
    room.send("space:move", at);
    await untilState(room, () => me(room)?.x === at.x && me(room)?.y === at.y, 10_000, `arrival at ${at.x},${at.y}`);
  };
  const refusal = async (room: AnyRoom, payload: object): Promise<ErrorMessage> => {
    const reply = nextMessage<ErrorMessage>(room, "error");
    room.send("space:sit", payload);
    return reply;
  };

  before(async () => {
    server = await startTestServer({ transport: "uws" });
  });
  afterEach(async () => {
    await Promise.all(rooms.splice(0).map(leaveQuietly));
  });
  after(async () => {
    await server.stop();
  });

  it("[BN1] sitting next to a bench is seen by others (seat and position); walking stands one up where one sat down from", async () => {
    const sitter = await join("sitter");
    const watcher = await join("watcher");
    await walkTo(sitter, ABOVE_SEAT_0);
    sitter.send("space:sit", { bench: "bench", seat: 0 });
    await untilState(watcher, () => me(watcher, sitter.sessionId)?.seat === "bench:0", 5_000, "the watcher sees the seat taken");
    const seen = me(watcher, sitter.sessionId);
    assert.deepEqual({ x: seen.x, y: seen.y }, SEAT_0, "a sitting avatar's feet are on the seat");
    sitter.send("space:walk", { dx: 0, dy: 0 });
    sitter.send("space:move", { x: 112, y: 112 });
    await untilState(watcher, () => me(watcher, sitter.sessionId)?.seat === "", 5_000, "walking stands one up");
    await untilState(sitter, () => me(sitter)?.x === 112 && me(sitter)?.y === 112, 10_000, "then walks on");
  });

  it("[BN2] too far from the seat is refused with FORBIDDEN, an unknown bench or seat with NOT_FOUND, a bad payload with BAD_INPUT (four requests: the burst)", async () => {
    const far = await join("far");
    assert.ok(Math.hypot(me(far).x - SEAT_0.x, me(far).y - SEAT_0.y) > 52, "spawned away from the sofa");
    assert.deepEqual(await refusal(far, { bench: "bench", seat: 0, requestId: "s1" }), {
      code: ErrorCode.FORBIDDEN,
      message: "walk up to the bench first",
      requestId: "s1",
    });
    assert.equal((await refusal(far, { bench: "no-such-bench", seat: 0 })).code, ErrorCode.NOT_FOUND);
    assert.equal((await refusal(far, { bench: "bench", seat: 5 })).code, ErrorCode.NOT_FOUND, "the sofa has three seats");
    assert.equal((await refusal(far, { bench: "bench", seat: -1 })).code, ErrorCode.BAD_INPUT);
    assert.equal(me(far).seat, "");
  });

  it("[BN3] a taken seat is refused with CONFLICT; when its sitter leaves the seat is free again", async () => {
    const first = await join("first");
    const second = await join("second");
    await walkTo(first, ABOVE_SEAT_0);
    first.send("space:sit", { bench: "bench", seat: 0 });
    await untilState(second, () => me(second, first.sessionId)?.seat === "bench:0");
    await walkTo(second, ABOVE_SEAT_0);
    assert.deepEqual(await refusal(second, { bench: "bench", seat: 0, requestId: "taken" }), {
      code: ErrorCode.CONFLICT,
      message: "someone is sitting there",
      requestId: "taken",
    });
    await leaveQuietly(first);
    await untilState(second, () => !second.state.avatars.has(first.sessionId), 5_000, "the sitter is gone");
    second.send("space:sit", { bench: "bench", seat: 0 });
    await untilState(second, () => me(second)?.seat === "bench:0", 5_000, "the freed seat can be taken");
  });

  it("[BN4] a dropped connection stands its avatar up at once (the seat frees while the avatar waits to reconnect)", async () => {
    const sitter = await join("dropper");
    const watcher = await join("stays");
    await walkTo(sitter, ABOVE_SEAT_2);
    sitter.send("space:sit", { bench: "bench", seat: 2 });
    await untilState(watcher, () => me(watcher, sitter.sessionId)?.seat === "bench:2");
    dropConnection(sitter);
    await untilState(watcher, () => me(watcher, sitter.sessionId)?.reconnecting === true, 10_000, "the drop is seen");
    const ghost = me(watcher, sitter.sessionId);
    assert.equal(ghost.seat, "");
    assert.deepEqual({ x: ghost.x, y: ghost.y }, ABOVE_SEAT_2, "it stands where it sat down from");
  });

  it("[BN5] space:stand stands up (and is harmless standing); sit and stand have a budget: a burst past it gets RATE_LIMITED", async () => {
    const sitter = await join("stander");
    const watcher = await join("sees");
    await walkTo(sitter, ABOVE_SEAT_0);
    sitter.send("space:stand", {});
    sitter.send("space:sit", { bench: "bench", seat: 1 });
    await untilState(watcher, () => me(watcher, sitter.sessionId)?.seat === "bench:1", 5_000, "a neighbouring seat is within reach");
    sitter.send("space:stand", { requestId: "up" });
    await untilState(sitter, () => me(sitter)?.seat === "", 5_000, "stood up");
    assert.deepEqual({ x: me(sitter).x, y: me(sitter).y }, ABOVE_SEAT_0, "where it sat down from");
    const limited = nextMessage<ErrorMessage>(sitter, "error");
    for (let i = 0; i < 8; i++) sitter.send("space:stand", { requestId: `burst${i}` });
    assert.equal((await limited).code, ErrorCode.RATE_LIMITED);
  });
});
