import assert from "node:assert/strict";
import { fakeIp, register, TEST_PASSWORD, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { api } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

describe("the first-visit guide's flag on the account (real server)", function () {
  this.timeout(60_000);
  let server: TestServer;
  let ann: TestAccount;
  let ben: TestAccount;

  before(async () => {
    server = await startTestServer({ transport: "uws" });
    [ann, ben] = await Promise.all([register(server, uniqueName("ann")), register(server, uniqueName("ben"))]);
  });
  after(async () => {
    await server.stop();
  });

  it("[OB1] a new account has not seen the guide; PATCH done is kept per account and can be undone", async () => {
    assert.deepEqual((await api(server, "GET", "/api/me/guide", ann)).body, { done: false });
    const set = await api(server, "PATCH", "/api/me/guide", ann, { done: true });
    assert.equal(set.status, 200);
    assert.deepEqual(set.body, { done: true });
    assert.deepEqual((await api(server, "GET", "/api/me/guide", ann)).body, { done: true });
    assert.deepEqual((await api(server, "GET", "/api/me/guide", ben)).body, { done: false }, "only the caller's account");
    await api(server, "PATCH", "/api/me/guide", ann, { done: false });
    assert.deepEqual((await api(server, "GET", "/api/me/guide", ann)).body, { done: false });
  });

  it("[OB2] the guide flag: anonymous callers get 401, bad bodies 400", async () => {
    assert.equal((await api(server, "GET", "/api/me/guide")).status, 401);
    assert.equal((await api(server, "PATCH", "/api/me/guide", undefined, { done: true })).status, 401);
    assert.equal((await api(server, "PATCH", "/api/me/guide", ann, { done: "yes" })).status, 400);
    assert.equal((await api(server, "PATCH", "/api/me/guide", ann, { done: true, extra: 1 })).status, 400);
    assert.equal((await api(server, "PATCH", "/api/me/guide", ann, {})).status, 400);
  });

  it("[OB6] a browser's PATCH of the guide flag needs the session's CSRF token, as every cookie mutation", async () => {
    const signUp = await fetch(`${server.baseUrl}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": fakeIp() },
      body: JSON.stringify({ username: uniqueName("web"), password: TEST_PASSWORD }),
    });
    assert.equal(signUp.status, 201);
    const { csrfToken } = (await signUp.json()) as { csrfToken: string };
    const cookie = (signUp.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const patch = (headers: Record<string, string>) =>
      fetch(`${server.baseUrl}/api/me/guide`, { method: "PATCH", headers: { cookie, "content-type": "application/json", ...headers }, body: JSON.stringify({ done: true }) });
    assert.equal((await patch({})).status, 403, "no CSRF token");
    assert.equal((await patch({ "x-csrf-token": csrfToken, origin: "https://evil.example" })).status, 403, "a foreign origin");
    assert.equal((await patch({ "x-csrf-token": csrfToken })).status, 200);
    const after = await fetch(`${server.baseUrl}/api/me/guide`, { headers: { cookie } });
    assert.deepEqual(await after.json(), { done: true });
  });
});
