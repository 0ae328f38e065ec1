import assert from "node:assert/strict";
import { MUTATING, Router } from "../../server/http/router.ts";
import { SPACE_MESSAGES } from "../../server/rooms/space-room.ts";
import { WALL_MESSAGES } from "../../server/rooms/wall-room.ts";
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
    // The wall room takes no client messages (writes go over HTTP); its table must stay empty or be budgeted too.
    const tables = { space: SPACE_MESSAGES, wall: WALL_MESSAGES };
    assert.ok(Object.keys(SPACE_MESSAGES).length >= 5);
    for (const [room, table] of Object.entries(tables)) {
      const types = Object.keys(table);
      for (const type of types) {
        const spec = table[type];
        assert.ok(type.startsWith(`${room}:`), `${type} is namespaced`);
        assert.equal(typeof spec?.schema.safeParse, "function", `${type} has a schema`);
        assert.ok(spec && spec.budget.perSecond > 0 && spec.budget.burst >= 1, `${type} has a budget`);
        assert.equal(spec?.schema.safeParse({ unexpected: "x".repeat(10) }).success, false, `${type} rejects junk`);
      }
    }
  });

  it("[DR4] every non-public route needs a session; public mutations are only the sign-in doors", () => {
    const publicMutations = routes.filter((r) => MUTATING.has(r.method) && r.access === "public").map((r) => r.path);
    assert.deepEqual(new Set(publicMutations), new Set(["/api/auth/register", "/api/auth/login", "/api/operator/session"]));
  });
});
