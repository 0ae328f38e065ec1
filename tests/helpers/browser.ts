import { execFileSync } from "node:child_process";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { EMOTES, type EmoteName } from "../../schema/messages/space.ts";

/**
 * Real Chromium for end-to-end tests: Debian's `chromium` (scripts/ensure-chromium.sh
 * installs it; playwright's own browser downloads cannot work on these machines),
 * driven by playwright-core, with every console error, uncaught page error and CSP
 * violation collected so a test can assert there were none.
 */

/** Flags that work here as root and keep Chromium off the (closed) network. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
] as const;

export interface Problems {
  /** console.error messages (Chromium also logs CSP refusals and failed loads here). */
  consoleErrors: string[];
  /** `securitypolicyviolation` events: "<effective directive> blocked <uri> at <source>". */
  cspViolations: string[];
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: string[];
}

export interface WatchedPage {
  page: Page;
  /** Closes the page's context (its problems stay recorded). */
  close(): Promise<void>;
  problems: Problems;
  /** Every console message of any type, "type: text", for failure reports. */
  console: string[];
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RegionStats {
  /** Number of different RGB colours in the region. */
  distinctColors: number;
  /** Share (0..1) of the region's pixels that have its most common colour. */
  dominantShare: number;
  /** The most common colour, as [r, g, b]. */
  dominant: [number, number, number];
}

export interface NewPageOptions {
  /**
   * Sent as `X-Forwarded-For` on every request of the page's context, so a server started
   * with TRUST_PROXY=true sees this page as its own client address (per-IP budgets such as
   * sign-ups per hour). Use a documentation address (198.51.100.0/24): it is only a header.
   */
  forwardedFor?: string;
  /** The page size in CSS pixels (default 1000×720); a phone is e.g. 390×844 with `touch`. */
  viewport?: { width: number; height: number };
  /** A touch screen (hasTouch, isMobile): taps instead of clicks. */
  touch?: boolean;
  /**
   * Let the first-visit guide open (tests/e2e/onboarding.e2e.test.ts). Off by default: the
   * other suites sign up new accounts and click the map at once, and a modal guide would
   * take those clicks. Only the e2e build reads the flag (client/src/views/world-view.ts).
   */
  guide?: boolean;
}

export interface TestBrowser {
  /** A page in its own browser context (own cookies and storage), watched for problems. */
  newPage(options?: NewPageOptions): Promise<WatchedPage>;
  /** Colour statistics of a region of a PNG screenshot (decoded by the browser itself). */
  regionStats(png: Buffer, region: Region): Promise<RegionStats>;
  /** All problems of all pages so far, flattened with the page number in front. */
  problems(): Problems;
  close(): Promise<void>;
}

/** Path of the system Chromium, or a clear error saying how to install it. */
export function chromiumPath(): string {
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("chromium is not installed: run `bash scripts/ensure-chromium.sh` (as root)");
  }
}

/**
 * Launches headless Chromium. Playwright itself gives the browser a new empty
 * `--user-data-dir` (mkdtemp'd under the OS temp dir) and deletes it on close; it refuses
 * a `--user-data-dir` in `args`, and `launchPersistentContext` would force every page
 * into one shared context, so each player here gets its own context instead.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  const contexts: BrowserContext[] = [];
  const watched: WatchedPage[] = [];
  let decoder: Page | null = null;
  return {
    async newPage(options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1000, height: 720 },
        ...(options.touch ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
        ...(options.forwardedFor ? { extraHTTPHeaders: { "x-forwarded-for": options.forwardedFor } } : {}),
      });
      contexts.push(context);
      if (!options.guide) {
        await context.addInitScript(() => {
          (window as { __neospaceNoGuide?: boolean }).__neospaceNoGuide = true;
        });
      }
      const page = await context.newPage();
      const w = await watch(page, () => context.close());
      watched.push(w);
      return w;
    },
    async regionStats(png, region) {
      // A blank page of its own (no app, no CSP) decodes the PNG: no image library needed.
      if (!decoder) {
        const context = await browser.newContext();
        contexts.push(context);
        decoder = await context.newPage();
      }
      return decoder.evaluate(statsOf, { base64: png.toString("base64"), region });
    },
    problems() {
      const all: Problems = { consoleErrors: [], cspViolations: [], pageErrors: [] };
      watched.forEach((w, i) => {
        for (const key of Object.keys(all) as Array<keyof Problems>) {
          all[key].push(...w.problems[key].map((p) => `[page ${i + 1}] ${p}`));
        }
      });
      return all;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
    },
  };
}

async function watch(page: Page, close: () => Promise<void>): Promise<WatchedPage> {
  const problems: Problems = { consoleErrors: [], cspViolations: [], pageErrors: [] };
  const log: string[] = [];
  page.on("console", (msg) => {
    const where = msg.location();
    const text = `${msg.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ""}`;
    log.push(`${msg.type()}: ${text}`);
    if (msg.type() === "error") problems.consoleErrors.push(text);
  });
  page.on("pageerror", (error) => problems.pageErrors.push(error.stack ?? String(error)));
  // CSP violations reach us through a binding (CDP-injected, so the page's CSP does not
  // apply to it) from a listener installed before any page script runs.
  await page.exposeBinding("__reportCspViolation", (_source, text: string) => {
    problems.cspViolations.push(text);
  });
  await page.addInitScript(() => {
    const report = (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation;
    document.addEventListener("securitypolicyviolation", (e) => {
      const at = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` : "";
      const sample = e.sample ? ` sample "${e.sample}"` : "";
      void report(`${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"}${at}${sample} [${e.disposition}]`);
    });
  });
  return { page, problems, console: log, close };
}

/**
 * Runs inside the decoder page (serialised by playwright). Keep it free of named inner
 * functions: tsx compiles with keepNames and would reference a `__name` helper the page lacks.
 */
async function statsOf({ base64, region }: { base64: string; region: Region }): Promise<RegionStats> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no 2d context");
  ctx.drawImage(bitmap, 0, 0);
  const { data } = ctx.getImageData(region.x, region.y, region.width, region.height);
  const counts = new Map<number, number>();
  for (let i = 0; i < data.length; i += 4) {
    const rgb = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  let top = 0;
  let topCount = 0;
  for (const [rgb, n] of counts) {
    if (n > topCount) {
      top = rgb;
      topCount = n;
    }
  }
  return {
    distinctColors: counts.size,
    dominantShare: topCount / (data.length / 4),
    dominant: [(top >> 16) & 255, (top >> 8) & 255, top & 255],
  };
}

/**
 * The key that sends `emote` (1–7 in the order of EMOTES), read from the list the client
 * reads, so a test presses the emote it names: a hard-coded "Digit7" was a poke, not the
 * dance its comment said, and [W5] waited on a mood three pokes barely move.
 */
export function emoteKey(emote: EmoteName): string {
  return `Digit${EMOTES.indexOf(emote) + 1}`;
}

/** Polls `probe` until it returns a value `done` accepts; rejects with the last value after `ms`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 10_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

type Box = NonNullable<Awaited<ReturnType<Locator["boundingBox"]>>>;

/**
 * The box of an element that a view may redraw at any moment: Playwright answers null
 * when the element it found was replaced before it was measured, so ask again.
 */
export async function boxOf(what: string, locator: Locator): Promise<Box> {
  const box = await waitFor(`the box of ${what}`, () => locator.boundingBox(), (b) => b !== null);
  if (!box) throw new Error(`no box for ${what}`);
  return box;
}

/**
 * Clicks `locator` once the browser routes the pointer at it to it. Chromium hit-tests a
 * click just after a scroll against where an out-of-process iframe (a running script's
 * sandbox) was before the scroll: Playwright's own scroll-then-click put [CGE2]'s click on
 * Fork into the sandbox's canvas, about one run in three on a loaded machine. Hovering
 * until the element itself is `:hover` waits for the routing to catch up.
 */
export async function clickWhenRouted(what: string, locator: Locator): Promise<void> {
  await locator.scrollIntoViewIfNeeded();
  await waitFor(
    `the pointer over ${what} to reach it`,
    async () => {
      await locator.hover();
      return locator.evaluate((e) => e.matches(":hover"));
    },
    (hovered) => hovered,
  );
  await locator.click();
}
