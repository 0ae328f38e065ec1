import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Frame } from "playwright-core";
import { EXAMPLE_SCRIPTS } from "../../client/src/codeground/examples.ts";
import { launchBrowser, type TestBrowser, type WatchedPage, waitFor } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { ensureClientBuilt } from "../../scripts/client-build.ts";

/**
 * The Codeground sandbox in real Chromium (issue 11, "Running it safely"), through the
 * test host page /sandbox-demo.html: scripts run and draw; runaway loops and allocations
 * are stopped with a message while the page keeps answering; every network door fails
 * from the script and from the frame's own JavaScript and the server's access log shows
 * no request; the frame cannot reach the page. Screenshots: tests/artifacts/sandbox-*.png.
 */
const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");

describe("the Codeground sandbox in Chromium (e2e)", function () {
  this.timeout(60_000);
  let server: TestServer;
  let browser: TestBrowser;
  let w: WatchedPage;

  before(async function () {
    this.timeout(180_000);
    const clientDir = ensureClientBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer({ transport: "uws", env: { CLIENT_DIR: clientDir } });
    browser = await launchBrowser();
    w = await browser.newPage();
    await w.page.goto(`${server.baseUrl}/sandbox-demo.html`);
    await w.page.waitForSelector("#status[data-state=idle]");
  });
  after(async () => {
    await w?.close();
    await browser?.close();
    await server?.stop();
  });

  const consoleText = () => w.page.$$eval(".sandbox-console li", (els) => els.map((e) => e.textContent ?? ""));

  async function run(source: string): Promise<void> {
    await w.page.fill("#source", source);
    await w.page.click("#run");
  }

  async function consoleUntil(what: string, match: (lines: string[]) => boolean): Promise<string[]> {
    return waitFor(what, consoleText, match, 15_000);
  }

  function sandboxFrame(): Frame {
    const frame = w.page.frames().find((f) => f.url().endsWith("/sandbox/frame.html"));
    assert.ok(frame, "the sandbox frame is loaded");
    return frame;
  }

  async function canvasStats() {
    const box = await w.page.locator("iframe.sandbox-frame").boundingBox();
    assert.ok(box);
    const png = await w.page.screenshot();
    const region = { x: Math.round(box.x) + 2, y: Math.round(box.y) + 2, width: Math.round(box.width) - 4, height: Math.round(box.height) - 4 };
    return browser.regionStats(png, region);
  }

  it("[CG1] write → run → the script draws on the canvas and prints to the console", async () => {
    await run(`print("hello from the sandbox");\nonFrame((t) => {\n  clear("#102030");\n  fill("#ff3366");\n  fillRect(40, 40, 200, 120);\n  fill("#33ddaa");\n  circle(340, 220, 60);\n  text("t=" + t.toFixed(1), 20, 300, 24);\n});`);
    await w.page.waitForSelector("#status[data-frames=drawn]");
    await consoleUntil("the print", (l) => l.includes("hello from the sandbox"));
    const stats = await waitFor("drawn pixels", canvasStats, (s) => s.distinctColors >= 3 && s.dominantShare < 0.95);
    assert.ok(stats.distinctColors >= 3, JSON.stringify(stats));
    await w.page.screenshot({ path: path.join(ARTIFACTS, "sandbox-desktop.png") });
    assert.deepEqual(w.problems.pageErrors, []);
    assert.deepEqual(w.problems.cspViolations, [], "the host page breaks no CSP rule");
  });

  it("[CG2] an endless loop is stopped with a message and the page keeps answering clicks", async () => {
    await run("let n = 0;\nwhile (true) { n++; }");
    const before = Number(await w.page.textContent("#pokes"));
    // The page answers while the loop spins in the sandbox's worker.
    await w.page.click("#poke");
    await w.page.click("#poke");
    assert.equal(Number(await w.page.textContent("#pokes")), before + 2);
    const lines = await consoleUntil("the stop message", (l) => l.some((t) => t.startsWith("Stopped:")));
    assert.match(lines.join("\n"), /Stopped: the script ran for more than \d+ ms without returning \(an endless loop\?\)/);
    await w.page.waitForSelector("#status[data-state='ended:timeout']");
    // A loop inside a frame callback is stopped the same way.
    await run("onFrame(() => { for (;;) {} });");
    await consoleUntil("the frame loop stop", (l) => l.some((t) => t.startsWith("Stopped: the script ran")));
    await w.page.click("#poke");
    assert.equal(Number(await w.page.textContent("#pokes")), before + 3);
  });

  it("[CG3] a runaway allocation is stopped by the memory cap with a message", async () => {
    await run("const keep = [];\nwhile (true) keep.push(new Float64Array(1000000));");
    let lines = await consoleUntil("the memory message", (l) => l.some((t) => t.startsWith("Stopped:")));
    assert.ok(lines.some((t) => /^Stopped: the script (needed more than 32 MB of memory|did not answer for \d+ ms)/.test(t)), lines.join("\n"));
    // Allocating in slow native steps near the cap: QuickJS polls its interrupt rarely, the frame's watchdog ends it.
    await run("const hoard = [];\nwhile (true) hoard.push(new Array(1000000).fill(0));");
    const before = Number(await w.page.textContent("#pokes"));
    await w.page.click("#poke");
    assert.equal(Number(await w.page.textContent("#pokes")), before + 1);
    lines = await consoleUntil("the stop message", (l) => l.some((t) => t.startsWith("Stopped:")));
    assert.match(lines.join("\n"), /Stopped: the script (needed more than 32 MB of memory|ran for more than \d+ ms|did not answer for \d+ ms)/);
    await w.page.waitForSelector("#status[data-state^='ended:']");
    // Deep recursion is a catchable error too, not a crash of the engine.
    await run("function deeper(n) { return deeper(n + 1) + 1; }\ndeeper(0);");
    const rec = await consoleUntil("the recursion error", (l) => l.some((t) => t.includes("stack overflow")));
    assert.match(rec.join("\n"), /InternalError: stack overflow \(line 1, column \d+\)/);
  });

  it("[CG4] errors show the line and column of the user's source", async () => {
    await run("let a = 1;\nlet b = 2;\n  foo.bar();");
    let lines = await consoleUntil("the reference error", (l) => l.some((t) => t.includes("ReferenceError")));
    assert.ok(lines.includes("ReferenceError: 'foo' is not defined (line 3, column 3)"), lines.join("\n"));
    await run("let a = 1;\nlet b = (;");
    lines = await consoleUntil("the syntax error", (l) => l.some((t) => t.includes("SyntaxError")));
    assert.ok(lines.some((t) => /^SyntaxError: .* \(line 2, column \d+\)$/.test(t)), lines.join("\n"));
    await run("onFrame((t) => {\n  if (t > 0) {\n    null.x = 1;\n  }\n});");
    lines = await consoleUntil("the frame error", (l) => l.some((t) => t.includes("TypeError")));
    assert.ok(lines.some((t) => /^TypeError: .* \(line 3, column \d+\)$/.test(t)), lines.join("\n"));
  });

  it("[CG5] every network door fails from the script, and the server sees no request", async () => {
    await run(`const doors = {};
for (const name of ["fetch", "XMLHttpRequest", "WebSocket", "EventSource", "importScripts", "Image", "FontFace", "Worker", "document", "window", "self", "postMessage", "navigator", "location", "setTimeout", "require"]) {
  doors[name] = typeof globalThis[name];
}
print("doors " + JSON.stringify(doors));
import("/probe-qjs-import.js").then(() => print("import worked"), (e) => print("import failed: " + e));
`);
    const lines = await consoleUntil("the door report", (l) => l.some((t) => t.startsWith("import failed") || t === "import worked"));
    const report = JSON.parse(lines.find((t) => t.startsWith("doors "))!.slice(6)) as Record<string, string>;
    for (const [name, type] of Object.entries(report)) assert.equal(type, "undefined", `${name} exists inside the script`);
    assert.ok(lines.some((t) => t.startsWith("import failed")), lines.join("\n"));
    assert.deepEqual(await probesSeen(), []);
  });

  it("[CG6] the frame's own JavaScript cannot reach the network, NeoSpace or the top window", async () => {
    const frame = sandboxFrame();
    const base = server.baseUrl;
    // A string, not a function: tsx would add `__name` helpers the frame does not have.
    const outcome = (await frame.evaluate(`(async (base) => {
      const results = {};
      const attempt = async (name, fn) => {
        try {
          const value = await Promise.race([
            Promise.resolve(fn()),
            new Promise((resolve) => setTimeout(() => resolve("(no answer)"), 1500)),
          ]);
          results[name] = \`allowed: \${String(value)}\`;
        } catch (e) {
          results[name] = \`refused: \${e.name}\`;
        }
      };
      await attempt("fetch", () => fetch(\`\${base}/probe-fetch\`).then((r) => r.status));
      await attempt("fetch-relative", () => fetch("/probe-fetch-relative").then((r) => r.status));
      await attempt("xhr", () => new Promise((resolve, reject) => {
        const x = new XMLHttpRequest();
        x.open("GET", \`\${base}/probe-xhr\`);
        x.onload = () => resolve(x.status);
        x.onerror = () => reject(new Error("xhr error"));
        x.send();
      }));
      await attempt("websocket", () => new Promise((resolve, reject) => {
        const ws = new WebSocket(\`\${base.replace("http", "ws")}/probe-ws\`);
        ws.onopen = () => resolve("open");
        ws.onerror = () => reject(new Error("ws error"));
      }));
      await attempt("eventsource", () => new Promise((resolve, reject) => {
        const es = new EventSource(\`\${base}/probe-sse\`);
        es.onopen = () => resolve("open");
        es.onerror = () => { es.close(); reject(new Error("sse error")); };
      }));
      await attempt("dynamic-import", () => import(/* @vite-ignore */ \`\${base}/probe-import.js\`));
      await attempt("image", () => new Promise((resolve, reject) => {
        const img = new Image();
        img.onload = () => resolve("loaded");
        img.onerror = () => reject(new Error("img error"));
        img.src = \`\${base}/probe-img.png\`;
      }));
      await attempt("image-other-host", () => new Promise((resolve, reject) => {
        const img = new Image();
        img.onload = () => resolve("loaded");
        img.onerror = () => reject(new Error("img error"));
        img.src = "http://example.com/probe-img-other.png";
      }));
      await attempt("font", () => new FontFace("probe", \`url(\${base}/probe-font.woff2)\`).load());
      await attempt("worker-url", () => new Worker(\`\${base}/probe-worker.js\`));
      await attempt("blob-worker-fetch", () => new Promise((resolve, reject) => {
        const code = \`fetch(\${JSON.stringify(\`\${base}/probe-blob-worker\`)}).then(() => postMessage("fetched"), (e) => postMessage("refused " + e.name)); try { importScripts(\${JSON.stringify(\`\${base}/probe-import-scripts.js\`)}); } catch (e) { postMessage("importScripts refused " + e.name); }\`;
        const worker = new Worker(URL.createObjectURL(new Blob([code], { type: "text/javascript" })));
        const seen = [];
        worker.onmessage = (e) => {
          seen.push(String(e.data));
          if (seen.length === 2) (seen.some((s) => s === "fetched") ? resolve(seen.join(",")) : reject(new Error(seen.join(","))));
        };
      }));
      await attempt("form-post", () => new Promise((resolve, reject) => {
        const form = document.createElement("form");
        form.method = "post";
        form.action = \`\${base}/probe-form\`;
        document.body.append(form);
        try { form.submit(); } catch (e) { reject(e); return; }
        setTimeout(() => reject(new Error("not submitted (page still here)")), 500);
      }));
      await attempt("cookie", () => document.cookie);
      await attempt("local-storage", () => localStorage.length);
      await attempt("parent-document", () => parent.document.title);
      await attempt("top-location-read", () => top?.location.href);
      await attempt("top-navigation", () => { if (top) top.location.href = \`\${base}/probe-top-nav\`; return "set"; });
      await attempt("popup", () => { const p = window.open(\`\${base}/probe-popup\`); if (!p) throw new Error("blocked"); return "opened"; });
      await attempt("beacon", () => new Promise((resolve, reject) => {
        // sendBeacon only queues (it returns true); the CSP refuses the request itself.
        document.addEventListener("securitypolicyviolation", (e) => {
          if (e.blockedURI.includes("probe-beacon")) reject(new Error("blocked by " + e.effectiveDirective));
        });
        navigator.sendBeacon(base + "/probe-beacon", "x");
      }));
      return results;
    })(${JSON.stringify(base)})`)) as Record<string, string>;
    for (const [door, result] of Object.entries(outcome)) {
      assert.ok(result.startsWith("refused"), `${door}: ${result}\n${JSON.stringify(outcome, null, 2)}`);
    }
    assert.equal(w.page.url(), `${base}/sandbox-demo.html`, "the top page was not navigated");
    assert.equal(w.page.context().pages().length, 1, "no pop-up opened");
    // Anything sent would have reached the server by now (the refusals above are synchronous or CSP-immediate).
    assert.deepEqual(await probesSeen(), []);
    // The host page itself is unharmed and still answers.
    await w.page.click("#poke");
  });

  it("[CG7] the shipped examples run in the sandbox; the mood example follows the viewer's mood", async () => {
    for (const example of EXAMPLE_SCRIPTS) {
      await w.page.selectOption("#example-select", example.id);
      await w.page.click("#run");
      await waitFor(`${example.id} draws`, () => w.page.getAttribute("#status", "data-state"), (s) => s === "running");
      const stats = await waitFor(`${example.id} pixels`, canvasStats, (s) => s.distinctColors >= 2);
      assert.ok(stats.distinctColors >= 2, example.id);
      const errors = (await consoleText()).filter((t) => /Error|Stopped/.test(t));
      assert.deepEqual(errors, [], example.id);
    }
    await w.page.selectOption("#example-select", "mood-garden");
    await w.page.selectOption("#mood-select", "relaxed");
    await w.page.click("#run");
    await consoleUntil("the mood line", (l) => l.includes("Your mood right now: relaxed"));
    await w.page.waitForTimeout(300);
    const calm = await canvasStats();
    await w.page.screenshot({ path: path.join(ARTIFACTS, "sandbox-mood-relaxed.png") });
    await w.page.selectOption("#mood-select", "hostile");
    await w.page.click("#run");
    await consoleUntil("the new mood line", (l) => l.includes("Your mood right now: hostile"));
    await w.page.screenshot({ path: path.join(ARTIFACTS, "sandbox-mood-hostile.png") });
    assert.ok(calm.distinctColors >= 2);
  });

  it("[CG8] phone size: the sandbox and its console fit a 390×844 screen", async () => {
    await w.page.setViewportSize({ width: 390, height: 844 });
    await w.page.selectOption("#example-select", "orbit");
    await w.page.click("#run");
    await w.page.waitForSelector("#status[data-frames=drawn]");
    const box = await w.page.locator("iframe.sandbox-frame").boundingBox();
    assert.ok(box && box.width <= 390 && box.width > 300, JSON.stringify(box));
    await w.page.locator("iframe.sandbox-frame").scrollIntoViewIfNeeded();
    await w.page.screenshot({ path: path.join(ARTIFACTS, "sandbox-phone.png"), fullPage: true });
    await w.page.setViewportSize({ width: 1000, height: 720 });
  });

  /** Probe requests the server logged, once every line it logged so far has arrived. */
  async function probesSeen(): Promise<string[]> {
    await server.logsSettled();
    return server.logs.filter((l) => l.includes("probe-"));
  }
});
