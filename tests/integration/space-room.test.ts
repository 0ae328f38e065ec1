import assert from "node:assert/strict";
import { CloseCode, ErrorCode, type ErrorMessage, PROTOCOL_VERSION } from "../../schema/protocol.ts";
import { type AnyRoom, joinSpace, leaveCode, leaveQuietly, nextMessage, untilState } from "../helpers/sdk.ts";
import { bearer, register, uniqueName } from "../helpers/accounts.ts";
import { startTestServer, TEST_TRANSPORTS, type TestServer } from "../helpers/server.ts";

interface Refusal {
  code?: number;
  message: string;
}

/** The same end-to-end path over both transports: a real server process, real WebSockets. */
for (const transport of TEST_TRANSPORTS) {
  describe(`space room over ${transport}`, function () {
    this.timeout(60_000);
    let server: TestServer;
    const rooms: AnyRoom[] = [];
    const join = async (name: string) => {
      const account = await register(server, uniqueName(name));
      const room = await joinSpace(server, account.token);
      rooms.push(room);
      return room;
    };

    before(async () => {
      server = await startTestServer({ transport });
    });
    afterEach(async () => {
      await Promise.all(rooms.splice(0).map(leaveQuietly));
    });
    after(async () => {
      assert.equal(await server.stop(), 0, "graceful shutdown exits 0");
    });

    it(`[SP1] logs that it runs ${transport}`, async () => {
      await server.logsSettled();
      assert.ok(server.logs.some((l) => l.includes(`"transport":"${transport}"`)));
    });

    it("[SP2] A walks; B sees A arrive; a target off the map is clamped to it", async () => {
      const a = await join("ada");
      const b = await join("bob");
      assert.equal(a.roomId, b.roomId);
      await untilState(b, () => b.state?.avatars?.size === 2, 5_000, "both avatars");
      const start = b.state.avatars.get(a.sessionId);
      const goal = { x: Math.round(start.x) - 60, y: Math.round(start.y) };
      a.send("space:move", goal);
      await untilState(
        b,
        () => {
          const seen = b.state?.avatars?.get(a.sessionId);
          return seen?.x === goal.x && seen?.y === goal.y;
        },
        15_000,
        "A at its goal on B's screen",
      );
      // Clamped to the map (16 px from its edges), which lands on the outer wall: since issue 12
      // item 8 the server walks a path to the nearest reachable tile, next to the corner's inner
      // tile (a potted plant stands on that one): the centre of a tile one step from it.
      a.send("space:move", { x: -500, y: 50_000 });
      await untilState(
        b,
        () => {
          const seen = b.state?.avatars?.get(a.sessionId);
          if (!seen) return false;
          const corner = { x: 48, y: b.state.height - 48 };
          const onTileCentre = (seen.x - 16) % 32 === 0 && (seen.y - 16) % 32 === 0;
          return onTileCentre && Math.hypot(seen.x - corner.x, seen.y - corner.y) <= 32 && seen.x === seen.targetX && seen.y === seen.targetY;
        },
        15_000,
        "clamped, then walked to the nearest reachable tile",
      );
    });

    it("[SP3] bad payloads get BAD_INPUT with the request id, and the room lives on", async () => {
      const a = await join("ada");
      const reply = nextMessage<ErrorMessage>(a, "error");
      a.send("space:move", { x: "far", y: 1, requestId: "r-42" });
      const err = await reply;
      assert.equal(err.code, ErrorCode.BAD_INPUT);
      assert.equal(err.requestId, "r-42");
      const unknown = nextMessage<ErrorMessage>(a, "error");
      a.send("space:teleport", { x: 1 });
      assert.equal((await unknown).code, ErrorCode.BAD_INPUT);
      await untilState(a, () => a.state?.avatars?.has(a.sessionId) === true);
      const x = Math.round(a.state.avatars.get(a.sessionId).x) - 40;
      a.send("space:move", { x, y: Math.round(a.state.avatars.get(a.sessionId).y) });
      await untilState(a, () => a.state?.avatars?.get(a.sessionId)?.x === x, 10_000, "move after bad input");
    });

    it("[SP4] a flooding client gets RATE_LIMITED, then is closed with the rate-limit code", async () => {
      const calm = await join("calm");
      const flood = await join("flood");
      const limited = nextMessage<ErrorMessage>(flood, "error");
      const closed = leaveCode(flood, 10_000);
      for (let i = 0; i < 200; i++) flood.send("space:move", { x: i, y: i });
      assert.equal((await limited).code, ErrorCode.RATE_LIMITED);
      assert.equal(await closed, CloseCode.RATE_LIMITED);
      const cx = Math.round(calm.state.avatars.get(calm.sessionId).x) - 40;
      calm.send("space:move", { x: cx, y: Math.round(calm.state.avatars.get(calm.sessionId).y) });
      await untilState(calm, () => calm.state?.avatars?.get(calm.sessionId)?.x === cx, 10_000, "calm client unaffected");
    });

    it("[SP6] joining needs a valid session", async () => {
      await assert.rejects(joinSpace(server, "not-a-real-token"), (err: Refusal) => {
        assert.equal(err.code, 401);
        return true;
      });
      const anonymous = await fetch(`${server.baseUrl}/matchmake/joinOrCreate/space`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ protocol: PROTOCOL_VERSION }),
      });
      assert.equal(anonymous.status, 401);
      assert.equal(((await anonymous.json()) as { code: string }).code, ErrorCode.UNAUTHENTICATED);
    });

    it("[SP5] an old client is refused at join with the protocol close code", async () => {
      const account = await register(server);
      await assert.rejects(joinSpace(server, account.token, { protocol: PROTOCOL_VERSION - 1 }), (err: Refusal) => {
        assert.equal(err.code, 426);
        assert.match(err.message, /reload/);
        return true;
      });
      await assert.rejects(joinSpace(server, account.token, { map: "atlantis" }), (err: Refusal) => {
        assert.equal(err.code, 400);
        assert.match(err.message, /no such map/);
        return true;
      });
      const res = await fetch(`${server.baseUrl}/matchmake/joinOrCreate/space`, {
        method: "POST",
        headers: { "content-type": "application/json", ...bearer(account) },
        body: JSON.stringify({ protocol: 0 }),
      });
      assert.equal(res.status, 426);
      const problem = (await res.json()) as { code: string; closeCode: number };
      assert.equal(problem.code, ErrorCode.PROTOCOL_MISMATCH);
      assert.equal(problem.closeCode, CloseCode.PROTOCOL_MISMATCH);
    });
  });
}
