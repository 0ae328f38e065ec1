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

interface DrawnAvatar {
  name: string;
  x: number;
  y: number;
  self: boolean;
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
      server = await startTestServer({ transport });
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

    async function enter(name: string): Promise<WatchedPage> {
      const w = await open();
      await w.page.fill("#name-input", name);
      await w.page.click("#enter-button");
      await w.page.waitForFunction(() => window.__neospace?.status() === "connected", null, { timeout: 10_000 });
      return w;
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
    function assertNoProblems(expectedConsoleErrors: RegExp[] = []): void {
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
      assert.equal(await w.page.isVisible("#enter-panel"), true, "the name panel is shown");
      assertNoProblems();
    });

    it("[W2] ada clicks the floor and bob's page sees her avatar walk there", async function () {
      this.timeout(60_000);
      const a = await enter("ada");
      const b = await enter("bob");

      const both = (list: DrawnAvatar[]) => Boolean(named(list, "ada") && named(list, "bob"));
      const [onA, onB] = await waitFor(
        "both pages to draw ada and bob",
        () => Promise.all([avatars(a), avatars(b)]),
        ([la, lb]) => both(la) && both(lb),
      );
      assert.equal(named(onA, "ada")?.self, true, "ada's page highlights ada as self");
      assert.equal(named(onB, "ada")?.self, false, "bob's page shows ada as someone else");
      assert.equal(named(onB, "bob")?.self, true, "bob's page highlights bob as self");

      // A point on ada's floor, well away from where she stands.
      const canvas = await a.page.locator("#game canvas").boundingBox();
      assert.ok(canvas, "ada's page has a canvas");
      const click = { x: canvas.x + canvas.width * 0.25, y: canvas.y + canvas.height * 0.3 };
      const target = await a.page.evaluate(([x, y]) => window.__neospace?.worldPointAt(x, y) ?? null, [
        click.x,
        click.y,
      ] as const);
      assert.ok(target, "the click point is on ada's canvas");
      const start = named(onB, "ada")!;
      assert.ok(distance(start, target) > 150, `target ${JSON.stringify(target)} is far from ada at ${JSON.stringify(start)}`);

      const region = await avatarRegion(b, target);
      const before = await browser.regionStats(await b.page.screenshot(), region);

      await a.page.mouse.click(click.x, click.y);

      await waitFor(
        "bob's page to draw ada at the clicked point",
        () => avatars(b),
        (list) => {
          const ada = named(list, "ada");
          return ada !== undefined && distance(ada, target) <= 2;
        },
        15_000,
      );
      const onAAfter = named(await avatars(a), "ada")!;
      assert.ok(distance(onAAfter, target) <= 2, `ada's own page draws her at the target too (${JSON.stringify(onAAfter)})`);

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
      await w.page.fill("#name-input", "old");
      await w.page.click("#enter-button");
      await w.page.waitForFunction(() => window.__neospace?.status() === "disconnected", null, { timeout: 10_000 });
      const line = (await w.page.textContent("#connection-status")) ?? "";
      assert.match(line, /out of date.*reload/i, `status line explains the refusal: "${line}"`);
      assert.match(line, /code 4426/);
      assert.equal(await w.page.isEnabled("#enter-button"), true, "the name panel can be used again");
      assertNoProblems(REFUSED_JOIN);
    });

    // Stops this suite's server, so it runs last.
    it("[W4] when the server shuts down the page says so in words and offers to re-enter", async function () {
      this.timeout(30_000);
      const c = await enter("cy");
      await server.stop();
      await c.page.waitForFunction(() => window.__neospace?.status() === "disconnected", null, { timeout: 10_000 });
      const line = (await c.page.textContent("#connection-status")) ?? "";
      assert.match(line, /shutting down|restarting/i, `status line explains the close: "${line}"`);
      assert.match(line, /code 4\d{3}/, "and names the close code");
      assert.equal(await c.page.isVisible("#enter-panel"), true, "the name panel is back");
      await c.page.screenshot({ path: path.join(ARTIFACTS, `world-${transport}-server-gone.png`) });
      assertNoProblems(REFUSED_JOIN);
    });
  });
}
