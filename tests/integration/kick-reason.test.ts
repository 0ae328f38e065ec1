import assert from "node:assert/strict";
import { CloseCode } from "../../schema/protocol.ts";
import { bearer, register, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { grantAdmin } from "../helpers/admin.ts";
import { type AnyRoom, joinSpace, leaveCode, leaveQuietly } from "../helpers/sdk.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const json = { "content-type": "application/json" };

/**
 * A moderator's reason may be 500 characters, but a WebSocket close frame carries at most
 * 123 bytes of reason: `ws` throws on a longer one, and the throw went up through the
 * presence push into the ban route (500, the other rooms never kicked, no audit entry).
 */
for (const transport of ["ws", "uws"] as const) {
  describe(`a kick with a long reason (real server, ${transport})`, function () {
    this.timeout(60_000);
    let server: TestServer;
    let admin: TestAccount;
    const rooms: AnyRoom[] = [];
    before(async () => {
      server = await startTestServer({ transport });
      admin = await register(server, uniqueName("admin"));
      await grantAdmin(server, admin);
    });
    after(async () => {
      await Promise.all(rooms.splice(0).map(leaveQuietly));
      await server.stop();
    });

    it("[KK9] a ban with a 500-character reason drops every room of the user with the banned code and is audited", async () => {
      const target = await register(server, uniqueName("bad"));
      const joined = await Promise.all(["plaza", "garden"].map((map) => joinSpace(server, target.token, { map })));
      rooms.push(...joined);
      const codes = Promise.all(joined.map((r) => leaveCode(r, 2_000)));
      const reason = `é${"ü".repeat(498)}!`;
      const res = await fetch(`${server.baseUrl}/api/admin/users/${target.username}/ban`, {
        method: "POST",
        headers: { ...json, ...bearer(admin) },
        body: JSON.stringify({ reason }),
      });
      assert.equal(res.status, 204, await res.text());
      assert.deepEqual(await codes, [CloseCode.BANNED, CloseCode.BANNED]);
      const audit = await fetch(`${server.baseUrl}/api/admin/audit`, { headers: bearer(admin) });
      const { entries } = (await audit.json()) as { entries: Array<{ action: string; targetName: string; reason: string }> };
      assert.deepEqual(
        entries.filter((e) => e.action === "ban").map((e) => [e.targetName, e.reason]),
        [[target.username, reason]],
      );
    });
  });
}
