import assert from "node:assert/strict";
import { request } from "node:http";
import { startTestServer, TEST_OPERATOR_TOKEN, type TestServer } from "../helpers/server.ts";

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
}

async function problemOf(res: Response, status: number, code: string): Promise<Problem> {
  assert.equal(res.status, status);
  assert.match(res.headers.get("content-type") ?? "", /^application\/problem\+json/);
  const body = (await res.json()) as Problem;
  assert.equal(body.status, status);
  assert.equal(body.code, code);
  assert.ok(body.type && body.title && body.detail, "type, title and detail are set");
  assert.equal(body.requestId, res.headers.get("x-request-id"));
  return body;
}

const bearer = { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` };

describe("HTTP gateway (real server, uWS)", function () {
  this.timeout(60_000);
  let server: TestServer;
  const url = (p: string) => `${server.baseUrl}${p}`;

  before(async () => {
    server = await startTestServer({ transport: "uws" });
  });
  after(async () => {
    await server.stop();
  });

  it("[HT1] /healthz and /readyz answer with their checks", async () => {
    assert.deepEqual(await (await fetch(url("/healthz"))).json(), { status: "ok" });
    const ready = await fetch(url("/readyz"));
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as { ready: boolean; checks: Record<string, { ok: boolean }> };
    assert.equal(body.ready, true);
    for (const check of ["store", "migrations", "transport"]) assert.equal(body.checks[check]?.ok, true, check);
  });

  it("[HT2] every response carries a request id and the security headers; a safe given id is echoed", async () => {
    const res = await fetch(url("/healthz"), { headers: { "x-request-id": "trace-1234abcd" } });
    assert.equal(res.headers.get("x-request-id"), "trace-1234abcd");
    assert.match(res.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    const evil = await fetch(url("/healthz"), { headers: { "x-request-id": "<script>" } });
    assert.notEqual(evil.headers.get("x-request-id"), "<script>");
  });

  it("[HT3] unknown routes are 404 problem+json", async () => {
    await problemOf(await fetch(url("/api/nope")), 404, "NOT_FOUND");
    await problemOf(await fetch(url("/api/nope"), { method: "POST" }), 404, "NOT_FOUND");
  });

  it("[HT4] wrong methods are 405 with Allow", async () => {
    const res = await fetch(url("/healthz"), { method: "PUT" });
    await problemOf(res, 405, "METHOD_NOT_ALLOWED");
    assert.equal(res.headers.get("allow"), "GET");
  });

  it("[HT5] malformed JSON is 400, a wrong content type 415, a bad field 400 BAD_INPUT", async () => {
    const post = (body: string, type = "application/json") =>
      fetch(url("/api/operator/session"), { method: "POST", headers: { "content-type": type }, body });
    await problemOf(await post("{not json"), 400, "MALFORMED_JSON");
    await problemOf(await post("token=x", "application/x-www-form-urlencoded"), 415, "UNSUPPORTED_MEDIA_TYPE");
    await problemOf(await post(JSON.stringify({ token: 42 })), 400, "BAD_INPUT");
  });

  it("[HT6] bodies over the limit are 413, declared or streamed", async () => {
    const big = "x".repeat(70_000);
    const declared = await fetch(url("/api/operator/session"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: big }),
    });
    await problemOf(declared, 413, "PAYLOAD_TOO_LARGE");
    const streamed = await chunkedPost(server.port, "/api/operator/session", 200_000);
    assert.equal(streamed.status, 413);
    assert.equal(JSON.parse(streamed.body).code, "PAYLOAD_TOO_LARGE");
  });

  it("[HT7] /metrics needs the operator token and exports the named families", async () => {
    await problemOf(await fetch(url("/metrics")), 401, "UNAUTHENTICATED");
    await problemOf(await fetch(url("/metrics"), { headers: { authorization: "Bearer wrong" } }), 401, "UNAUTHENTICATED");
    const res = await fetch(url("/metrics"), { headers: bearer });
    assert.equal(res.status, 200);
    const text = await res.text();
    for (const family of [
      "neospace_process_cpu_seconds_total",
      "neospace_http_requests_total",
      "neospace_rooms",
      "neospace_room_clients",
      "neospace_room_messages_in_total",
      "neospace_store_pool_in_use",
      "neospace_store_pool_wait_p99_ms",
    ]) {
      assert.match(text, new RegExp(`^# TYPE ${family} `, "m"), family);
    }
  });

  it("[HT8] the monitor is guarded, and its room-method call endpoint is refused (Colyseus #957)", async () => {
    await problemOf(await fetch(url("/colyseus/api")), 401, "UNAUTHENTICATED");
    const rooms = await fetch(url("/colyseus/api"), { headers: bearer });
    assert.equal(rooms.status, 200);
    assert.ok(Array.isArray(((await rooms.json()) as { rooms: unknown[] }).rooms));
    const call = url("/colyseus/api/room/call?roomId=x&method=disconnect&args=%5B%5D");
    await problemOf(await fetch(call, { headers: bearer }), 403, "FORBIDDEN");
    const page = await fetch(url("/colyseus/"), { headers: bearer });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="app">/);
  });

  it("[HT9] the operator cookie opens the monitor page after one POST of the token", async () => {
    const wrong = await fetch(url("/api/operator/session"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: "nope" }),
    });
    await problemOf(wrong, 401, "UNAUTHENTICATED");
    const ok = await fetch(url("/api/operator/session"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: TEST_OPERATOR_TOKEN }),
    });
    assert.equal(ok.status, 204);
    const cookie = ok.headers.get("set-cookie") ?? "";
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.ok(!cookie.includes(TEST_OPERATOR_TOKEN), "the cookie holds a digest, not the token");
    const res = await fetch(url("/metrics"), { headers: { cookie: cookie.split(";")[0] as string } });
    assert.equal(res.status, 200);
  });

  it("[HT10] matchmaking refuses a foreign Origin", async () => {
    const res = await fetch(url("/matchmake/joinOrCreate/space"), {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ name: "x", protocol: 1 }),
    });
    await problemOf(res, 403, "FORBIDDEN");
  });

  it("[HT11] serves the client page, SPA paths included", async () => {
    for (const p of ["/", "/some/app/path"]) {
      const res = await fetch(url(p));
      assert.equal(res.status, 200, p);
      assert.match(res.headers.get("content-type") ?? "", /text\/html/);
      assert.match(await res.text(), /<script type="module"/);
    }
    await problemOf(await fetch(url("/assets/missing.js")), 404, "NOT_FOUND");
    await problemOf(await fetch(url("/..%2F..%2Fpackage.json")), 404, "NOT_FOUND");
  });

  it("[HT14] unknown room ids are 404 problems at matchmaking and in the monitor, never a 500 with library text", async () => {
    const join = await fetch(url("/matchmake/joinById/nosuchroom"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ protocol: 1 }),
    });
    assert.doesNotMatch(JSON.stringify(await problemOf(join, 404, "NOT_FOUND")), /nosuchroom/);
    const method = await fetch(url("/matchmake/bogus/space"), { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    assert.doesNotMatch(JSON.stringify(await problemOf(method, 404, "NOT_FOUND")), /bogus/);
    await problemOf(await fetch(url("/colyseus/api/room?roomId=nosuchroom"), { headers: bearer }), 404, "NOT_FOUND");
    const call = url("/colyseus/api/room/call?roomId=nosuchroom&method=getInspectData&args=%5B%5D");
    await problemOf(await fetch(call, { headers: bearer }), 404, "NOT_FOUND");
  });

  it("[HT15] a malformed sign-up body does not use a sign-up slot", async () => {
    const ip = "192.0.2.150";
    const post = (body: string) =>
      fetch(url("/api/auth/register"), { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": ip }, body });
    for (let i = 0; i < 12; i++) {
      assert.equal((await post("{oops")).status, 400);
      assert.equal((await post(JSON.stringify({ username: "x", password: "y" }))).status, 400);
    }
    const ok = await post(JSON.stringify({ username: `edge${process.pid % 1000}x${Date.now() % 1e6}`, password: "correct horse battery staple 42", bearer: true }));
    assert.equal(ok.status, 201, await ok.text());
  });

  it("[HT12] the operator token never reaches the logs", async () => {
    await server.logsSettled();
    const leaked = server.logs.filter((l) => l.includes(TEST_OPERATOR_TOKEN));
    assert.deepEqual(leaked, []);
    assert.ok(server.logs.some((l) => l.includes('"msg":"http"')), "requests are logged");
  });
});

describe("operator doors with no OPERATOR_TOKEN", function () {
  this.timeout(60_000);
  it("[HT13] /metrics and the monitor are closed, not open", async () => {
    const server = await startTestServer({ transport: "ws", env: { OPERATOR_TOKEN: "" } });
    try {
      await problemOf(await fetch(`${server.baseUrl}/metrics`), 404, "NOT_FOUND");
      await problemOf(await fetch(`${server.baseUrl}/colyseus/api`), 404, "NOT_FOUND");
    } finally {
      await server.stop();
    }
  });
});

/** A chunked POST with no Content-Length, so the limit must be enforced while streaming. */
function chunkedPost(port: number, path: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: "127.0.0.1", path, method: "POST", headers: { "content-type": "application/json" } });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (c: Buffer) => {
        body += c.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", (err) => (String(err).includes("EPIPE") || String(err).includes("ECONNRESET") ? undefined : reject(err)));
    const chunk = "y".repeat(8_192);
    for (let sent = 0; sent < bytes; sent += chunk.length) req.write(chunk);
    req.end();
  });
}
