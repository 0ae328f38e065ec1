import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { testConfig } from "../../server/config.ts";
import { createLogger } from "../../server/core/logger.ts";
import { createMetrics } from "../../server/core/metrics.ts";
import { OperatorGuard } from "../../server/core/operator.ts";
import { ColyseusBridge } from "../../server/http/colyseus-bridge.ts";
import { createGateway } from "../../server/http/gateway.ts";
import { json } from "../../server/http/reply.ts";
import { Router } from "../../server/http/router.ts";
import { StaticFiles } from "../../server/http/static-files.ts";
import type { RawRequest } from "../../server/http/types.ts";
import { DEFAULT_SESSION_POLICY, SessionService } from "../../server/auth/sessions.ts";
import { RateLimits } from "../../server/http/rate-limits.ts";
import { StoreUnavailableError } from "../../server/store/errors.ts";
import { openSqliteStore } from "../../server/store/sqlite/store.ts";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, log: createLogger({ level: "debug", destination: stream }) };
}

const noPool = () => ({ inUse: 0, waiting: 0, checkoutFailures: 0, waitP99Ms: 0, poolCleared: 0 });

function gatewayWith(router: Router, log = capture().log) {
  return createGateway({
    config: testConfig(),
    log,
    metrics: createMetrics(noPool),
    router,
    colyseus: new ColyseusBridge(),
    staticFiles: new StaticFiles("/nonexistent"),
    operators: new OperatorGuard(undefined),
    sessions: new SessionService(openSqliteStore({ file: ":memory:", logger: log }), DEFAULT_SESSION_POLICY, Date.now),
    limiter: new RateLimits(),
  });
}

const raw = (over: Partial<RawRequest> = {}): RawRequest => ({
  method: "GET",
  url: "/boom",
  headers: new Headers({ host: "localhost" }),
  remoteAddress: "127.0.0.1",
  body: undefined,
  bodyTooLarge: false,
  ...over,
});

describe("gateway", () => {
  it("[GW1] an unexpected failure is a 500 problem with no stack or message leaked, logged with its stack", async () => {
    const { lines, log } = capture();
    const router = new Router().add({
      method: "GET",
      access: "public",
      path: "/boom",
      handler: async () => {
        throw new Error("secret internals at /srv/x.ts:12");
      },
    });
    const res = await gatewayWith(router, log)(raw());
    assert.equal(res.status, 500);
    const body = String(res.body);
    assert.equal(JSON.parse(body).code, "INTERNAL");
    assert.ok(!body.includes("secret") && !body.includes(".ts:"), body);
    assert.ok(lines.some((l) => l.includes("secret internals") && l.includes('"stack"')), "logged with stack");
  });

  it("[GW2] a store outage is 503 STORE_UNAVAILABLE with Retry-After", async () => {
    const router = new Router().add({
      method: "GET",
      access: "public",
      path: "/boom",
      handler: async () => {
        throw new StoreUnavailableError("connection refused");
      },
    });
    const res = await gatewayWith(router)(raw());
    assert.equal(res.status, 503);
    assert.equal(res.headers["retry-after"], "5");
    assert.equal(JSON.parse(String(res.body)).code, "STORE_UNAVAILABLE");
  });

  it("[GW3] redacts credentials in logged objects", () => {
    const { lines, log } = capture();
    log.info({ password: "hunter2", req: { headers: { authorization: "Bearer abc", cookie: "s=1" } }, token: "t0k" }, "x");
    const line = lines.join("");
    for (const secret of ["hunter2", "Bearer abc", "s=1", "t0k"]) assert.ok(!line.includes(secret), secret);
  });

  it("[GW4] HEAD answers like GET without a body", async () => {
    const router = new Router().add({ method: "GET", access: "public", path: "/boom", handler: async () => json(200, { a: 1 }) });
    const res = await gatewayWith(router)(raw({ method: "HEAD" }));
    assert.equal(res.status, 200);
    assert.equal(res.body, undefined);
  });
});
