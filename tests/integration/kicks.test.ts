import assert from "node:assert/strict";
import { CloseCode } from "../../schema/protocol.ts";
import { bearer, register, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { type AnyRoom, dropConnection, joinSpace, leaveCode, leaveQuietly, sdkClient, untilState } from "../helpers/sdk.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { grantAdmin } from "../helpers/admin.ts";

const json = { "content-type": "application/json" };

async function ban(server: TestServer, admin: TestAccount, target: TestAccount): Promise<void> {
  const res = await fetch(`${server.baseUrl}/api/admin/users/${target.username}/ban`, {
    method: "POST",
    headers: { ...json, ...bearer(admin) },
    body: JSON.stringify({ reason: "test ban" }),
  });
  assert.equal(res.status, 204);
}

function upgradeRefusals(server: TestServer): number {
  return server.logs.filter((l) => l.includes('"reason":"sign in to reconnect"')).length;
}

function stolenSeatRefusals(server: TestServer): number {
  return server.logs.filter((l) => l.includes('"reason":"this seat belongs to another user"')).length;
}

/**
 * The server's log lines arrive through a pipe: once everything it logged so far has
 * arrived (a request of our own is logged after it), the line we expect is there or never was.
 */
async function logged(server: TestServer, seen: () => boolean, what: string): Promise<void> {
  await server.logsSettled();
  assert.ok(seen(), `${what}: not in the server log (${server.logs.length} lines)`);
}

describe("kicks, re-auth and reconnection (real server)", function () {
  this.timeout(60_000);
  const rooms: AnyRoom[] = [];
  afterEach(async () => {
    await Promise.all(rooms.splice(0).map(leaveQuietly));
  });

  describe("with the presence push", () => {
    let server: TestServer;
    let admin: TestAccount;
    before(async () => {
      server = await startTestServer({ transport: "uws", env: { RECONNECT_GRACE_SECONDS: "20" } });
      admin = await register(server, uniqueName("admin"));
      await grantAdmin(server, admin);
    });
    after(async () => {
      await server.stop();
    });

    it("[KK1] a user banned while in three rooms is dropped from all of them within one second", async () => {
      const target = await register(server, uniqueName("bad"));
      const joined = await Promise.all(["plaza", "garden", "room"].map((map) => joinSpace(server, target.token, { map })));
      rooms.push(...joined);
      assert.equal(new Set(joined.map((r) => r.roomId)).size, 3);
      const codes = Promise.all(joined.map((r) => leaveCode(r, 1_000)));
      await ban(server, admin, target);
      assert.deepEqual(await codes, [CloseCode.BANNED, CloseCode.BANNED, CloseCode.BANNED]);
    });

    it("[KK2] signing out elsewhere drops that session's sockets with the revoked code", async () => {
      const a = await register(server, uniqueName("out"));
      const room = await joinSpace(server, a.token);
      rooms.push(room);
      const code = leaveCode(room, 1_000);
      assert.equal((await fetch(`${server.baseUrl}/api/auth/logout`, { method: "POST", headers: bearer(a) })).status, 204);
      assert.equal(await code, CloseCode.SESSION_REVOKED);
    });

    it("[KK3] a dropped client reconnects within the grace period and gets its avatar back", async () => {
      const a = await register(server, uniqueName("net"));
      const room = await joinSpace(server, a.token);
      await untilState(room, () => room.state?.avatars?.has(room.sessionId) === true);
      const token = room.reconnectionToken;
      dropConnection(room);
      const back = await sdkClient(server, a.token).reconnect(token);
      rooms.push(back);
      assert.equal(back.sessionId, room.sessionId);
      await untilState(back, () => back.state?.avatars?.get(back.sessionId)?.name === a.username);
      // Issue 12 item 8: targetX/Y is the next waypoint of a path, so the check is where it arrives.
      back.send("space:move", { x: 500, y: 130 });
      await untilState(back, () => {
        const me = back.state?.avatars?.get(back.sessionId);
        return me?.x === 500 && me?.y === 130;
      }, 10_000);
    });

    it("[KK8] a reconnection that comes while the old socket still looks open (half-open, not yet noticed) takes the seat over", async () => {
      const a = await register(server, uniqueName("half"));
      const room = await joinSpace(server, a.token);
      await untilState(room, () => room.state?.avatars?.has(room.sessionId) === true);
      room.reconnection.enabled = false;
      // No drop first: to the server the old socket is alive, as after a network change.
      const back = await sdkClient(server, a.token).reconnect(room.reconnectionToken);
      rooms.push(back);
      assert.equal(back.sessionId, room.sessionId);
      await untilState(back, () => back.state?.avatars?.get(back.sessionId)?.name === a.username);
    });

    it("[KK4] a reconnection without a session, or with another user's session, is refused at the upgrade", async () => {
      const a = await register(server, uniqueName("own"));
      const thief = await register(server, uniqueName("thief"));
      const room = await joinSpace(server, a.token);
      await untilState(room, () => room.state?.avatars?.has(room.sessionId) === true);
      const token = room.reconnectionToken;
      dropConnection(room);
      await server.logsSettled();
      const refusedBefore = upgradeRefusals(server);
      await assert.rejects(sdkClient(server, "x".repeat(43)).reconnect(token));
      await logged(server, () => upgradeRefusals(server) === refusedBefore + 1, "the upgrade itself was refused (401)");
      const stolenBefore = stolenSeatRefusals(server);
      await assert.rejects(sdkClient(server, thief.token).reconnect(token));
      await logged(server, () => stolenSeatRefusals(server) === stolenBefore + 1, "the thief's upgrade was refused (403)");
    });

    it("[KK7] a refused reconnection (another user) leaves the seat to its owner, who still reconnects within the grace", async () => {
      const a = await register(server, uniqueName("victim"));
      const thief = await register(server, uniqueName("thief"));
      const watcher = await joinSpace(server, (await register(server, uniqueName("watch"))).token);
      const room = await joinSpace(server, a.token);
      rooms.push(watcher);
      await untilState(watcher, () => watcher.state?.avatars?.has(room.sessionId) === true, 5_000, "the victim's avatar");
      const token = room.reconnectionToken;
      dropConnection(room);
      await assert.rejects(sdkClient(server, thief.token).reconnect(token));
      assert.ok(watcher.state.avatars.has(room.sessionId), "the victim's avatar still holds its seat");
      const back = await sdkClient(server, a.token).reconnect(token);
      rooms.push(back);
      assert.equal(back.sessionId, room.sessionId);
      await untilState(back, () => back.state?.avatars?.get(back.sessionId)?.name === a.username, 5_000, "the victim is back");
    });

    it("[KK5] a banned user cannot slip back in with a reconnection token", async () => {
      const a = await register(server, uniqueName("sly"));
      const room = await joinSpace(server, a.token);
      await untilState(room, () => room.state?.avatars?.has(room.sessionId) === true);
      const token = room.reconnectionToken;
      dropConnection(room);
      await ban(server, admin, a);
      await server.logsSettled();
      const refusedBefore = upgradeRefusals(server);
      await assert.rejects(sdkClient(server, a.token).reconnect(token));
      await logged(server, () => upgradeRefusals(server) === refusedBefore + 1, "the banned session cannot even upgrade");
    });
  });

  describe("with the push switched off", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ transport: "ws", env: { KICK_PUSH: "false", REAUTH_INTERVAL_MS: "400" } });
    });
    after(async () => {
      await server.stop();
    });

    it("[KK6] a revoked session is dropped at the next re-auth round", async () => {
      const a = await register(server, uniqueName("slow"));
      const room = await joinSpace(server, a.token);
      rooms.push(room);
      const code = leaveCode(room, 5_000);
      assert.equal((await fetch(`${server.baseUrl}/api/auth/logout`, { method: "POST", headers: bearer(a) })).status, 204);
      assert.equal(await code, CloseCode.SESSION_REVOKED);
    });
  });
});
