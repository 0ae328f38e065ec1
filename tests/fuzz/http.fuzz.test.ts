import assert from "node:assert/strict";
import fc from "fast-check";
import { bearer, fakeIp, login, register, type TestAccount } from "../helpers/accounts.ts";
import { realRoutes } from "../helpers/routes.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

/** Every route the server exposes, as (method, path pattern), from the real route table. */
function routeTable(): Array<{ method: string; path: string }> {
  return realRoutes().map((r) => ({ method: r.method, path: r.path }));
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 64 }),
  fc.constantFrom("__proto__", "constructor", "prototype", "\u202Eevil", "a\u200Bb", "ＡＤＭＩＮ", "\uD800", "NaN", "1e309", "-0"),
  fc.string({ unit: "grapheme", maxLength: 32 }),
);

/** Bodies of every kind: random JSON, prototype keys, deep nesting, near/over the size limit. */
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
    `${"[".repeat(10_000)}${"]".repeat(10_000)}`,
    JSON.stringify({ username: "x".repeat(60_000), password: "y" }),
    JSON.stringify({ text: "z".repeat(70_000) }),
    '{"username": 1e308, "password": -0}',
    "{bad json",
    "",
  ),
);

const contentType = fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "", "application/problem+json");

describe("HTTP fuzzing (real server)", function () {
  this.timeout(180_000);
  let server: TestServer;
  let account: TestAccount;
  const routes = routeTable();

  before(async () => {
    server = await startTestServer({ transport: "uws" });
    account = await register(server);
  });
  after(async () => {
    await server.stop();
  });

  it("[FZ1] no input to any route yields a 5xx, and every error is a complete problem+json", async () => {
    assert.ok(routes.length >= 15);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        body,
        contentType,
        fc.boolean(),
        fc.string({ minLength: 1, maxLength: 24 }),
        async (route, payload, type, signedIn, param) => {
          const path = route.path.replace(/:[a-z]+/gi, encodeURIComponent(param));
          const headers: Record<string, string> = { "x-forwarded-for": fakeIp(), ...(signedIn ? bearer(account) : {}) };
          if (type) headers["content-type"] = type;
          const hasBody = route.method !== "GET" && route.method !== "HEAD";
          const res = await fetch(`${server.baseUrl}${path}`, { method: route.method, headers, ...(hasBody ? { body: payload } : {}) });
          const text = await res.text();
          if (res.status >= 500) return false;
          if (res.status >= 400) {
            assert.match(res.headers.get("content-type") ?? "", /^application\/problem\+json/, `${route.method} ${path} → ${res.status}`);
            const p = JSON.parse(text) as Record<string, unknown>;
            for (const k of ["type", "title", "status", "detail", "code", "requestId"]) assert.ok(k in p, `${k} in ${text}`);
          }
          return true;
        },
      ),
      { numRuns: 250 },
    );
  });

  it("[FZ2] afterwards the server is alive, ready, and nobody became an admin", async () => {
    assert.equal((await fetch(`${server.baseUrl}/readyz`)).status, 200);
    // The fuzzer may have signed this account out (logout is a route too): sign in afresh.
    const again = await login(server, account.username, account.password, fakeIp());
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { user: { role: string } }).user.role, "user");
    assert.equal(({} as Record<string, unknown>).admin, undefined, "no prototype pollution in this process either");
  });
});
