import assert from "node:assert/strict";
import WebSocket from "ws";
import { PROTOCOL_VERSION } from "../../schema/protocol.ts";
import { loadConfig } from "../../server/config.ts";
import { deadSeatBoundS } from "../../server/transport/types.ts";
import { register } from "../helpers/accounts.ts";
import { startTestServer, TEST_TRANSPORTS, type TestServer } from "../helpers/server.ts";

const JOIN_ROOM = 10;
/** The smallest heartbeat allowed and a one-second grace: the bound is then seconds, not a minute. */
const ENV = { HEARTBEAT_SECONDS: "8", RECONNECT_GRACE_SECONDS: "1" };
/** Time for the test's own requests and the log pipe, on top of the stated bound. */
const SLACK_MS = 5_000;

interface Joined {
  ws: WebSocket;
  sessionId: string;
  closed: Promise<number>;
}

/**
 * Reserves a seat and completes the WebSocket join (JOIN_ROOM acknowledged), as the thin
 * bench bots do. `answerPings: false` makes a socket that vanished without a close: the
 * TCP connection stays up, but nothing comes back, not even a pong.
 */
async function joinRaw(server: TestServer, answerPings: boolean): Promise<Joined> {
  const { token } = await register(server);
  const res = await fetch(`${server.baseUrl}/matchmake/joinOrCreate/space`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ protocol: PROTOCOL_VERSION }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const seat = (await res.json()) as { roomId: string; sessionId: string; processId?: string };
  const ws = new WebSocket(`${server.wsUrl}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}&skipHandshake=1`, {
    perMessageDeflate: false,
    autoPong: answerPings,
    headers: { authorization: `Bearer ${token}` },
  });
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.on("message", (data: Buffer) => {
      if (((data[0] ?? 0) & 0x1f) !== JOIN_ROOM) return;
      ws.send(Buffer.from([JOIN_ROOM]));
      resolve();
    });
    ws.once("error", reject);
    void closed.then((code) => reject(new Error(`closed ${code} before joining`)));
  });
  return { ws, sessionId: seat.sessionId, closed };
}

describe("dead sockets: a socket that vanishes without a close loses its seat within the stated bound", function () {
  this.timeout(60_000);

  for (const transport of TEST_TRANSPORTS) {
    describe(`over ${transport}`, () => {
      let server: TestServer;
      before(async () => {
        server = await startTestServer({ transport, env: ENV });
      });
      after(async () => {
        await server.stop();
      });

      it(`[IC1-${transport}] a joined socket that answers no ping is dropped and its seat freed within heartbeat + grace; a live one stays`, async () => {
        const boundS = deadSeatBoundS(loadConfig(ENV), transport);
        const live = await joinRaw(server, true);
        const dead = await joinRaw(server, false);
        const joinedAt = Date.now();
        const freed = server.waitForLog(
          (line) => line.includes('"seat freed"') && line.includes(dead.sessionId),
          `seat of the silent socket freed within ${boundS} s`,
          boundS * 1000 + SLACK_MS,
        );
        // The server ends the silent connection itself: the test never closes it.
        const deadCode = await dead.closed;
        assert.notEqual(deadCode, 1000, "dropped by the heartbeat, not a consented close");
        await freed;
        const tookS = (Date.now() - joinedAt) / 1000;
        assert.equal(live.ws.readyState, WebSocket.OPEN, `the socket that answers pings is still connected after ${tookS} s`);
        await server.logsSettled();
        assert.ok(!server.logs.some((l) => l.includes('"seat freed"') && l.includes(live.sessionId)), "the live seat is kept");
        live.ws.close();
      });
    });
  }
});
