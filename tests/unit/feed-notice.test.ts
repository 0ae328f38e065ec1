import assert from "node:assert/strict";
import { Coalescer } from "../../server/core/coalesce.ts";
import { changesFeed } from "../../server/social/notifier.ts";
import type { WallPostView } from "../../schema/replies/social.ts";

/** A clock the test moves by hand, with timers that fire when it passes them. */
function heldClock() {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => now,
    later: (fn: () => void, ms: number) => void timers.push({ at: now + ms, fn }),
    advance(ms: number) {
      now += ms;
      for (const t of timers.splice(0).sort((a, b) => a.at - b.at)) {
        if (t.at <= now) t.fn();
        else timers.push(t);
      }
    },
    pending: () => timers.length,
  };
}

describe("feed notices to spaces", () => {
  it("[FN1] a burst becomes one run now and one at the interval's end; a quiet call runs at once", () => {
    const clock = heldClock();
    let runs = 0;
    const c = new Coalescer(() => runs++, 2_000, clock.now, clock.later);
    c.poke();
    assert.equal(runs, 1, "the first call of a quiet period runs at once");
    for (let i = 0; i < 10; i++) {
      clock.advance(100);
      c.poke();
    }
    assert.equal(runs, 1, "calls inside the interval wait");
    assert.equal(clock.pending(), 1, "folded into one later run");
    clock.advance(1_000);
    assert.equal(runs, 2, "the last change is not dropped: one run at the interval's end");
    clock.advance(5_000);
    c.poke();
    assert.equal(runs, 3, "after a quiet interval, at once again");
  });

  it("[FN2] public posts, edits, removals and hiding change the feed; private posts, replies and reactions do not", () => {
    const post = (isPublic: boolean) => ({ public: isPublic }) as WallPostView;
    assert.equal(changesFeed({ kind: "post", post: post(true) }), true);
    assert.equal(changesFeed({ kind: "post", post: post(false) }), false);
    assert.equal(changesFeed({ kind: "edit", id: "p", text: "t", editedAt: 1 }), true);
    assert.equal(changesFeed({ kind: "delete", id: "p" }), true);
    assert.equal(changesFeed({ kind: "hide", id: "p" }), true);
    assert.equal(changesFeed({ kind: "reply", postId: "p", reply: {} as never }), false);
    assert.equal(changesFeed({ kind: "react", id: "p", reactions: {} }), false);
  });
});
