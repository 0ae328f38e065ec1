/**
 * `npm run bench:client`: the first load of issue 12 #14, measured in Debian's Chromium on
 * a throttled network. A server on its own port serves the production build; a fresh
 * browser context (empty cache) opens the page under CDP network emulation with the
 * Chrome DevTools "Fast 3G" preset (download 1.6 Mbit/s × 0.9 = 180,000 B/s, upload
 * 750 kbit/s × 0.9 = 84,375 B/s, 562.5 ms latency per request), and the bench prints:
 *
 * - landing: time from navigation start until the sign-up form is shown and wired (the
 *   moment the app unhides it), and the bytes transferred (encoded, as on the wire) and
 *   decoded (as uncompressed) by the requests finished by then; goal under 2 s;
 * - world: time from pressing "Sign up" until the world is drawn (the map's canvas and the
 *   space panel are shown), with the bytes of that stretch (the Phaser chunk lands here);
 * - reload: the same page reloaded while signed in (cached immutable assets, a 304 or a
 *   small shell), time to the world again;
 * - identity: the landing again with `Accept-Encoding: identity`, what it cost before the
 *   precompressed build (the same split, no compression).
 *
 * Timestamps come from the page's own clock (performance.now(), from navigation start), taken by a
 * MutationObserver installed before any page script, not by polling from here.
 */
import { ensureClientBuilt } from "../scripts/client-build.ts";
import { CHROMIUM_ARGS, chromiumPath } from "../tests/helpers/browser.ts";
import { chromium, type CDPSession, type Page } from "playwright-core";
import { startBenchServer } from "./lib/server.ts";
import { report, round } from "./lib/stats.ts";

/** Chrome DevTools' "Fast 3G" preset (front_end/core/sdk/NetworkManager.ts), in bytes per second. */
export const FAST_3G = {
  offline: false,
  downloadThroughput: (1.6 * 1000 * 1000) / 8 * 0.9,
  uploadThroughput: (750 * 1000) / 8 * 0.9,
  latency: 150 * 3.75,
} as const;
const GOAL_MS = 2_000;
const PASSWORD = "correct horse battery 42";

interface Transfer {
  url: string;
  encoding: string;
  encoded: number;
  decoded: number;
  /** Seconds on the CDP monotonic clock. */
  finishedAt: number;
}

/** Every response of a page through CDP: bytes on the wire and decoded, and when each finished. */
async function recordNetwork(cdp: CDPSession): Promise<{ transfers: Transfer[]; startedAt: () => number }> {
  const pending = new Map<string, Transfer>();
  const transfers: Transfer[] = [];
  let navigationStart = Number.NaN;
  cdp.on("Network.requestWillBeSent", (e) => {
    if (e.type === "Document" && e.request.url.endsWith("/")) navigationStart = e.timestamp;
    pending.set(e.requestId, { url: e.request.url, encoding: "", encoded: 0, decoded: 0, finishedAt: 0 });
  });
  cdp.on("Network.responseReceived", (e) => {
    const t = pending.get(e.requestId);
    if (t) t.encoding = String(e.response.headers["content-encoding"] ?? e.response.headers["Content-Encoding"] ?? "identity");
  });
  cdp.on("Network.dataReceived", (e) => {
    const t = pending.get(e.requestId);
    if (t) t.decoded += e.dataLength;
  });
  cdp.on("Network.loadingFinished", (e) => {
    const t = pending.get(e.requestId);
    if (!t) return;
    t.encoded = e.encodedDataLength;
    t.finishedAt = e.timestamp;
    transfers.push(t);
  });
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
  await cdp.send("Network.emulateNetworkConditions", FAST_3G);
  return { transfers, startedAt: () => navigationStart };
}

/**
 * Records, on the page's clock, when the sign-up form and the world first show. A string,
 * not a function: tsx's keepNames would wrap named helpers in a `__name` the page lacks.
 */
const INSTALL_MARKS = `
  const marks = (window.__marks = {});
  new MutationObserver(() => {
    const panel = document.getElementById("auth-panel");
    if (marks.form === undefined && panel && !panel.hidden) marks.form = performance.now();
    const hud = document.getElementById("hud");
    if (marks.world === undefined && hud && !hud.hidden && document.querySelector("#game canvas")) marks.world = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["hidden"] });
`;

async function mark(page: Page, name: "form" | "world", timeout = 120_000): Promise<number> {
  const handle = await page.waitForFunction((n) => (window as unknown as { __marks?: Record<string, number> }).__marks?.[n], name, {
    timeout,
    polling: 50,
  });
  return Number(await handle.jsonValue());
}

function sum(transfers: Transfer[]) {
  const encoded = transfers.reduce((n, t) => n + t.encoded, 0);
  const decoded = transfers.reduce((n, t) => n + t.decoded, 0);
  return { requests: transfers.length, transferredBytes: encoded, uncompressedBytes: decoded };
}

/** The requests finished in (fromMs, toMs] after navigation start; the largest ones named. */
function stretch(all: Transfer[], navigationStart: number, fromMs: number, toMs: number) {
  const within = all.filter((t) => {
    const at = (t.finishedAt - navigationStart) * 1000;
    return at > fromMs && at <= toMs + 1;
  });
  const largest = [...within]
    .sort((a, b) => b.encoded - a.encoded)
    .slice(0, 8)
    .map((t) => ({ path: new URL(t.url).pathname, encoding: t.encoding, transferred: t.encoded, uncompressed: t.decoded }));
  return { ...sum(within), largest };
}

async function main(): Promise<void> {
  const clientDir = ensureClientBuilt("production");
  const server = await startBenchServer({ transport: "uws", env: { LOG_LEVEL: "warn", CLIENT_DIR: clientDir } });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const run = async (headers: Record<string, string>) => {
      const context = await browser.newContext({ viewport: { width: 1000, height: 720 }, extraHTTPHeaders: headers });
      const page = await context.newPage();
      await page.addInitScript({ content: INSTALL_MARKS });
      const cdp = await context.newCDPSession(page);
      const net = await recordNetwork(cdp);
      return { context, page, net };
    };

    // Cold landing, then sign-up into the world, then a reload, all throttled.
    const cold = await run({ "x-forwarded-for": "198.51.100.77" });
    await cold.page.goto(`${server.baseUrl}/`, { waitUntil: "commit" });
    const formMs = await mark(cold.page, "form");
    const landing = stretch(cold.net.transfers, cold.net.startedAt(), -1, formMs);
    const username = `bench${Date.now() % 1_000_000}`;
    await cold.page.fill("#username-input", username);
    await cold.page.fill("#password-input", PASSWORD);
    const submittedMs = Number(await cold.page.evaluate(() => performance.now()));
    await cold.page.click("#auth-submit");
    const worldMs = await mark(cold.page, "world");
    const world = stretch(cold.net.transfers, cold.net.startedAt(), submittedMs, worldMs);
    cold.net.transfers.length = 0;
    await cold.page.reload({ waitUntil: "commit" });
    const reloadWorldMs = await mark(cold.page, "world");
    const reload = stretch(cold.net.transfers, cold.net.startedAt(), -1, reloadWorldMs);
    await cold.context.close();

    // The same landing without compression, for comparison.
    const plain = await run({ "accept-encoding": "identity" });
    await plain.page.goto(`${server.baseUrl}/`, { waitUntil: "commit" });
    const plainFormMs = await mark(plain.page, "form");
    const identity = stretch(plain.net.transfers, plain.net.startedAt(), -1, plainFormMs);
    await plain.context.close();

    report("client", {
      network: { profile: "Chrome DevTools Fast 3G", ...FAST_3G },
      goalMs: GOAL_MS,
      landing: { msToSignUpForm: round(formMs, 0), goalMet: formMs < GOAL_MS, ...landing },
      world: { msFromSignUpToWorld: round(worldMs - submittedMs, 0), ...world },
      reload: { msToWorld: round(reloadWorldMs, 0), ...reload },
      identityLanding: { msToSignUpForm: round(plainFormMs, 0), ...identity },
    });
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
