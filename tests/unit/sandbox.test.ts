import assert from "node:assert/strict";
import { ConsoleBatch, ConsoleHistory, clipLine } from "../../schema/codeground/console.ts";
import { positionOf } from "../../schema/codeground/error-position.ts";
import { CONSOLE_LIMITS, MAX_SCRIPT_SOURCE, parseFrameMessage, parseHostMessage } from "../../schema/codeground/sandbox.ts";
import { Heartbeat } from "../../client/src/codeground/heartbeat.ts";
import { CONTENT_SECURITY_POLICY } from "../../server/http/security-headers.ts";
import { pagePolicyOf } from "../../server/http/gateway.ts";
import { ColyseusBridge } from "../../server/http/colyseus-bridge.ts";

const mood = { p: 0.2, a: -0.3, d: 0.5, octant: "relaxed" };

describe("the Codeground sandbox's message schema, console bounds and policy", () => {
  it("[SB1] host→frame messages parse only in their exact shape", () => {
    assert.deepEqual(parseHostMessage({ type: "run", runId: 1, source: "print(1)", mood }), { type: "run", runId: 1, source: "print(1)", mood });
    assert.equal(parseHostMessage({ type: "run", runId: 1, source: "x", mood, extra: true }), null, "unknown keys");
    assert.equal(parseHostMessage({ type: "run", runId: 1, source: "x".repeat(MAX_SCRIPT_SOURCE + 1), mood }), null, "too long");
    assert.equal(parseHostMessage({ type: "run", runId: 1, source: "x", mood: { ...mood, p: 2 } }), null, "PAD out of range");
    assert.equal(parseHostMessage({ type: "run", runId: 1, source: "x", mood: { ...mood, octant: "<b>" } }), null, "unknown octant");
    assert.equal(parseHostMessage({ type: "eval", code: "alert(1)" }), null, "unknown type");
    assert.equal(parseHostMessage("run"), null);
    assert.equal(parseHostMessage(null), null);
    assert.equal(parseHostMessage({ type: "ping", seq: -1 }), null);
  });

  it("[SB2] frame→host messages parse only in their exact shape and within the console bounds", () => {
    assert.ok(parseFrameMessage({ type: "ready" }));
    assert.ok(parseFrameMessage({ type: "ended", runId: 2, reason: "error", message: "TypeError", at: { line: 3, column: 1 } }));
    assert.equal(parseFrameMessage({ type: "ended", runId: 2, reason: "exploded", message: "x" }), null);
    assert.equal(parseFrameMessage({ type: "console", runId: 1, lines: [{ level: "log", text: "x".repeat(CONSOLE_LIMITS.lineChars + 1) }] }), null);
    const many = Array.from({ length: CONSOLE_LIMITS.batchLines + 2 }, () => ({ level: "log", text: "x" }));
    assert.equal(parseFrameMessage({ type: "console", runId: 1, lines: many }), null);
    assert.equal(parseFrameMessage({ type: "console", runId: 1, lines: [{ level: "html", text: "x" }] }), null);
  });

  it("[SB3] the console is bounded: line length, lines per batch (the rest counted), lines kept by the panel", () => {
    assert.equal(clipLine("abc", 10), "abc");
    assert.equal(clipLine("x".repeat(20), 10), `${"x".repeat(9)}…`);
    const batch = new ConsoleBatch(3);
    for (let i = 0; i < 10; i++) batch.add("log", `line ${i} ${"y".repeat(CONSOLE_LIMITS.lineChars)}`);
    const lines = batch.take();
    assert.equal(lines.length, 4);
    assert.ok(lines.every((l) => l.text.length <= CONSOLE_LIMITS.lineChars));
    assert.deepEqual(lines[3], { level: "system", text: "… 7 more line(s) dropped (at most 3 per frame)" });
    assert.ok(batch.isEmpty);
    const history = new ConsoleHistory(5);
    assert.equal(history.push(Array.from({ length: 8 }, (_, i) => ({ level: "log" as const, text: String(i) }))), 3);
    assert.deepEqual(history.lines.map((l) => l.text), ["3", "4", "5", "6", "7"]);
  });

  it("[SB4] error positions come from the user's file, not the prelude", () => {
    assert.deepEqual(positionOf("    at tick (prelude.js:40:5)\n    at f (script.js:3:7)\n"), { line: 3, column: 7 });
    assert.deepEqual(positionOf("    at script.js:2:10\n"), { line: 2, column: 10 });
    assert.deepEqual(positionOf("", 4), { line: 4, column: 1 });
    assert.equal(positionOf("    at tick (prelude.js:1:1)\n"), undefined);
  });

  it("[SB5] the host's heartbeat declares a frame dead only after the silence limit, and only answers to its own pings count", () => {
    const beat = new Heartbeat(3000, 0);
    const seq = beat.nextPing();
    assert.equal(beat.isDead(2999), false);
    beat.answered(seq + 5, 2500);
    assert.equal(beat.isDead(3001), true, "an answer to a ping never sent does not count");
    beat.answered(seq, 3001);
    assert.equal(beat.isDead(6000), false);
    beat.reset(10_000);
    assert.equal(beat.isDead(12_000), false);
  });

  it("[SB6] /sandbox/ gets the sandbox policy: no network, opaque origin, framed only by us; the app may frame it", () => {
    const bridge = new ColyseusBridge();
    assert.equal(pagePolicyOf({ colyseus: bridge }, "/sandbox/frame.html"), "sandbox");
    assert.equal(pagePolicyOf({ colyseus: bridge }, "/sandbox-demo.html"), "app");
    // Spellings the static files resolve to the sandbox's page get the sandbox's policy too.
    for (const spelled of ["/%73andbox/frame.html", "/sandbox%2fframe.html", "/assets/..%2fsandbox/frame.html", "/x/../sandbox/frame.html"]) {
      assert.equal(pagePolicyOf({ colyseus: bridge }, spelled), "sandbox", spelled);
    }
    assert.equal(pagePolicyOf({ colyseus: bridge }, "/%E0%A4%A"), "app", "an undecodable path is not the sandbox");
    assert.equal(pagePolicyOf({ colyseus: bridge }, "/"), "app");
    const csp = new Map(CONTENT_SECURITY_POLICY.sandbox.split("; ").map((d) => [d.split(" ")[0], d] as const));
    assert.equal(csp.get("default-src"), "default-src 'none'");
    assert.equal(csp.get("connect-src"), "connect-src 'none'");
    assert.equal(csp.get("form-action"), "form-action 'none'");
    assert.equal(csp.get("sandbox"), "sandbox allow-scripts");
    assert.equal(csp.get("frame-ancestors"), "frame-ancestors 'self'");
    assert.equal(csp.get("script-src"), "script-src 'self' 'wasm-unsafe-eval'");
    assert.doesNotMatch(CONTENT_SECURITY_POLICY.sandbox, /'unsafe-inline'|'unsafe-eval'|https?:|\*/);
    assert.match(CONTENT_SECURITY_POLICY.app, /frame-src 'self'/);
  });
});
