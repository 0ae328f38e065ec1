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

  it("[LM2] a newer write moves a mood to the writing room's lease, and a delete ends it at once", () => {
    let now = 0;
    const moods = new LiveMoods(() => now);
    const first = moods.lease();
    const second = moods.lease();
    moods.set("u1", 0.1, 0, 0, "relaxed", first);
    now = 1_000;
    moods.set("u1", 0.3, 0, 0, "relaxed", second);
    now = LIVE_MOOD_TTL_MS;
    moods.renew(first);
    now = LIVE_MOOD_TTL_MS + 2_000;
    assert.equal(moods.of("u1"), null, "the first room's renewals no longer hold a mood the second room wrote");
    moods.set("u1", 0.3, 0, 0, "relaxed", second);
    moods.delete("u1");
    assert.equal(moods.of("u1"), null);
  });
});
