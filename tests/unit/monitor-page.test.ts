import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Writable } from "node:stream";
import { createRouter } from "@colyseus/core";
import { monitor } from "@colyseus/monitor";
import { DEFAULT_SESSION_POLICY, SessionService } from "../../server/auth/sessions.ts";
import { testConfig } from "../../server/config.ts";
import { createLogger } from "../../server/core/logger.ts";
import { createMetrics } from "../../server/core/metrics.ts";
import { OperatorGuard } from "../../server/core/operator.ts";
import { ColyseusBridge, MONITOR_PREFIX } from "../../server/http/colyseus-bridge.ts";
import { createGateway } from "../../server/http/gateway.ts";
import { MONITOR_OUTSIDE_ASSETS } from "../../server/http/monitor-page.ts";
import { RateLimits } from "../../server/http/rate-limits.ts";
import { Router } from "../../server/http/router.ts";
import { CONTENT_SECURITY_POLICY, MONITOR_STYLE_HASHES } from "../../server/http/security-headers.ts";
import { StaticFiles } from "../../server/http/static-files.ts";
import type { HttpResponse, RawRequest } from "../../server/http/types.ts";
import { openSqliteStore } from "../../server/store/sqlite/store.ts";

/**
 * The monitor's own CSP and its served-from-here icon font (issue 8, item 13), through the
 * real gateway and the real @colyseus/monitor router. The browser side is
 * tests/e2e/monitor.e2e.test.ts.
 */
const TOKEN = "unit-operator-token-0123456789";
const OPERATOR = { authorization: `Bearer ${TOKEN}` };
const resolveModule = createRequire(import.meta.url).resolve;
const MONITOR_STATIC = path.join(path.dirname(resolveModule("@colyseus/monitor")), "static");

function quietLog() {
  return createLogger({ level: "silent", destination: new Writable({ write: (_c, _e, done) => done() }) });
}

function monitorGateway() {
  const log = quietLog();
  const bridge = new ColyseusBridge();
  bridge.attach(createRouter({ ...monitor({ prefix: MONITOR_PREFIX }) }));
  return createGateway({
    config: testConfig(),
    log,
    metrics: createMetrics(() => ({ inUse: 0, waiting: 0, checkoutFailures: 0, waitP99Ms: 0, poolCleared: 0 })),
    router: new Router(),
    colyseus: bridge,
    staticFiles: new StaticFiles("/nonexistent"),
    operators: new OperatorGuard(TOKEN),
    sessions: new SessionService(openSqliteStore({ file: ":memory:", logger: log }), DEFAULT_SESSION_POLICY, Date.now),
    limiter: new RateLimits(),
  });
}

const get = (url: string, headers: Record<string, string> = {}, method = "GET"): RawRequest => ({
  method,
  url,
  headers: new Headers({ host: "localhost", ...headers }),
  remoteAddress: "127.0.0.1",
  body: undefined,
  bodyTooLarge: false,
});

const bodyText = (res: HttpResponse) => (typeof res.body === "string" ? res.body : new TextDecoder().decode(res.body));
const bodyBytes = (res: HttpResponse) => (typeof res.body === "string" ? Buffer.from(res.body) : Buffer.from(res.body ?? []));
const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0], d] as const));

describe("the monitor's page policy and assets", () => {
  const gateway = monitorGateway();

  it("[MN2] the monitor's paths get their own CSP, every other path keeps the app's strict one", async () => {
    const page = await gateway(get("/colyseus/", OPERATOR));
    assert.equal(page.status, 200);
    assert.equal(page.headers["content-security-policy"], CONTENT_SECURITY_POLICY.monitor);
    for (const url of ["/", "/api/nope", "/colyseusx", "/matchmake/joinOrCreate/space"]) {
      const res = await gateway(get(url));
      assert.equal(res.headers["content-security-policy"], CONTENT_SECURITY_POLICY.app, url);
    }
    // The app's policy is untouched: nothing inline at all.
    assert.match(CONTENT_SECURITY_POLICY.app, /style-src 'self';/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY.app, /sha256-|unsafe-/);
    // The monitor's differs only in style-src, and allows no inline style wholesale, no eval, no other host.
    const app = directives(CONTENT_SECURITY_POLICY.app);
    const mon = directives(CONTENT_SECURITY_POLICY.monitor);
    assert.deepEqual([...mon.keys()], [...app.keys()]);
    for (const [name, value] of mon) if (name !== "style-src") assert.equal(value, app.get(name), name);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY.monitor, /unsafe-|https?:|\*/);
  });

  it("[MN3] the monitor page links no other host: the icon stylesheet and font come from the material-icons package", async () => {
    const html = bodyText(await gateway(get("/colyseus/", OPERATOR)));
    assert.doesNotMatch(html, /\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    assert.match(html, /<link href="\/colyseus\/vendor\/material-icons\/filled\.css" rel="stylesheet">/);
    const css = await gateway(get("/colyseus/vendor/material-icons/filled.css", OPERATOR));
    assert.equal(css.status, 200);
    assert.equal(css.headers["content-type"], "text/css; charset=utf-8");
    assert.equal(bodyText(css), readFileSync(resolveModule("material-icons/iconfont/filled.css"), "utf8"));
    assert.match(bodyText(css), /font-family: "Material Icons"[\s\S]*url\("\.\/material-icons\.woff2"\)/);
    for (const [file, type] of [["material-icons.woff2", "font/woff2"], ["material-icons.woff", "font/woff"]]) {
      const font = await gateway(get(`/colyseus/vendor/material-icons/${file}`, OPERATOR));
      assert.equal(font.status, 200, file);
      assert.equal(font.headers["content-type"], type);
      assert.ok(bodyBytes(font).equals(readFileSync(resolveModule(`material-icons/iconfont/${file}`))), file);
    }
    // Behind the same operator credentials as the rest of the monitor; only the fixed files.
    assert.equal((await gateway(get("/colyseus/vendor/material-icons/filled.css"))).status, 401);
    assert.equal((await gateway(get("/colyseus/vendor/material-icons/index.d.ts", OPERATOR))).status, 404);
    assert.notEqual((await gateway(get("/colyseus/vendor/material-icons/filled.css", OPERATOR, "POST"))).status, 200);
  });

  it("[MN4] the policy's style hashes are those of the installed monitor bundle; its only outside link is one we replace", () => {
    const html = readFileSync(path.join(MONITOR_STATIC, "index.html"), "utf8");
    const outside = [...html.matchAll(/\b(?:src|href)\s*=\s*["']((?:https?:)?\/\/[^"']+)/gi)].map((m) => m[1]);
    assert.deepEqual(outside, [...MONITOR_OUTSIDE_ASSETS.keys()], "a new outside asset needs a local copy");
    const assets = path.join(MONITOR_STATIC, "assets");
    const bundle = readdirSync(assets).find((f) => f.endsWith(".js"));
    assert.ok(bundle, "the monitor's bundle");
    const js = readFileSync(path.join(assets, bundle), "utf8");
    // json-edit-react's stylesheet is one single-quoted literal handed to its style injector.
    const start = js.indexOf(":root{--jer-");
    assert.ok(start > 0, "json-edit-react's stylesheet is in the bundle");
    const css = js.slice(start, js.indexOf("'", start));
    assert.ok(!css.includes("\\"), "the literal has no escapes, so its text is what the page injects");
    assert.deepEqual(MONITOR_STYLE_HASHES, { emptyStyleElement: sha256(""), jsonEditReact: sha256(css) });
    const { version } = JSON.parse(readFileSync(path.join(MONITOR_STATIC, "../../package.json"), "utf8"));
    assert.equal(version, "0.18.5", "a new monitor version: rerun tests/e2e/monitor.e2e.test.ts and review the hashes");
  });
});
