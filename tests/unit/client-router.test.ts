import assert from "node:assert/strict";
import { hashPath, Router, route } from "../../client/src/router.ts";
import { lazyView } from "../../client/src/views/lazy-view.ts";
import type { View } from "../../client/src/views/view.ts";

/** A view that records what the router did to it; `open` can be held to model a slow open. */
function recorder<P>(name: string, log: string[]): View<P> {
  return {
    async open(params) {
      log.push(`${name}.open ${JSON.stringify(params)}`);
    },
    async close() {
      log.push(`${name}.close`);
    },
  };
}

function appLike(log: string[]) {
  const world = route("world", recorder<{ map: string }>("world", log), () => ({ map: "plaza" }));
  const profile = route("u/:username", recorder<{ username: string }>("profile", log), (p) => ({ username: p.username }));
  const feed = route("feed/:view?", recorder<{ view: string }>("feed", log), (p) => ({ view: p.view ?? "everyone" }));
  return new Router([profile, feed, world], world);
}

describe("client routing (hash → view)", () => {
  it("[RO1] addresses map to views with typed, decoded params; anything else opens the fallback", async () => {
    assert.deepEqual(hashPath("#/u/a%20b"), ["u", "a b"]);
    assert.deepEqual(hashPath("#/u/%E0%A4%A"), ["u", "%E0%A4%A"], "a bad escape stays as written");
    const log: string[] = [];
    const router = appLike(log);
    for (const hash of ["#/u/ann", "#/feed", "#/feed/following/extra", "#/u/", "", "#/nowhere"]) await router.resolve(hash);
    assert.deepEqual(log, [
      'profile.open {"username":"ann"}',
      "profile.close",
      'feed.open {"view":"everyone"}',
      'feed.open {"view":"following"}',
      "feed.close",
      'world.open {"map":"plaza"}',
      'world.open {"map":"plaza"}',
      'world.open {"map":"plaza"}',
    ]);
  });

  it("[RO2] the open view is closed before the next opens; only the newest of quick navigations opens; closeAll closes it", async () => {
    const log: string[] = [];
    let release = () => {};
    const slow: View<{ map: string }> = {
      async open(p) {
        log.push(`world.open ${p.map}`);
      },
      close: () =>
        new Promise<void>((resolve) => {
          log.push("world.close");
          release = resolve;
        }),
    };
    const world = route("world", slow, () => ({ map: "plaza" }));
    const profile = route("u/:username", recorder<{ username: string }>("profile", log), (p) => ({ username: p.username }));
    const router = new Router([profile, world], world);
    await router.resolve("#/world");
    const first = router.resolve("#/u/ann");
    const second = router.resolve("#/u/ben");
    release();
    await Promise.all([first, second]);
    assert.deepEqual(log, ["world.open plaza", "world.close", 'profile.open {"username":"ben"}']);
    await router.closeAll();
    assert.equal(log.at(-1), "profile.close");
  });
});

describe("client routing: overlays over the world (issue 12 item 4)", () => {
  function withOverlays(log: string[]) {
    const world = route("world/:map?", recorder<{ map: string }>("world", log), (p) => ({ map: p.map ?? "plaza" }));
    const profile = route("u/:username", recorder<{ username: string }>("profile", log), (p) => ({ username: p.username }), { overlay: true });
    const feed = route("feed/:view?", recorder<{ view: string }>("feed", log), (p) => ({ view: p.view ?? "everyone" }), { overlay: true });
    return new Router([profile, feed, world], world);
  }

  it("[RO3] a profile or the feed opens over the world without closing it; the world route closes the overlay only", async () => {
    const log: string[] = [];
    const router = withOverlays(log);
    await router.resolve("#/world/garden");
    await router.resolve("#/u/ann");
    assert.equal(router.overlayOpen, true);
    await router.resolve("#/feed");
    await router.resolve("#/world/garden");
    assert.equal(router.overlayOpen, false);
    assert.deepEqual(log, [
      'world.open {"map":"garden"}',
      'profile.open {"username":"ann"}',
      "profile.close",
      'feed.open {"view":"everyone"}',
      "feed.close",
      'world.open {"map":"garden"}',
    ]);
    assert.ok(!log.includes("world.close"), "the world never closed");
  });

  it("[RO4] an overlay address opened first brings the world up beneath it; closeAll closes both", async () => {
    const log: string[] = [];
    const router = withOverlays(log);
    await router.resolve("#/u/ben");
    assert.deepEqual(log.sort(), ['profile.open {"username":"ben"}', 'world.open {"map":"plaza"}']);
    await router.closeAll();
    assert.deepEqual(log.slice(-2), ["profile.close", "world.close"]);
  });
  it("[RO5] a lazy view loads its code once, at the first open; a close during the load closes it; a failed load is reported and retried", async () => {
    const log: string[] = [];
    let loads = 0;
    let fail = true;
    const failures: unknown[] = [];
    const view = lazyView<{ id: string }>(async () => {
      loads += 1;
      if (fail) throw new Error("chunk 404");
      return recorder<{ id: string }>("page", log);
    }, (e) => failures.push(e));
    await view.close();
    assert.equal(loads, 0, "closing a view never opened loads nothing");
    await view.open({ id: "a" });
    assert.equal(failures.length, 1, "the failed load is reported once");
    assert.deepEqual(log, []);
    fail = false;
    const opening = view.open({ id: "b" });
    const closing = view.close();
    await Promise.all([opening, closing]);
    await view.open({ id: "c" });
    assert.equal(loads, 2, "one retry, then the loaded code is reused");
    assert.deepEqual(log, ['page.open {"id":"b"}', "page.close", 'page.open {"id":"c"}']);
  });
});
