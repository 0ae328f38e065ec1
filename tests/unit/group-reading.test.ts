import assert from "node:assert/strict";
import { publishSong } from "../../server/domain/song/digest.ts";
import { DomainError } from "../../server/core/errors.ts";
import { GroupReading } from "../../server/song/group-reading.ts";
import { build, ending, link, num, verse } from "../helpers/song.ts";

const JOY = { p: 0.8, a: 0.5, d: 0.4 };
const GLOOM = { p: -0.7, a: -0.4, d: -0.5 };
const NEUTRAL = { p: 0, a: 0, d: 0 };

function group(): GroupReading {
  const { song } = build([
    verse("gate"),
    verse("hall"),
    verse("dance"),
    { op: "song.start", id: "gate" },
    { op: "verse.tone", id: "dance", tone: { emotion: "joy", intensity: 0.8 } },
    link("gate", "in", "hall"),
    link("gate", "out", "hall"),
    link("gate", "dance", "dance", { condition: "mood.p > 0.3" }),
    ending("hall"),
    ending("dance"),
  ]);
  const published = publishSong(song);
  return new GroupReading("v1", published);
}

describe("group reading (pure part of the song-read room)", () => {
  it("[SG64] the gates read the mean mood of the readers; readers without an avatar count as neutral", () => {
    const g = group();
    g.setMoods([JOY]);
    assert.ok(g.choices().some((c) => c.id === "dance" && c.gated === "mood"), "one joyful reader alone sees the joyful choice");
    g.setMoods([JOY, GLOOM]);
    assert.ok(!g.choices().some((c) => c.id === "dance"), "a gloomy reader pulls the mean below the gate");
    g.setMoods([JOY, NEUTRAL, NEUTRAL]);
    assert.ok(!g.choices().some((c) => c.id === "dance"), "two readers outside the world dilute the mean (0.27 < 0.3)");
  });

  it("[SG62] one vote per reader, the last one counts; a choice not shown is refused", () => {
    const g = group();
    g.vote("u1", "in");
    g.vote("u1", "out");
    g.vote("u2", "out");
    assert.deepEqual([...g.counts()], [["in", 0], ["out", 2]]);
    assert.throws(() => g.vote("u3", "dance"), DomainError, "the gated choice is hidden at a neutral mood");
    assert.ok(g.allVoted(["u1", "u2"]));
    assert.ok(!g.allVoted(["u1", "u2", "u3"]));
    assert.ok(!g.allVoted([]), "nobody present is not everybody voted");
  });

  it("[SG87] a vote for a choice the mood since hid is no vote: the round does not end on it and the reader counts as not voted, until the choice comes back", () => {
    const g = group();
    g.setMoods([JOY, JOY]);
    g.vote("u1", "dance");
    g.vote("u2", "in");
    assert.ok(g.allVoted(["u1", "u2"]));
    g.setMoods([GLOOM, GLOOM]); // the joyful choice is hidden now
    assert.equal(g.hasLiveVote("u1"), false);
    assert.ok(!g.allVoted(["u1", "u2"]), "u1's vote is for nothing shown");
    assert.equal(g.hasLiveVote("u2"), true);
    g.setMoods([JOY, JOY]);
    assert.ok(g.allVoted(["u1", "u2"]), "the choice came back with the vote for it");
  });

  it("[SG63] ties are broken by a tie-break seeded by version and step: the same on every run", () => {
    const winners = [1, 2, 3].map(() => {
      const g = group();
      g.vote("u1", "in");
      g.vote("u2", "out");
      return g.decide()?.tally.winner;
    });
    assert.equal(new Set(winners).size, 1);
    const g = group();
    assert.equal(g.decide(), null, "no votes: no step");
    assert.equal(g.state.steps, 0);
  });

  it("[SG65] reaching a Verse with a tone returns its impulse (the room sends it to every reader)", () => {
    const g = group();
    g.setMoods([JOY]);
    g.vote("u1", "dance");
    assert.deepEqual(g.decide()?.reading.impulse, { who: "self", emotion: "joy", intensity: 0.8 });
  });

  it("[SG66] an ending takes no vote; restart is refused before an ending and goes back to the start after one", () => {
    const g = group();
    assert.throws(() => g.restart(), DomainError);
    g.setMoods([JOY]);
    g.vote("u1", "dance");
    g.decide();
    assert.equal(g.state.ended, true);
    assert.throws(() => g.vote("u1", "in"), DomainError);
    assert.equal(g.restart().verse.id, "gate");
  });
});

describe("group reading at a dead end (a Verse that is not an ending and offers no choice)", () => {
  it("[SG67] a dead end can be restarted: otherwise the room is stuck with no vote, no deadline and no way out", () => {
    const { song } = build([
      verse("gate"),
      verse("cellar"),
      verse("vault"),
      num("keys", 0, 0, 5),
      link("gate", "down", "cellar"),
      // Only a key opens the vault; nobody has one, so the cellar offers nothing (a dead-end warning, still publishable).
      link("cellar", "open", "vault", { condition: "keys > 0" }),
      ending("vault"),
    ]);
    const g = new GroupReading("v-dead", publishSong(song));
    g.vote("u1", "down");
    g.decide();
    assert.equal(g.reading.verse.id, "cellar");
    assert.equal(g.state.ended, false);
    assert.deepEqual(g.choices(), [], "nothing to vote on");
    assert.equal(g.restart().verse.id, "gate", "back to the start for everyone");
    assert.throws(() => g.restart(), DomainError, "with choices to vote on, restart is still refused");
  });
});
