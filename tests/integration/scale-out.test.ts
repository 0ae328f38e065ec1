import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { CloseCode } from "../../schema/protocol.ts";
import { bearer, fakeIp, login, register, uniqueName } from "../helpers/accounts.ts";
import { grantAdmin } from "../helpers/admin.ts";
import { startRedis, type TestRedis } from "../helpers/redis.ts";
import WebSocket from "ws";
import { type AnyRoom, dropConnection, joinSpace, leaveCode, leaveQuietly, sdkClient, untilState } from "../helpers/sdk.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

/** Two NeoSpace processes sharing one store and one Redis: what one does, the other honours. */
describe("scale-out through Redis (two processes)", function () {
  this.timeout(90_000);
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  const rooms: AnyRoom[] = [];

  before(async () => {
    redis = await startRedis();
    a = await startTestServer({ env: { REDIS_URL: redis.url }, keepData: true, publicAddress: true });
    b = await startTestServer({ env: { REDIS_URL: redis.url }, dataDir: a.dataDir, publicAddress: true });
  });
  after(async () => {
    await Promise.all(rooms.map(leaveQuietly));
    await b?.stop();
    await a?.stop();
    await redis?.stop();
    if (a) rmSync(a.dataDir, { recursive: true, force: true });
  });

  it("[SO1] both processes see the same rooms: joins through A and B land together", async () => {
    const x = await register(a, uniqueName("via"));
    const y = await register(b, uniqueName("via"));
    const ra = await joinSpace(a, x.token, { map: "garden" });
    const rb = await joinSpace(b, y.token, { map: "garden" });
    rooms.push(ra, rb);
    assert.equal(ra.roomId, rb.roomId);
  });

  it("[SO2] a ban on process A drops the user's socket on process B within one second", async () => {
    const admin = await register(a, uniqueName("boss"));
    await grantAdmin(a, admin);
    const target = await register(b, uniqueName("far"));
    const room = await joinSpace(b, target.token, { map: "room" });
    rooms.push(room);
    const code = leaveCode(room, 1_000);
    const res = await fetch(`${a.baseUrl}/api/admin/users/${target.username}/ban`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(admin) },
      body: JSON.stringify({ reason: "cross-process test" }),
    });
    assert.equal(res.status, 204);
    assert.equal(await code, CloseCode.BANNED);
  });

  it("[SO3] login throttling counts across processes", async () => {
    const victim = await register(a, uniqueName("vic"));
    const ip = fakeIp();
    for (let i = 0; i < 5; i++) {
      const via = i % 2 ? a : b;
      assert.equal((await login(via, victim.username, `wrong-${i}-guess`, ip)).status, 401);
    }
    assert.equal((await login(a, victim.username, victim.password, ip)).status, 429);
    assert.equal((await login(b, victim.username, victim.password, ip)).status, 429);
  });

  /**
   * Reconnection grants (server/auth/reconnect-grants.ts) live in the process that accepts
   * the reconnecting WebSocket, and the room reads them in onReconnect. That is safe because
   * Colyseus connects a socket only to a room of its own process (`getLocalRoomById` in
   * both transports): the matchmaker's `reconnect` answers from any process, and the seat
   * it returns names the room's process (PUBLIC_ADDRESS), so the socket and the grant land
   * there. A socket sent to the wrong process is refused before any room sees it.
   *
   * The matchmaker places a new room on whichever process is least loaded, so the test
   * reads where the room landed from the socket's address rather than assuming.
   */
  it("[SO4] a client dropped from a room reconnects through the other process's matchmaker and lands back on the room's process", async () => {
    const x = await register(a, uniqueName("hop"));
    const room = await joinSpace(a, x.token, { map: "plaza" });
    await untilState(room, () => room.state?.avatars?.has(room.sessionId) === true);
    const host = socketPort(room) === a.port ? a : b;
    const other = host === a ? b : a;
    const token = room.reconnectionToken;
    dropConnection(room);

    // The wrong process has no such room, so its transport closes the socket unjoined.
    const [, rawToken = ""] = token.split(":"); // the SDK keeps `${roomId}:${token}`
    const wrong = new WebSocket(
      `ws://127.0.0.1:${other.port}/elsewhere/${room.roomId}?sessionId=${room.sessionId}&reconnectionToken=${rawToken}`,
      { headers: { authorization: `Bearer ${x.token}` } },
    );
    const closed = await closeCodeOf(wrong, 5_000);
    assert.ok(closed === 4003 || closed === 4010, `refused as FAILED_TO_RECONNECT / MAY_TRY_RECONNECT, got ${closed}`);

    const back = await sdkClient(other, x.token).reconnect(token);
    rooms.push(back);
    assert.equal(back.sessionId, room.sessionId, "the same seat");
    assert.equal(socketPort(back), host.port, "the socket went to the room's own process");
    await untilState(back, () => back.state?.avatars?.get(back.sessionId)?.name === x.username);
  });
});

/** The port of the process the SDK's socket is connected to. */
function socketPort(room: AnyRoom): number {
  const ws = (room.connection.transport as unknown as { ws: { url: string } }).ws;
  return Number(new URL(ws.url).port);
}

/** Resolves with the socket's close code; a socket still open after `ms` fails the test. */
function closeCodeOf(ws: WebSocket, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`socket still open after ${ms} ms`));
    }, ms);
    ws.once("close", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
