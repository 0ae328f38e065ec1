import assert from "node:assert/strict";
import path from "node:path";
import { boxOf, type WatchedPage, waitFor } from "../helpers/browser.ts";
import { ARTIFACTS, e2eSuite } from "../helpers/e2e.ts";

/**
 * The Song in real Chromium: an owner and an invited co-author type into one Verse at the
 * same time and both see the merged text and each other's cursor name; a viewer sees the
 * Song with no edit control and an editor that refuses typing; a published version opens
 * from its card in the feed, and a reader whose mood is neutral sees a choice gated on
 * `mood.p < 0.3` (marked as mood-gated) but not one gated on `mood.p > 0.3`.
 */

describe("the Song in Chromium (e2e)", function () {
  this.timeout(180_000);
  const e2e = e2eSuite({ closePagesAfterEach: false });
  let songUrl = "";
  let ann: WatchedPage;
  let ben: WatchedPage;
  let cat: WatchedPage;
  let annName = "";
  let benName = "";

  const person = (prefix: string) => e2e.signUp(prefix, { address: false });

  /** The editor's text without the other editors' caret labels (widgets inside the lines). */
  const prose = (w: WatchedPage) =>
    w.page.locator("#song-page .song-prose-editor .cm-content").evaluate((content) => {
      const copy = content.cloneNode(true) as HTMLElement;
      for (const caret of copy.querySelectorAll(".cm-remote-caret")) caret.remove();
      return [...copy.querySelectorAll(".cm-line")].map((line) => line.textContent ?? "").join("\n");
    });
  const verseCount = (w: WatchedPage) => w.page.locator("#song-page .song-node").count();
  const edgeCount = (w: WatchedPage) => w.page.locator("#song-page .song-edge").count();

  async function dragLink(w: WatchedPage, fromIndex: number, toIndex: number): Promise<void> {
    // The graph is redrawn whole on every op, so a box may need asking for twice.
    const handle = await boxOf(`handle ${fromIndex}`, w.page.locator("#song-page .song-node-handle").nth(fromIndex));
    const target = await boxOf(`Verse ${toIndex}`, w.page.locator("#song-page .song-node-box").nth(toIndex));
    await w.page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await w.page.mouse.down();
    await w.page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
    await w.page.mouse.up();
  }

  it("[SGE1] owner and co-author type into one Verse at once: both see the merged text and each other's cursor name", async () => {
    ({ w: ann, name: annName } = await person("ann"));
    ({ w: ben, name: benName } = await person("ben"));
    await ann.page.click("nav a[href='#/songs']");
    await ann.page.waitForSelector("#songs-page:not([hidden]) .song-create");
    await ann.page.fill(".song-create input[name=title]", "The Tide Song");
    await ann.page.click(".song-create button[type=submit]");
    await ann.page.waitForSelector("#song-page:not([hidden])[data-role=owner] [data-action=add-verse]", { timeout: 15_000 });
    songUrl = ann.page.url();
    assert.match(songUrl, /#\/songs\/[A-Za-z0-9_-]+$/);

    for (let i = 1; i <= 3; i++) {
      await ann.page.click("#song-page [data-action=add-verse]");
      await waitFor(`${i} Verses`, () => verseCount(ann), (n) => n === i);
    }
    // Drag two links from the start Verse: to Verse 2 and to Verse 3.
    await dragLink(ann, 0, 1);
    await waitFor("one choice", () => edgeCount(ann), (n) => n === 1);
    await dragLink(ann, 0, 2);
    await waitFor("two choices", () => edgeCount(ann), (n) => n === 2);

    // Drag Verse 3 down: a move op, seen after it comes back.
    const box = await boxOf("Verse 3", ann.page.locator("#song-page .song-node-box").nth(2));
    await ann.page.mouse.move(box.x + 30, box.y + 20);
    await ann.page.mouse.down();
    await ann.page.mouse.move(box.x + 30, box.y + 160, { steps: 8 });
    await ann.page.mouse.up();
    await waitFor("the moved Verse", () => ann.page.locator("#song-page .song-node").nth(2).getAttribute("transform"), (t) => t !== null && !t.endsWith(" 40)"));

    // The start Verse's two choices: one for the calm (neutral satisfies it), one for the joyful.
    await ann.page.click("#song-page .song-node >> nth=0");
    const forms = ann.page.locator("#song-page .song-choice");
    await forms.nth(0).locator("input[name=choice-label]").fill("Stay calm by the shore");
    await forms.nth(0).locator("input[name=choice-condition]").fill("mood.p < 0.3");
    await forms.nth(0).locator("[data-action=save-choice]").click();
    await waitFor("the calm label", () => ann.page.locator("#song-page .song-edge-label").allTextContents(), (l) => l.some((t) => t.includes("Stay calm")));
    // A bad condition is refused in words, and nothing changes.
    await forms.nth(1).locator("input[name=choice-condition]").fill("joy >= 3");
    await forms.nth(1).locator("[data-action=save-choice]").click();
    await waitFor("the refusal", () => ann.page.locator("#song-page .song-status").innerText(), (t) => /unknown variable "joy"/.test(t));
    await forms.nth(1).locator("input[name=choice-label]").fill("Dance on the waves");
    await forms.nth(1).locator("input[name=choice-condition]").fill("mood.p > 0.3");
    await forms.nth(1).locator("[data-action=save-choice]").click();
    await waitFor("the joyful label", () => ann.page.locator("#song-page .song-edge-label").allTextContents(), (l) => l.some((t) => t.includes("Dance")));

    // Invite ben and let others watch.
    await ann.page.fill("#song-page input[name=invite]", benName);
    await ann.page.click("#song-page [data-action=invite]");
    await waitFor("invited", () => ann.page.locator("#song-page .song-status").innerText(), (t) => t.includes(`@${benName}`));
    await ann.page.check("#song-page input[name=watchable]");

    await ben.page.goto(songUrl);
    await ben.page.waitForSelector("#song-page:not([hidden])[data-role=editor] .song-prose-editor .cm-content", { timeout: 15_000 });
    // ann is half-way through a label when ben adds a Verse: her words and focus survive the redraw.
    const draftLabel = ann.page.locator("#song-page .song-choice").nth(0).locator("input[name=choice-label]");
    await draftLabel.fill("Stay calm by the sh");
    await ben.page.click("#song-page [data-action=add-verse]");
    await waitFor("ben's Verse at ann", () => verseCount(ann), (n) => n === 4);
    assert.equal(await draftLabel.inputValue(), "Stay calm by the sh", "an unsaved edit survives another author's op");
    assert.equal(await draftLabel.evaluate((i) => i === document.activeElement), true, "and keeps the focus");
    await draftLabel.fill("Stay calm by the shore");
    await ann.page.locator("#song-page .song-prose-editor .cm-content").click();
    await ben.page.locator("#song-page .song-prose-editor .cm-content").click();
    await Promise.all([ann.page.keyboard.type("Ann hears the tide. ", { delay: 15 }), ben.page.keyboard.type("Ben sees the moon. ", { delay: 15 })]);
    const merged = (t: string) => t.includes("Ann hears the tide.") && t.includes("Ben sees the moon.");
    // Both converge on the same text (the last keystrokes may still be on their way).
    await waitFor("the same merged text at both", async () => [await prose(ann), await prose(ben)], ([x, y]) => merged(x ?? "") && x === y);
    await waitFor("ben's cursor at ann", () => ann.page.locator("#song-page .cm-remote-name").allInnerTexts(), (n) => n.includes(benName));
    await waitFor("ann's cursor at ben", () => ben.page.locator("#song-page .cm-remote-name").allInnerTexts(), (n) => n.includes(annName));
    await ann.page.screenshot({ path: path.join(ARTIFACTS, "song-editor-desktop.png") });
    await ann.page.setViewportSize({ width: 390, height: 844 });
    await ann.page.screenshot({ path: path.join(ARTIFACTS, "song-editor-phone.png"), fullPage: true });
    await ann.page.setViewportSize({ width: 1280, height: 800 });
    for (const w of [ann, ben]) {
      assert.deepEqual(w.problems.pageErrors, []);
      assert.deepEqual(w.problems.cspViolations, [], "editor styles and remote carets stay within the CSP");
    }
  });

  it("[SGE2] a viewer sees the Song but cannot change anything: no edit controls, and the editor refuses typing", async () => {
    ({ w: cat } = await person("cat"));
    await cat.page.goto(songUrl);
    await cat.page.waitForSelector("#song-page:not([hidden])[data-role=viewer] .song-prose-editor .cm-content", { timeout: 15_000 });
    assert.equal(await verseCount(cat), 4);
    assert.equal(await edgeCount(cat), 2);
    for (const control of ["[data-action=add-verse]", ".song-node-handle", "[data-action=save-choice]", "[data-action=declare-var]", "[data-action=delete-verse]", "[data-action=publish]", "input[name=invite]"]) {
      assert.equal(await cat.page.locator(`#song-page ${control}`).count(), 0, `no ${control} for a viewer`);
    }
    const before = await waitFor("the prose at cat", () => prose(cat), (t) => t.includes("Ben sees the moon."));
    assert.equal(await cat.page.locator("#song-page .song-prose-editor .cm-content").getAttribute("contenteditable"), "false");
    await cat.page.locator("#song-page .song-prose-editor .cm-content").click();
    await cat.page.keyboard.type("Cat was here");
    await cat.page.keyboard.press("Backspace");
    assert.equal(await prose(cat), before, "typing changed nothing");
    // ann types once more: the viewer's copy follows, still without cat's words.
    await ann.page.locator("#song-page .song-prose-editor .cm-content").click();
    await ann.page.keyboard.press("Control+End");
    await ann.page.keyboard.type("The end of the shore.");
    const after = await waitFor("ann's later words at cat", () => prose(cat), (t) => t.includes("The end of the shore."));
    assert.ok(!after.includes("Cat was here"));
    await cat.page.screenshot({ path: path.join(ARTIFACTS, "song-viewer-desktop.png") });
    assert.deepEqual(cat.problems.pageErrors, []);
    assert.deepEqual(cat.problems.cspViolations, []);
  });

  it("[SGE3] published: the card in the feed opens the reader; a neutral reader sees the calm choice marked as mood-gated, not the joyful one", async () => {
    await ann.page.click("#song-page [data-action=publish]");
    await waitFor("published", () => ann.page.locator("#song-page .song-status").innerText(), (t) => /Published v1/.test(t));
    await cat.page.goto(`${e2e.server.baseUrl}/#/feed/everyone`);
    await cat.page.waitForSelector("#feed-page .song-card .song-card-read", { timeout: 15_000 });
    await cat.page.click("#feed-page .song-card .song-card-read");
    await cat.page.waitForSelector("#song-reader-page:not([hidden]) .reader-choices", { timeout: 15_000 });
    const prose = await cat.page.locator("#song-reader-page .reader-verse").innerText();
    assert.match(prose, /Ann hears the tide\./);
    const labels = await cat.page.locator("#song-reader-page .reader-choices button").allInnerTexts();
    assert.deepEqual(labels, ["Stay calm by the shore"], "the joyful-only choice is hidden from a neutral reader");
    const mark = await cat.page.locator("#song-reader-page .reader-choices li.gated [data-gated=mood]").innerText();
    assert.match(mark, /shown because you feel neutral/);
    await cat.page.click("#song-reader-page [data-action=toggle-state]");
    await cat.page.waitForSelector("#song-reader-page .reader-state");
    await cat.page.screenshot({ path: path.join(ARTIFACTS, "song-reader-desktop.png") });
    await cat.page.click("#song-reader-page .reader-choices button");
    await waitFor("the next Verse", () => cat.page.locator("#song-reader-page .reader-verse h3").innerText(), (t) => t === "Verse 2");
    await cat.page.click("#song-reader-page [data-action=restart]");
    await waitFor("back at the start", () => cat.page.locator("#song-reader-page .reader-verse h3").innerText(), (t) => t === "Verse 1");
    await cat.page.setViewportSize({ width: 390, height: 844 });
    await cat.page.screenshot({ path: path.join(ARTIFACTS, "song-reader-phone.png"), fullPage: true });
    await cat.page.goto(`${e2e.server.baseUrl}/#/songs`);
    await cat.page.waitForSelector("#songs-page [data-list=published] .song-item", { timeout: 15_000 });
    await cat.page.screenshot({ path: path.join(ARTIFACTS, "song-list-phone.png"), fullPage: true });
    assert.deepEqual(cat.problems.pageErrors, []);
    assert.deepEqual(cat.problems.cspViolations, []);
  });
});
