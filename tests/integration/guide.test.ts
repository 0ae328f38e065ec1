import assert from "node:assert/strict";
import { register, type TestAccount, uniqueName } from "../helpers/accounts.ts";
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
});
