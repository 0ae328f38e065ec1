import assert from "node:assert/strict";
import path from "node:path";
import { clickWhenRouted, emoteKey, type WatchedPage, waitFor } from "../helpers/browser.ts";
import { ARTIFACTS, e2eSuite } from "../helpers/e2e.ts";

/**
 * The Codeground in real Chromium: write → run → drawn; error markers; publish → another
 * person sees the card in the feed, runs it, forks it; credit line and remix tree; hostile
 * titles and descriptions stay text; screenshots at desktop and phone size.
 */
const HOSTILE_TITLE = `<img src=x onerror="window.__pwned=1">orbit`;
const HOSTILE_DESCRIPTION = `<script>window.__pwned=2</script><b>bold?</b> javascript:alert(1)`;
const DRAWING = `print("hello from the codeground");
onFrame((t) => {
  clear("#102030");
  fill("#ff3366");
  fillRect(40, 40, 200, 120);
  fill("#33ddaa");
  circle(340, 220, 60);
});
`;

describe("Codeground in Chromium (e2e)", function () {
  this.timeout(180_000);
  const e2e = e2eSuite({ closePagesAfterEach: false });
  let annName = "";
  let ann: WatchedPage;
  let ben: WatchedPage;
  let benName = "";

  // No X-Forwarded-For here: an extra header would make the opaque-origin sandbox's module loads preflighted.
  const person = (prefix: string) => e2e.signUp(prefix, { address: false, viewport: { width: 1000, height: 720 } });

  async function regionOf(w: WatchedPage, selector: string) {
    const box = await w.page.locator(selector).boundingBox();
    assert.ok(box, `${selector} is on screen`);
    const png = await w.page.screenshot();
    return e2e.browser.regionStats(png, { x: Math.round(box.x) + 2, y: Math.round(box.y) + 2, width: Math.round(box.width) - 4, height: Math.round(box.height) - 4 });
  }

  async function typeSource(w: WatchedPage, source: string): Promise<void> {
    await w.page.locator("#code-editor .cm-content").click();
    await w.page.keyboard.press("Control+A");
    await w.page.keyboard.press("Delete");
    await w.page.keyboard.insertText(source);
  }

  it("[CGE1] write → run → the script draws; an error is marked at its line; the draft is saved", async () => {
    ({ w: ann, name: annName } = await person("ann"));
    await ann.page.click("nav a[href='#/code']");
    await ann.page.waitForSelector("#code-page:not([hidden]) #code-editor .cm-content");
    await typeSource(ann, DRAWING);
    await ann.page.waitForSelector("#code-page[data-saved]", { timeout: 10_000 });
    assert.match(ann.page.url(), /#\/code\/[0-9a-f]+$/, "the first save gives the draft its address");
    await ann.page.click("#code-page [data-action=run]");
    await ann.page.waitForSelector("#code-page[data-frames=drawn]", { timeout: 15_000 });
    const stats = await waitFor("drawn pixels", () => regionOf(ann, "#code-sandbox iframe"), (s) => s.distinctColors >= 3 && s.dominantShare < 0.95);
    assert.ok(stats.distinctColors >= 3, JSON.stringify(stats));
    await waitFor("the print", () => ann.page.$$eval("#code-console li", (els) => els.map((e) => e.textContent ?? "")), (l) => l.includes("hello from the codeground"));

    await typeSource(ann, `print("ok");\nnotDefined();\n`);
    await ann.page.click("#code-page [data-action=run]");
    await ann.page.waitForSelector("#code-page[data-state='ended:error']", { timeout: 15_000 });
    await ann.page.waitForSelector("#code-editor .cm-lintRange-error");
    const marked = await ann.page.locator("#code-editor .cm-lintRange-error").textContent();
    assert.match(marked ?? "", /notDefined/, "the marker sits on line 2");
    await ann.page.screenshot({ path: path.join(ARTIFACTS, "codeground-error.png") });

    await typeSource(ann, DRAWING);
    await ann.page.fill("#code-title", HOSTILE_TITLE);
    await ann.page.fill("#code-description", HOSTILE_DESCRIPTION);
    await ann.page.click("#code-page [data-action=run]");
    await ann.page.waitForSelector("#code-page[data-frames=drawn]", { timeout: 15_000 });
    await ann.page.click("#code-page [data-action=publish]");
    await ann.page.waitForSelector("#code-page[data-published='1']", { timeout: 10_000 });
    await ann.page.screenshot({ path: path.join(ARTIFACTS, "codeground-desktop.png") });
    assert.deepEqual(ann.problems.pageErrors, []);
    assert.deepEqual(ann.problems.cspViolations, [], "CodeMirror's styles go through adopted sheets, not a blocked <style>");
  });

  it("[CGE2] another person sees the card in the feed, runs it, forks it; credit and remix tree are right; hostile text is inert", async () => {
    ({ w: ben, name: benName } = await person("ben"));
    await ben.page.click("nav a[href='#/feed/everyone']");
    const card = ben.page.locator("#feed-list .script-card").first();
    await card.waitFor();
    assert.equal(await card.locator(".script-title").textContent(), HOSTILE_TITLE.replace(/\s+/g, " "));
    assert.equal(await card.locator(".script-description").textContent(), HOSTILE_DESCRIPTION);
    // The one image allowed is the card's still preview (ours, same origin); the title's <img> must stay text.
    assert.equal(await ben.page.locator("#feed-list :not(.script-preview) > img, #feed-list script, #feed-list b").count(), 0, "no markup from data");
    assert.equal(await card.locator(".script-preview > img").count(), 1, "the still preview taken at publish");
    assert.equal(await card.locator(".script-author").textContent(), `@${annName}`);
    assert.equal(await card.locator(".script-forks").textContent(), "0 forks");
    await card.locator("[data-action=run]").click();
    await ben.page.waitForSelector("#feed-list .script-run[data-frames=drawn]", { timeout: 15_000 });
    const stats = await waitFor("the card's drawing", () => regionOf(ben, "#feed-list .script-run iframe"), (s) => s.distinctColors >= 3);
    assert.ok(stats.distinctColors >= 3);
    await ben.page.screenshot({ path: path.join(ARTIFACTS, "codeground-feed-card.png") });
    assert.equal(await ben.page.evaluate(() => (window as { __pwned?: number }).__pwned ?? 0), 0);

    await clickWhenRouted("the card's Fork button", card.locator("[data-action=fork]"));
    // The editor opens, or the status bar says why not (a refused fork fails here with its words).
    await ben.page.waitForSelector("#code-page:not([hidden])[data-mode=edit], #error-status:not([hidden])");
    assert.equal(await ben.page.isVisible("#error-status"), false, `fork refused: ${await ben.page.textContent("#error-status")}`);
    await ben.page.waitForSelector("#code-page:not([hidden])[data-mode=edit]");
    const expectedCredit = `forked from @${annName}/${HOSTILE_TITLE.replace(/\s+/g, " ")} v1`;
    await waitFor("the credit line", () => ben.page.textContent("#code-credit"), (t) => t === expectedCredit);
    await typeSource(ben, DRAWING.replace("#ff3366", "#ffd166"));
    await ben.page.fill("#code-title", "orbit remix");
    await ben.page.click("#code-page [data-action=publish]");
    await ben.page.waitForSelector("#code-page[data-published='1']", { timeout: 10_000 });
    await ben.page.click("#code-tree-link");
    await ben.page.waitForSelector("#remix-tree li li");
    const tree = await ben.page.$$eval("#remix-tree li", (els) => els.map((e) => [(e as HTMLElement).dataset.depth, e.querySelector(".tree-line")?.textContent ?? ""]));
    assert.equal(tree.length, 2);
    assert.equal(tree[0]?.[0], "0");
    assert.match(tree[0]?.[1] ?? "", new RegExp(`by @${annName} · v1 · 1 fork`));
    assert.equal(tree[1]?.[0], "1");
    assert.match(tree[1]?.[1] ?? "", new RegExp(`^orbit remix by @${benName} · v1 · forked from v1`));

    // ann's feed now shows ben's card with the credit line.
    await ann.page.click("nav a[href='#/feed/everyone']");
    const benCard = ann.page.locator("#feed-list .script-card", { hasText: "orbit remix" });
    await benCard.waitFor();
    assert.equal(await benCard.locator(".script-credit").textContent(), expectedCredit);
    assert.deepEqual(ben.problems.pageErrors, []);
    assert.deepEqual(ben.problems.cspViolations, []);
  });

  it("[CGE3] the Codeground and a feed card at phone size (390×844)", async () => {
    await ben.page.setViewportSize({ width: 390, height: 844 });
    await ben.page.goto(`${e2e.server.baseUrl}/#/code`);
    await ben.page.waitForSelector("#code-page:not([hidden]) #code-editor .cm-content");
    await ben.page.click("#code-page [data-action=run]");
    await ben.page.waitForSelector("#code-page[data-frames=drawn]", { timeout: 15_000 });
    const editor = await ben.page.locator("#code-editor").boundingBox();
    const canvas = await ben.page.locator("#code-sandbox iframe").boundingBox();
    assert.ok(editor && canvas);
    assert.ok(editor.width <= 390 && canvas.width <= 390, "nothing wider than the phone");
    assert.ok(canvas.y >= editor.y + editor.height - 1, "canvas stacked under the editor");
    await ben.page.screenshot({ path: path.join(ARTIFACTS, "codeground-phone.png"), fullPage: true });
    await ben.page.goto(`${e2e.server.baseUrl}/#/feed/everyone`);
    await ben.page.locator("#feed-list .script-card").first().waitFor();
    await ben.page.screenshot({ path: path.join(ARTIFACTS, "codeground-feed-phone.png") });
  });
  it("[CGE4] the Codeground opens over the world: the avatar keeps its seat, and a running script follows the viewer's live mood", async () => {
    const { w: dee } = await person("dee");
    await dee.page.setViewportSize({ width: 1280, height: 800 });
    const ownLabel = async () => {
      const self = await dee.page.evaluate(() => window.__neospace?.avatars().find((a) => a.self) ?? null);
      return self?.look.split(" ").at(-1) ?? "";
    };
    await dee.page.click("nav a[href='#/code']");
    await dee.page.waitForSelector("#code-page:not([hidden]) #code-editor .cm-content");
    assert.equal(await dee.page.evaluate(() => window.__neospace?.status()), "connected", "still in the world beneath");
    await typeSource(dee, `let last = "";\nonFrame(() => {\n  if (mood.octant !== last) { last = mood.octant; print("mood:" + last); }\n});\n`);
    await dee.page.click("#code-page [data-action=run]");
    const moods = () => dee.page.$$eval("#code-console li", (els) => els.map((e) => e.textContent ?? "").filter((t) => t.startsWith("mood:")));
    const [first] = await waitFor("the first mood line", moods, (l) => l.length > 0);
    assert.equal(first, `mood:${await ownLabel()}`, "the avatar's mood, not a default");
    // Dance (not a poke) from the strip of world beside the overlay: the mood moves, and the running script sees it.
    const size = dee.page.viewportSize();
    assert.ok(size);
    await dee.page.mouse.click(size.width - 12, size.height / 2);
    const moved = await waitFor(
      "a new mood line while the script runs",
      async () => {
        await dee.page.keyboard.press(emoteKey("dance"));
        await dee.page.waitForTimeout(1_100); // the emote budget is one per second
        return moods();
      },
      (l) => l.length > 1,
      60_000,
    );
    assert.equal(moved.at(-1), `mood:${await ownLabel()}`);
    await dee.page.screenshot({ path: path.join(ARTIFACTS, "codeground-over-world.png") });
    assert.deepEqual(dee.problems.pageErrors, []);
  });
});
