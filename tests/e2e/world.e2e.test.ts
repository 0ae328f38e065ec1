import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { launchBrowser, type Region, type TestBrowser, type WatchedPage, waitFor } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { ensureClientBuilt } from "./client-build.ts";

/**
 * The built client in real Chromium against the real server: two people enter the
 * space, one clicks the floor, the other sees that avatar walk there. Reads the scene
 * through the page's read-only test hook (window.__neospace) and checks screenshots.
 */

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
/** Chromium logs the refused matchmake request of [W3] as a failed resource load. */
const REFUSED_JOIN = [/status of 426 .*\/matchmake\/joinOrCreate\/space/];
/** Problems are collected browser-wide; these are the ones tests provoke on purpose ([W3], [W7]). */
const PROVOKED = [...REFUSED_JOIN, /status of 401 .*\/api\/(me|auth\/login)/];

interface DrawnAvatar {
  name: string;
  x: number;
  y: number;
  self: boolean;
  look: string;
  expression: string;
  bubble: string;
}

const PASSWORD = "correct horse battery 42";
let nameCounter = 0;
/** A fresh username per page (letters and digits, 3..20). */
function freshName(prefix: string): string {
  nameCounter += 1;
  return `${prefix}${Date.now() % 100000}${nameCounter}`;
}
interface Point {
  x: number;
  y: number;
}

// Browsers send an Origin on the WebSocket upgrade and the two transports check it on
// different code paths, so the browser flow runs over both.
for (const transport of ["uws", "ws"] as const) {
  describe(`world in Chromium over ${transport} (e2e)`, () => {
    let server: TestServer;
    let browser: TestBrowser;
    /** Pages of the running test; closed after it, since every open page keeps rendering. */
    const pages: WatchedPage[] = [];

    before(async function () {
      this.timeout(180_000); // a cold client build plus Chromium and server start on 2 cores
      ensureClientBuilt();
      mkdirSync(ARTIFACTS, { recursive: true });
      server = await startTestServer({ transport, env: { PAD_SPEEDUP: "60" } });
      browser = await launchBrowser();
    });

    after(async function () {
      this.timeout(30_000);
      await browser?.close();
      await server?.stop();
    });

    afterEach(async () => {
      for (const w of pages.splice(0)) await w.close();
    });

    async function open(): Promise<WatchedPage> {
      const w = await browser.newPage();
      pages.push(w);
      await w.page.goto(server.baseUrl);
      return w;
    }

    /** Signs up through the form; the page then enters the plaza by itself. */
    async function signUp(w: WatchedPage, username: string): Promise<void> {
      await w.page.waitForSelector("#auth-panel:not([hidden])", { timeout: 10_000 });
      await w.page.fill("#username-input", username);
      await w.page.fill("#password-input", PASSWORD);
      await w.page.click("#auth-submit");
    }

    async function enter(prefix: string): Promise<{ w: WatchedPage; name: string }> {
      const w = await open();
      const name = freshName(prefix);
      await signUp(w, name);
      await w.page.waitForFunction(() => window.__neospace?.status() === "connected", null, { timeout: 15_000 });
      return { w, name };
    }

    const avatars = (w: WatchedPage) => w.page.evaluate(() => window.__neospace?.avatars() ?? []);
    const named = (list: DrawnAvatar[], name: string) => list.find((a) => a.name === name);
    const distance = (p: Point, q: Point) => Math.hypot(p.x - q.x, p.y - q.y);

    /** The screenshot region (page pixels) where an avatar standing at world point `p` is drawn. */
    async function avatarRegion(w: WatchedPage, p: Point): Promise<Region> {
      const at = await w.page.evaluate(([x, y]) => window.__neospace?.clientPointOf(x, y) ?? null, [p.x, p.y] as const);
      assert.ok(at, "the page maps world points to the screen");
      return { x: Math.round(at.x - 22), y: Math.round(at.y - 48), width: 44, height: 52 };
    }

    /** No CSP violation, uncaught error or console error on any page, except console errors a test expects. */
    function assertNoProblems(expectedConsoleErrors: RegExp[] = PROVOKED): void {
      const problems = browser.problems();
      const consoleErrors = problems.consoleErrors.filter((e) => !expectedConsoleErrors.some((re) => re.test(e)));
      assert.deepEqual(problems.cspViolations, [], "no CSP violations");
      assert.deepEqual(consoleErrors, [], "no console errors");
      assert.deepEqual(problems.pageErrors, [], "no uncaught page errors");
    }

    it("[W1] the page loads under the server's strict CSP with no violations and no errors", async function () {
      this.timeout(30_000);
      const w = await browser.newPage();
      pages.push(w);
      const response = await w.page.goto(server.baseUrl);
      assert.equal(response?.status(), 200);
      const csp = response?.headers()["content-security-policy"] ?? "";
      assert.match(csp, /script-src 'self'(;|$)/, "script-src is 'self' only");
      assert.match(csp, /style-src 'self'(;|$)/, "style-src is 'self' only");
      await w.page.waitForFunction(() => window.__neospace?.status() === "idle", null, { timeout: 10_000 });
      assert.equal(await w.page.isVisible("#auth-panel"), true, "the sign-up panel is shown");
      assertNoProblems();
    });

    it("[W2] ada clicks the floor and bob's page sees her avatar walk there", async function () {
      this.timeout(60_000);
      const { w: a, name: ada } = await enter("ada");
      const { w: b, name: bob } = await enter("bob");

      const both = (list: DrawnAvatar[]) => Boolean(named(list, ada) && named(list, bob));
      const [onA, onB] = await waitFor(
        "both pages to draw ada and bob",
        () => Promise.all([avatars(a), avatars(b)]),
        ([la, lb]) => both(la) && both(lb),
      );
      assert.equal(named(onA, ada)?.self, true, "ada's page highlights ada as self");
      assert.equal(named(onB, ada)?.self, false, "bob's page shows ada as someone else");
      assert.equal(named(onB, bob)?.self, true, "bob's page highlights bob as self");

      // A point on ada's floor, well away from where she stands.
      const canvas = await a.page.locator("#game canvas").boundingBox();
      assert.ok(canvas, "ada's page has a canvas");
      const click = { x: canvas.x + canvas.width * 0.25, y: canvas.y + canvas.height * 0.3 };
      const target = await a.page.evaluate(([x, y]) => window.__neospace?.worldPointAt(x, y) ?? null, [
        click.x,
        click.y,
      ] as const);
      assert.ok(target, "the click point is on ada's canvas");
      const start = named(onB, ada)!;
      assert.ok(distance(start, target) > 150, `target ${JSON.stringify(target)} is far from ada at ${JSON.stringify(start)}`);

      const region = await avatarRegion(b, target);
      const before = await browser.regionStats(await b.page.screenshot(), region);

      await a.page.mouse.click(click.x, click.y);

      await waitFor(
        "bob's page to draw ada at the clicked point",
        () => avatars(b),
        (list) => {
          const seen = named(list, ada);
          return seen !== undefined && distance(seen, target) <= 2;
        },
        15_000,
      );
      // A page in the background gets no animation frames; look at ada's page as she would.
      await a.page.bringToFront();
      const onAAfter = (
        await waitFor("ada's own page to settle", () => avatars(a), (l) => distance(named(l, ada) ?? { x: 1e9, y: 1e9 }, target) <= 2)
      ).find((x) => x.name === ada)!;
      assert.ok(
        distance(onAAfter, target) <= 2,
        `ada's own page draws her at the target ${JSON.stringify(target)} too (${JSON.stringify(onAAfter)}; bob sees ${JSON.stringify(named(await avatars(b), ada))})`,
      );

      const shotB = await b.page.screenshot({ path: path.join(ARTIFACTS, `world-${transport}-bob-sees-ada.png`) });
      await a.page.screenshot({ path: path.join(ARTIFACTS, `world-${transport}-ada.png`) });

      // The canvas really draws: the floor is a pattern, not one flat colour...
      const floor = await browser.regionStats(shotB, await avatarRegion(b, { x: 64, y: 64 }));
      assert.ok(floor.distinctColors >= 2 && floor.dominantShare < 0.9, `floor is tiled: ${JSON.stringify(floor)}`);
      // ...and where the target was bare floor, bob's screen now shows ada's figure and name tag.
      const after = await browser.regionStats(shotB, region);
      assert.ok(
        after.distinctColors >= before.distinctColors + 10 && after.dominantShare < before.dominantShare,
        `ada's figure is drawn at the target: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`,
      );

      assert.match((await b.page.textContent("#connection-status")) ?? "", /connected/i);
      assertNoProblems();
    });

    it("[W3] a page speaking another protocol version is told to reload, in words", async function () {
      this.timeout(30_000);
      const w = await open();
      // Rewrite the join request as an out-of-date client would send it.
      await w.page.route("**/matchmake/**", async (route) => {
        const body = JSON.parse(route.request().postData() ?? "{}") as Record<string, unknown>;
        await route.continue({ postData: JSON.stringify({ ...body, protocol: -1 }) });
      });
      await signUp(w, freshName("old"));
      await w.page.waitForFunction(() => window.__neospace?.status() === "disconnected", null, { timeout: 10_000 });
      const line = (await w.page.textContent("#connection-status")) ?? "";
      assert.match(line, /out of date.*reload/i, `status line explains the refusal: "${line}"`);
      assert.match(line, /code 4426/);
      assert.equal(await w.page.isVisible("#enter-button"), true, "the page offers to enter again");
      assertNoProblems();
    });

    it("[W5] ada emotes; bob's page shows her expression and, with the demo speed-up, her mood look change", async function () {
      this.timeout(60_000);
      const { w: a, name: ada } = await enter("ada");
      const { w: b } = await enter("bob");
      const before = await waitFor("bob's page to draw ada", () => avatars(b), (l) => named(l, ada) !== undefined);
      const lookBefore = named(before, ada)!.look;
      await b.page.screenshot({ path: path.join(ARTIFACTS, `world-${transport}-mood-before.png`) });
      await a.page.click("#game canvas", { position: { x: 5, y: 5 } });
      await a.page.keyboard.press("Digit3"); // cheer: pride and joy
      await waitFor(
        "bob's page to show ada's expression",
        () => avatars(b),
        (l) => ["pride", "joy"].includes(named(l, ada)?.expression ?? ""),
        10_000,
      );
      await b.page.screenshot({ path: path.join(ARTIFACTS, `world-${transport}-expression.png`) });
      for (let i = 0; i < 3; i++) {
        await a.page.keyboard.press("Digit7"); // dance: gratification
        await a.page.waitForTimeout(1_100); // the emote budget is one per second
      }
      const after = await waitFor(
        "bob's page to draw ada's mood look changing",
        () => avatars(b),
        (l) => (named(l, ada)?.look ?? lookBefore) !== lookBefore,
        30_000,
      );
      await b.page.screenshot({ path: path.join(ARTIFACTS, `world-${transport}-mood-after.png`) });
      assert.match(named(after, ada)!.look, /^(slight|moderate|full) (exuberant|dependent|relaxed|docile)$/);
      assertNoProblems();
    });

    it("[W6] chat renders hostile text as inert text in the bubble", async function () {
      this.timeout(40_000);
      const { w: a, name: ada } = await enter("ada");
      const { w: b } = await enter("bob");
      let dialogs = 0;
      b.page.on("dialog", (d) => {
        dialogs++;
        void d.dismiss();
      });
      const hostile = `<img src=x onerror="alert(1)"> \u202Egnp.exe <script>alert(2)</script>`;
      await a.page.fill("#chat-input", hostile);
      await a.page.press("#chat-input", "Enter");
      const list = await waitFor(
        "bob to see ada's bubble",
        () => avatars(b),
        (l) => (named(l, ada)?.bubble ?? "") !== "",
        10_000,
      );
      const bubble = named(list, ada)!.bubble;
      assert.ok(bubble.includes("<script>alert(2)</script>"), `shown as text: ${bubble}`);
      assert.ok(!bubble.includes("\u202E"), "bidi override stripped");
      assert.equal(dialogs, 0, "nothing ran");
      assert.equal(await b.page.locator("img[src=x]").count(), 0, "no element was made from chat text");
      assertNoProblems();
    });

    it("[W7] signing out ends the session; a wrong password shows the server's message", async function () {
      this.timeout(40_000);
      const { w, name } = await enter("leaver");
      await w.page.click("#sign-out");
      await w.page.waitForSelector("#auth-panel:not([hidden])", { timeout: 10_000 });
      const me = await w.page.evaluate(async () => (await fetch("/api/me")).status);
      assert.equal(me, 401);
      await w.page.click("#auth-switch");
      await w.page.fill("#username-input", name);
      await w.page.fill("#password-input", "definitely not it");
      await w.page.click("#auth-submit");
      await w.page.waitForSelector("#auth-error:not([hidden])", { timeout: 10_000 });
      assert.match((await w.page.textContent("#auth-error")) ?? "", /wrong username or password/);
      assertNoProblems();
    });

    // Stops this suite's server, so it runs last.
    it("[W4] when the server shuts down the page says so in words and offers to re-enter", async function () {
      this.timeout(30_000);
      const { w: c } = await enter("cy");
      await server.stop();
      await c.page.waitForFunction(() => window.__neospace?.status() === "disconnected", null, { timeout: 10_000 });
      const line = (await c.page.textContent("#connection-status")) ?? "";
      assert.match(line, /shutting down|restarting/i, `status line explains the close: "${line}"`);
      assert.match(line, /code 4\d{3}/, "and names the close code");
      assert.equal(await c.page.isVisible("#enter-button"), true, "the page offers to enter again");
      await c.page.screenshot({ path: path.join(ARTIFACTS, `world-${transport}-server-gone.png`) });
      assertNoProblems();
    });
  });
}
