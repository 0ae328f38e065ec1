import assert from "node:assert/strict";
import path from "node:path";
import type { DrawnAvatar } from "../../client/src/test-hook.ts";
import { type NewPageOptions, type WatchedPage, waitFor } from "../helpers/browser.ts";
import { ARTIFACTS, DESKTOP, e2eSuite, freshName as fresh, nextAddress, PASSWORD, PHONE } from "../helpers/e2e.ts";

/**
 * Issue 12, chat with memory, in real Chromium: the chat panel lists the space's history
 * with names and times (it survives a reload), a whisper started from the avatar menu
 * reaches only its target, bubbles and name tags of people standing close stay apart, and
 * the panel folds on a phone. Screenshots go to tests/artifacts (chat-*.png).
 */

interface LogLine {
  scope: string;
  text: string;
  name: string;
  time: string;
  tag: string;
}

/** Numbers the display names of the people a test signs up ("Ann 3"). */
let counter = 0;

describe("issue 12: the chat panel in Chromium (e2e)", function () {
  this.timeout(120_000);
  const e2e = e2eSuite();

  /** Signs up through the form and waits to be in `map` (the plaza unless named). */
  async function person(prefix: string, options: NewPageOptions & { map?: string } = {}): Promise<{ w: WatchedPage; name: string }> {
    const w = await e2e.browser.newPage({ forwardedFor: nextAddress(), viewport: DESKTOP, ...options });
    e2e.pages.push(w);
    await w.page.goto(options.map ? `${e2e.server.baseUrl}/#/world/${options.map}` : e2e.server.baseUrl);
    await w.page.waitForSelector("#auth-panel:not([hidden])", { timeout: 10_000 });
    const name = `${prefix.charAt(0).toUpperCase()}${prefix.slice(1)} ${++counter}`;
    await w.page.fill("#username-input", fresh(prefix));
    await w.page.fill("#password-input", PASSWORD);
    await w.page.fill("#display-name-input", name);
    await w.page.click("#auth-submit");
    await inWorld(w);
    return { w, name };
  }

  async function inWorld(w: WatchedPage): Promise<void> {
    await w.page.waitForFunction(() => window.__neospace?.status() === "connected", null, { timeout: 15_000 });
    await waitFor("own avatar", () => avatars(w), (l) => l.some((a) => a.self));
  }

  const avatars = (w: WatchedPage): Promise<DrawnAvatar[]> => w.page.evaluate(() => (window.__neospace?.avatars() ?? []) as never);
  const shot = (w: WatchedPage, name: string) => w.page.screenshot({ path: path.join(ARTIFACTS, `chat-${name}.png`) });
  const activeId = (w: WatchedPage) => w.page.evaluate(() => document.activeElement?.id ?? "");
  const overflow = (w: WatchedPage) => w.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const log = (w: WatchedPage): Promise<LogLine[]> =>
    w.page.$$eval("#chat-log li[data-scope]", (items) =>
      items.map((li) => ({
        scope: (li as HTMLElement).dataset.scope ?? "",
        text: li.querySelector(".chat-text")?.textContent ?? "",
        name: li.querySelector(".chat-name")?.textContent ?? "",
        time: li.querySelector("time")?.getAttribute("datetime") ?? "",
        tag: li.querySelector(".chat-tag")?.textContent ?? "",
      })),
    );
  const logShows = (w: WatchedPage, text: string) => waitFor(`"${text}" in the chat panel`, () => log(w), (l) => l.some((x) => x.text === text));

  async function say(w: WatchedPage, text: string): Promise<void> {
    // A page in the background gets no frames, and Chromium holds its key events for one.
    await w.page.bringToFront();
    await w.page.locator("#game").focus();
    await w.page.keyboard.press("Enter");
    assert.equal(await activeId(w), "chat-input", "Enter opens the chat line");
    await w.page.fill("#chat-input", text);
    await w.page.keyboard.press("Enter");
  }

  async function clickAvatar(w: WatchedPage, name: string): Promise<void> {
    const spot = await waitFor("the avatar to be drawn", () => avatars(w), (l) => l.some((a) => a.name === name));
    const a = spot.find((x) => x.name === name) as DrawnAvatar;
    await w.page.bringToFront();
    const at = await w.page.evaluate(([x, y]) => window.__neospace?.clientPointOf(x, y - 16) ?? null, [a.x, a.y] as const);
    assert.ok(at);
    await w.page.mouse.click(at.x, at.y);
    await w.page.waitForSelector("#avatar-menu:not([hidden])");
  }

  it("[CHW1] the panel lists the space's lines with names and times, and they survive a reload; a later arrival reads them too", async () => {
    const { w: ann, name: annName } = await person("ann", { map: "garden" });
    const text = `hello from ${annName}`;
    await say(ann, text);
    const [line] = (await logShows(ann, text)).filter((l) => l.text === text);
    assert.equal(line?.name, annName);
    assert.ok(Math.abs(Date.parse(line?.time ?? "") - Date.now()) < 60_000, `a time is shown: ${line?.time}`);
    assert.equal(await activeId(ann), "game", "sending hands the keys back to the map");
    await ann.page.reload();
    await inWorld(ann);
    const again = await logShows(ann, text);
    assert.equal(again.filter((l) => l.text === text).length, 1, "listed once after the reload");
    const { w: ben } = await person("ben", { map: "garden" });
    await logShows(ben, text);
    await shot(ben, "history-desktop");
  });

  it("[CHW2] a whisper started from the avatar menu is seen by its target and the sender only; Escape returns focus to the map", async () => {
    const { w: ann, name: annName } = await person("ann");
    const { w: ben, name: benName } = await person("ben");
    const { w: cat } = await person("cat");
    await clickAvatar(ann, benName);
    await ann.page.click("#avatar-menu [data-action=whisper]");
    assert.equal(await activeId(ann), "chat-input", "the chat line has focus, aimed at Ben");
    assert.equal(await ann.page.$eval("#chat-scope", (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent), `Whisper to ${benName}`);
    const secret = `psst ${benName}`;
    await ann.page.fill("#chat-input", secret);
    await ann.page.keyboard.press("Enter");
    const heard = (await logShows(ben, secret)).find((l) => l.text === secret);
    assert.deepEqual([heard?.scope, heard?.name], ["whisper", annName]);
    const sent = (await logShows(ann, secret)).find((l) => l.text === secret);
    assert.equal(sent?.tag, `whisper to ${benName}`);
    // Lines reach a page in order: once Cat reads the line sent after the whisper, the whisper would have been there.
    await ann.page.selectOption("#chat-scope", "space");
    const after = `after the whisper ${counter}`;
    await say(ann, after);
    const catLog = await logShows(cat, after);
    assert.ok(!catLog.some((l) => l.text === secret || l.scope === "whisper"), JSON.stringify(catLog));
    assert.ok(!(await avatars(cat)).some((a) => a.bubble.includes(secret)), "no bubble for Cat either");
    await ben.page.bringToFront();
    await shot(ben, "whisper-desktop");
    await ann.page.bringToFront();
    await ann.page.keyboard.press("Enter");
    assert.equal(await activeId(ann), "chat-input");
    await ann.page.keyboard.press("Escape");
    assert.equal(await activeId(ann), "game", "Escape hands focus back to the map");
  });

  it("[CHW3] people standing close: their bubbles and name tags do not cover each other", async () => {
    const { w: ann, name: annName } = await person("ann", { map: "room" });
    const { w: ben, name: benName } = await person("ben", { map: "room" });
    const annAt = (await avatars(ann)).find((a) => a.self) as DrawnAvatar;
    // Ben walks right in front of Ann (a click just below her feet: on her body it would open her menu).
    const to = await ben.page.evaluate(([x, y]) => window.__neospace?.clientPointOf(x, y) ?? null, [annAt.x + 12, annAt.y + 26] as const);
    assert.ok(to);
    await ben.page.bringToFront();
    await ben.page.mouse.click(to.x, to.y);
    await waitFor("Ben beside Ann", () => avatars(ann), (l) => {
      const b = l.find((a) => a.name === benName);
      return b !== undefined && Math.hypot(b.x - annAt.x - 12, b.y - annAt.y - 26) < 10;
    });
    await say(ann, "a long enough line to make a wide bubble over Ann");
    await say(ben, "and Ben answers right beside her");
    // Labels are laid out each frame, and only the page in front gets frames.
    await ann.page.bringToFront();
    const overlap = (p: DrawnAvatar["labels"], q: DrawnAvatar["labels"]) =>
      p.x < q.x + q.width && p.x + p.width > q.x && p.y < q.y + q.height && p.y + p.height > q.y;
    const pair = (l: DrawnAvatar[]) => [l.find((x) => x.name === annName), l.find((x) => x.name === benName)] as const;
    // The stack is laid out on the next frame after a bubble appears: wait for it to settle.
    const settled = (l: DrawnAvatar[]) => {
      const [x, y] = pair(l);
      return x !== undefined && y !== undefined && x.bubble !== "" && y.bubble !== "" && !overlap(x.labels, y.labels);
    };
    const drawn = await waitFor("both bubbles on Ann's page, apart", () => avatars(ann), settled).catch(() => avatars(ann));
    const [a, b] = pair(drawn);
    assert.ok(a && b && a.bubble !== "" && b.bubble !== "", "both drawn with their bubbles");
    const bubbleBox = { ...b.labels };
    assert.ok(bubbleBox.height > 30, `Ben's stack holds his tag and bubble: ${JSON.stringify(bubbleBox)}`);
    assert.ok(!overlap(a.labels, b.labels), `label boxes apart: ${JSON.stringify([a.labels, b.labels])}`);
    await shot(ann, "close-bubbles-desktop");
    await logShows(ann, "and Ben answers right beside her");
  });

  it("[CHW4] on a 390×844 phone the panel starts folded, counts new lines, opens without sideways overflow", async () => {
    const { w: ann } = await person("ann", { map: "room", viewport: PHONE, touch: true });
    const { w: ben } = await person("ben", { map: "room" });
    assert.equal(await ann.page.getAttribute("#chat-toggle", "aria-expanded"), "false", "folded on a phone");
    assert.equal(await ann.page.isVisible("#chat-log"), false);
    assert.ok((await overflow(ann)) <= 0, `fits: ${await overflow(ann)} px too wide`);
    await say(ben, "hi phone");
    await ann.page.waitForFunction(() => /Chat \(1 new\)/.test(document.getElementById("chat-toggle")?.textContent ?? ""));
    await shot(ann, "phone-folded");
    await ann.page.tap("#chat-toggle");
    assert.equal(await ann.page.getAttribute("#chat-toggle", "aria-expanded"), "true");
    await logShows(ann, "hi phone");
    const panel = (await ann.page.locator("#chat-panel").boundingBox())!;
    assert.ok(panel.x >= 0 && panel.x + panel.width <= PHONE.width, `the panel is on screen: ${JSON.stringify(panel)}`);
    assert.ok((await overflow(ann)) <= 0, "still fits with the panel open");
    await shot(ann, "phone-open");
  });

  it("[CHW5] going offline says so on the status line at once; a line typed meanwhile is kept with the reason, and goes once the network is back", async () => {
    const { w: ann } = await person("ann", { map: "garden" });
    await ann.page.context().setOffline(true);
    await ann.page.waitForSelector("#connection-status[data-offline=true]");
    assert.match((await ann.page.textContent("#connection-status")) ?? "", /Offline/);
    const text = `kept while offline ${Date.now()}`;
    await say(ann, text);
    await ann.page.waitForSelector("#chat-note:not([hidden])");
    assert.match((await ann.page.textContent("#chat-note")) ?? "", /Not sent: you are offline/);
    assert.equal(await ann.page.inputValue("#chat-input"), text, "the line stays in the input");
    await shot(ann, "offline-desktop");
    await ann.page.context().setOffline(false);
    await ann.page.waitForSelector("#connection-status[data-offline=false]");
    // The socket may have been dropped meanwhile: the page puts the person back by itself.
    await inWorld(ann);
    await ann.page.locator("#chat-input").focus();
    await ann.page.keyboard.press("Enter");
    await logShows(ann, text);
    assert.equal(await ann.page.isVisible("#chat-note"), false, "the reason goes with the line");
    assert.equal((await log(ann)).filter((l) => l.text === text).length, 1, "sent once");
  });
});
