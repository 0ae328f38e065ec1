import assert from "node:assert/strict";
import { LIVE_MOOD_TTL_MS, LiveMoods } from "../../server/social/live-moods.ts";

describe("live moods (what Song reading reads of an avatar's mood)", () => {
  it("[LM1] a mood stays live while its room renews its lease, and goes a time to live after the last renewal or write", () => {
    let now = 0;
    const moods = new LiveMoods(() => now);
    const room = moods.lease();
    moods.set("u1", 0.5, 0.1, 0, "exuberant", room);
    moods.set("u2", -0.2, 0, 0, "bored");
    for (now = 10_000; now <= 5 * LIVE_MOOD_TTL_MS; now += 10_000) moods.renew(room);
    now -= 10_000;
    assert.deepEqual(
      [moods.of("u1")?.p, moods.of("u2")],
      [0.5, null],
      "renewed: live long after it was written; without a lease: gone after its time to live",
    );
    now += LIVE_MOOD_TTL_MS;
    assert.equal(moods.of("u1")?.p, 0.5, "exactly the time to live after the last renewal: still live");
    now += 1;
    assert.equal(moods.of("u1"), null, "the room stopped renewing: gone");
  });

  it("[LM2] a user with avatars in two rooms shows the mood written last; when that room lets the user go, or goes silent, the other room's shows again", () => {
    let now = 0;
    const moods = new LiveMoods(() => now);
    const a = moods.lease();
    const b = moods.lease();
    const p = () => moods.of("u1")?.p ?? null;
    moods.set("u1", 0.1, 0, 0, "relaxed", a);
    moods.set("u1", 0.3, 0, 0, "relaxed", b);
    assert.equal(p(), 0.3, "written last");
    moods.set("u1", 0.2, 0, 0, "relaxed", a);
    assert.equal(p(), 0.2, "the first room writes again: its mood is on top");
    moods.delete("u1", moods.lease());
    assert.equal(p(), 0.2, "a room that holds no avatar of the user lets nothing go");
    moods.delete("u1", a);
    assert.equal(p(), 0.3, "the first room let go: the second room's mood shows");
    moods.set("u1", 0.25, 0, 0, "relaxed", a);
    for (now = 10_000; now <= 2 * LIVE_MOOD_TTL_MS; now += 10_000) moods.renew(a);
    assert.equal(p(), 0.25);
    moods.set("u1", 0.4, 0, 0, "relaxed", b);
    now += LIVE_MOOD_TTL_MS + 1;
    moods.renew(a);
    assert.equal(p(), 0.25, "the second room went silent: the first room's mood shows again");
    moods.delete("u1", a);
    assert.equal(p(), null, "both let go");
  });
});
