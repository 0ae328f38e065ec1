import assert from "node:assert/strict";
import path from "node:path";
import { type WatchedPage, waitFor } from "../helpers/browser.ts";
import { ARTIFACTS, e2eSuite, type OpenOptions } from "../helpers/e2e.ts";

/**
 * The bell and the Online menu in real Chromium: bob writes on ada's wall and ada's bell
 * shows 1 while she stays in the world (no reload, no navigation); opening it lists the
 * post and marks it read. Bob follows ada and sees her in a space with a Join link.
 * Screenshots on a desktop and a 390×844 phone viewport.
 */

describe("notifications and who is online in Chromium (e2e)", function () {
  this.timeout(120_000);
  const e2e = e2eSuite();

  const person = (prefix: string, options: OpenOptions = {}) => e2e.signUp(prefix, { address: false, viewport: { width: 1000, height: 720 }, ...options });

  /** A write as the page's signed-in user, through the same API the client uses. */
  const asUser = (w: WatchedPage, method: string, url: string, body?: unknown) =>
    w.page.evaluate(
      async ([m, u, b]) => {
        const me = await (await fetch("/api/auth/session")).json();
        const headers: Record<string, string> = { "x-csrf-token": me.csrfToken };
        if (b !== undefined) headers["content-type"] = "application/json";
        return (await fetch(u as string, { method: m as string, headers, ...(b !== undefined ? { body: JSON.stringify(b) } : {}) })).status;
      },
      [method, url, body] as const,
    );
  const badge = (w: WatchedPage) => w.page.$eval("#notifications-count", (e) => ((e as HTMLElement).hidden ? "" : (e.textContent ?? "")));

  it("[NE1] bob posts on ada's wall: ada's bell shows 1 live in the world; opening it lists the post and marks it read", async () => {
    const { w: ada, name: adaName } = await person("ada");
    const { w: bob } = await person("bob");
    await ada.page.waitForSelector("#notifications-button");
    assert.equal(await badge(ada), "", "nothing unread at first");
    const url = ada.page.url();

    assert.equal(await asUser(bob, "POST", `/api/walls/${adaName}/posts`, { text: "hello ada, from bob" }), 201);
    await waitFor("ada's bell to show 1", () => badge(ada), (t) => t === "1", 10_000);
    assert.equal(ada.page.url(), url, "no navigation, no reload");
    assert.equal(await ada.page.evaluate(() => window.__neospace?.status()), "connected", "still in the world");
    await ada.page.screenshot({ path: path.join(ARTIFACTS, "notifications-bell.png") });

    await ada.page.click("#notifications-button");
    await ada.page.waitForSelector("#notifications-menu .live-note");
    const text = (await ada.page.textContent("#notifications-menu")) ?? "";
    assert.match(text, /wrote on your wall/);
    assert.match(text, /hello ada, from bob/);
    await waitFor("the badge to clear", () => badge(ada), (t) => t === "", 10_000);
    const unread = await ada.page.evaluate(async () => (await (await fetch("/api/me/notifications/unread")).json()).unread);
    assert.equal(unread, 0, "opening the list marked it read on the server");
    await ada.page.screenshot({ path: path.join(ARTIFACTS, "notifications-open.png") });
    const href = await ada.page.getAttribute("#notifications-menu .live-note a", "href");
    assert.equal(href, `#/u/${adaName}`, "the notification leads to the wall it happened on");

    // Bob follows ada: his Online menu shows her in her space with a Join link.
    assert.equal(await asUser(bob, "POST", `/api/profiles/${adaName}/follow`), 204);
    await bob.page.click("#online-button");
    await bob.page.waitForSelector("#online-menu .live-row");
    await waitFor("bob to see ada online", async () => (await bob.page.textContent("#online-menu")) ?? "", (t) => t.includes(adaName), 5_000);
    const join = await bob.page.getAttribute(`#online-menu a[aria-label^="Join"]`, "href");
    assert.match(join ?? "", /^#\/world\/plaza$/);
    assert.match((await bob.page.textContent("#online-menu")) ?? "", /The Plaza: 2 people/);
    await bob.page.screenshot({ path: path.join(ARTIFACTS, "online-menu.png") });

    // The follow reached ada live too; on a phone the bell and its list fit the screen.
    await ada.page.setViewportSize({ width: 390, height: 844 });
    await ada.page.keyboard.press("Escape");
    await waitFor("ada's bell to show the follow", () => badge(ada), (t) => t === "1", 10_000);
    await ada.page.screenshot({ path: path.join(ARTIFACTS, "notifications-bell-phone.png") });
    await ada.page.click("#notifications-button");
    await ada.page.waitForSelector("#notifications-menu .live-note");
    const box = await ada.page.locator("#notifications-menu").boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `the list fits a phone (${JSON.stringify(box)})`);
    const width = await ada.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (${width} px)`);
    await ada.page.screenshot({ path: path.join(ARTIFACTS, "notifications-open-phone.png") });

    const problems = e2e.browser.problems();
    assert.deepEqual(problems.cspViolations, []);
    assert.deepEqual(problems.pageErrors, []);
  });

  /** The top bar's height and the world canvas's top, in CSS pixels. */
  const layout = (w: WatchedPage) =>
    w.page.evaluate(() => ({
      bar: document.getElementById("topbar")?.getBoundingClientRect().height ?? -1,
      canvas: document.querySelector("#game canvas")?.getBoundingClientRect().top ?? -1,
    }));
  /**
   * Every pair of (bell or Online button, other visible top-bar item) whose boxes overlap.
   * (No named functions inside: the test runner's transform would name them with a helper the page lacks.)
   */
  const overlaps = (w: WatchedPage) =>
    w.page.evaluate(() => {
      const others = [...document.querySelectorAll("#topbar .brand, #connection-status, #error-status, #nav a, #who, #sign-out")]
        .map((e) => ({ name: e.id || (e.textContent ?? "").trim(), r: e.getBoundingClientRect() }))
        .filter((o) => o.r.width > 0 && o.r.height > 0);
      const found: string[] = [];
      for (const mine of document.querySelectorAll("#notifications-button, #online-button")) {
        const a = mine.getBoundingClientRect();
        if (a.left < 0 || a.right > innerWidth || a.top < 0) found.push(`${mine.id} is off screen`);
        for (const { name, r: b } of others) {
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) found.push(`${mine.id} over ${name}`);
        }
      }
      return found;
    });
  /** One more nav link, as the Song client adds: the bar must stay clear of it. */
  const addNavLink = (w: WatchedPage) =>
    w.page.evaluate(
      () =>
        new Promise((drawn) => {
          const songs = document.createElement("a");
          songs.href = "#/songs";
          songs.textContent = "Songs";
          document.getElementById("my-profile-link")?.before(songs);
          requestAnimationFrame(() => requestAnimationFrame(drawn));
        }),
    );

  for (const [size, options] of [
    ["desktop", { viewport: { width: 1000, height: 720 } }],
    ["phone", { viewport: { width: 390, height: 844 }, touch: true }],
  ] as const) {
    it(`[NE2] (${size}) the bell never moves the map: a notification arriving leaves the top bar's height alone, and the bar overlaps nothing`, async () => {
      const { w: kit, name: kitName } = await person("kit", options);
      const { w: lou } = await person("lou");
      await kit.page.waitForSelector("#notifications-button");
      await waitFor("kit's status line to settle", () => kit.page.textContent("#connection-status"), (t) => /you are in/.test(t ?? ""), 10_000);
      const before = await layout(kit);
      assert.deepEqual(await overlaps(kit), [], "nothing under the bell or the Online button");

      assert.equal(await asUser(lou, "POST", `/api/walls/${kitName}/posts`, { text: "hello kit" }), 201);
      await waitFor("kit's bell to show 1", () => badge(kit), (t) => t === "1", 10_000);
      assert.deepEqual(await layout(kit), before, "the badge appearing moved neither the top bar nor the canvas");
      assert.deepEqual(await overlaps(kit), [], "nothing under the bar with the badge shown");

      await addNavLink(kit);
      assert.deepEqual(await overlaps(kit), [], "one more nav link wraps clear of the bar");
      await kit.page.screenshot({ path: path.join(ARTIFACTS, `notifications-bar-${size}.png`) });
    });
  }
});
