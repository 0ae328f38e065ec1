import assert from "node:assert/strict";
import { Avatar, RoomMood, SpaceState } from "../../schema/state/space.ts";
import { IGNORED_AFTER_MS } from "../../server/domain/pad/index.ts";
import { MoodSystem } from "../../server/domain/space/mood-system.ts";

const TICK = 50;

/** A space state with avatars at the given positions, and a mood system over it. */
function room(people: Record<string, { x: number; y: number }>) {
  const state = new SpaceState({ roomMood: new RoomMood() });
  const mood = new MoodSystem(state, 1);
  for (const [id, at] of Object.entries(people)) {
    state.avatars.set(id, new Avatar({ userId: id, name: id, ...at }));
    mood.join(id, null, 0);
  }
  const positions = () => Object.entries(people).map(([sessionId, at]) => ({ sessionId, ...at }));
  let now = 0;
  const run = (ms: number, each?: (t: number) => void) => {
    for (const end = now + ms; now < end; ) {
      now += TICK;
      each?.(now);
      mood.tick(now, TICK, positions);
    }
  };
  return { state, mood, run, at: () => now };
}

describe("Mood system in a space", function () {
  // Simulated minutes of room ticks: seconds on a loaded 2-core machine, above the 5 s default.
  this.timeout(20_000);
  it("[PAD18] an away avatar never feels ignored, and standing near someone present is contact", () => {
    const { state, run } = room({ afk: { x: 0, y: 0 }, alone: { x: 3000, y: 3000 }, friend: { x: 3000, y: 2800 } });
    (state.avatars.get("afk") as Avatar).idle = true;
    const seqs = () => Object.fromEntries([...state.avatars].map(([id, a]) => [id, a.emotionSeq]));
    run(2 * IGNORED_AFTER_MS + 10_000);
    // "alone" and "friend" stand 200 px apart: that is contact, so nobody present is ignored either.
    assert.deepEqual(seqs(), { afk: 0, alone: 0, friend: 0 });
  });

  it("[PAD18] standing apart from everyone present makes a present avatar feel ignored, once per period", () => {
    const { state, run } = room({ a: { x: 0, y: 0 }, b: { x: 3000, y: 3000 } });
    run(2 * IGNORED_AFTER_MS + 10_000);
    const a = state.avatars.get("a") as Avatar;
    assert.equal(a.emotionSeq, 2);
    assert.equal(a.emotion, "distress");
  });

  it("[PAD18] an avatar idle in the world but emoting is present: it is counted in the room mood", () => {
    const { state, mood, run } = room({ talker: { x: 0, y: 0 }, other: { x: 3000, y: 0 } });
    (state.avatars.get("talker") as Avatar).idle = true;
    (state.avatars.get("other") as Avatar).idle = true;
    run(90_000, (t) => {
      if (t % 4_000 === 0) mood.feel("talker", { kind: "emote-sent", emote: "cry" }, t);
    });
    assert.equal(mood.isAway("talker", 90_000), false);
    assert.equal(mood.isAway("other", 90_000), true);
    const talker = state.avatars.get("talker") as Avatar;
    const roomMood = state.roomMood as InstanceType<typeof RoomMood>;
    assert.ok(Math.abs(roomMood.p - talker.p) < 0.01, "the room is the talker alone: the away avatar is left out");
    assert.equal(roomMood.mood, "bored");
    assert.ok(roomMood.spread < 0.01);
  });

  it("[PAD21] the room mood is read on the clock's quarter seconds, not at every step, and still follows the moods", () => {
    const { state, mood, run, at } = room({ a: { x: 0, y: 0 }, b: { x: 50, y: 0 } });
    const roomMood = state.roomMood as InstanceType<typeof RoomMood>;
    run(1_000);
    const before = roomMood.p;
    mood.feel("a", { kind: "emote-received", emote: "hug" }, at());
    const changedAt: number[] = [];
    let last = roomMood.p;
    run(2_000, (t) => {
      // `each` runs before the step at t: what it sees is what the step before wrote.
      if (roomMood.p !== last) changedAt.push(t - TICK);
      last = roomMood.p;
    });
    assert.ok(roomMood.p > before, "the hug shows in the room's mood");
    assert.ok(changedAt.length >= 2, `it moved at several readings: ${changedAt.join(", ")}`);
    assert.deepEqual(
      changedAt.filter((t) => t % 250 !== 0),
      [],
      "it moved only at steps on a quarter second",
    );
  });

  it("[PAD17] the room mood shows the spread and is labelled like avatars (neutral, not 'slight exuberant', when split)", () => {
    const { state, mood, run } = room({ glad: { x: 0, y: 0 }, sad: { x: 3000, y: 0 } });
    run(40_000, (t) => {
      if (t % 2_000 === 0) mood.feel("glad", { kind: "emote-sent", emote: "dance" }, t);
      if (t % 2_000 === 1_000) mood.feel("sad", { kind: "emote-sent", emote: "cry" }, t);
    });
    const roomMood = state.roomMood as InstanceType<typeof RoomMood>;
    assert.equal((state.avatars.get("glad") as Avatar).mood, "exuberant");
    assert.equal((state.avatars.get("sad") as Avatar).mood, "bored");
    assert.equal(roomMood.mood, "neutral");
    assert.ok(roomMood.spread > 0.7, `divided: ${roomMood.spread}`);
  });
});
