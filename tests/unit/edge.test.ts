import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createAuthContext, createRouter, LocalPresence, type Router as ColyseusRouter, runBeforeUpgrade } from "@colyseus/core";
import { monitor } from "@colyseus/monitor";
import { z } from "zod";
import { ReconnectGrants } from "../../server/auth/reconnect-grants.ts";
import { DEFAULT_SESSION_POLICY, SessionService } from "../../server/auth/sessions.ts";
import type { UserDoc } from "../../server/auth/types.ts";
import { type Config, testConfig } from "../../server/config.ts";
import { createLogger } from "../../server/core/logger.ts";
import { createMetrics } from "../../server/core/metrics.ts";
import { OPERATOR_COOKIE_TTL_SECONDS, OperatorGuard, PresenceRevokedCookies } from "../../server/core/operator.ts";
import { DomainError } from "../../server/core/errors.ts";
import { ErrorCode } from "../../schema/protocol.ts";
import { ColyseusBridge, MONITOR_PREFIX } from "../../server/http/colyseus-bridge.ts";
import { createGateway } from "../../server/http/gateway.ts";
import { matchmakeProblem } from "../../server/http/matchmake-errors.ts";
import { monitorGuard } from "../../server/http/monitor-guard.ts";
import { RateLimits } from "../../server/http/rate-limits.ts";
import { json, noContent } from "../../server/http/reply.ts";
import { clientIpOf, hostOf } from "../../server/http/request-meta.ts";
import { parseTarget } from "../../server/http/request-target.ts";
import { Router } from "../../server/http/router.ts";
import { operatorRoutes } from "../../server/http/routes/operator.ts";
import { StaticFiles } from "../../server/http/static-files.ts";
import type { HttpResponse, RawRequest } from "../../server/http/types.ts";
import { parseBody } from "../../server/http/validate.ts";
import { openSqliteStore } from "../../server/store/sqlite/store.ts";
import { upgradePolicy } from "../../server/transport/upgrade-policy.ts";

const log = createLogger({ level: "silent" });
const TOKEN = "unit-operator-token-0123456789abcdef";
const noPool = () => ({ inUse: 0, waiting: 0, checkoutFailures: 0, waitP99Ms: 0, poolCleared: 0 });

function setup(opts: { config?: Partial<Config>; operators?: OperatorGuard; router?: Router; bridge?: ColyseusBridge } = {}) {
  const store = openSqliteStore({ file: ":memory:", logger: log });
  const sessions = new SessionService(store, DEFAULT_SESSION_POLICY, Date.now);
  const operators = opts.operators ?? new OperatorGuard(TOKEN);
  const metrics = createMetrics(noPool);
  const router = opts.router ?? new Router();
  const gateway = createGateway({
    config: testConfig(opts.config),
    log,
    metrics,
    router,
    colyseus: opts.bridge ?? new ColyseusBridge(),
    staticFiles: new StaticFiles("/nonexistent"),
    operators,
    sessions,
    limiter: new RateLimits(),
  });
  return { gateway, sessions, store, operators, metrics, router };
}

const raw = (over: Partial<RawRequest> & { headers?: Headers } = {}): RawRequest => ({
  method: "GET",
  url: "/",
  headers: new Headers({ host: "localhost:2567" }),
  remoteAddress: "127.0.0.1",
  body: undefined,
  bodyTooLarge: false,
  ...over,
});

const codeOf = (res: HttpResponse) => (JSON.parse(String(res.body)) as { code: string }).code;

describe("HTTP edge (issue 8)", () => {
  it("[EDGE4] Host must be host[:port]: every other shape is a 400 problem before routing", async () => {
    for (const ok of ["localhost", "localhost:2567", "127.0.0.1:80", "[::1]:2567", "neospace.example.", "my_service:80"]) {
      assert.equal(hostOf(new Headers({ host: ok })), ok, ok);
    }
    const hostile = ["a\\colyseus\\api?x=", "a/colyseus/api", "a?x", "a#x", "u@a", "a b", "", "a:", "a:123456", "h".repeat(300)];
    for (const bad of hostile) assert.equal(hostOf(new Headers({ host: bad })), null, bad);
    assert.equal(hostOf(new Headers()), null, "missing");
    const { gateway } = setup();
    for (const host of hostile) {
      const res = await gateway(raw({ url: "/colyseus/api", headers: new Headers({ host }) }));
      assert.equal(res.status, 400, host);
      assert.equal(codeOf(res), "BAD_INPUT");
    }
    assert.equal((await gateway(raw({ url: "/healthz", headers: new Headers() }))).status, 400, "no Host at all");
    assert.equal((await gateway(raw({ url: "http://x/colyseus/api" }))).status, 400, "absolute-form target");
  });

  it("[EDGE5] the bridge forwards on a fixed origin with the path the gateway checked, whatever Host says", async () => {
    const seen: string[] = [];
    const bridge = new ColyseusBridge();
    const router = {
      handler: async (request: Request) => {
        seen.push(`${request.url} host=${request.headers.get("host")} ip=${request.headers.get("x-real-ip")}`);
        return new Response("{}", { status: 200 });
      },
    };
    bridge.attach(router as unknown as ColyseusRouter);
    const hostile = raw({
      url: "/matchmake/x",
      headers: new Headers({ host: "127.0.0.1:1\\colyseus\\api?x=", "x-real-ip": "6.6.6.6", "x-forwarded-for": "6.6.6.6" }),
    });
    await bridge.forward(hostile, parseTarget("/matchmake/x?a=1") as URL, { secure: false, clientIp: "203.0.113.7" });
    await bridge.forward(raw(), parseTarget("/matchmake\\..\\colyseus") as URL, { secure: true, clientIp: "127.0.0.1" });
    assert.deepEqual(seen, [
      "http://neospace.internal/matchmake/x?a=1 host=neospace.internal ip=203.0.113.7",
      "https://neospace.internal/colyseus host=neospace.internal ip=127.0.0.1",
    ]);
  });

  it("[EDGE6] the monitor's own router refuses without operator credentials (defence in depth)", async () => {
    const operators = new OperatorGuard(TOKEN);
    const router = createRouter({ ...monitor({ prefix: MONITOR_PREFIX, use: [monitorGuard(operators, log)] }) });
    const at = (p: string, headers: Record<string, string> = {}) =>
      router.handler(new Request(`http://neospace.internal${p}`, { headers }));
    for (const p of ["/colyseus/", "/colyseus/api", "/colyseus/api/room?roomId=x", "/colyseus/assets/x.js"]) {
      assert.equal((await at(p)).status, 403, p);
      assert.equal((await at(p, { authorization: "Bearer wrong-token" })).status, 403, p);
    }
    const bearer = { authorization: `Bearer ${TOKEN}` };
    assert.equal((await at("/colyseus/", bearer)).status, 200);
    const call = "/colyseus/api/room/call?roomId=x&method=disconnect&args=%5B%5D";
    assert.equal((await at(call, bearer)).status, 403, "room methods outside the allowlist, even for operators");
    const https = (p: string, headers: Record<string, string>) =>
      router.handler(new Request(`https://neospace.internal${p}`, { headers }));
    const cookie = operators.issueCookie();
    assert.equal((await https("/colyseus/", { cookie: `__Host-neo_operator=${cookie}` })).status, 200, "__Host- over https");
    assert.equal((await https("/colyseus/", { cookie: `neo_operator=${cookie}` })).status, 403, "never the plain one over https");
    assert.equal((await at("/colyseus/", { cookie: `neo_operator=${cookie}` })).status, 200, "the plain one over http");
  });

  it("[EDGE7] TRUST_PROXY is a hop count: a spoofed left-most X-Forwarded-For never changes the budget key", async () => {
    const ipOf = (xff: string | null, trustProxy: number) =>
      clientIpOf(raw({ headers: new Headers(xff ? { host: "h", "x-forwarded-for": xff } : { host: "h" }) }), { trustProxy });
    assert.equal(ipOf("1.1.1.1, 203.0.113.7", 1), "203.0.113.7");
    assert.equal(ipOf("1.1.1.1, 203.0.113.7, 10.0.0.2", 2), "203.0.113.7");
    assert.equal(ipOf("203.0.113.7", 2), "127.0.0.1", "fewer entries than hops: the socket's address");
    assert.equal(ipOf("not-an-ip", 1), "127.0.0.1");
    assert.equal(ipOf("1.1.1.1, 203.0.113.7", 0), "127.0.0.1", "0: X-Forwarded-For ignored");
    const router = new Router().add({
      method: "POST",
      access: "public",
      path: "/limited",
      limit: { perIp: { points: 2, seconds: 60 } },
      handler: async () => noContent(),
    });
    const { gateway } = setup({ router, config: { trustProxy: 1 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const headers = new Headers({ host: "h", "x-forwarded-for": `198.51.100.${i}, 203.0.113.7` });
      statuses.push((await gateway(raw({ method: "POST", url: "/limited", headers }))).status);
    }
    assert.deepEqual(statuses, [204, 204, 429, 429]);
  });

  it("[EDGE8] the static cache holds only files of the built client: distinct missing paths do not grow it", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "neospace-static-"));
    try {
      mkdirSync(path.join(root, "assets"));
      writeFileSync(path.join(root, "index.html"), "<!doctype html><title>x</title>");
      writeFileSync(path.join(root, "assets", "app.js"), "export {}");
      const files = new StaticFiles(root);
      assert.equal((await files.get("/assets/app.js"))?.status, 200);
      assert.equal((await files.get("/"))?.status, 200);
      for (let i = 0; i < 2_000; i++) {
        assert.equal(await files.get(`/assets/missing-${i}.js`), null);
        assert.equal((await files.get(`/spa/path-${i}`))?.status, 200, "SPA paths get the shell");
      }
      assert.equal(await files.get("/..%2F..%2Fpackage.json"), null);
      assert.equal(await files.get("/%E0%A4%A.js"), null);
      assert.equal(files.cachedCount, 2, "index.html and app.js, nothing else");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("[EDGE9] operator cookies expire, die at sign-out, and cannot be forged", async () => {
    let now = 1_000_000;
    const operators = new OperatorGuard(TOKEN, async () => false, () => now);
    const withCookie = (value: string) => new Headers({ cookie: `neo_operator=${value}` });
    const cookie = operators.issueCookie();
    assert.equal(await operators.allows(withCookie(cookie)), true);
    assert.ok(!cookie.includes(TOKEN));
    now += OPERATOR_COOKIE_TTL_SECONDS * 1000;
    assert.equal(await operators.allows(withCookie(cookie)), false, "expired");
    const [expires, id, mac] = operators.issueCookie().split(".") as [string, string, string];
    assert.equal(await operators.allows(withCookie(`${Number(expires) + 1e9}.${id}.${mac}`)), false, "a longer expiry breaks the MAC");
    assert.equal(await operators.allows(withCookie(`${expires}.${id}.${"A".repeat(43)}`)), false, "forged MAC");
    const other = new OperatorGuard("another-operator-token-0123456789", async () => false, () => now);
    assert.equal(await operators.allows(withCookie(other.issueCookie())), false, "minted with another token");
    // Sign-out through the real route revokes the cookie it carries, not just the browser's copy.
    const live = operators.issueCookie();
    const spare = operators.issueCookie();
    const { gateway } = setup({ operators, router: new Router().add(...operatorRoutes(operators, createMetrics(noPool))) });
    const metrics = (value: string) => gateway(raw({ url: "/metrics", headers: new Headers({ host: "h", cookie: `neo_operator=${value}` }) }));
    assert.equal((await metrics(live)).status, 200);
    const out = await gateway(raw({ method: "DELETE", url: "/api/operator/session", headers: new Headers({ host: "h", cookie: `neo_operator=${live}` }) }));
    assert.equal(out.status, 204);
    assert.equal((await metrics(live)).status, 401, "the signed-out cookie is refused");
    assert.equal((await metrics(spare)).status, 200, "another operator's cookie still works");
  });

  it("[EDGE14] an operator's sign-out on one process closes that cookie on every process sharing presence", async () => {
    const presence = new LocalPresence();
    const one = new OperatorGuard(TOKEN, async () => false, Date.now, new PresenceRevokedCookies(presence));
    const two = new OperatorGuard(TOKEN, async () => false, Date.now, new PresenceRevokedCookies(presence));
    const headers = new Headers({ cookie: `neo_operator=${one.issueCookie()}` });
    assert.equal(await two.allows(headers), true, "a cookie one process issued opens the other");
    await one.revokeCookieIn(headers);
    assert.equal(await one.allows(headers), false);
    assert.equal(await two.allows(headers), false, "the other process sees the sign-out");
    const fresh = new Headers({ cookie: `neo_operator=${two.issueCookie()}` });
    assert.equal(await one.allows(fresh), true, "only the signed-out cookie is closed");
  });

  it("[EDGE10] over https only the __Host- cookies count, never the plain ones", async () => {
    const router = new Router().add({
      method: "GET",
      access: "user",
      path: "/api/whoami",
      handler: async (ctx) => json(200, { userId: ctx.actor?.userId }),
    });
    const operators = new OperatorGuard(TOKEN);
    router.add(...operatorRoutes(operators, createMetrics(noPool)));
    const { gateway, sessions, store } = setup({ router, operators, config: { trustProxy: 1 } });
    const user = { _id: "u1", username: "ada", usernameKey: "ada", displayName: "Ada", passwordHash: "x", role: "user", createdAt: 0 };
    await store.collection<UserDoc>("users").insertOne(user as UserDoc);
    const { token } = await sessions.create(user as UserDoc, { userAgent: "t", ip: "1" });
    const over = (proto: string, url: string, cookie: string) =>
      gateway(raw({ url, headers: new Headers({ host: "h", "x-forwarded-proto": proto, cookie }) }));
    assert.equal((await over("https", "/api/whoami", `neo_session=${token}`)).status, 401);
    assert.equal((await over("https", "/api/whoami", `__Host-neo_session=${token}`)).status, 200);
    assert.equal((await over("http", "/api/whoami", `neo_session=${token}`)).status, 200);
    assert.equal((await over("http", "/api/whoami", `__Host-neo_session=${token}`)).status, 401, "no browser sends it over http");
    const op = operators.issueCookie();
    assert.equal((await over("https", "/metrics", `neo_operator=${op}`)).status, 401);
    assert.equal((await over("https", "/metrics", `__Host-neo_operator=${op}`)).status, 200);
  });

  it("[EDGE11] matchmaking client mistakes are 4xx problems in our words, not 500s with Colyseus's message", () => {
    const colyseus = (status: number, code: number, error: string): HttpResponse => ({
      status,
      headers: {},
      body: JSON.stringify({ code, error }),
    });
    const cases: Array<[HttpResponse, number, string]> = [
      [colyseus(522, 522, 'room "nosuchroom" not found'), 404, "NOT_FOUND"],
      [colyseus(520, 520, 'invalid method "bogus"'), 404, "NOT_FOUND"],
      [colyseus(520, 520, 'provided room name "x" not defined'), 404, "NOT_FOUND"],
      [colyseus(525, 525, "onAuth failed"), 401, "UNAUTHENTICATED"],
      [colyseus(523, 523, "TypeError at /srv/rooms/space.ts:12"), 500, "INTERNAL"],
      [colyseus(401, 401, "[UNAUTHENTICATED] sign in to join"), 401, "UNAUTHENTICATED"],
    ];
    for (const [response, status, code] of cases) {
      const problem = matchmakeProblem(response, "req-1");
      const body = String(problem.body);
      assert.equal(problem.status, status, body);
      assert.equal(codeOf(problem), code);
      assert.doesNotMatch(body, /nosuchroom|bogus|not defined|onAuth|TypeError|\.ts:/, body);
    }
  });

  it("[EDGE12] a body refused for its shape gives its budget point back; a refusal by the rules keeps it spent", async () => {
    const Body = z.strictObject({ name: z.string().min(3) });
    const taken = new Set(["ada"]);
    const router = new Router().add({
      method: "POST",
      access: "public",
      path: "/signup",
      limit: { perIp: { points: 2, seconds: 3600 } },
      handler: async (ctx) => {
        const { name } = parseBody(Body, ctx.body);
        if (taken.has(name)) throw new DomainError(ErrorCode.CONFLICT, "taken");
        taken.add(name);
        return noContent();
      },
    });
    const { gateway } = setup({ router });
    const post = (body: string, type = "application/json") =>
      gateway(raw({ method: "POST", url: "/signup", headers: new Headers({ host: "h", "content-type": type }), body: Buffer.from(body) }));
    for (let i = 0; i < 5; i++) {
      assert.equal((await post("{not json")).status, 400);
      assert.equal((await post('{"name":"x"}')).status, 400);
      assert.equal((await post("name=x", "text/plain")).status, 415);
    }
    assert.equal((await post('{"name":"ada"}')).status, 409, "a taken name counts");
    assert.equal((await post('{"name":"bob"}')).status, 204);
    assert.equal((await post('{"name":"cyd"}')).status, 429, "two points spent: the 409 and the 204");
  });

  it("[EDGE13] a WebSocket upgrade with a hostile Host is refused before its query is read", async () => {
    // Colyseus builds the upgrade's URL as http://${Host}${path}: a Host ending in `#`
    // turned the real query into a fragment, hiding the reconnectionToken from our policy.
    const { sessions } = setup();
    const policy = upgradePolicy(testConfig(), sessions, new ReconnectGrants(Date.now), log, createMetrics(noPool));
    const upgrade = (host: string) =>
      runBeforeUpgrade(policy, "/roomid?reconnectionToken=stolen", createAuthContext({ headers: new Headers({ host }) }));
    for (const host of ["h#", "h?x=", "h/x", "h\\x"]) {
      assert.equal((await upgrade(host))?.status, 400, host);
    }
    assert.equal((await upgrade("localhost:2567"))?.status, 401, "a well-formed Host: the reconnection needs a session");
  });
});
