import assert from "node:assert/strict";
import { MUTATING, Router } from "../../server/http/router.ts";
import { RoomName } from "../../schema/protocol.ts";
import { isBytesRow } from "../../server/handlers/message-table.ts";
import { ROOMS } from "../../server/rooms/registry.ts";
import { realRoutes } from "../helpers/routes.ts";

/** Every door, enumerated: a new route or message without a budget or validation fails here. */
describe("every door has a budget", () => {
  const routes = realRoutes();

  it("[DR1] every mutating HTTP route declares a per-IP budget (and signed-in ones a per-user budget or IP budget)", () => {
    const mutations = routes.filter((r) => MUTATING.has(r.method));
    assert.ok(mutations.length >= 10, `found ${mutations.length} mutations`);
    for (const r of mutations) {
      assert.ok(r.limit?.perIp && r.limit.perIp.points > 0 && r.limit.perIp.seconds > 0, `${r.method} ${r.path}`);
    }
  });

  it("[DR2] the router refuses a mutation registered without a budget", () => {
    const handler = async () => ({ status: 204, headers: {} });
    assert.throws(() => new Router().add({ method: "POST", path: "/x", access: "public", handler }), /without a rate limit/);
  });

  it("[DR3] every room message type has a zod schema and a token-bucket budget", () => {
    // Every room of the registry (the wall takes no client messages: writes go over HTTP; its table must stay empty or be budgeted too).
    assert.deepEqual(new Set(Object.keys(ROOMS)), new Set(Object.values(RoomName)), "every RoomName has a registry row");
    assert.ok(Object.keys(ROOMS[RoomName.SPACE].messages).length >= 5);
    for (const [room, entry] of Object.entries(ROOMS)) {
      const table = entry.messages;
      const types = Object.keys(table);
      for (const type of types) {
        const spec = table[type];
        assert.ok(type.startsWith(`${room}:`), `${type} is namespaced`);
        if (spec && isBytesRow(spec)) {
          // A bytes row: a size cap and a byte budget instead of a schema.
          assert.ok(spec.maxBytes > 0 && spec.budget.perSecond > 0 && spec.budget.burst >= 1, `${type} has a budget`);
          assert.ok(spec.budget.bytesPerSecond > 0 && spec.budget.bytesBurst >= spec.maxBytes, `${type} has a byte budget`);
          continue;
        }
        assert.equal(typeof spec?.schema.safeParse, "function", `${type} has a schema`);
        assert.ok(spec && spec.budget.perSecond > 0 && spec.budget.burst >= 1, `${type} has a budget`);
        assert.equal(spec?.schema.safeParse({ unexpected: "x".repeat(10) }).success, false, `${type} rejects junk`);
      }
      assert.equal(entry.joinOptions.safeParse({ unexpected: 1 }).success, false, `${room} join options reject junk`);
    }
  });

  it("[DR4] every non-public route needs a session; public mutations are only the sign-in doors", () => {
    const publicMutations = routes.filter((r) => MUTATING.has(r.method) && r.access === "public").map((r) => r.path);
    assert.deepEqual(new Set(publicMutations), new Set(["/api/auth/register", "/api/auth/login", "/api/operator/session"]));
  });
});
