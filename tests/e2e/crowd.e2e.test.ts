import assert from "node:assert/strict";
import path from "node:path";
import type { DrawnAvatar } from "../../client/src/test-hook.ts";
import { register, uniqueName } from "../helpers/accounts.ts";
import { type WatchedPage, waitFor } from "../helpers/browser.ts";
import { ARTIFACTS, e2eSuite } from "../helpers/e2e.ts";
import { type AnyRoom, joinSpace, leaveQuietly, untilState } from "../helpers/sdk.ts";
import { ROOT } from "../helpers/server.ts";

/**
 * Issue 13, interest management in real Chromium: on "field" (a 1536×320 px floor, spawn
 * at the west end; tests/fixtures/maps) with SPACE_VIEW_RADIUS=160, a person in the
 * browser stays at the spawn while another (an SDK client) walks: far away it is not drawn
 * but is listed as "farther off"; walking near, it is drawn on the canvas; walking away, it
 * is no longer drawn and stays in the list. Screenshots go to tests/artifacts (crowd-*.png).
 */
describe("issue 13: avatars come and go with the view in Chromium (e2e)", function () {
  this.timeout(150_000);
  const e2e = e2eSuite({ env: { SPACE_VIEW_RADIUS: "160", EXTRA_MAPS_DIR: path.join(ROOT, "tests/fixtures/maps") } });
  const rooms: AnyRoom[] = [];
  afterEach(async () => {
    await Promise.all(rooms.splice(0).map(leaveQuietly));
  });

  const avatars = (w: WatchedPage): Promise<DrawnAvatar[]> => w.page.evaluate(() => (window.__neospace?.avatars() ?? []) as never);
  const shot = (w: WatchedPage, name: string) => w.page.screenshot({ path: path.join(ARTIFACTS, `crowd-${name}.png`) });
  const peopleRow = (w: WatchedPage, name: string) =>
    w.page.$$eval("#people-list li", (lis, n) => lis.map((li) => li.textContent ?? "").find((t) => t.includes(n)) ?? null, name);

  /** Walks the SDK client's avatar to `to` and resolves once its own state shows it there. */
  async function walkTo(room: AnyRoom, to: { x: number; y: number }): Promise<void> {
    room.send("space:move", to);
    await untilState(
      room,
      () => {
        const me = room.state.avatars.get(room.sessionId);
        return me !== undefined && Math.hypot(me.x - to.x, me.y - to.y) < 2;
      },
      20_000,
      `walker at ${to.x},${to.y}`,
    );
  }

  it("[IM8] a remote avatar is drawn while it is near and not while it is far; the people list keeps it either way", async () => {
    const walker = await register(e2e.server, uniqueName("walker"));
    const room = await joinSpace(e2e.server, walker.token, { map: "field" });
    rooms.push(room);
    await untilState(room, () => room.state?.avatars?.has(room.sessionId) === true);
    await walkTo(room, { x: 1400, y: 176 });

    const { w, name } = await e2e.signUp("viewer", { map: "field" });
    const mine = await waitFor("own avatar", () => avatars(w), (l) => l.some((a) => a.self));
    const me = mine.find((a) => a.self) as DrawnAvatar;
    assert.deepEqual(
      mine.map((a) => a.name),
      [name],
      "only my own avatar is drawn",
    );
    await w.page.waitForFunction((n) => [...document.querySelectorAll("#people-list li")].some((li) => li.textContent?.includes(n)), walker.username);
    assert.match((await peopleRow(w, walker.username)) ?? "", /farther off/, "the far one is listed, without a mood");
    assert.match((await w.page.textContent("#people-heading")) ?? "", /\(2\)/);
    await shot(w, "far");

    room.send("space:move", { x: me.x + 64, y: me.y });
    // It is drawn from the moment it walks into range (at the view's edge), then walks up to me.
    const entering = await waitFor("the walker drawn as it comes in range", () => avatars(w), (l) => l.some((a) => a.name === walker.username), 20_000);
    const first = entering.find((a) => a.name === walker.username) as DrawnAvatar;
    assert.ok(first.x - me.x > 100, `first drawn near the edge of the view, not beside me: ${JSON.stringify(first)}`);
    await waitFor(
      "the walker drawn beside me",
      () => avatars(w),
      (l) => l.some((a) => a.name === walker.username && Math.hypot(a.x - (me.x + 64), a.y - me.y) < 4),
      20_000,
    );
    await w.page.waitForFunction(
      (n) => [...document.querySelectorAll("#people-list li")].some((li) => li.textContent?.includes(n) && !li.textContent.includes("farther off")),
      walker.username,
    );
    await shot(w, "near");

    await walkTo(room, { x: 1400, y: 176 });
    await waitFor("the walker no longer drawn", () => avatars(w), (l) => !l.some((a) => a.name === walker.username), 20_000);
    assert.ok((await avatars(w)).some((a) => a.self), "my own avatar is still drawn");
    await w.page.waitForFunction(
      (n) => [...document.querySelectorAll("#people-list li")].some((li) => li.textContent?.includes(n) && li.textContent.includes("farther off")),
      walker.username,
    );
    await shot(w, "gone");
    const problems = e2e.browser.problems();
    assert.deepEqual(problems.pageErrors, []);
  });
});
