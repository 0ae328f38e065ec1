import assert from "node:assert/strict";
import type { DraftView } from "../../schema/replies/codeground.ts";
import { register, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { clickWhenRouted, type WatchedPage } from "../helpers/browser.ts";
import { e2eSuite } from "../helpers/e2e.ts";
import { api } from "../helpers/http.ts";

/**
 * Hostile published scripts, run by someone else from their feed in real Chromium: the
 * attacker publishes over the API (no still preview), the viewer signs up through the
 * page, opens the feed and presses Run on the card. docs/SECURITY.md, "Codeground sandbox".
 */
describe("hostile published scripts run by a viewer (e2e)", function () {
  this.timeout(180_000);
  const e2e = e2eSuite({ closePagesAfterEach: false });
  let attacker: TestAccount;
  let viewer: WatchedPage;

  before(async function () {
    this.timeout(120_000);
    attacker = await register(e2e.server, uniqueName("mallory"));
    // No X-Forwarded-For: an extra header would make the opaque-origin sandbox's module loads preflighted.
    ({ w: viewer } = await e2e.signUp("vic", { address: false, viewport: { width: 1000, height: 720 } }));
  });

  async function publish(title: string, source: string): Promise<void> {
    const draft = (await api(e2e.server, "POST", "/api/scripts", attacker, { title, source })).body as unknown as DraftView;
    assert.equal((await api(e2e.server, "POST", `/api/scripts/${draft.id}/publish`, attacker)).status, 201);
  }

  /** Opens the viewer's feed afresh and presses Run on the card with this title. */
  async function runFromFeed(title: string) {
    await viewer.page.goto(`${e2e.server.baseUrl}/#/feed/everyone`);
    const card = viewer.page.locator("#feed-list .script-card", { hasText: title });
    await card.waitFor({ timeout: 15_000 });
    await card.locator("[data-action=run]").click();
    return card;
  }

  /** How long the viewer's page takes to run a trivial script of its own; null when it did not answer within `ms`. */
  async function answerMs(ms: number): Promise<number | null> {
    const started = Date.now();
    const answered = viewer.page.evaluate("1").then(() => Date.now() - started);
    return Promise.race([answered, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);
  }

  it("[CGX1] a script printing 50 long lines every frame leaves the viewer's page answering, and Stop stops it at once", async () => {
    const title = `console flood ${Date.now() % 10000}`;
    await publish(title, `onFrame(() => {\n  for (let i = 0; i < 50; i++) print("spam ".repeat(100));\n});\n`);
    const card = await runFromFeed(title);
    await card.locator(".script-run .sandbox-console li").first().waitFor({ timeout: 15_000 });
    // Unfixed, every batch re-rendered the whole panel: the page fell further behind each
    // frame (seconds within a few seconds, then no answer at all). Whether it answers, not
    // how fast (no timing assertion: machines are noisy).
    const answers: (number | null)[] = [];
    for (let i = 0; i < 10; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      answers.push(await answerMs(10_000));
    }
    assert.ok(answers.every((a) => a !== null), `the page answered every time: ${JSON.stringify(answers)} ms`);
    await clickWhenRouted("the card's Stop button", card.locator("[data-action=stop]"));
    await card.locator("[data-action=run]").waitFor();
    assert.ok((await card.locator(".script-run .sandbox-console li").count()) === 0, "the live sandbox and its console are gone");
    assert.deepEqual(viewer.problems.pageErrors, []);
  });
});
