import assert from "node:assert/strict";
import { bearer, fakeIp, login, register, TEST_PASSWORD, uniqueName } from "../helpers/accounts.ts";
import { grantAdmin } from "../helpers/admin.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const json = { "content-type": "application/json" };

describe("identity over HTTP (real server)", function () {
  this.timeout(60_000);
  let server: TestServer;
  const tokens: string[] = [];
  const url = (p: string) => `${server.baseUrl}${p}`;
  const signUp = async (prefix = "user") => {
    const a = await register(server, uniqueName(prefix));
    tokens.push(a.token);
    return a;
  };
  /** Signs up like a browser: cookie, no token in the body. */
  const browserSignUp = async (headers: Record<string, string> = {}) => {
    const res = await fetch(url("/api/auth/register"), {
      method: "POST",
      headers: { ...json, "x-forwarded-for": fakeIp(), ...headers },
      body: JSON.stringify({ username: uniqueName("web"), password: TEST_PASSWORD }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const body = (await res.json()) as { csrfToken: string; token?: string };
    const setCookie = res.headers.get("set-cookie") ?? "";
    tokens.push(setCookie.split(";")[0]?.split("=")[1] ?? "");
    return { body, setCookie, cookie: setCookie.split(";")[0] as string };
  };

  before(async () => {
    server = await startTestServer({ transport: "uws" });
  });
  after(async () => {
    await server.stop();
  });

  it("[ID1] a browser sign-up sets an HttpOnly SameSite cookie and keeps the token out of the body", async () => {
    const { body, setCookie } = await browserSignUp();
    assert.equal(body.token, undefined);
    assert.match(setCookie, /^neo_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const https = await browserSignUp({ "x-forwarded-proto": "https" });
    assert.match(https.setCookie, /^__Host-neo_session=.*; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
  });

  it("[ID2] /api/me answers for a bearer or a cookie, 401 otherwise", async () => {
    const a = await signUp();
    const me = await fetch(url("/api/me"), { headers: bearer(a) });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { user: { username: string } }).user.username, a.username);
    const web = await browserSignUp();
    assert.equal((await fetch(url("/api/me"), { headers: { cookie: web.cookie } })).status, 200);
    const none = await fetch(url("/api/me"));
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as { code: string }).code, "UNAUTHENTICATED");
  });

  it("[ID3] unknown user and wrong password answer the same", async () => {
    const a = await signUp();
    const ip = fakeIp();
    const wrong = await login(server, a.username, "not the password at all", ip);
    const unknown = await login(server, uniqueName("ghost"), "not the password at all", ip);
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    assert.deepEqual(strip((await wrong.json()) as Record<string, unknown>), strip((await unknown.json()) as Record<string, unknown>));
    // Time within the noise: medians of alternating tries, compared as a ratio in one run.
    const timeOf = async (username: string) => {
      const started = performance.now();
      await login(server, username, "not the password at all", fakeIp());
      return performance.now() - started;
    };
    const known: number[] = [];
    const ghosts: number[] = [];
    for (let i = 0; i < 9; i++) {
      known.push(await timeOf(a.username));
      ghosts.push(await timeOf(uniqueName("ghost")));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
    const ratio = median(known) / median(ghosts);
    assert.ok(ratio > 1 / 3 && ratio < 3, `wrong-password vs unknown-user time ratio ${ratio.toFixed(2)}`);
  });

  it("[ID4] cookie mutations need the CSRF token and an allowed Origin; bearer ones do not", async () => {
    const web = await browserSignUp();
    const logout = (headers: Record<string, string>) =>
      fetch(url("/api/auth/logout"), { method: "POST", headers: { cookie: web.cookie, ...headers } });
    assert.equal((await logout({})).status, 403, "no CSRF token");
    assert.equal((await logout({ "x-csrf-token": "x".repeat(43) })).status, 403, "wrong CSRF token");
    const evil = await logout({ "x-csrf-token": web.body.csrfToken, origin: "https://evil.example" });
    assert.equal(evil.status, 403, "foreign Origin");
    assert.equal((await logout({ "x-csrf-token": web.body.csrfToken, "sec-fetch-site": "cross-site" })).status, 403);
    const ok = await logout({ "x-csrf-token": web.body.csrfToken, origin: server.baseUrl });
    assert.equal(ok.status, 204);
    assert.match(ok.headers.get("set-cookie") ?? "", /Max-Age=0/);
    assert.equal((await fetch(url("/api/me"), { headers: { cookie: web.cookie } })).status, 401, "revoked");
    const b = await signUp();
    assert.equal((await fetch(url("/api/auth/logout"), { method: "POST", headers: bearer(b) })).status, 204);
  });

  it("[ID5] login throttling: 429 with Retry-After for the attacker's IP, the victim still signs in elsewhere", async () => {
    const victim = await signUp("victim");
    const attacker = fakeIp();
    for (let i = 0; i < 5; i++) assert.equal((await login(server, victim.username, `guess-${i}-xxxxxx`, attacker)).status, 401);
    const blocked = await login(server, victim.username, victim.password, attacker);
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get("retry-after")) > 0);
    assert.equal((await login(server, victim.username, victim.password, fakeIp())).status, 200);
  });

  it("[ID6] login throttling per IP: 10 failures over many accounts lock that IP", async () => {
    const ip = fakeIp();
    for (let i = 0; i < 10; i++) assert.equal((await login(server, uniqueName("nobody"), "whatever-password", ip)).status, 401);
    assert.equal((await login(server, uniqueName("nobody"), "whatever-password", ip)).status, 429);
  });

  it("[ID14] login throttle race: 20 concurrent wrong passwords reach verification at most 5 times (issue 8 item 6)", async () => {
    const victim = await signUp("race");
    const ip = fakeIp();
    const tries = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(server, victim.username, `concurrent-guess-${i}`, ip)),
    );
    const statuses = tries.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 401).length, 5, `verified: ${statuses.join(",")}`);
    assert.equal(statuses.filter((s) => s === 429).length, 15);
    assert.equal((await login(server, victim.username, victim.password, fakeIp())).status, 200, "the victim signs in elsewhere");
  });

  it("[ID15] a successful sign-in gives its reserved point back: 10 good logins then 10 wrong from one IP still reach verification", async () => {
    const a = await signUp("refund");
    const ip = fakeIp();
    for (let i = 0; i < 10; i++) assert.equal((await login(server, a.username, a.password, ip)).status, 200);
    for (let i = 0; i < 5; i++) assert.equal((await login(server, a.username, `wrong-${i}-xxxxxxx`, ip)).status, 401);
    assert.equal((await login(server, a.username, "one-too-many-xxxx", ip)).status, 429);
  });

  it("[ID7] sessions: list my own, revoke one; another user's session id is refused as not found (no IDOR)", async () => {
    const a = await signUp();
    const second = (await (await login(server, a.username, a.password, fakeIp())).json()) as { token: string; sessionId: string };
    const list = (await (await fetch(url("/api/me/sessions"), { headers: bearer(a) })).json()) as {
      sessions: Array<{ id: string; current: boolean }>;
    };
    assert.equal(list.sessions.length, 2);
    assert.equal(list.sessions.find((s) => s.current)?.id, a.sessionId);
    const mallory = await signUp("mallory");
    const idor = await fetch(url(`/api/me/sessions/${second.sessionId}`), { method: "DELETE", headers: bearer(mallory) });
    assert.equal(idor.status, 404);
    assert.equal((await fetch(url("/api/me"), { headers: { authorization: `Bearer ${second.token}` } })).status, 200);
    const own = await fetch(url(`/api/me/sessions/${second.sessionId}`), { method: "DELETE", headers: bearer(a) });
    assert.equal(own.status, 204);
    assert.equal((await fetch(url("/api/me"), { headers: { authorization: `Bearer ${second.token}` } })).status, 401);
  });

  it("[ID8] a password change revokes every session and rotates to a new one", async () => {
    const a = await signUp();
    const wrong = await fetch(url("/api/me/password"), {
      method: "POST",
      headers: { ...json, ...bearer(a) },
      body: JSON.stringify({ currentPassword: "nope-nope-nope", newPassword: "another fine passphrase 7" }),
    });
    assert.equal(wrong.status, 401);
    const res = await fetch(url("/api/me/password"), {
      method: "POST",
      headers: { ...json, ...bearer(a) },
      body: JSON.stringify({ currentPassword: a.password, newPassword: "another fine passphrase 7", bearer: true }),
    });
    assert.equal(res.status, 200);
    const fresh = (await res.json()) as { token: string };
    tokens.push(fresh.token);
    assert.notEqual(fresh.token, a.token);
    assert.equal((await fetch(url("/api/me"), { headers: bearer(a) })).status, 401, "old session revoked");
    assert.equal((await fetch(url("/api/me"), { headers: bearer(fresh) })).status, 200);
  });

  it("[ID9] logout-all ends every session", async () => {
    const a = await signUp();
    const other = (await (await login(server, a.username, a.password, fakeIp())).json()) as { token: string };
    assert.equal((await fetch(url("/api/auth/logout-all"), { method: "POST", headers: bearer(a) })).status, 204);
    assert.equal((await fetch(url("/api/me"), { headers: bearer(a) })).status, 401);
    assert.equal((await fetch(url("/api/me"), { headers: bearer(other) })).status, 401);
  });

  it("[ID10] the first admin comes from the CLI; admins ban, the audit log records it, users cannot", async () => {
    const boss = await signUp("boss");
    const target = await signUp("target");
    const denied = await fetch(url(`/api/admin/users/${target.username}/ban`), {
      method: "POST",
      headers: { ...json, ...bearer(boss) },
      body: JSON.stringify({ reason: "spam" }),
    });
    assert.equal(denied.status, 403);
    await grantAdmin(server, boss);
    const ban = await fetch(url(`/api/admin/users/${target.username}/ban`), {
      method: "POST",
      headers: { ...json, ...bearer(boss) },
      body: JSON.stringify({ reason: "spam links" }),
    });
    assert.equal(ban.status, 204);
    assert.equal((await fetch(url("/api/me"), { headers: bearer(target) })).status, 401, "sessions revoked");
    const relogin = await login(server, target.username, target.password, fakeIp());
    assert.equal(relogin.status, 403);
    assert.equal(((await relogin.json()) as { code: string }).code, "BANNED");
    const audit = (await (await fetch(url("/api/admin/audit"), { headers: bearer(boss) })).json()) as {
      entries: Array<{ action: string; targetName: string; actorName: string; reason: string }>;
    };
    const entry = audit.entries.find((e) => e.action === "ban" && e.targetName === target.username);
    assert.deepEqual(entry && { actor: entry.actorName, reason: entry.reason }, { actor: boss.username, reason: "spam links" });
    assert.equal((await fetch(url("/api/admin/audit"), { headers: bearer(target) })).status, 401);
  });

  it("[ID16] a moderator cannot lift an admin's ban; an admin can, and a moderator lifts a moderator's (issue 8 item 9)", async () => {
    const boss = await signUp("boss");
    await grantAdmin(server, boss);
    const mod = await signUp("mod");
    const [target, other] = [await signUp("target"), await signUp("other")];
    const post = (path: string, who: { token: string }, body: unknown) =>
      fetch(url(path), { method: "POST", headers: { ...json, ...bearer(who) }, body: JSON.stringify(body) });
    const role = await fetch(url(`/api/admin/users/${mod.username}/role`), {
      method: "PUT",
      headers: { ...json, ...bearer(boss) },
      body: JSON.stringify({ role: "moderator", reason: "new mod" }),
    });
    assert.equal(role.status, 204);
    assert.equal((await post(`/api/admin/users/${target.username}/ban`, boss, { reason: "fraud" })).status, 204);
    const refused = await post(`/api/admin/users/${target.username}/unban`, mod, { reason: "friend of mine" });
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { code: string }).code, "FORBIDDEN");
    assert.equal((await login(server, target.username, target.password, fakeIp())).status, 403, "still banned");
    assert.equal((await post(`/api/admin/users/${target.username}/unban`, boss, { reason: "appeal upheld" })).status, 204);
    assert.equal((await login(server, target.username, target.password, fakeIp())).status, 200);
    assert.equal((await post(`/api/admin/users/${other.username}/ban`, mod, { reason: "spam" })).status, 204);
    assert.equal((await post(`/api/admin/users/${other.username}/unban`, mod, { reason: "mistake" })).status, 204);
    const audit = (await (await fetch(url("/api/admin/audit"), { headers: bearer(boss) })).json()) as {
      entries: Array<{ action: string; targetName: string; details?: { bannedByRole?: string } }>;
    };
    const unban = audit.entries.find((e) => e.action === "unban" && e.targetName === target.username);
    assert.equal(unban?.details?.bannedByRole, "admin");
  });

  it("[ID17] moderation reasons are cleaned like all text (the banned person reads theirs), and a ban must end in the future", async () => {
    const boss = await signUp("boss");
    await grantAdmin(server, boss);
    const target = await signUp("target");
    const ban = (body: unknown) =>
      fetch(url(`/api/admin/users/${target.username}/ban`), { method: "POST", headers: { ...json, ...bearer(boss) }, body: JSON.stringify(body) });
    const past = await ban({ reason: "spam", until: Date.now() - 60_000 });
    assert.equal(past.status, 400, "a ban that ended before it began bans nobody");
    assert.deepEqual(((await past.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path), ["until"]);
    assert.equal((await fetch(url("/api/me"), { headers: bearer(target) })).status, 200, "nothing applied: sessions kept");
    assert.equal((await ban({ reason: "\u202E\u200B\u0000 " })).status, 400, "a reason of invisible characters only is no reason");
    assert.equal((await ban({ reason: "\u202Egnp.exe\u0000 spam\ud800" })).status, 204);
    const relogin = await login(server, target.username, target.password, fakeIp());
    const { detail } = (await relogin.json()) as { detail: string };
    assert.equal(detail, "this account is banned: gnp.exe spam");
    const audit = (await (await fetch(url("/api/admin/audit"), { headers: bearer(boss) })).json()) as {
      entries: Array<{ action: string; targetName: string; reason: string }>;
    };
    assert.equal(audit.entries.find((e) => e.action === "ban" && e.targetName === target.username)?.reason, "gnp.exe spam");
  });

  it("[ID11] tokens never travel in URLs", async () => {
    const a = await signUp();
    const res = await fetch(url(`/api/me?_authToken=${a.token}`));
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { code: string }).code, "BAD_INPUT");
  });

  it("[ID12] mutations carry RateLimit headers and answer 429 past their budget", async () => {
    const ip = fakeIp();
    let last: Response | undefined;
    for (let i = 0; i < 11; i++) {
      last = await fetch(url("/api/auth/register"), {
        method: "POST",
        headers: { ...json, "x-forwarded-for": ip },
        body: JSON.stringify({ username: uniqueName("flood"), password: TEST_PASSWORD, bearer: true }),
      });
      if (i === 0) assert.equal(last.headers.get("ratelimit-limit"), "10");
      if (last.status === 201) tokens.push(((await last.json()) as { token: string }).token);
    }
    assert.equal(last?.status, 429);
    assert.ok(Number(last?.headers.get("retry-after")) > 0);
  });

  it("[ID13] no session token issued in this suite ever reached the logs", async () => {
    await server.logsSettled();
    const all = server.logs.join("\n");
    const leaked = tokens.filter((t) => t && all.includes(t));
    assert.deepEqual(leaked, []);
    assert.ok(tokens.length > 10);
  });
});
