import assert from "node:assert/strict";
import path from "node:path";
import { type WatchedPage, waitFor } from "../helpers/browser.ts";
import { ARTIFACTS, e2eSuite } from "../helpers/e2e.ts";

/**
 * Walls in real Chromium: one person writes on another's wall and the owner sees it
 * appear live; the owner deletes it; a third person gets no controls and the API refuses
 * them; the feed shows posts; hostile text renders inert.
 */

describe("profiles and walls in Chromium (e2e)", function () {
  this.timeout(120_000);
  const e2e = e2eSuite();

  const person = (prefix: string) => e2e.signUp(prefix, { address: false, viewport: { width: 1000, height: 720 } });

  const wallTexts = (w: WatchedPage) => w.page.$$eval("#wall .post-text", (els) => els.map((e) => e.textContent ?? ""));

  it("[WL1] a post appears live on the owner's wall; the owner deletes it; a third person cannot", async () => {
    const { w: ann, name: annName } = await person("ann");
    const { w: ben, name: benName } = await person("ben");
    const { w: cat } = await person("cat");
    await ann.page.click("#my-profile-link");
    await ann.page.waitForSelector("#profile-page:not([hidden]) .profile-head");
    // The owner themes the page with the fixed choices the editor offers.
    await ann.page.selectOption("#profile-editor select[name=palette]", "ocean");
    await ann.page.fill("#profile-editor textarea[name=bio]", "I like walls.");
    await ann.page.click("#profile-editor button[type=submit]");
    await ann.page.waitForFunction(() => document.getElementById("profile-page")?.dataset.palette === "ocean");
    assert.match((await ann.page.textContent(".bio")) ?? "", /I like walls/);
    await ben.page.goto(`${e2e.server.baseUrl}/#/u/${annName}`);
    await ben.page.waitForSelector("#post-input");
    await ben.page.fill("#post-input", "hello ann, from ben");
    await ben.page.click("#post-form button[type=submit]");
    await waitFor("ann's wall to show ben's post live", () => wallTexts(ann), (t) => t.includes("hello ann, from ben"), 10_000);
    await ann.page.screenshot({ path: path.join(ARTIFACTS, "wall-live.png") });
    // [WL1] also covers issue 8 item 8: the handle stands beside the free-text display name.
    const handles = await ann.page.$$eval("#wall .post-head [data-handle]", (els) => els.map((e) => e.textContent ?? ""));
    assert.deepEqual(handles, [`@${benName}`], "the author's @username beside the name");

    await cat.page.goto(`${e2e.server.baseUrl}/#/u/${annName}`);
    await waitFor("cat to see the post", () => wallTexts(cat), (t) => t.includes("hello ann, from ben"));
    assert.equal(await cat.page.locator("#wall [data-action=delete]").count(), 0, "no delete button for a third person");
    assert.equal(await cat.page.locator("#wall [data-action=edit]").count(), 0, "no edit button for a third person");
    const postId = await cat.page.$eval("#wall .post", (e) => (e as HTMLElement).dataset.id ?? "");
    const refused = await cat.page.evaluate(async (id) => {
      const me = await (await fetch("/api/auth/session")).json();
      const res = await fetch(`/api/posts/${id}`, { method: "DELETE", headers: { "x-csrf-token": me.csrfToken } });
      return res.status;
    }, postId);
    assert.equal(refused, 404, "the API refuses a third person");

    const feed = await ben.page.evaluate(async () => (await (await fetch("/api/feed")).json()).items.map((i: { text: string }) => i.text));
    assert.ok(feed.includes("hello ann, from ben"), "the feed shows it");

    await ann.page.click(`#wall .post[data-id="${postId}"] [data-action=delete]`);
    // Issue 12 item 11: delete asks first, in place.
    await ann.page.click(`#wall .post[data-id="${postId}"] [data-action=confirm-delete]`);
    await waitFor("the post to vanish for ben", () => wallTexts(ben), (t) => !t.includes("hello ann, from ben"), 10_000);
  });

  it("[WL2] posts, bios and names carrying markup, event handlers, javascript: links and bidi tricks render inert", async () => {
    const { w: dee, name: deeName } = await person("dee");
    const { w: eve } = await person("eve");
    let dialogs = 0;
    for (const w of [dee, eve]) w.page.on("dialog", (d) => void d.dismiss().then(() => dialogs++));
    await dee.page.evaluate(async () => {
      const me = await (await fetch("/api/auth/session")).json();
      await fetch("/api/me/profile", {
        method: "PATCH",
        headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
        body: JSON.stringify({ bio: '<script>alert("bio")</script><img src=x onerror=alert(1)>', displayName: "<b onclick=x()>dee</b>" }),
      });
    });
    const hostile = 'look <img src=x onerror="alert(3)"> javascript:alert(4) \u202Eevil.exe https://example.org/ok';
    await eve.page.goto(`${e2e.server.baseUrl}/#/u/${deeName}`);
    await eve.page.waitForSelector("#post-input");
    await eve.page.fill("#post-input", hostile);
    await eve.page.click("#post-form button[type=submit]");
    await waitFor("eve's post to show", () => wallTexts(eve), (t) => t.some((x) => x.includes("look")));
    await eve.page.reload();
    await eve.page.waitForSelector("#wall .post");
    await eve.page.screenshot({ path: path.join(ARTIFACTS, "wall-xss.png") });
    assert.equal(await eve.page.locator("#profile-page img, #profile-page script, #profile-page b").count(), 0, "no markup became elements");
    const text = (await eve.page.textContent("#profile-page")) ?? "";
    assert.ok(text.includes('<script>alert("bio")</script>') && text.includes("<b onclick=x()>dee</b>"), "shown as text");
    assert.ok(!text.includes("\u202E"), "bidi override stripped");
    const links = await eve.page.$$eval("#wall .post-text a", (as) => as.map((a) => (a as HTMLAnchorElement).href));
    assert.deepEqual(links, ["https://example.org/ok"], "only http(s) URLs become links; javascript: stays text");
    assert.equal(dialogs, 0, "nothing ran");
    const problems = e2e.browser.problems();
    assert.deepEqual(problems.cspViolations, []);
    assert.deepEqual(problems.pageErrors, []);
  });

  // Issue 12 item 1: a click on an avatar opens its menu; "Profile" there opens the profile as an overlay.
  it("[WL3] clicking an avatar in the world opens its menu, and Profile opens that person's profile", async () => {
    const { w: fay, name: fayName } = await person("fay");
    const { w: gus } = await person("gus");
    const spot = await waitFor(
      "gus to draw fay",
      () => gus.page.evaluate((n) => window.__neospace?.avatars().find((a) => a.name === n) ?? null, fayName),
      (a) => a !== null,
    );
    await gus.page.bringToFront();
    const at = await gus.page.evaluate(([x, y]) => window.__neospace?.clientPointOf(x, y - 16) ?? null, [spot!.x, spot!.y] as const);
    assert.ok(at);
    await gus.page.mouse.click(at.x, at.y);
    await gus.page.waitForSelector("#avatar-menu:not([hidden])");
    assert.equal(await gus.page.textContent("#avatar-menu-title"), fayName, "the menu is aimed at the avatar clicked");
    await gus.page.click("#avatar-menu:not([hidden]) [data-action=profile]");
    await gus.page.waitForFunction((n) => location.hash === `#/u/${n}`, fayName, { timeout: 10_000 });
    await gus.page.waitForSelector("#profile-page:not([hidden]) .profile-head");
    assert.ok(((await gus.page.textContent(".profile-head")) ?? "").includes(fayName));
    assert.ok(fay);
  });

  // What broke WL3 once: the top bar changed height after Phaser had measured the canvas,
  // and clicks went to where the canvas used to be. No window resize happens in either case.
  it("[WL4] a click on an avatar still lands after the world's canvas resizes or moves under it", async () => {
    const { name: hanName } = await person("han");
    const { w: ivy } = await person("ivy");
    await waitFor(
      "ivy to draw han",
      () => ivy.page.evaluate((n) => window.__neospace?.avatars().some((a) => a.name === n) ?? false, hanName),
      (seen) => seen,
    );
    await ivy.page.bringToFront();
    const clickHan = async (why: string) => {
      // Where han is drawn once a frame has been drawn at the new size (the camera re-centres in it).
      await ivy.page.evaluate(() => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn))));
      const at = await ivy.page.evaluate((n) => {
        const a = window.__neospace?.avatars().find((v) => v.name === n);
        return a ? (window.__neospace?.clientPointOf(a.x, a.y - 16) ?? null) : null;
      }, hanName);
      assert.ok(at, why);
      await ivy.page.mouse.click(at.x, at.y);
      await ivy.page.waitForSelector("#avatar-menu:not([hidden]) [data-action=profile]", { timeout: 5_000 });
      await ivy.page.waitForFunction(() => document.activeElement?.closest("#avatar-menu") != null);
      await ivy.page.keyboard.press("Escape");
      await ivy.page.waitForSelector("#avatar-menu", { state: "hidden" });
    };
    // The top bar grows by 60 px (as when it wraps onto another row): the canvas shrinks and moves down.
    await ivy.page.evaluate(() => {
      const tall = document.createElement("div");
      tall.style.cssText = "flex-basis: 100%; height: 60px";
      document.getElementById("topbar")?.append(tall);
    });
    await clickHan("han is drawn after the top bar grew");
    // The canvas's parent moves 40 px down without changing size: Phaser's own checks never see that.
    await ivy.page.evaluate(() => {
      const stage = document.querySelector<HTMLElement>(".stage");
      if (stage) stage.style.overflow = "hidden";
      const game = document.getElementById("game");
      if (game) game.style.cssText = "top: 40px; bottom: -40px";
    });
    await clickHan("han is drawn after the canvas moved");
    await ivy.page.screenshot({ path: path.join(ARTIFACTS, "world-moved-canvas.png") });
  });
});
