import assert from "node:assert/strict";
import path from "node:path";
import type { DrawnAvatar } from "../../client/src/test-hook.ts";
import { type WatchedPage, waitFor } from "../helpers/browser.ts";
import { ARTIFACTS, DESKTOP, e2eSuite, PHONE } from "../helpers/e2e.ts";

/**
 * Issue 12, feature 5 in real Chromium: the avatar editor opens over the world (the seat
 * is kept), a saved look reaches another person's canvas without a reload, and the mood
 * legend shows each mood drawn. Screenshots at 1280×800 and 390×844 in tests/artifacts.
 */
describe("issue 12: avatar looks and drawn moods (e2e)", function () {
  this.timeout(150_000);
  const e2e = e2eSuite({ closePagesAfterEach: false });

  const avatars = (w: WatchedPage): Promise<DrawnAvatar[]> => w.page.evaluate(() => (window.__neospace?.avatars() ?? []) as never);
  const shot = (w: WatchedPage, name: string, fullPage = false) => w.page.screenshot({ path: path.join(ARTIFACTS, `avatar-${name}.png`), fullPage });
  const choose = (w: WatchedPage, field: string, value: string) => w.page.click(`#avatar-form fieldset[data-field="${field}"] label[data-value="${value}"]`);

  function assertNoProblems(): void {
    for (const [i, w] of e2e.pages.entries()) {
      assert.deepEqual(w.problems.cspViolations, [], `page ${i + 1}: no CSP violations`);
      assert.deepEqual(w.problems.pageErrors, [], `page ${i + 1}: no uncaught page errors`);
      assert.deepEqual(w.problems.consoleErrors, [], `page ${i + 1}: no console errors\n${w.console.join("\n")}`);
    }
  }

  it("[AVE1] A changes look in the editor over the world; B sees it drawn on the canvas without a reload", async () => {
    const a = await e2e.signUp("look", { displayName: "Lou Look" });
    const b = await e2e.signUp("seer", { displayName: "Sam Seer" });
    const lou = () => avatars(b.w).then((list) => list.find((x) => x.name === "Lou Look"));
    const before = await waitFor("B sees A", lou, (x) => x !== undefined, 15_000);
    assert.match(before?.appearance ?? "", /^round \w+ none$/, "a person who never chose wears the default");

    // From the world's side panel, without leaving the seat.
    await a.w.page.click("#avatar-link");
    await a.w.page.waitForSelector("#avatar-page:not([hidden]) #avatar-form", { timeout: 15_000 });
    assert.equal(await a.w.page.evaluate(() => window.__neospace?.status()), "connected", "the avatar keeps its seat");
    await choose(a.w, "shape", "star");
    await choose(a.w, "color", "violet");
    await choose(a.w, "accessory", "headphones");
    assert.match((await a.w.page.getAttribute("#avatar-preview", "aria-label")) ?? "", /Star body, Violet, headphones/);
    await a.w.page.selectOption("#avatar-preview-mood", "exuberant");
    await a.w.page.click("#avatar-save");
    await waitFor("saved", () => a.w.page.textContent("#avatar-saved"), (t) => /^Saved\./.test(t ?? ""), 10_000);

    const after = await waitFor("B sees A's new look", lou, (x) => x?.appearance === "star violet headphones", 10_000);
    assert.ok(after);
    const mine = await waitFor("A's own figure dressed", () => avatars(a.w).then((l) => l.find((x) => x.self)), (x) => x?.appearance === "star violet headphones");
    assert.ok(mine);
    await shot(a.w, "editor-desktop");
    await shot(b.w, "seen-desktop");
    // A close-up of what B's canvas draws for A.
    const at = await b.w.page.evaluate(([x, y]) => window.__neospace?.clientPointOf(x, y) ?? null, [after.x, after.y] as const);
    if (at) await b.w.page.screenshot({ path: path.join(ARTIFACTS, "avatar-seen-closeup.png"), clip: { x: at.x - 80, y: at.y - 100, width: 160, height: 120 } });

    await a.w.page.setViewportSize(PHONE);
    await b.w.page.setViewportSize(PHONE);
    // Two frames: the canvas resizes and redraws before the screenshot.
    for (const w of [a.w, b.w]) await w.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await shot(a.w, "editor-phone", true);
    await shot(b.w, "seen-phone");
    const overflow = await a.w.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the editor fits a phone's width (overflow ${overflow}px)`);
    await a.w.page.setViewportSize(DESKTOP);
    await b.w.page.setViewportSize(DESKTOP);
    assertNoProblems();
  });

  it("[AVE2] the profile editor leads to the avatar editor; Escape goes back to the world", async () => {
    const a = e2e.pages[0] as WatchedPage;
    await a.page.click("#my-profile-link");
    await a.page.waitForSelector("#profile-page:not([hidden]) #avatar-editor-link", { timeout: 20_000 });
    await a.page.click("#avatar-editor-link");
    await a.page.waitForSelector("#avatar-page:not([hidden]) #avatar-form", { timeout: 15_000 });
    // The editor shows what was saved.
    assert.equal(await a.page.isChecked('#avatar-form input[name="shape"][value="star"]'), true);
    await a.page.keyboard.press("Escape");
    await a.page.waitForSelector("#avatar-page", { state: "hidden", timeout: 10_000 });
    assertNoProblems();
  });

  it("[AVE3] the legend draws each of the eight moods with its look in words", async () => {
    const b = e2e.pages[1] as WatchedPage;
    await b.page.evaluate(() => {
      const legend = document.querySelector<HTMLDetailsElement>("#mood-legend");
      if (legend) legend.open = true;
      legend?.scrollIntoView({ block: "start" });
    });
    const rows = await b.page.$$eval("#mood-legend-list li", (lis) =>
      lis.map((li) => ({ mood: (li as HTMLElement).dataset.mood, figure: li.querySelector("canvas.legend-figure") !== null, text: li.textContent ?? "" })),
    );
    assert.equal(rows.length, 8);
    for (const row of rows) {
      assert.ok(row.figure, `${row.mood}: drawn`);
      assert.match(row.text, /Looks: /, `${row.mood}: its look in words`);
    }
    assert.match(rows.find((r) => r.mood === "anxious")?.text ?? "", /trembles/);
    await b.page.screenshot({ path: path.join(ARTIFACTS, "avatar-legend-desktop.png") });
    await b.page.setViewportSize(PHONE);
    await b.page.evaluate(() => document.querySelector("#mood-legend")?.scrollIntoView({ block: "start" }));
    await b.page.screenshot({ path: path.join(ARTIFACTS, "avatar-legend-phone.png") });
    await b.page.setViewportSize(DESKTOP);
    assertNoProblems();
  });
});
