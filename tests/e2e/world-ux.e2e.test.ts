import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { lineIsClear } from "../../client/src/scenes/line-of-sight.ts";
import { loadMaps } from "../../server/map-files.ts";
import { type NewPageOptions, type WatchedPage, waitFor } from "../helpers/browser.ts";
import { ARTIFACTS, DESKTOP, e2eSuite, freshName as fresh, nextAddress, PASSWORD, PHONE } from "../helpers/e2e.ts";
import type { DrawnAvatar } from "../../client/src/test-hook.ts";

/**
 * Issue 12 ("a world people want to stay in") in real Chromium: keys keep working after
 * panel clicks, status lines say true things in words, profiles and the feed open over the
 * world without leaving it, emotes read as actions and are aimed from an avatar's menu, the
 * page fits a phone. Screenshots go to tests/artifacts at 1280×800 and 390×844.
 */


type Drawn = DrawnAvatar;

/** Numbers the display names of the people a test signs up ("Ann 3"). */
let counter = 0;

describe("issue 12: the world in Chromium (e2e)", function () {
  this.timeout(120_000);
  const e2e = e2eSuite();

  async function open(options: NewPageOptions = {}): Promise<WatchedPage> {
    const w = await e2e.browser.newPage({ forwardedFor: nextAddress(), viewport: DESKTOP, ...options });
    e2e.pages.push(w);
    await w.page.goto(e2e.server.baseUrl);
    await w.page.waitForSelector("#auth-panel:not([hidden])", { timeout: 10_000 });
    return w;
  }

  /** Signs up through the form and waits to be in the plaza; the display name is capitalised. */
  async function person(prefix: string, options: NewPageOptions = {}): Promise<{ w: WatchedPage; username: string; name: string }> {
    const w = await open(options);
    const username = fresh(prefix);
    const name = `${prefix.charAt(0).toUpperCase()}${prefix.slice(1)} ${++counter}`;
    await w.page.fill("#username-input", username);
    await w.page.fill("#password-input", PASSWORD);
    await w.page.fill("#display-name-input", name);
    await w.page.click("#auth-submit");
    await w.page.waitForFunction(() => window.__neospace?.status() === "connected", null, { timeout: 15_000 });
    await waitFor("own avatar", () => avatars(w), (l) => l.some((a) => a.self));
    return { w, username, name };
  }

  const avatars = (w: WatchedPage): Promise<Drawn[]> => w.page.evaluate(() => (window.__neospace?.avatars() ?? []) as never);
  /** The own avatar as drawn; waits for it ("connected" comes with the join, the avatar with the first state). */
  const self = async (w: WatchedPage): Promise<Drawn> =>
    (await waitFor("own avatar", () => avatars(w), (l) => l.some((a) => a.self))).find((a) => a.self) as Drawn;
  const shot = (w: WatchedPage, name: string) => w.page.screenshot({ path: path.join(ARTIFACTS, `ux-${name}.png`) });
  const activeId = (w: WatchedPage) => w.page.evaluate(() => document.activeElement?.id ?? "");

  /** Holds a key until the own avatar has moved more than `px` along it. */
  async function walkWith(w: WatchedPage, key: string, px = 20): Promise<void> {
    const start = await self(w);
    await w.page.keyboard.down(key);
    try {
      await waitFor(`the avatar to walk with ${key}`, () => self(w), (a) => Math.hypot(a.x - start.x, a.y - start.y) > px, 5_000);
    } finally {
      await w.page.keyboard.up(key);
    }
  }

  function assertNoProblems(expected: RegExp[] = []): void {
    e2e.pages.forEach((w, i) => {
      const { cspViolations, consoleErrors, pageErrors } = w.problems;
      assert.deepEqual(cspViolations, [], `page ${i + 1}: no CSP violations`);
      const unexpected = consoleErrors.filter((e) => !expected.some((re) => re.test(e)));
      assert.deepEqual(unexpected, [], `page ${i + 1}: no console errors\n${w.console.join("\n")}`);
      assert.deepEqual(pageErrors, [], `page ${i + 1}: no uncaught page errors`);
    });
  }

  it("[UX2] the keys keep working after a panel button is clicked; Enter opens chat; a click on the map takes focus back", async () => {
    const { w } = await person("keys");
    await w.page.click('#emote-bar button[data-emote="wave"]');
    await walkWith(w, "ArrowRight");
    await walkWith(w, "KeyS");
    await w.page.keyboard.press("Enter");
    assert.equal(await activeId(w), "chat-input", "Enter opens chat (it does not wave again)");
    const canvas = await w.page.locator("#game canvas").boundingBox();
    assert.ok(canvas);
    await w.page.mouse.click(canvas.x + 40, canvas.y + canvas.height - 40);
    assert.equal(await activeId(w), "game", "the map took focus back from the chat line");
    await walkWith(w, "ArrowUp");
    await w.page.click("#personality-form input[name=openness]", { position: { x: 4, y: 5 } }); // a slider drag, then the keys
    await walkWith(w, "KeyA");
    // A keyboard user who tabs to a button keeps it: Enter presses it, Space too.
    await w.page.focus('#emote-bar button[data-emote="laugh"]');
    await w.page.keyboard.press("Enter");
    assert.equal(await activeId(w), "", "focus is still on the button (it has no id)");
    assert.equal(await w.page.evaluate(() => document.activeElement?.getAttribute("data-emote")), "laugh");
    await shot(w, "keys-desktop");
    assertNoProblems();
  });

  it("[UX7] status lines: connected names the space, stays true under an overlay; a save clears a stale refusal and says so", async () => {
    const { w, username } = await person("status");
    const line = () => w.page.textContent("#connection-status");
    await w.page.waitForFunction(() => /The Plaza/.test(document.getElementById("connection-status")?.textContent ?? ""));
    await w.page.click("#my-profile-link");
    await w.page.waitForSelector("#profile-page:not([hidden]) #profile-editor");
    assert.match((await line()) ?? "", /Connected: you are in The Plaza/, "true: the world is still connected beneath the profile");
    await w.page.fill("#profile-editor input[name=topFriends]", "nobody_by_this_name");
    await w.page.click("#profile-editor button[type=submit]");
    // Issue 12 item 11: the refusal is said beside the field it names (not on the status line).
    await w.page.waitForSelector("#top-friends-error:not([hidden])");
    assert.match((await w.page.textContent("#top-friends-error")) ?? "", /nobody_by_this_name/);
    await w.page.fill("#profile-editor input[name=topFriends]", "");
    await w.page.fill("#profile-editor textarea[name=bio]", "Saved after a refusal.");
    await w.page.click("#profile-editor button[type=submit]");
    await w.page.waitForFunction(() => document.getElementById("profile-saved")?.textContent === "Saved.");
    assert.equal(await w.page.isVisible("#top-friends-error"), false, "the old refusal is gone after a successful save");
    assert.equal(await w.page.isVisible("#error-status"), false, "and nothing stale on the status line");
    assert.doesNotMatch((await w.page.textContent("body")) ?? "", /code \d|undefined/);
    await shot(w, "status-saved");
    assert.ok(username);
    assertNoProblems([/status of 4\d\d/]);
  });

  it("[UX4] a profile and the feed open over the world: nobody sees you leave, and the keys wait while the overlay has focus", async () => {
    const { w: ann, username: annUser, name: annName } = await person("ann");
    const { w: ben, name: benName } = await person("ben");
    await waitFor("ann to see ben", () => avatars(ann), (l) => l.some((a) => a.name === benName));
    await ben.page.evaluate((u) => {
      location.hash = `#/u/${u}`;
    }, annUser);
    await ben.page.waitForSelector("#profile-page:not([hidden]) .profile-head");
    assert.ok(((await ben.page.textContent(".profile-head")) ?? "").includes(annName));
    assert.equal(await ben.page.evaluate(() => window.__neospace?.status()), "connected", "ben is still in the world");
    assert.ok((await avatars(ben)).some((a) => a.self), "ben's world is drawn beneath the overlay");
    assert.equal(await activeId(ben), "", "focus moved into the overlay (its close button)");
    assert.equal(await ben.page.evaluate(() => document.activeElement?.closest("[data-overlay]")?.id), "profile-page");
    const before = await self(ben);
    await ben.page.keyboard.down("ArrowRight");
    await ben.page.waitForTimeout(400); // nothing to await: the point is that nothing happens
    await ben.page.keyboard.up("ArrowRight");
    const after = await self(ben);
    assert.equal(after.x, before.x, "the keys did not walk ben while the overlay had focus");
    await shot(ben, "profile-overlay");
    await ben.page.click('#nav a[href="#/feed/everyone"]');
    await ben.page.waitForSelector("#feed-page:not([hidden]) h2");
    assert.equal(await ben.page.isVisible("#profile-page"), false, "one overlay at a time");
    await shot(ben, "feed-overlay");
    assert.ok((await avatars(ann)).some((a) => a.name === benName), "ann still sees ben");
    await ben.page.keyboard.press("Escape");
    await ben.page.waitForFunction(() => location.hash === "#/world/plaza");
    assert.equal(await ben.page.isVisible("#feed-page"), false);
    await ben.page.click("#game canvas", { position: { x: 5, y: 5 } });
    await walkWith(ben, "ArrowRight");
    assertNoProblems();
  });

  /** Clicks on `name`'s avatar on `w`'s page (its body, above the feet). */
  async function clickAvatar(w: WatchedPage, name: string): Promise<void> {
    const spot = await waitFor("the avatar to be drawn", () => avatars(w), (l) => l.some((a) => a.name === name));
    const a = spot.find((x) => x.name === name) as Drawn;
    await w.page.bringToFront();
    const at = await w.page.evaluate(([x, y]) => window.__neospace?.clientPointOf(x, y - 16) ?? null, [a.x, a.y] as const);
    assert.ok(at);
    await w.page.mouse.click(at.x, at.y);
    await w.page.waitForSelector("#avatar-menu:not([hidden])");
  }

  it("[UX1] a click on an avatar opens its menu; a hug aimed from it reads 'Ben hugs Ann' and moves both avatars on both pages", async () => {
    const { w: ann, name: annName, username: annUser } = await person("ann");
    const { w: ben, name: benName } = await person("ben");
    await clickAvatar(ben, annName);
    const items = await ben.page.$$eval("#avatar-menu [role=menuitem]", (els) => els.map((e) => e.textContent));
    assert.deepEqual(items, ["Profile", "Wave", "Hug", "Poke", "Follow", "Whisper"]);
    await ben.page.waitForFunction(() => document.activeElement?.closest("#avatar-menu") !== null);
    await shot(ben, "avatar-menu");
    await ben.page.click("#avatar-menu [data-action=hug]");
    assert.equal(await ben.page.isVisible("#avatar-menu"), false, "the menu closes after an emote");
    const sentence = `${benName} hugs ${annName}`;
    // Both pages are watched at once: the sentence shows for a few seconds on each.
    const lists = await Promise.all(
      [ann, ben].map((w) =>
        waitFor(
          "the hug to show in words and motion",
          () => avatars(w),
          (l) => l.find((a) => a.name === benName)?.action === sentence && l.find((a) => a.name === annName)?.motion === "hearts",
        ),
      ),
    );
    for (const [i, w] of [ann, ben].entries()) {
      const list = lists[i] ?? [];
      assert.equal(list.find((a) => a.name === benName)?.motion, "hearts", "the hugger moves too");
      if (w === ann) await shot(ann, "hug");
    }
    assert.equal(await ann.page.textContent("#world-events"), sentence, "read out to screen readers");
    const words = JSON.stringify(await avatars(ann));
    assert.doesNotMatch(words, /gratification|gloating|liking|OCC/);
    // Follow from the menu, then Profile opens the overlay (the world stays).
    await clickAvatar(ben, annName);
    await ben.page.click("#avatar-menu [data-action=follow]");
    await ben.page.waitForFunction(() => document.querySelector("#avatar-menu [data-action=follow]")?.textContent === "Following ✓");
    await ben.page.click("#avatar-menu [data-action=profile]");
    await ben.page.waitForFunction((u) => location.hash === `#/u/${u}`, annUser);
    await ben.page.waitForSelector("#profile-page:not([hidden]) #follow-button");
    assert.equal(await ben.page.textContent("#follow-button"), "Unfollow", "the follow took");
    assert.equal(await ben.page.evaluate(() => window.__neospace?.status()), "connected");
    assertNoProblems();
  });

  const overflow = (w: WatchedPage) => w.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  it("[UX6] on a 390×844 phone: no sideways overflow, the panel folds, tap to walk, overlays fit", async () => {
    const phone = { viewport: PHONE, touch: true };
    const w = await open(phone);
    await shot(w, "phone-sign-up");
    assert.ok((await overflow(w)) <= 0, `the sign-up page fits: ${await overflow(w)} px too wide`);
    await w.close();
    const { w: p, username } = await person("phone", phone);
    assert.ok((await overflow(p)) <= 0, `the world fits: ${await overflow(p)} px too wide`);
    assert.equal(await p.page.getAttribute("#hud-toggle", "aria-expanded"), "false", "the panel starts folded on a phone");
    const hud = await p.page.locator("#hud").boundingBox();
    const game = await p.page.locator("#game").boundingBox();
    assert.ok(hud && game);
    assert.ok(hud.width * hud.height < 0.1 * game.width * game.height, "the folded panel leaves the map free");
    await shot(p, "phone-world");
    const start = await self(p);
    // A spot 64 px away on a straight walkable line (the spawn may sit beside the pool).
    const plaza = loadMaps().get("plaza");
    assert.ok(plaza);
    const aim = [
      { x: start.x, y: start.y + 64 },
      { x: start.x, y: start.y - 64 },
      { x: start.x + 64, y: start.y },
      { x: start.x - 64, y: start.y },
    ].find((t) => lineIsClear(plaza, start, t));
    assert.ok(aim, "some direction is open");
    const to = await p.page.evaluate(([x, y]) => window.__neospace?.clientPointOf(x, y) ?? null, [aim.x, aim.y] as const);
    assert.ok(to);
    await p.page.touchscreen.tap(to.x, to.y);
    await waitFor("a tap to walk", () => self(p), (a) => Math.hypot(a.x - aim.x, a.y - aim.y) < 3);
    await p.page.tap("#hud-toggle");
    assert.equal(await p.page.getAttribute("#hud-toggle", "aria-expanded"), "true");
    const buttons = await p.page.$$eval("#emote-bar button", (bs) => bs.map((b) => b.getBoundingClientRect().height));
    assert.ok(Math.min(...buttons) >= 44, `emote buttons are thumb-sized: ${buttons.join(", ")}`);
    assert.ok((await overflow(p)) <= 0);
    await shot(p, "phone-panel");
    await p.page.tap("#hud-toggle");
    await p.page.evaluate((u) => {
      location.hash = `#/u/${u}`;
    }, username);
    await p.page.waitForSelector("#profile-page:not([hidden]) #profile-editor");
    assert.ok((await overflow(p)) <= 0, "the profile overlay fits");
    await shot(p, "phone-profile");
    await p.page.tap("[data-action=close-overlay]");
    await p.page.waitForFunction(() => location.hash.startsWith("#/world"));
    assert.equal(await p.page.evaluate(() => window.__neospace?.status()), "connected");
    assertNoProblems();
  });

  it("[UX8] a click beyond the pool walks around it (the server's path) and the own page follows without fighting it", async () => {
    const { w } = await person("path");
    const me = await self(w);
    // Plaza pool: columns 13–16, rows 8–11. Go west of it first, then click east of it, on
    // path tiles where nobody else stands: a click on someone (earlier tests leave ghosts
    // about) opens their menu instead of walking.
    const westTile = await freeTile(w, [[10, 9], [9, 10], [11, 10], [8, 9], [10, 10], [6, 9]]);
    const westAt = { x: westTile[0] * 32 + 16, y: westTile[1] * 32 + 16 };
    const west = await w.page.evaluate(([x, y]) => window.__neospace?.clientPointOf(x, y) ?? null, [westAt.x, westAt.y] as const);
    assert.ok(west && me);
    await w.page.mouse.click(west.x, west.y);
    await waitFor("to stand west of the pool", () => self(w), (a) => Math.hypot(a.x - westAt.x, a.y - westAt.y) < 2, 15_000);
    const eastTile = await freeTile(w, [[19, 10], [18, 9], [20, 9], [21, 10], [19, 9]]);
    const eastAt = { x: eastTile[0] * 32 + 16, y: eastTile[1] * 32 + 16 };
    const east = await w.page.evaluate(([x, y]) => window.__neospace?.clientPointOf(x, y) ?? null, [eastAt.x, eastAt.y] as const);
    assert.ok(east);
    await w.page.mouse.click(east.x, east.y);
    const seen: Drawn[] = [];
    await waitFor(
      "to arrive east of the pool",
      async () => {
        const a = await self(w);
        seen.push(a);
        return a;
      },
      (a) => Math.hypot(a.x - eastAt.x, a.y - eastAt.y) < 2,
      15_000,
    );
    const inPool = seen.filter((a) => a.x >= 13 * 32 && a.x < 17 * 32 && a.y >= 8 * 32 && a.y < 12 * 32);
    assert.deepEqual(inPool, [], `the own avatar is never drawn in the water: ${JSON.stringify(seen.map((a) => [a.x, a.y]))}`);
    await shot(w, "path-around-pool");
    assertNoProblems();
  });

  /** The first tile (column, row) whose centre is clear of every other avatar's figure and name tag. */
  async function freeTile(w: WatchedPage, tiles: [number, number][]): Promise<[number, number]> {
    const others = (await avatars(w)).filter((a) => !a.self);
    // An avatar's figure and tag reach about 90 px above its feet and 40 px to each side.
    const covers = (o: Drawn, x: number, y: number) => Math.abs(o.x - x) < 48 && y > o.y - 100 && y < o.y + 16;
    const free = tiles.find(([c, r]) => !others.some((o) => covers(o, c * 32 + 16, r * 32 + 16)));
    assert.ok(free, `every candidate tile is covered by someone: ${JSON.stringify(others.map((o) => [o.name, o.x, o.y]))}`);
    return free;
  }

  const peopleNames = (w: WatchedPage) => w.page.$$eval("#people-list li", (lis) => lis.map((li) => li.textContent ?? ""));

  it("[UX12] a closed tab shows as a faded 'reconnecting' ghost; arrivals do not stack; a space switch lists only the new room; a reload comes back to it", async () => {
    const { w: ann, name: annName } = await person("ann");
    const { w: ben, name: benName } = await person("ben");
    const { w: cy, name: cyName } = await person("cy");
    const list = await waitFor("ann to see all three", () => avatars(ann), (l) => [annName, benName, cyName].every((n) => l.some((a) => a.name === n)));
    for (const a of list) for (const b of list) if (a !== b) assert.ok(Math.hypot(a.x - b.x, a.y - b.y) >= 28, `${a.name} and ${b.name} stand apart`);
    await ben.close(); // the tab closes: its socket drops without a goodbye
    await waitFor("ann to see ben as reconnecting", () => avatars(ann), (l) => l.find((a) => a.name === benName)?.reconnecting === true, 10_000);
    await ann.page.bringToFront();
    await ann.page.waitForFunction(
      (n) => [...document.querySelectorAll("#people-list li")].some((li) => li.textContent?.includes(n) && li.textContent.includes("reconnecting")),
      benName,
    );
    await shot(ann, "ghost");
    // Switching spaces: the list never mixes rooms or shows you twice.
    await ann.page.selectOption("#map-select", "garden");
    const seen: string[][] = [];
    await waitFor(
      "the garden's list",
      async () => {
        const names = await peopleNames(ann);
        seen.push(names);
        return names;
      },
      (names) => names.length === 1 && names[0]?.includes("(you)") === true,
      15_000,
    );
    for (const names of seen) {
      assert.ok(!names.some((n) => n.includes(cyName) || n.includes(benName)), `only the new room: ${JSON.stringify(names)}`);
      assert.ok(names.filter((n) => n.includes(annName)).length <= 1, "never twice");
    }
    assert.equal(await ann.page.evaluate(() => location.hash), "#/world/garden");
    await ann.page.reload();
    await ann.page.waitForFunction(() => window.__neospace?.status() === "connected", null, { timeout: 15_000 });
    // The status line is written just after the status flips to connected: wait for its words.
    await waitFor("a reload comes back to the garden", async () => (await ann.page.textContent("#connection-status")) ?? "", (t) => /The Garden/.test(t));
    await ann.page.evaluate(() => {
      location.hash = "#/world";
    });
    assert.equal(await ann.page.inputValue("#map-select"), "garden", "#/world remembers the last space too");
    assert.ok(cy);
    assertNoProblems();
  });

  const AXE = readFileSync(path.resolve(import.meta.dirname, "../../node_modules/axe-core/axe.min.js"), "utf8");

  /** Serious or critical axe-core violations on the page now (axe runs through the devtools protocol: the page's CSP does not apply). */
  async function axeViolations(w: WatchedPage): Promise<string[]> {
    await w.page.evaluate(AXE);
    const found = await w.page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(o: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
      const result = await axe.run({ resultTypes: ["violations"] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, where: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) }));
    });
    return found.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.impact} ${v.id}: ${v.where.join(", ")}`);
  }

  it("[UX15] landing, world, profile and feed: no serious or critical axe violations; Tab reaches the world; sliders say their values", async () => {
    const w = await open();
    assert.match((await w.page.textContent("#about")) ?? "", /NeoSpace is a small shared world/);
    assert.equal(await w.page.isVisible("#password-rules"), true, "the password rules show before a mistake");
    assert.deepEqual(await axeViolations(w), [], "landing");
    await w.close();
    const { w: p, username } = await person("access");
    assert.deepEqual(await axeViolations(p), [], "world");
    // Tab: the skip link comes first and leads to the map, which then walks with the keys.
    await p.page.reload(); // a fresh page: Tab starts from the top
    await p.page.waitForFunction(() => window.__neospace?.status() === "connected", null, { timeout: 15_000 });
    await p.page.keyboard.press("Tab");
    assert.equal(await activeId(p), "skip-link");
    await p.page.keyboard.press("Enter");
    assert.equal(await activeId(p), "game");
    await walkWith(p, "ArrowDown");
    await p.page.click("#hud-toggle");
    if ((await p.page.getAttribute("#hud-toggle", "aria-expanded")) === "false") await p.page.click("#hud-toggle");
    await p.page.focus("#trait-extraversion");
    for (let i = 0; i < 5; i++) await p.page.keyboard.press("ArrowRight");
    assert.equal(await p.page.getAttribute("#trait-extraversion", "aria-valuetext"), "0.5: fairly outgoing");
    assert.equal(await p.page.textContent(".trait output[for=trait-extraversion]"), "+0.5");
    const contrast = await p.page.evaluate(() => {
      const li = document.createElement("li");
      li.dataset.idle = "true";
      li.textContent = "someone · idle";
      document.getElementById("people-list")?.append(li);
      const style = getComputedStyle(li);
      return { opacity: style.opacity, color: style.color };
    });
    assert.equal(contrast.opacity, "1", "idle rows are not faded (axe checks the colour)");
    assert.deepEqual(await axeViolations(p), [], "world with an idle row and the panel open");
    await shot(p, "a11y-world");
    await p.page.evaluate((u) => {
      location.hash = `#/u/${u}`;
    }, username);
    await p.page.waitForSelector("#profile-page:not([hidden]) #profile-editor");
    assert.deepEqual(await axeViolations(p), [], "profile");
    await p.page.evaluate(() => {
      location.hash = "#/feed/everyone";
    });
    await p.page.waitForSelector("#feed-page:not([hidden]) #feed-list");
    assert.deepEqual(await axeViolations(p), [], "feed");
    assertNoProblems();
  });

  it("[UX16] the personality sliders come back where they were left, after a reload (defect 5: they reset to 0 on every visit)", async () => {
    const { w } = await person("traits");
    if ((await w.page.getAttribute("#hud-toggle", "aria-expanded")) === "false") await w.page.click("#hud-toggle");
    assert.equal(await w.page.inputValue("#trait-neuroticism"), "0", "a new account starts at the average");
    await w.page.focus("#trait-neuroticism");
    for (let i = 0; i < 3; i++) await w.page.keyboard.press("ArrowLeft");
    assert.equal(await w.page.textContent(".trait output[for=trait-neuroticism]"), "-0.3");
    // No reply confirms the save and the slider sends 300 ms after the last key: a reload
    // sooner would drop the send. Then reload (a few times at most: each is a join, and joins
    // have a budget) until the stored value shows.
    await w.page.waitForTimeout(1_000);
    const afterReload = async () => {
      await w.page.reload();
      await w.page.waitForFunction(() => window.__neospace?.status() === "connected", null, { timeout: 15_000 });
      // The stored traits come in their own message just after the join.
      await w.page.waitForFunction(() => (document.querySelector<HTMLInputElement>("#trait-neuroticism")?.value ?? "") === "-0.3", null, { timeout: 3_000 }).catch(() => undefined);
      return { value: await w.page.inputValue("#trait-neuroticism"), shown: await w.page.textContent(".trait output[for=trait-neuroticism]") };
    };
    await waitFor("the stored trait after a reload", afterReload, (t) => t.value === "-0.3" && t.shown === "-0.3", 20_000, 3_000);
    assert.match((await w.page.getAttribute("#trait-neuroticism", "aria-valuetext")) ?? "", /^-0\.3/);
    assertNoProblems();
  });

  it("[UX13] each map has its own look (stone, grass, boards) and the side panel and chat line leave every edge of the plaza visible", async () => {
    const { w } = await person("maps");
    await w.page.bringToFront();
    const game = (await w.page.locator("#game").boundingBox())!;
    const corner = async (x: number, y: number) => w.page.evaluate(([a, b]) => window.__neospace?.clientPointOf(a, b) ?? null, [x, y] as const);
    const hud = (await w.page.locator("#hud").boundingBox())!;
    const chat = (await w.page.locator("#chat-form").boundingBox())!;
    await waitFor("the camera to settle with the panels in mind", () => corner(30 * 32, 20 * 32), (p) => p !== null && p.x <= hud.x && p.y <= chat.y);
    const topLeft = (await corner(0, 0))!;
    assert.ok(topLeft.x >= game.x && topLeft.y >= game.y, "the top-left edge is on screen");
    const floorColour: Record<string, [number, number, number]> = {};
    for (const map of ["plaza", "garden", "room"]) {
      if (map !== "plaza") {
        await w.page.selectOption("#map-select", map);
        await w.page.waitForFunction((m) => location.hash === `#/world/${m}` && window.__neospace?.status() === "connected", map);
        await waitFor("own avatar", () => avatars(w), (l) => l.some((a) => a.self));
      }
      // The floor around the own avatar (the most common colour of a wide patch is the floor's).
      const me = await self(w);
      await w.page.waitForTimeout(800); // the camera eases toward the new map; nothing to await
      const at = await corner(me.x, me.y);
      const png = await w.page.screenshot({ path: path.join(ARTIFACTS, `ux-map-${map}.png`) });
      const stats = await e2e.browser.regionStats(png, { x: Math.round(at!.x - 100), y: Math.round(at!.y + 30), width: 200, height: 80 });
      floorColour[map] = stats.dominant;
    }
    const [plaza, garden, room] = [floorColour.plaza!, floorColour.garden!, floorColour.room!];
    const apart = (a: number[], b: number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
    assert.ok(apart(plaza, garden) > 40 && apart(garden, room) > 40 && apart(plaza, room) > 30, JSON.stringify(floorColour));
    assert.ok(garden[1] > garden[0] && garden[1] > garden[2], `the garden is green: ${garden}`);
    assertNoProblems();
  });
});
