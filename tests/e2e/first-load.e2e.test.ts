import assert from "node:assert/strict";
import { launchBrowser, type TestBrowser } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { ensureClientBuilt } from "../../scripts/client-build.ts";

/**
 * Issue 12 #14 in Chromium: the landing page loads the sign-up form without the world's
 * code (Phaser, the scene, the room client) or the Codeground's (CodeMirror, QuickJS),
 * compressed, under the strict CSP; the world's chunks come only once one signs up.
 * The load's time and bytes on a throttled network are `npm run bench:client`.
 */

/** Chunks that must never be on the landing path (Vite names chunks after their entry module). */
const HEAVY = /\/assets\/(?:phaser|world-view|code-view|tree-view|profile-page|feed-page|sandbox-(?!host-)|emscripten-module)/;

describe("first load in Chromium (e2e)", function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: TestBrowser;

  before(async function () {
    this.timeout(180_000); // a cold client build plus Chromium and server start on 2 cores
    server = await startTestServer({ env: { CLIENT_DIR: ensureClientBuilt() } });
    browser = await launchBrowser();
  });

  after(async function () {
    this.timeout(30_000);
    await browser?.close();
    await server?.stop();
  });

  it("[CB2] the sign-up form loads without the Phaser, world or Codeground chunks, compressed, asking who is signed in once; signing up loads the world", async () => {
    const w = await browser.newPage({ forwardedFor: "198.51.100.201" });
    const requested: string[] = [];
    const encodings = new Map<string, string>();
    w.page.on("request", (r) => requested.push(new URL(r.url()).pathname));
    w.page.on("response", (r) => encodings.set(new URL(r.url()).pathname, r.headers()["content-encoding"] ?? "identity"));
    try {
      await w.page.goto(server.baseUrl);
      await w.page.waitForSelector("#auth-panel:not([hidden])", { timeout: 10_000 });
      const landing = [...requested];
      assert.deepEqual(landing.filter((p) => HEAVY.test(p)), [], `landing requests: ${landing.join(" ")}`);
      assert.equal(landing.filter((p) => p === "/api/auth/session").length, 1, "the preloaded session answer is used, not asked twice");
      const scripts = landing.filter((p) => p.endsWith(".js"));
      assert.ok(scripts.length > 0);
      for (const p of [...scripts, "/"]) assert.equal(encodings.get(p), "br", `${p} travels brotli-compressed`);

      await w.page.fill("#username-input", `load${Date.now() % 1_000_000}`);
      await w.page.fill("#password-input", "correct horse battery 42");
      await w.page.click("#auth-submit");
      await w.page.waitForFunction(() => window.__neospace?.status() === "connected", null, { timeout: 30_000 });
      const after = requested.slice(landing.length);
      assert.ok(after.some((p) => /\/assets\/phaser-/.test(p)), `the world fetched Phaser: ${after.join(" ")}`);
      assert.equal(requested.filter((p) => p === "/api/auth/session").length, 1, "no second session question");
      const { cspViolations, consoleErrors, pageErrors } = w.problems;
      assert.deepEqual(cspViolations, [], "no CSP violations (no inline script; modulepreload and the fetch preload are allowed)");
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(consoleErrors, []);
      assert.ok(!w.console.some((line) => /preloaded .* not used/i.test(line)), `no unused preload: ${w.console.join("\n")}`);
    } finally {
      await w.close();
    }
  });
});
