import assert from "node:assert/strict";
import path from "node:path";
import type { MinimapSnapshot } from "../../client/src/ui/minimap.ts";
import type { DrawnAvatar } from "../../client/src/test-hook.ts";
import { loadMaps } from "../../server/map-files.ts";
import { type WatchedPage, waitFor } from "../helpers/browser.ts";
import { ARTIFACTS, DESKTOP, e2eSuite, PHONE, type SignUpOptions } from "../helpers/e2e.ts";

/**
 * Issue 12 feature 7, richer maps, in real Chromium: furniture and the minimap, a notice
 * board showing the newest feed item a real account posted (inert text), and a bench two
 * people see someone sit on. Screenshots at 1280×800 and 390×844 go to tests/artifacts.
 */
describe("issue 12 feature 7: richer maps in Chromium (e2e)", function () {
  this.timeout(120_000);
  const e2e = e2eSuite();
  const plaza = loadMaps().get("plaza") as NonNullable<ReturnType<ReturnType<typeof loadMaps>["get"]>>;
  const tile = (col: number, row: number) => ({ x: (col + 0.5) * plaza.tileSize, y: (row + 0.5) * plaza.tileSize });
  const board = plaza.objects.find((o) => o.kind === "board");
  const bench = plaza.objects.find((o) => o.id === "bench-nw");
  assert.ok(board && bench);

  const person = (prefix: string, options: SignUpOptions = {}) =>
    e2e.signUp(prefix, { viewport: DESKTOP, displayName: `${prefix.charAt(0).toUpperCase()}${prefix.slice(1)}`, ...options });
  const avatars = (w: WatchedPage): Promise<DrawnAvatar[]> => w.page.evaluate(() => (window.__neospace?.avatars() ?? []) as never);
  const self = async (w: WatchedPage) => (await avatars(w)).find((a) => a.self) as DrawnAvatar;
  const minimap = (w: WatchedPage): Promise<MinimapSnapshot | null> => w.page.evaluate(() => window.__neospace?.minimap() ?? null);
  const shot = (w: WatchedPage, name: string) => w.page.screenshot({ path: path.join(ARTIFACTS, `maps-${name}.png`) });
  /** Clicks the world point (x, y) where the page draws it. */
  async function clickWorld(w: WatchedPage, at: { x: number; y: number }): Promise<void> {
    // A page in the background gets no animation frames, and Phaser reads input in its frame.
    await w.page.bringToFront();
    // The camera eases when panels appear (after a join): click once it has come to rest.
    const where = () => w.page.evaluate(([x, y]) => window.__neospace?.clientPointOf(x, y) ?? null, [at.x, at.y] as const);
    let last = await where();
    const p = await waitFor("the camera to rest", async () => {
      await w.page.waitForTimeout(120);
      const now = await where();
      const still = now !== null && last !== null && Math.hypot(now.x - last.x, now.y - last.y) < 1.5;
      last = now;
      return still ? now : null;
    }, (v) => v !== null, 20_000);
    assert.ok(p, "the point is drawn");
    await w.page.mouse.click(p.x, p.y);
  }
  /** A bench seat drawn on the canvas clear of the page's panels (a phone shows only part of the plaza). */
  async function clearSeat(w: WatchedPage): Promise<{ bench: string; index: number; at: { x: number; y: number } }> {
    const boxes = await w.page.evaluate(() =>
      ["minimap", "hud", "chat-panel", "notice-board"].flatMap((id) => {
        const e = document.getElementById(id);
        if (!e || e.hidden) return [];
        const r = e.getBoundingClientRect();
        return [{ left: r.left - 8, top: r.top - 8, right: r.right + 8, bottom: r.bottom + 8 }];
      }),
    );
    const game = (await w.page.locator("#game").boundingBox())!;
    for (const b of plaza.objects.filter((o) => o.kind === "bench")) {
      for (let index = 0; index < b.width; index++) {
        const at = tile(b.x + index, b.y);
        const p = await w.page.evaluate(([x, y]) => window.__neospace?.clientPointOf(x, y) ?? null, [at.x, at.y] as const);
        if (!p || p.x < game.x + 8 || p.y < game.y + 8 || p.x > game.x + game.width - 8 || p.y > game.y + game.height - 8) continue;
        if (boxes.some((r) => p.x >= r.left && p.x <= r.right && p.y >= r.top && p.y <= r.bottom)) continue;
        return { bench: b.id, index, at };
      }
    }
    await shot(w, "failed-seat");
    throw new Error(`no bench seat is drawn clear of the panels: ${JSON.stringify({ game, boxes })}`);
  }
  /** Walks to a world point and waits until the avatar stands there. */
  async function walkTo(w: WatchedPage, at: { x: number; y: number }): Promise<void> {
    await clickWorld(w, at);
    await waitFor(`the walk to ${at.x},${at.y}`, () => self(w), (a) => a !== undefined && Math.hypot(a.x - at.x, a.y - at.y) < 3, 15_000).catch(async (e) => {
      await shot(w, "failed-walk");
      throw e;
    });
  }
  /** Posts on one's own wall through the page's session (CSRF like the app). */
  const postOnOwnWall = (w: WatchedPage, username: string, text: string) =>
    w.page.evaluate(
      async ([u, t]) => {
        const me = await (await fetch("/api/auth/session")).json();
        const res = await fetch(`/api/walls/${u}/posts`, {
          method: "POST",
          headers: { "x-csrf-token": me.csrfToken, "content-type": "application/json" },
          body: JSON.stringify({ text: t }),
        });
        return res.status;
      },
      [username, text] as const,
    );
  function assertNoProblems(): void {
    e2e.pages.forEach((w, i) => {
      assert.deepEqual(w.problems.cspViolations, [], `page ${i + 1}: no CSP violations`);
      assert.deepEqual(w.problems.pageErrors, [], `page ${i + 1}: no uncaught page errors`);
      assert.deepEqual(w.problems.consoleErrors, [], `page ${i + 1}: no console errors\n${w.console.join("\n")}`);
    });
  }

  it("[MP1] the minimap shows the map, one's own ringed dot and the others this page knows of; a click on it walks there; it folds", async () => {
    const ann = await person("mapann");
    const ben = await person("mapben");
    await waitFor("ann's minimap to show two people", () => minimap(ann.w), (m) => m?.shown === true && m.dots.length === 2);
    const map = (await minimap(ann.w))!;
    const me = await self(ann.w);
    const own = map.dots.find((d) => d.self)!;
    assert.ok(Math.hypot(own.x - me.x, own.y - me.y) < 40, "the own dot is where the avatar is");
    assert.ok(map.width >= 96 && map.width <= 170 && map.height <= 100, `a small corner map: ${map.width}×${map.height}`);
    const box = (await ann.w.page.locator("#minimap-canvas").boundingBox())!;
    const chat = (await ann.w.page.locator("#chat-panel").boundingBox())!;
    const hud = (await ann.w.page.locator("#hud").boundingBox())!;
    const apart = (a: typeof box, b: typeof box) => a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
    assert.ok(apart(box, chat) && apart(box, hud), "it covers neither the chat nor the side panel");
    // The drawing holds the map's colours, not a blank box.
    const png = await ann.w.page.screenshot();
    const stats = await e2e.browser.regionStats(png, { x: Math.round(box.x + 4), y: Math.round(box.y + 4), width: Math.round(box.width - 8), height: Math.round(box.height - 8) });
    assert.ok(stats.distinctColors >= 5, `the map is drawn: ${stats.distinctColors} colours`);
    await shot(ann.w, "minimap-desktop");
    // A click on the minimap walks there: to the far side of the plaza from where one stands.
    await ann.w.page.bringToFront();
    const before = await self(ann.w);
    // Tiles with nothing blocking around them: a click a few pixels off still lands on floor
    // (the corners (3, 2) and (26, 17) sit beside trees, and a click on a tree walks beside it).
    const goal = tile(before.x > plaza.width / 2 ? 5 : 24, before.y > plaza.height / 2 ? 2 : 17);
    await ann.w.page.mouse.click(box.x + 2 + (goal.x / plaza.width) * (box.width - 4), box.y + 2 + (goal.y / plaza.height) * (box.height - 4));
    // Within two minimap pixels (about 7 world px each): a drawing squeezed inside its border once put it most of a tile off.
    await waitFor("the avatar to walk to the spot clicked on the minimap", () => self(ann.w), (a) => Math.hypot(a.x - goal.x, a.y - goal.y) < 14, 20_000);
    await ann.w.page.click("#minimap-toggle");
    assert.equal((await minimap(ann.w))?.shown, false, "folded");
    assert.equal(await ann.w.page.getAttribute("#minimap-toggle", "aria-expanded"), "false");
    await ann.w.page.click("#minimap-toggle");
    assert.equal((await minimap(ann.w))?.shown, true, "unfolded");
    await ben.w.page.bringToFront();
    assertNoProblems();
  });

  it("[MP2] the notice board shows the newest feed item a real account posted, as inert text, when one walks up to it or clicks it, and follows the feed while open", async () => {
    const poster = await person("poster");
    const hostile = `Picnic at noon! <img src=x onerror="window.__pwned=1"> <b>bring</b> ${"lemonade ".repeat(30)}`;
    assert.equal(await postOnOwnWall(poster.w, poster.username, hostile), 201);
    const reader = await person("reader");
    const spot = tile(board.x, board.y + 1);
    await walkTo(reader.w, spot);
    await reader.w.page.waitForSelector("#notice-board:not([hidden]) .notice-card", { timeout: 10_000 });
    const text = (await reader.w.page.textContent("#notice-board")) ?? "";
    assert.match(text, /Plaza notice board/);
    assert.match(text, /Newest in the feed/);
    assert.match(text, /Poster wrote on their wall/);
    assert.match(text, /Picnic at noon! <img src=x onerror="window.__pwned=1"> <b>bring<\/b>/, "markup shows as text");
    assert.ok(text.includes("…"), "a long post is cut short");
    assert.equal(await reader.w.page.locator("#notice-board img, #notice-board b").count(), 0, "no element came from the post");
    assert.equal(await reader.w.page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    await shot(reader.w, "board-desktop");
    // Walking away (keys: the panel covers part of the map) closes a board opened by walking up; a click on it opens it from afar.
    await reader.w.page.keyboard.down("ArrowDown");
    try {
      await reader.w.page.waitForSelector("#notice-board", { state: "hidden", timeout: 10_000 });
    } finally {
      await reader.w.page.keyboard.up("ArrowDown");
    }
    await clickWorld(reader.w, tile(board.x, board.y));
    await reader.w.page.waitForSelector("#notice-board:not([hidden]) .notice-card");
    // Live: a post made while the board is open replaces what it shows, without reopening it.
    assert.equal(await postOnOwnWall(poster.w, poster.username, "Picnic moved to one o'clock"), 201);
    await waitFor("the open board to show the newer post", () => reader.w.page.textContent("#notice-board .notice-text"), (t) => t === "Picnic moved to one o'clock", 10_000);
    await reader.w.page.click(".notice-close");
    await reader.w.page.waitForSelector("#notice-board", { state: "hidden" });
    assert.equal(await reader.w.page.evaluate(() => document.activeElement?.id), "game", "the keys go back to the map");
    assertNoProblems();
  });

  it("[MP3] a click on a bench walks up to it and sits; a second person sees the seated avatar; a key stands it up", async () => {
    const sitter = await person("sitter");
    const friend = await person("friend");
    const seat = tile(bench.x + 1, bench.y);
    await clickWorld(sitter.w, seat);
    await waitFor("the sitter to sit (its own view)", () => self(sitter.w), (a) => a.seat === "bench-nw:1", 20_000);
    const seen = await waitFor(
      "the friend to see the sitter seated",
      async () => (await avatars(friend.w)).find((a) => a.name === "Sitter"),
      (a) => a?.seat === "bench-nw:1" && Math.hypot(a.x - seat.x, a.y - seat.y) < 2,
      10_000,
    );
    assert.ok(seen);
    // The friend walks over to look (and be in the picture).
    await walkTo(friend.w, tile(bench.x + 3, bench.y + 1));
    await shot(friend.w, "bench-seen-by-friend");
    await sitter.w.page.bringToFront();
    await sitter.w.page.keyboard.down("ArrowDown");
    try {
      await waitFor("the friend to see the sitter stand", async () => (await avatars(friend.w)).find((a) => a.name === "Sitter"), (a) => a?.seat === "", 10_000);
    } finally {
      await sitter.w.page.keyboard.up("ArrowDown");
    }
    assertNoProblems();
  });

  it("[MP5] without a pointer: E beside a bench walks up and sits, Space stands up, and E with nothing in reach says so", async () => {
    // The north-east bench: [MP3] left its people (ghosts by now) around the north-west one.
    const ne = plaza.objects.find((o) => o.id === "bench-ne")!;
    const keys = await person("keys");
    await walkTo(keys.w, tile(ne.x + 1, ne.y + 2));
    await keys.w.page.keyboard.press("e");
    await waitFor("the keyboard sitter to sit", () => self(keys.w), (a) => a.seat.startsWith(`${ne.id}:`), 20_000);
    await shot(keys.w, "keyboard-sit");
    await keys.w.page.keyboard.press("Space");
    await waitFor("the keyboard sitter to stand", () => self(keys.w), (a) => a.seat === "", 10_000);
    await walkTo(keys.w, tile(2, 12)); // over three tiles from any seat, away from the spawn points
    await keys.w.page.keyboard.press("e");
    await waitFor("the page to say nothing is in reach", () => keys.w.page.textContent("#world-events"), (t) => (t ?? "").includes("Nothing to sit on"), 5_000);
    assert.equal((await self(keys.w)).seat, "", "still standing");
    assertNoProblems();
  });

  it("[MP4] on a 390×844 phone the minimap sits at the top left clear of the chat and the panel button; the board and a bench work there too", async () => {
    const poster = await person("phonepost");
    assert.equal(await postOnOwnWall(poster.w, poster.username, "Phone-sized hello from the plaza"), 201);
    const phone = await person("phone", { viewport: PHONE, touch: true });
    await waitFor("the phone's minimap", () => minimap(phone.w), (m) => m?.shown === true && m.dots.length >= 2);
    const box = (await phone.w.page.locator("#minimap").boundingBox())!;
    const chat = (await phone.w.page.locator("#chat-form").boundingBox())!;
    const toggle = (await phone.w.page.locator("#hud-toggle").boundingBox())!;
    const game = (await phone.w.page.locator("#game").boundingBox())!;
    assert.ok(box.x >= game.x && box.y >= game.y && box.x + box.width <= 390, "inside the screen");
    assert.ok(box.y + box.height < chat.y, "above the chat line");
    assert.ok(box.x + box.width < toggle.x || box.y + box.height < toggle.y, "clear of the panel button");
    await phone.w.page.bringToFront();
    await shot(phone.w, "minimap-phone");
    // The board is off screen on a phone: a tap on the minimap just below it walks there, and arriving opens it.
    const canvas = (await phone.w.page.locator("#minimap-canvas").boundingBox())!;
    const below = tile(board.x, board.y + 1);
    await phone.w.page.mouse.click(canvas.x + 2 + (below.x / plaza.width) * (canvas.width - 4), canvas.y + 2 + (below.y / plaza.height) * (canvas.height - 4));
    await phone.w.page.waitForSelector("#notice-board:not([hidden]) .notice-card", { timeout: 20_000 });
    assert.match((await phone.w.page.textContent("#notice-board")) ?? "", /Phone-sized hello from the plaza/);
    await waitFor("the phone's avatar to reach the board", () => self(phone.w), (a) => a !== undefined && Math.hypot(a.x - below.x, a.y - below.y) < 40, 15_000);
    await phone.w.page.waitForTimeout(800); // the camera eases below the board's panel; nothing to await
    const drawn = await self(phone.w);
    const shown = await phone.w.page.evaluate(([x, y]) => window.__neospace?.clientPointOf(x, y) ?? null, [drawn.x, drawn.y] as const);
    const panelBox = (await phone.w.page.locator("#notice-board").boundingBox())!;
    assert.ok(shown && shown.y > panelBox.y + panelBox.height, "the reader's avatar shows below the board's panel");
    const panel = (await phone.w.page.locator("#notice-board").boundingBox())!;
    assert.ok(panel.x >= 0 && panel.x + panel.width <= 390, "the board fits the phone's width");
    await shot(phone.w, "board-phone");
    await phone.w.page.click(".notice-close");
    await phone.w.page.waitForTimeout(600); // the camera eases back once the board's inset is gone; nothing to await
    const seat = await clearSeat(phone.w);
    await clickWorld(phone.w, seat.at);
    await waitFor("the phone's avatar to sit", () => self(phone.w), (a) => a.seat === `${seat.bench}:${seat.index}`, 20_000);
    await phone.w.page.waitForTimeout(400); // the camera eases to the seated avatar; nothing to await
    await shot(phone.w, "bench-phone");
    assertNoProblems();
  });
  it("[MP6] hopping between spaces faster than the joins answer leaves one seat: every space shows oneself at most once, and only where one landed", async () => {
    const { w, name } = await person("hop");
    const mine = async () => (await avatars(w)).filter((a) => a.name === name);
    // Each hash change starts a join before the last one answered: the abandoned joins must not keep their seats.
    // (Few enough hops for the per-person join budget.)
    for (const map of ["garden", "plaza", "room", "plaza", "garden"]) {
      await w.page.evaluate((m) => {
        location.hash = `#/world/${m}`;
      }, map);
      await w.page.waitForTimeout(120);
    }
    await w.page.waitForFunction(() => window.__neospace?.status() === "connected" && location.hash === "#/world/garden", null, { timeout: 20_000 });
    await waitFor("oneself drawn in the garden", mine, (l) => l.some((a) => a.self));
    for (const map of ["garden", "plaza", "room"]) {
      if (map !== "garden") {
        await w.page.evaluate((m) => {
          location.hash = `#/world/${m}`;
        }, map);
        await w.page.waitForFunction(() => window.__neospace?.status() !== "connected", null, { timeout: 10_000 });
        await w.page.waitForFunction(() => window.__neospace?.status() === "connected", null, { timeout: 20_000 });
        await waitFor(`oneself drawn in ${map}`, mine, (l) => l.some((a) => a.self));
      }
      await w.page.waitForTimeout(1_000); // the room's state arrives in patches: a ghost would be drawn by now
      const drawn = await mine();
      assert.equal(drawn.length, 1, `in ${map}: ${JSON.stringify(drawn.map((a) => ({ self: a.self, x: a.x, y: a.y })))}`);
    }
    assert.deepEqual(w.problems.pageErrors, []);
  });
});
