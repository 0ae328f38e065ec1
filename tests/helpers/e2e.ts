import { mkdirSync } from "node:fs";
import path from "node:path";
import { ensureClientBuilt } from "../../scripts/client-build.ts";
import { launchBrowser, type NewPageOptions, type TestBrowser, type WatchedPage } from "./browser.ts";
import { startTestServer, type TestServer } from "./server.ts";

/** Where e2e screenshots go (kept as test artefacts). */
export const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
export const PASSWORD = "correct horse battery 42";
export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/**
 * Sign-up through the form, then the world: on this shared 2-core machine a loaded run can
 * take a while (the hash, the lazy world chunk, the join), so the wait is generous.
 */
const IN_WORLD_MS = 30_000;

let counter = 0;
/** A username no other test uses (the server caps usernames at 20 characters). */
export const freshName = (prefix: string) => `${prefix}${Date.now() % 100000}${++counter}`.slice(0, 20);

let addressCounter = 0;
/** A documentation address (198.51.100.0/24) per page, so per-IP sign-up budgets never bite. */
export const nextAddress = () => `198.51.100.${(++addressCounter % 254) + 1}`;

export interface OpenOptions extends NewPageOptions {
  /** Open `#/world/<map>` instead of the landing address. */
  map?: string;
  /**
   * Send a documentation address as X-Forwarded-For (default true). The Codeground's
   * opaque-origin sandbox turns an extra header into preflighted module loads: its
   * suite opts out.
   */
  address?: boolean;
}

export interface SignUpOptions extends OpenOptions {
  /** Fill the display-name field too (else the username is shown). */
  displayName?: string;
}

export interface Person {
  w: WatchedPage;
  username: string;
  /** The display name when one was given, else the username. */
  name: string;
}

export interface E2eSuiteOptions {
  /** Extra server environment (CLIENT_DIR is set to the e2e build). */
  env?: Record<string, string>;
  /** Close each test's pages after it (default true); false when tests share people. */
  closePagesAfterEach?: boolean;
}

/**
 * One e2e suite's world: a NeoSpace server on its own port serving the e2e client build,
 * one Chromium, and the pages the tests open. Call it in a `describe` body: it registers
 * the hooks that start and stop them.
 */
export class E2eSuite {
  #server: TestServer | null = null;
  #browser: TestBrowser | null = null;
  readonly pages: WatchedPage[] = [];

  get server(): TestServer {
    if (!this.#server) throw new Error("the e2e server is not started (use the suite inside its describe's tests)");
    return this.#server;
  }

  get browser(): TestBrowser {
    if (!this.#browser) throw new Error("the e2e browser is not launched (use the suite inside its describe's tests)");
    return this.#browser;
  }

  async start(env: Record<string, string> = {}): Promise<void> {
    const clientDir = ensureClientBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    this.#server = await startTestServer({ transport: "uws", env: { CLIENT_DIR: clientDir, ...env } });
    this.#browser = await launchBrowser();
  }

  async stop(): Promise<void> {
    await this.closePages();
    await this.#browser?.close();
    await this.#server?.stop();
  }

  async closePages(): Promise<void> {
    for (const w of this.pages.splice(0)) await w.close();
  }

  /** A new page at the landing address (or a space), with the sign-up form shown. */
  async open(options: OpenOptions = {}): Promise<WatchedPage> {
    const { map, address = true, ...page } = options;
    const w = await this.browser.newPage({ viewport: DESKTOP, ...(address ? { forwardedFor: nextAddress() } : {}), ...page });
    this.pages.push(w);
    await w.page.goto(map ? `${this.server.baseUrl}/#/world/${map}` : this.server.baseUrl);
    await w.page.waitForSelector("#auth-panel:not([hidden])", { timeout: 15_000 });
    return w;
  }

  /** Signs a new person up through the form and waits until their page is in the world. */
  async signUp(prefix: string, options: SignUpOptions = {}): Promise<Person> {
    const { displayName, ...open } = options;
    const w = await this.open(open);
    const username = freshName(prefix);
    await w.page.fill("#username-input", username);
    await w.page.fill("#password-input", PASSWORD);
    if (displayName !== undefined) await w.page.fill("#display-name-input", displayName);
    await w.page.click("#auth-submit");
    await inWorld(w);
    return { w, username, name: displayName ?? username };
  }
}

/** Waits until the page's world connection is up. */
export async function inWorld(w: WatchedPage): Promise<void> {
  await w.page.waitForFunction(() => window.__neospace?.status() === "connected", null, { timeout: IN_WORLD_MS });
}

/** Registers the suite's hooks in the calling `describe` and returns the suite. */
export function e2eSuite(options: E2eSuiteOptions = {}): E2eSuite {
  const suite = new E2eSuite();
  before(async function () {
    this.timeout(180_000);
    await suite.start(options.env);
  });
  if (options.closePagesAfterEach !== false) afterEach(() => suite.closePages());
  after(async function () {
    this.timeout(60_000);
    await suite.stop();
  });
  return suite;
}
