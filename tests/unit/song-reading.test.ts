import assert from "node:assert/strict";
import fc from "fast-check";
import { SONG_LIMITS as L } from "../../schema/song/limits.ts";
import type { MoodInput, ReaderState, Song } from "../../schema/song/model.ts";
import { DomainError } from "../../server/core/errors.ts";
import { impulse, initialState, roomMood } from "../../server/domain/pad/index.ts";
import { loadVersion, publishSong, sha256Hex } from "../../server/domain/song/digest.ts";
import {
  availableChoices,
  canonicalJson,
  choose,
  restartReading,
  resumeReading,
  seededTiebreak,
  snapshotForPublish,
  startReading,
  tallyVotes,
} from "../../server/domain/song/index.ts";
import { build, ending, flag, link, num, verse } from "../helpers/song.ts";

const CALM: MoodInput = { p: 0, a: 0, d: 0 };
const JOYFUL: MoodInput = { p: 0.7, a: 0.5, d: 0.4 };
const GLOOMY: MoodInput = { p: -0.6, a: -0.4, d: -0.5 };

/** A small story: a gate, a lamp, gold, a joyful-only dance and an anxious-only flight. */
function story(): Song {
  return build([
    num("gold", 2, 0, 5),
    flag("lamp"),
    verse("gate", { title: "The gate" }),
    verse("hall", { title: "The hall" }),
    verse("dance", { title: "The dance" }),
    verse("flee", { title: "Away" }),
    verse("vault", { title: "The vault" }),
    { op: "verse.tone", id: "hall", tone: { emotion: "fear", intensity: 0.5 } },
    { op: "verse.tone", id: "dance", tone: { emotion: "joy", intensity: 0.8 } },
    link("gate", "enter", "hall", { effects: ["gold += 1", "toggle lamp"] }),
    link("hall", "dance", "dance", { condition: "mood.p > 0.3" }),
    link("hall", "flee", "flee", { condition: "mood is anxious or mood is bored" }),
    link("hall", "vault", "vault", { condition: "lamp and gold >= 3", effects: ["set gold = gold + 10"] }),
    link("hall", "back", "gate", { effects: ["gold -= 1"] }),
    link("dance", "again", "hall"),
    ending("flee"),
    ending("vault"),
  ]).song;
}

describe("Song reading: solo", () => {
  it("[SG40] a reading starts at the start Verse with defaults, the path and the start's tone", () => {
    const version = publishSong(story());
    const r = startReading(version);
    assert.deepEqual(r.state, {
      version: version.hash,
      verse: "gate",
      vars: { gold: 2, lamp: false },
      path: [{ verse: "gate", choice: null }],
      steps: 0,
      visited: ["gate"],
      ended: false,
    });
    assert.equal(r.verse.title, "The gate");
    assert.equal(r.impulse, null);
  });

  it("[SG41] choices come in the author's order; a choice whose condition fails is hidden", () => {
    const version = publishSong(story());
    let r = startReading(version);
    assert.deepEqual(availableChoices(version, r.state, CALM), [{ id: "enter", label: "go hall", target: "hall", gated: null }]);
    r = choose(version, r.state, "enter", CALM);
    assert.deepEqual(
      availableChoices(version, r.state, CALM).map((c) => c.id),
      ["vault", "back"],
    );
    r = choose(version, r.state, "back", CALM);
    r = choose(version, r.state, "enter", CALM);
    assert.deepEqual(r.state.vars, { gold: 3, lamp: false }, "+1, -1, +1; the lamp toggled twice");
    assert.deepEqual(
      availableChoices(version, r.state, CALM).map((c) => c.id),
      ["back"],
    );
  });

  it("[SG42] mood-gated choices follow the mood and are marked; a gloomy reader does not see the joyful-only choice", () => {
    const version = publishSong(story());
    const inHall = choose(version, startReading(version).state, "enter", CALM).state;
    const joyful = availableChoices(version, inHall, JOYFUL);
    const gloomy = availableChoices(version, inHall, GLOOMY);
    assert.deepEqual(
      joyful.map((c) => [c.id, c.gated]),
      [
        ["dance", "mood"],
        ["vault", null],
        ["back", null],
      ],
    );
    assert.deepEqual(
      gloomy.map((c) => [c.id, c.gated]),
      [
        ["flee", "mood"],
        ["vault", null],
        ["back", null],
      ],
    );
    assert.throws(
      () => choose(version, inHall, "dance", GLOOMY),
      (e: unknown) => e instanceof DomainError && e.code === "BAD_INPUT" && /not available/.test(e.message),
    );
    // The label the reader sees is used for "mood is …" when given.
    assert.deepEqual(
      availableChoices(version, inHall, { ...CALM, octant: "anxious" }).map((c) => c.id),
      ["flee", "vault", "back"],
    );
  });

  it("[SG45] choosing applies effects in order with clamping, records path and visits, and ends at an ending", () => {
    const version = publishSong(story());
    let r = choose(version, startReading(version).state, "enter", CALM);
    assert.deepEqual(r.state.vars, { gold: 3, lamp: true });
    assert.deepEqual(r.impulse, { who: "self", emotion: "fear", intensity: 0.5 });
    r = choose(version, r.state, "dance", JOYFUL);
    assert.deepEqual(r.impulse, { who: "self", emotion: "joy", intensity: 0.8 });
    r = choose(version, r.state, "again", JOYFUL);
    r = choose(version, r.state, "vault", JOYFUL);
    assert.deepEqual(r.state.vars, { gold: 5, lamp: true }, "gold + 10 is clamped to the range's 5");
    assert.equal(r.state.ended, true);
    assert.equal(r.state.steps, 4);
    assert.deepEqual(r.state.path, [
      { verse: "gate", choice: null },
      { verse: "hall", choice: "enter" },
      { verse: "dance", choice: "dance" },
      { verse: "hall", choice: "again" },
      { verse: "vault", choice: "vault" },
    ]);
    assert.deepEqual(r.state.visited, ["gate", "hall", "dance", "vault"]);
    assert.deepEqual(availableChoices(version, r.state, JOYFUL), []);
    assert.throws(() => choose(version, r.state, "back", JOYFUL), /ended: restart/);
    assert.throws(() => choose(version, startReading(version).state, "nope", CALM), /not available/);
  });

  it("[SG45] the path keeps the last 500 steps while the step count goes on; reading never mutates its input", () => {
    const version = publishSong(build([verse("a"), verse("b"), link("a", "ab", "b"), link("b", "ba", "a")]).song);
    let state = startReading(version).state;
    const first = JSON.stringify(state);
    const begin = state;
    for (let i = 0; i < L.path + 20; i++) state = choose(version, state, i % 2 === 0 ? "ab" : "ba", CALM).state;
    assert.equal(state.path.length, L.path);
    assert.equal(state.steps, L.path + 20);
    assert.deepEqual(state.visited, ["a", "b"]);
    assert.equal(JSON.stringify(begin), first);
  });

  it("[SG46] a Verse's tone is a PAD impulse the engine applies as it is", () => {
    const version = publishSong(story());
    const r = choose(version, startReading(version).state, "enter", CALM);
    const pad = initialState({ p: 0, a: 0, d: 0 });
    const felt = impulse(pad, r.impulse!.emotion, r.impulse!.intensity, 1000);
    assert.deepEqual(felt.active, [{ emotion: "fear", intensity: 0.5, at: 1000 }]);
  });

  it("[SG43] a stored state resumes (checked and coerced); a state of another version starts over", () => {
    const version = publishSong(story());
    const r = choose(version, startReading(version).state, "enter", CALM);
    const stored = JSON.parse(JSON.stringify(r.state)) as ReaderState;
    const resumed = resumeReading(version, stored);
    assert.equal(resumed.resumed, true);
    assert.deepEqual(resumed.state, r.state);
    assert.equal(resumed.impulse, null, "resuming does not feel the Verse again");
    const tampered = resumeReading(version, { ...stored, vars: { gold: 99, lamp: "yes", extra: 1 } });
    assert.equal(tampered.resumed, false, "a state of the wrong shape starts over");
    const outOfRange = resumeReading(version, { ...stored, vars: { gold: 99 } });
    assert.deepEqual(outOfRange.state.vars, { gold: 5, lamp: false });
    const other = publishSong({ ...story(), title: "Another" });
    assert.notEqual(other.hash, version.hash);
    assert.equal(resumeReading(other, stored).resumed, false);
    assert.equal(resumeReading(version, { ...stored, verse: "gone" }).resumed, false);
    assert.equal(resumeReading(version, "garbage").resumed, false);
  });

  it("[SG44] restart goes back to the start with defaults", () => {
    const version = publishSong(story());
    const r = restartReading(version);
    assert.deepEqual(r.state, startReading(version).state);
  });

  it("[SG45] random walks only ever take offered choices and keep variables in range", () => {
    const version = publishSong(story());
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.record({ p: fc.double({ min: -1, max: 1, noNaN: true }), a: fc.double({ min: -1, max: 1, noNaN: true }), d: fc.double({ min: -1, max: 1, noNaN: true }) })), { maxLength: 40 }), (steps) => {
        let state = startReading(version).state;
        for (const [pick, mood] of steps) {
          const offered = availableChoices(version, state, mood);
          if (offered.length === 0) break;
          state = choose(version, state, offered[pick % offered.length]!.id, mood).state;
          const gold = state.vars.gold as number;
          assert.ok(gold >= 0 && gold <= 5);
          assert.equal(typeof state.vars.lamp, "boolean");
        }
      }),
    );
  });
});

describe("Song reading: together", () => {
  it("[SG47] one vote per voter, only for offered choices; most votes wins", () => {
    const t = tallyVotes(
      [
        ["ann", "a"],
        ["bob", "b"],
        ["cid", "b"],
        ["ann", "b"],
        ["dan", "zzz"],
      ],
      ["a", "b", "c"],
    );
    assert.deepEqual(t, {
      winner: "b",
      counts: [
        { choice: "a", votes: 1 },
        { choice: "b", votes: 2 },
        { choice: "c", votes: 0 },
      ],
      tied: ["b"],
    });
    assert.deepEqual(tallyVotes(new Map([["ann", "x"]]), ["a"]).winner, null);
    assert.deepEqual(tallyVotes([], []).winner, null);
  });

  it("[SG48] ties are broken deterministically: first in the author's order, or by a shared seed", () => {
    const votes: [string, string][] = [
      ["ann", "c"],
      ["bob", "a"],
    ];
    assert.equal(tallyVotes(votes, ["a", "b", "c"]).winner, "a");
    assert.deepEqual(tallyVotes(votes, ["a", "b", "c"]).tied, ["a", "c"]);
    const seeded = (seed: string) => tallyVotes(votes, ["a", "b", "c"], seededTiebreak(seed)).winner;
    for (const seed of ["session-1:step-3", "x", ""]) assert.equal(seeded(seed), seeded(seed));
    const winners = new Set(Array.from({ length: 40 }, (_, i) => seeded(`s${i}`)));
    assert.deepEqual([...winners].sort(), ["a", "c"]);
    assert.equal(tallyVotes(votes, ["a", "c"], () => 99).winner, "a", "an out-of-range pick falls back to the first");
  });

  it("[SG42] a group reads with the room's mean mood from the PAD engine", () => {
    const version = publishSong(story());
    const inHall = choose(version, startReading(version).state, "enter", CALM).state;
    const mixed = roomMood([JOYFUL, JOYFUL, JOYFUL, GLOOMY]);
    assert.ok(mixed.p > 0.3);
    assert.deepEqual(
      availableChoices(version, inHall, mixed).map((c) => c.id),
      ["dance", "vault", "back"],
    );
    const sad = roomMood([GLOOMY, GLOOMY, JOYFUL]);
    assert.deepEqual(
      availableChoices(version, inHall, sad).map((c) => c.id),
      ["flee", "vault", "back"],
    );
  });
});

describe("Song publishing", () => {
  it("[SG50] canonical JSON sorts keys and drops undefined; the hash is sha256 of it", () => {
    assert.equal(canonicalJson({ b: 1, a: [true, null, { d: "x", c: undefined }], "é": -0 }), '{"a":[true,null,{"d":"x"}],"b":1,"é":0}');
    assert.throws(() => canonicalJson({ a: Number.NaN }), /non-finite/);
    assert.equal(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const song = story();
    const v = publishSong(song);
    assert.equal(v.hash, sha256Hex(canonicalJson(song)));
    // The same content with keys in another order has the same hash.
    const shuffled = JSON.parse(JSON.stringify(song, Object.keys(song).reverse().concat(["id", "title", "prose", "tone", "ending", "x", "y", "choices", "label", "target", "condition", "effects", "name", "type", "default", "min", "max", "emotion", "intensity"])));
    assert.equal(publishSong(shuffled).hash, v.hash);
    assert.notEqual(publishSong({ ...song, title: "Other" }).hash, v.hash);
  });

  it("[SG51] a version is a frozen copy: editing the draft later does not change it; no start, no publish", () => {
    const song = story();
    const v = snapshotForPublish(song, sha256Hex);
    assert.ok(Object.isFrozen(v) && Object.isFrozen(v.song) && Object.isFrozen(v.song.verses[0]!.choices[0]));
    song.verses[0]!.title = "changed";
    assert.equal(v.song.verses[0]!.title, "The gate");
    assert.throws(() => {
      (v.song.verses as unknown as unknown[]).push(1);
    }, TypeError);
    assert.throws(() => publishSong(build([]).song), /needs a start Verse/);
    const broken = story();
    broken.verses[0]!.choices[0]!.target = "gone";
    assert.throws(() => publishSong(broken), /not a valid Song/);
    // The room bounds each Verse's prose (Yjs), not their sum: a draft whose prose takes it
    // past the Song's limit is refused at publish, a 400 like any other problem.
    const long = build(Array.from({ length: 101 }, (_, i) => verse(`v${i}`))).song;
    const withProse = { ...long, verses: long.verses.map((v) => ({ ...v, prose: "p".repeat(L.prose) })) };
    assert.throws(() => publishSong(withProse), (err: unknown) => err instanceof DomainError && err.code === "BAD_INPUT" && /too large/.test(err.message));
  });

  it("[SG52] a stored version is checked on load: its hash must match its content", () => {
    const v = publishSong(story());
    const stored = JSON.parse(JSON.stringify(v));
    assert.equal(loadVersion(stored).hash, v.hash);
    stored.song.verses[0].title = "Tampered";
    assert.throws(() => loadVersion(stored), /does not match its hash/);
    assert.throws(() => loadVersion({ song: story() }), /needs a hash/);
    assert.throws(() => loadVersion(null), /needs a hash/);
  });
});
