import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { register } from "../helpers/accounts.ts";
import { launchBrowser, type TestBrowser, type WatchedPage } from "../helpers/browser.ts";
import { type AnyRoom, joinSpace, leaveQuietly } from "../helpers/sdk.ts";
import { startTestServer, TEST_OPERATOR_TOKEN, type TestServer } from "../helpers/server.ts";

/**
 * The operators' Colyseus monitor in real Chromium (issue 8, item 13): signed in with the
 * operator token, the room list and a room's inspector render styled under the monitor's
 * own CSP, its icon font comes from our server, and nothing is blocked or fetched from
 * another host. Screenshots are kept in tests/artifacts/monitor-*.png.
 */
const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
const DESKTOP = { width: 1280, height: 800 };

/** What the page's styling looks like, read in the page (computed styles, not class names). */
interface Styling {
  /** CSS rules in emotion's `<style>` sheets: 0 when the CSP blocked them. */
  emotionRules: number;
  /** The app bar's computed background colour. */
  appBarBackground: string;
  /** The largest rendered SVG icon's width: 300 px and more when icons are unstyled ("giant glyphs"). */
  widestIcon: number;
}

function styling(page: WatchedPage["page"]): Promise<Styling> {
  return page.evaluate(() => {
    const sheets = [...document.querySelectorAll("style[data-emotion]")].map((s) => (s as HTMLStyleElement).sheet);
    const emotionRules = sheets.reduce((n, sheet) => n + (sheet?.cssRules.length ?? 0), 0);
    const bar = document.querySelector(".MuiAppBar-root");
    const appBarBackground = bar ? getComputedStyle(bar).backgroundColor : "(no app bar)";
    const icons = [...document.querySelectorAll("svg")].map((svg) => svg.getBoundingClientRect().width);
    return { emotionRules, appBarBackground, widestIcon: Math.max(0, ...icons) };
  });
}

describe("the operators' monitor in Chromium (e2e)", function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: TestBrowser;
  let room: AnyRoom | undefined;

  before(async function () {
    this.timeout(180_000);
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer({ transport: "uws" });
    browser = await launchBrowser();
  });
  after(async () => {
    if (room) await leaveQuietly(room);
    await browser?.close();
    await server?.stop();
  });

  it("[MN1] the operator signs in, sees the room list styled, inspects a room's clients and state; no CSP violation, no outside request", async () => {
    const player = await register(server);
    room = await joinSpace(server, player.token);
    const w = await browser.newPage();
    await w.page.setViewportSize(DESKTOP);
    const requested: string[] = [];
    w.page.on("request", (req) => requested.push(req.url()));

    // Signing in: one POST of the operator token from a page of the server's origin sets the cookie.
    await w.page.goto(`${server.baseUrl}/healthz`);
    const status = await w.page.evaluate(async (token) => {
      const res = await fetch("/api/operator/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token }),
      });
      return res.status;
    }, TEST_OPERATOR_TOKEN);
    assert.equal(status, 204, "the operator token is accepted");

    await w.page.goto(`${server.baseUrl}/colyseus/`);
    await w.page.getByText(room.roomId).waitFor();
    const list = await styling(w.page);
    assert.ok(list.emotionRules > 50, `MUI's styles apply (${list.emotionRules} rules)`);
    assert.notEqual(list.appBarBackground, "rgba(0, 0, 0, 0)", "the app bar is coloured");
    assert.ok(list.widestIcon > 0 && list.widestIcon <= 48, `icons are icon-sized (widest ${list.widestIcon}px)`);
    // The icon font the page links is served by us and loads under the CSP.
    const font = await w.page.evaluate(async () => {
      const faces = await document.fonts.load('24px "Material Icons"');
      return { faces: faces.map((f) => `${f.family}:${f.status}`), ready: document.fonts.check('24px "Material Icons"') };
    });
    assert.deepEqual(font, { faces: ["Material Icons:loaded"], ready: true });
    await w.page.screenshot({ path: path.join(ARTIFACTS, "monitor-rooms.png"), animations: "disabled" });

    await w.page.getByRole("row", { name: new RegExp(room.roomId) }).getByRole("button", { name: /inspect/i }).click();
    await w.page.getByText(`Room ${room.roomId}`).waitFor();
    await w.page.getByText(room.sessionId).waitFor();
    const inspector = await styling(w.page);
    assert.ok(inspector.emotionRules > 50 && inspector.widestIcon <= 48, JSON.stringify(inspector));
    await w.page.screenshot({ path: path.join(ARTIFACTS, "monitor-room-clients.png"), animations: "disabled" });

    await w.page.getByRole("tab", { name: /state/i }).click();
    await w.page.getByText(player.username).first().waitFor();
    const jsonView = await w.page.evaluate(() => {
      const own = [...document.querySelectorAll("style:not([data-emotion])")].find((s) => s.textContent?.includes("--jer-"));
      return (own as HTMLStyleElement | undefined)?.sheet?.cssRules.length ?? 0;
    });
    assert.ok(jsonView > 0, "the state view's stylesheet applies");
    await w.page.screenshot({ path: path.join(ARTIFACTS, "monitor-room-state.png"), animations: "disabled", fullPage: true });

    const origin = new URL(server.baseUrl).origin;
    const outside = requested.filter((u) => /^https?:/.test(u) && new URL(u).origin !== origin);
    assert.deepEqual(outside, [], "no request leaves the server");
    assert.deepEqual(w.problems.cspViolations, [], "no CSP violation");
    assert.deepEqual(w.problems.pageErrors, [], "no page error");
    // Chromium asks for /favicon.ico on any page that names no icon, and the monitor's names none.
    const errors = w.problems.consoleErrors.filter((e) => !/404 .*\/favicon\.ico:/.test(e));
    assert.deepEqual(errors, [], `no console error:\n${w.console.join("\n")}`);
  });
});
