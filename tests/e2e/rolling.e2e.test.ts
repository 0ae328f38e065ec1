import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureClientBuilt } from "../../scripts/client-build.ts";
import { startBalancer, type TestBalancer } from "../helpers/balancer.ts";
import { launchBrowser, type TestBrowser, type WatchedPage } from "../helpers/browser.ts";
import { ARTIFACTS, freshName, inWorld, nextAddress, PASSWORD } from "../helpers/e2e.ts";
import { startRedis, type TestRedis } from "../helpers/redis.ts";
import { startTestServer, TEST_OPERATOR_TOKEN, type TestServer } from "../helpers/server.ts";

/**
 * The compose shape in Chromium: Redis, two processes, and a balancer in front that routes
 * `/p<n>` to process n (each process's PUBLIC_ADDRESS) and everything else to whichever is
 * up. A rolling restart (the page's process first, then the other) moves the page between
 * processes; each time it must say so in words and go back into the same space by itself.
 */
describe("rolling restart under a Chromium page (two processes, e2e)", function () {
  this.timeout(300_000);
  let redis: TestRedis;
  let balancer: TestBalancer;
  let browser: TestBrowser;
  const servers: TestServer[] = [];
  let dataDir = "";
  let clientDir = "";

  const start = (n: number) =>
    startTestServer({
      transport: "uws",
      env: { CLIENT_DIR: clientDir, REDIS_URL: redis.url, ALLOWED_ORIGINS: balancer.baseUrl, PUBLIC_ADDRESS: balancer.publicAddressOf(n) },
      dataDir: dataDir || undefined,
      keepData: true,
    });

  before(async function () {
    this.timeout(240_000);
    clientDir = ensureClientBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    redis = await startRedis();
    balancer = await startBalancer([]);
    servers.push(await start(1));
    dataDir = (servers[0] as TestServer).dataDir;
    servers.push(await start(2));
    balancer.setBackends(servers.map((s) => s.port));
    browser = await launchBrowser();
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    for (const s of servers) await s.stop();
    await balancer?.stop();
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("[SO7] the page is told in words and put back into the same space after each process restarts", async () => {
    const w = await browser.newPage({ forwardedFor: nextAddress() });
    await w.page.goto(`${balancer.baseUrl}/#/world/garden`);
    await w.page.waitForSelector("#auth-panel:not([hidden])", { timeout: 15_000 });
    await w.page.fill("#username-input", freshName("roll"));
    await w.page.fill("#password-input", PASSWORD);
    await w.page.click("#auth-submit");
    await inWorld(w);
    await inGarden(w);

    const first = await hostOfSpace();
    const order = [first, first === 0 ? 1 : 0];
    for (const [step, i] of order.entries()) {
      const seen = await recordStatusLine(w);
      const stopped = (servers[i] as TestServer).stop();
      // Back through the other process while this one is down: no click, same map.
      await w.page.waitForFunction(() => window.__neospace?.status() !== "connected", null, { timeout: 15_000 });
      await inWorld(w);
      await inGarden(w);
      const lines = await seen();
      const told = lines.find((l) => l.code === "4503");
      assert.ok(told, `step ${step}: the status line named the restart: ${JSON.stringify(lines)}`);
      assert.equal(told.text, "The server is restarting; putting you back in a moment.");
      assert.equal(lines.filter((l) => l.state === "disconnected").length, 0, "never left for good");
      await w.page.screenshot({ path: path.join(ARTIFACTS, `rolling-step-${step}.png`) });
      assert.equal(await stopped, 0, "a graceful stop");
      servers[i] = await start(i + 1);
      balancer.setBackends(servers.map((s) => s.port));
    }
    assert.equal(await w.page.isVisible("#enter-button"), false, "nothing to click: the page went back by itself");
    assert.equal(await w.page.isVisible("#sign-out"), true, "still signed in");
    const { cspViolations, pageErrors } = w.problems;
    assert.deepEqual(cspViolations, [], "room sockets through /p<n> stay within connect-src 'self'");
    assert.deepEqual(pageErrors, []);
  });

  /** Which process (0 or 1) holds a space room now, from its metrics. */
  async function hostOfSpace(): Promise<number> {
    for (const [i, s] of servers.entries()) {
      const res = await fetch(`${s.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } });
      if (/^neospace_rooms\{type="space"\} [1-9]/m.test(await res.text())) return i;
    }
    throw new Error("no process holds a space room");
  }
});

interface StatusLine {
  state: string;
  code: string;
  text: string;
}

/** Records every state of the status line from now on; the returned function reads them. */
async function recordStatusLine(w: WatchedPage): Promise<() => Promise<StatusLine[]>> {
  await w.page.evaluate(() => {
    const el = document.getElementById("connection-status") as HTMLElement;
    const log: StatusLine[] = [];
    (window as unknown as { __statusLog: StatusLine[] }).__statusLog = log;
    // No named functions in here: tsx would wrap them in a helper the page does not have.
    new MutationObserver(() => {
      log.push({ state: el.dataset.state ?? "", code: el.dataset.code ?? "", text: el.textContent ?? "" });
    }).observe(el, { attributes: true, childList: true, characterData: true, subtree: true });
  });
  return () => w.page.evaluate(() => (window as unknown as { __statusLog: StatusLine[] }).__statusLog);
}

async function inGarden(w: WatchedPage): Promise<void> {
  await w.page.waitForFunction(
    () => window.__neospace?.status() === "connected" && document.getElementById("connection-status")?.textContent?.includes("The Garden"),
    null,
    { timeout: 30_000 },
  );
  await w.page.waitForFunction(() => (window.__neospace?.avatars() ?? []).some((a) => a.self), null, { timeout: 15_000 });
  assert.equal(await w.page.evaluate(() => location.hash), "#/world/garden");
}
