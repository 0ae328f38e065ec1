import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type NewPageOptions, type WatchedPage, waitFor } from "../helpers/browser.ts";
import { ARTIFACTS, DESKTOP, e2eSuite, freshName as fresh, nextAddress, PASSWORD, PHONE } from "../helpers/e2e.ts";

/**
 * Issue 12 feature 6 in real Chromium: the first-visit guide. A new account meets it on
 * entering the world; it is a keyboard-usable modal dialog (focus kept inside, Escape
 * skips, focus back on the map), remembered on the account (a reload does not bring it
 * back), reopened from the side panel's Guide button, and it fits a 390×844 phone.
 * Screenshots go to tests/artifacts.
 */
const AXE = readFileSync(path.resolve(import.meta.dirname, "../../node_modules/axe-core/axe.min.js"), "utf8");

describe("issue 12 feature 6: the first-visit guide in Chromium (e2e)", function () {
  this.timeout(120_000);
  const e2e = e2eSuite();

  /** Signs up through the form with the guide allowed, and waits to be in the plaza. */
  async function newcomer(prefix: string, options: NewPageOptions = {}): Promise<WatchedPage> {
    const w = await e2e.browser.newPage({ forwardedFor: nextAddress(), viewport: DESKTOP, guide: true, ...options });
    e2e.pages.push(w);
    await w.page.goto(e2e.server.baseUrl);
    await w.page.waitForSelector("#auth-panel:not([hidden])", { timeout: 10_000 });
    await w.page.fill("#username-input", fresh(prefix));
    await w.page.fill("#password-input", PASSWORD);
    await w.page.click("#auth-submit");
    await w.page.waitForFunction(() => window.__neospace?.status() === "connected", null, { timeout: 15_000 });
    return w;
  }

  const shot = (w: WatchedPage, name: string) => w.page.screenshot({ path: path.join(ARTIFACTS, `guide-${name}.png`) });
  const activeId = (w: WatchedPage) => w.page.evaluate(() => document.activeElement?.id ?? "");
  const activeClass = (w: WatchedPage) => w.page.evaluate(() => (document.activeElement as HTMLElement | null)?.className ?? "");
  const focusInDialog = (w: WatchedPage) => w.page.evaluate(() => document.getElementById("guide-dialog")?.contains(document.activeElement) === true);
  const step = (w: WatchedPage) => w.page.getAttribute("#guide-dialog", "data-step");
  const guideShown = (w: WatchedPage) => w.page.evaluate(() => document.getElementById("guide")?.hidden === false);
  const flagOnServer = (w: WatchedPage) =>
    w.page.evaluate(async () => ((await (await fetch("/api/me/guide", { credentials: "same-origin" })).json()) as { done: boolean }).done);
  const canvasBox = async (w: WatchedPage) => w.page.locator("#game canvas").boundingBox();
  const overflow = (w: WatchedPage) => w.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  /** Serious or critical axe-core violations inside the guide (axe runs through the devtools protocol: the CSP does not apply). */
  async function axeInGuide(w: WatchedPage): Promise<string[]> {
    await w.page.evaluate(AXE);
    const found = await w.page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(c: object, o: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
      const result = await axe.run({ include: [["#guide"]] }, { resultTypes: ["violations"] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, where: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) }));
    });
    return found.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.impact} ${v.id}: ${v.where.join(", ")}`);
  }

  function assertNoProblems(): void {
    e2e.pages.forEach((w, i) => {
      const { cspViolations, consoleErrors, pageErrors } = w.problems;
      assert.deepEqual(cspViolations, [], `page ${i + 1}: no CSP violations`);
      assert.deepEqual(consoleErrors, [], `page ${i + 1}: no console errors\n${w.console.join("\n")}`);
      assert.deepEqual(pageErrors, [], `page ${i + 1}: no uncaught page errors`);
    });
  }

  it("[OB3] a new account meets the guide: a labelled modal dialog, stepped with the keyboard, focus kept inside, Escape skips and gives the map its keys", async () => {
    const w = await newcomer("guide");
    await w.page.waitForSelector("#guide:not([hidden]) #guide-dialog", { timeout: 10_000 });
    const dialog = await w.page.evaluate(() => {
      const d = document.getElementById("guide-dialog");
      const label = d?.getAttribute("aria-labelledby") ?? "";
      return { role: d?.getAttribute("role"), modal: d?.getAttribute("aria-modal"), title: document.getElementById(label)?.textContent ?? "", position: getComputedStyle(document.getElementById("guide") as HTMLElement).position };
    });
    assert.deepEqual(dialog, { role: "dialog", modal: "true", title: "Walk around", position: "fixed" });
    assert.equal(await focusInDialog(w), true, "focus moved into the dialog");
    assert.deepEqual(await axeInGuide(w), [], "axe: the dialog");
    await shot(w, "desktop-step1");
    // The world's canvas sits where it was: the guide is out of the page's flow.
    const under = await canvasBox(w);
    // Enter on Next steps through; Back goes back; the progress says where one is.
    await w.page.keyboard.press("Enter");
    assert.equal(await step(w), "emotes");
    assert.match((await w.page.textContent(".guide-progress")) ?? "", /Step 2 of 4/);
    await w.page.keyboard.press("Enter");
    assert.equal(await step(w), "chat");
    await shot(w, "desktop-step3");
    await w.page.keyboard.press("Shift+Tab"); // Next → Back
    await w.page.keyboard.press("Enter");
    assert.equal(await step(w), "emotes", "Back goes one step back");
    // Tab wraps inside the dialog, both ways: focus never reaches the page behind.
    for (let i = 0; i < 7; i++) {
      await w.page.keyboard.press("Tab");
      assert.equal(await focusInDialog(w), true, `Tab ${i + 1} stays in the dialog`);
    }
    for (let i = 0; i < 7; i++) {
      await w.page.keyboard.press("Shift+Tab");
      assert.equal(await focusInDialog(w), true, `Shift+Tab ${i + 1} stays in the dialog`);
    }
    // The world's keys wait while the guide has focus.
    await w.page.focus(".guide-next");
    await w.page.keyboard.press("Enter");
    await w.page.keyboard.press("Enter");
    assert.equal(await step(w), "moods");
    assert.equal(await w.page.isVisible(".guide-legend"), true, "the last step links to the mood legend");
    await shot(w, "desktop-step4");
    await w.page.keyboard.press("Escape");
    assert.equal(await guideShown(w), false, "Escape skips");
    assert.equal(await activeId(w), "game", "focus is back on the map");
    assert.deepEqual(await canvasBox(w), under, "the canvas did not move while the guide was open or when it closed");
    const start = await w.page.evaluate(() => window.__neospace?.avatars().find((a) => a.self) ?? null);
    assert.ok(start);
    await w.page.keyboard.down("ArrowDown");
    try {
      await waitFor("the keys to walk after the guide", () => w.page.evaluate(() => window.__neospace?.avatars().find((a) => a.self) ?? null), (a) => a !== null && Math.abs(a.y - start.y) > 10, 5_000);
    } finally {
      await w.page.keyboard.up("ArrowDown");
    }
    await waitFor("the account to remember the skip", () => flagOnServer(w), (done) => done);
    assertNoProblems();
  });

  it("[OB4] once skipped the guide stays shut after a reload; the side panel's Guide button reopens it; the legend link opens the mood legend", async () => {
    const w = await newcomer("again");
    await w.page.waitForSelector("#guide:not([hidden])", { timeout: 10_000 });
    await w.page.click(".guide-skip");
    assert.equal(await activeId(w), "game");
    await waitFor("the account to remember the skip", () => flagOnServer(w), (done) => done);
    const asked = w.page.waitForResponse((r) => r.url().endsWith("/api/me/guide") && r.request().method() === "GET");
    await w.page.reload();
    await w.page.waitForFunction(() => window.__neospace?.status() === "connected", null, { timeout: 15_000 });
    const reply = (await (await asked).json()) as { done: boolean };
    assert.deepEqual(reply, { done: true }, "the page asked the account");
    assert.equal(await guideShown(w), false, "a reload does not bring the guide back");
    assert.equal(await w.page.evaluate(() => document.getElementById("guide")), null, "nor even load its code");
    await w.page.click("#guide-button");
    await w.page.waitForSelector("#guide:not([hidden])");
    assert.equal(await step(w), "moving", "it opens at the first step");
    assert.equal(await focusInDialog(w), true);
    for (let i = 0; i < 3; i++) await w.page.click(".guide-next");
    await w.page.click(".guide-legend");
    assert.equal(await guideShown(w), false);
    assert.equal(await w.page.evaluate(() => (document.getElementById("mood-legend") as HTMLDetailsElement).open), true, "the mood legend is open");
    assert.equal(await w.page.evaluate(() => document.activeElement?.closest("#mood-legend") !== null), true, "with focus on it");
    await shot(w, "legend");
    assertNoProblems();
  });

  it("[OB5] on a 390×844 phone the guide fits: no sideways overflow, each step inside the screen; Done is remembered", async () => {
    const w = await newcomer("phone", { viewport: PHONE, touch: true });
    await w.page.waitForSelector("#guide:not([hidden])", { timeout: 10_000 });
    for (let i = 0; i < 4; i++) {
      assert.ok((await overflow(w)) <= 0, `no sideways overflow at step ${i + 1}: ${await overflow(w)} px`);
      const box = await w.page.locator("#guide-dialog").boundingBox();
      assert.ok(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= PHONE.width && box.y + box.height <= PHONE.height, `step ${i + 1} is on screen: ${JSON.stringify(box)}`);
      const scrolls = await w.page.evaluate(() => {
        const d = document.getElementById("guide-dialog") as HTMLElement;
        return d.scrollHeight - d.clientHeight;
      });
      assert.ok(scrolls <= 0, `step ${i + 1} needs no scrolling`);
      if (i === 0) {
        assert.deepEqual(await axeInGuide(w), [], "axe: the dialog on a phone");
        await shot(w, "phone-step1");
      }
      if (i === 3) await shot(w, "phone-step4");
      await w.page.tap(".guide-next");
    }
    assert.equal(await guideShown(w), false, "Done closes it");
    assert.ok(!(await activeClass(w)).includes("guide"));
    await waitFor("the account to remember Done", () => flagOnServer(w), (done) => done);
    assertNoProblems();
  });
});
