import assert from "node:assert/strict";
import fc from "fast-check";
import { SONG_LIMITS as L } from "../../schema/song/limits.ts";
import { EMOTION_NAMES, type Song, Song as SongSchema } from "../../schema/song/model.ts";
import { SONG_OP_NAMES, SongOp, SongOpBatch } from "../../schema/song/ops.ts";
import { DomainError } from "../../server/core/errors.ts";
import { EMOTIONS } from "../../server/domain/pad/emotions.ts";
import { applyOp, applyOps, checkSong, emptySong, parseOp, serializedSize, songProblems } from "../../server/domain/song/index.ts";
import { build, dangling, ending, flag, link, num, verse } from "../helpers/song.ts";

/** Asserts that applying the raw ops throws BAD_INPUT with a message matching `re`. */
function refused(song: Song, raw: unknown, re: RegExp): void {
  assert.throws(
    () => applyOp(song, parseOp(raw)),
    (err: unknown) => err instanceof DomainError && err.code === "BAD_INPUT" && re.test(err.message),
    JSON.stringify(raw),
  );
}

const base = () =>
  build([verse("a"), verse("b"), verse("c"), link("a", "ab", "b"), link("a", "ac", "c"), link("b", "bc", "c"), ending("c")]).song;

describe("Song model and ops", () => {
  it("[SG1] the document shape: Verses, choices, start, variables; the first Verse becomes the start", () => {
    const { song } = build([verse("a", { prose: "Once.", ending: false }), verse("b"), link("a", "go", "b"), num("gold", 1, 0, 9), flag("lamp")]);
    assert.equal(song.start, "a");
    assert.equal(SongSchema.safeParse(song).success, true);
    assert.deepEqual(song.verses[0], {
      id: "a",
      title: "Verse a",
      prose: "Once.",
      tone: null,
      ending: false,
      x: 0,
      y: 0,
      choices: [{ id: "go", label: "go b", target: "b", condition: null, effects: [] }],
    });
    assert.deepEqual(song.variables, [
      { name: "gold", type: "number", default: 1, min: 0, max: 9 },
      { name: "lamp", type: "boolean", default: false },
    ]);
  });

  it("[SG2] links are by id: retitling a Verse keeps every link", () => {
    const { song } = build([{ op: "verse.retitle", id: "c", title: "The end" }], base());
    assert.equal(song.verses[2]!.title, "The end");
    assert.deepEqual(
      song.verses.flatMap((v) => v.choices.map((c) => c.target)),
      ["b", "c", "c"],
    );
  });

  it("[SG3] ids like __proto__ and constructor are plain strings", () => {
    const { song } = build([verse("__proto__"), verse("constructor"), link("__proto__", "toString", "constructor")]);
    assert.equal(song.start, "__proto__");
    assert.equal(song.verses[0]!.choices[0]!.target, "constructor");
    assert.equal(Object.getPrototypeOf(song), Object.prototype);
    refused(song, verse("__proto__"), /exists already/);
  });

  it("[SG4] titles and labels are cleaned (NFKC, no control or bidi characters); prose is kept as written", () => {
    const { song } = build([verse("a", { title: "  ＴＨＥ\u202e gate\u0007 ", prose: "line one\n\n\n  indented" }), link("a", "x", "a", { label: "\u200bgo\u2066 on" })]);
    assert.equal(song.verses[0]!.title, "THE gate");
    assert.equal(song.verses[0]!.prose, "line one\n\n\n  indented");
    assert.equal(song.verses[0]!.choices[0]!.label, "go on");
    assert.throws(() => parseOp(verse("b", { title: "\u202e\u200b " })), /title is empty/);
  });

  it("[SG5] a tone is one of the PAD engine's emotions with an intensity in (0, 1]", () => {
    const { song } = build([verse("a"), { op: "verse.tone", id: "a", tone: { emotion: "gratification", intensity: 1 } }]);
    assert.deepEqual(song.verses[0]!.tone, { emotion: "gratification", intensity: 1 });
    assert.deepEqual(EMOTION_NAMES.slice().sort(), Object.keys(EMOTIONS).sort());
    for (const tone of [{ emotion: "rage", intensity: 0.5 }, { emotion: "joy", intensity: 0 }, { emotion: "joy", intensity: 1.01 }]) {
      assert.throws(() => parseOp({ op: "verse.tone", id: "a", tone }), (e: unknown) => e instanceof DomainError && e.code === "BAD_INPUT");
    }
    assert.equal(build([{ op: "verse.tone", id: "a", tone: null }], song).song.verses[0]!.tone, null);
  });

  it("[SG20] every op is a zod schema with bounded fields; a bad op is BAD_INPUT with the issues", () => {
    assert.equal(SONG_OP_NAMES.length, 19);
    for (const bad of [
      { op: "verse.add", id: "a b", title: "x", x: 0, y: 0 },
      { op: "verse.add", id: "a", title: "x", x: 1e9, y: 0 },
      { op: "verse.add", id: "a", title: "x", x: 0, y: 0, extra: 1 },
      { op: "verse.move", id: "a", x: Number.NaN, y: 0 },
      { op: "choice.add", verse: "a", id: "c", label: "l".repeat(L.label + 1), target: "a" },
      { op: "choice.condition", id: "c", condition: "x".repeat(L.source + 1) },
      { op: "choice.effects", id: "c", effects: Array(L.effectsPerChoice + 1).fill("x += 1") },
      { op: "verse.tone", id: "a", tone: { emotion: "rage", intensity: 0.5 } },
      { op: "verse.tone", id: "a", tone: { emotion: "joy", intensity: 2 } },
      { op: "var.declare", name: "Gold", spec: { type: "number", default: 0 } },
      { op: "var.declare", name: "mood", spec: { type: "boolean", default: false } },
      { op: "nope" },
      null,
      "verse.add",
    ]) {
      assert.equal(SongOp.safeParse(bad).success, false, JSON.stringify(bad));
      assert.throws(() => parseOp(bad), (e: unknown) => e instanceof DomainError && e.code === "BAD_INPUT");
    }
  });

  it("[SG21] ops that name a Verse or choice refuse ones that do not exist", () => {
    const song = base();
    refused(song, link("a", "n", "zz"), /no Verse "zz"/);
    refused(song, link("zz", "n", "a"), /no Verse "zz"/);
    refused(song, { op: "choice.target", id: "ab", target: "zz" }, /no Verse "zz"/);
    refused(song, { op: "song.start", id: "zz" }, /no Verse "zz"/);
    for (const op of ["verse.delete", "verse.retitle", "verse.move", "verse.ending", "verse.tone", "verse.prose"]) {
      const extra = { title: "t", x: 0, y: 0, ending: true, tone: null, prose: "" };
      const fields = Object.fromEntries(Object.entries(extra).filter(([k]) => Object.keys(SongOp.options.find((o) => o.shape.op.value === op)!.shape).includes(k)));
      refused(song, { op, id: "zz", ...fields }, /no Verse "zz"/);
    }
    for (const raw of [
      { op: "choice.delete", id: "zz" },
      { op: "choice.label", id: "zz", label: "x" },
      { op: "choice.condition", id: "zz", condition: null },
      { op: "choice.effects", id: "zz", effects: [] },
    ]) {
      refused(song, raw, /no choice "zz"/);
    }
  });

  it("[SG22] deleting a Verse removes every choice leading to it in the same step; the start needs a new start first", () => {
    const song = base();
    const { song: next } = applyOp(song, parseOp({ op: "verse.delete", id: "c" }));
    assert.deepEqual(
      next.verses.map((v) => [v.id, v.choices.map((c) => c.id)]),
      [
        ["a", ["ab"]],
        ["b", []],
      ],
    );
    assert.deepEqual(dangling(next), []);
    refused(song, { op: "verse.delete", id: "a" }, /start Verse: choose another start first/);
    const { song: alone } = build([{ op: "verse.delete", id: "b" }, { op: "verse.delete", id: "c" }, { op: "verse.delete", id: "a" }], song);
    assert.equal(alone.start, null);
    assert.equal(alone.verses.length, 0);
  });

  it("[SG23] Verse ids are unique, choice ids unique in the whole Song", () => {
    const song = base();
    refused(song, verse("a"), /a Verse "a" exists already/);
    refused(song, link("c", "ab", "a"), /a choice "ab" exists already/);
  });

  it("[SG24] each op changes what it names", () => {
    const { song } = build(
      [
        { op: "verse.move", id: "b", x: 120, y: -40 },
        { op: "verse.ending", id: "b", ending: true },
        { op: "verse.tone", id: "b", tone: { emotion: "fear", intensity: 0.4 } },
        { op: "verse.prose", id: "b", prose: "Dark." },
        { op: "choice.label", id: "ab", label: "Walk on" },
        { op: "choice.target", id: "ac", target: "b" },
        num("gold", 3, 0, 10),
        { op: "choice.condition", id: "ab", condition: "gold > 2" },
        { op: "choice.effects", id: "ab", effects: ["gold -= 1"] },
        { op: "choice.reorder", verse: "a", order: ["ac", "ab"] },
        link("a", "first", "c", { index: 0 }),
        { op: "song.start", id: "b" },
        { op: "song.retitle", title: "Night walk" },
        { op: "choice.delete", id: "bc" },
        { op: "var.edit", name: "gold", spec: { type: "number", default: 4, min: 1, max: 20 } },
      ],
      base(),
    );
    const b = song.verses[1]!;
    assert.deepEqual([b.x, b.y, b.ending, b.tone, b.prose, b.choices], [120, -40, true, { emotion: "fear", intensity: 0.4 }, "Dark.", []]);
    assert.deepEqual(song.verses[0]!.choices, [
      { id: "first", label: "go c", target: "c", condition: null, effects: [] },
      { id: "ac", label: "go c", target: "b", condition: null, effects: [] },
      { id: "ab", label: "Walk on", target: "b", condition: "gold > 2", effects: ["gold -= 1"] },
    ]);
    assert.equal(song.start, "b");
    assert.equal(song.title, "Night walk");
    assert.deepEqual(song.variables, [{ name: "gold", type: "number", default: 4, min: 1, max: 20 }]);
    refused(song, { op: "choice.reorder", verse: "a", order: ["ac", "ab"] }, /each of the Verse's 3 choices once/);
    refused(song, { op: "choice.reorder", verse: "a", order: ["ac", "ab", "ab"] }, /once/);
  });

  it("[SG25] ops never change their input; untouched Verses are shared; a refused op changes nothing", () => {
    const song = base();
    const frozen = JSON.stringify(song);
    const { song: next } = applyOp(song, parseOp({ op: "verse.move", id: "b", x: 5, y: 5 }));
    assert.equal(JSON.stringify(song), frozen);
    assert.equal(next.verses[0], song.verses[0]);
    assert.equal(next.verses[2], song.verses[2]);
    assert.notEqual(next.verses[1], song.verses[1]);
    refused(song, { op: "choice.condition", id: "ab", condition: "gold > 1" }, /unknown variable "gold"/);
    assert.equal(JSON.stringify(song), frozen);
  });

  it("[SG26] conditions and effects are parsed and type-checked when set; errors carry positions", () => {
    const song = build([num("gold", 0), flag("lamp")], base()).song;
    refused(song, { op: "choice.condition", id: "ab", condition: " gold > " }, /condition: expected a value, found the end \(at 6\)/);
    refused(song, { op: "choice.condition", id: "ab", condition: "lamp < 1" }, /condition: "<" needs a number/);
    refused(song, { op: "choice.effects", id: "ab", effects: ["gold += 1", "toggle gold"] }, /effect 2: "gold" is a number/);
    refused(song, link("b", "n", "a", { condition: "silver" }), /unknown variable "silver"/);
    try {
      applyOp(song, parseOp({ op: "choice.condition", id: "ab", condition: "gold >> 1" }));
    } catch (err) {
      assert.deepEqual((err as DomainError).extra.details, { field: "condition", message: 'expected a value, found ">"', at: 6 });
    }
  });

  it("[SG27] variables: default within range, min not above max, names unique", () => {
    const song = base();
    refused(song, num("gold", 11, 0, 10), /default 11 is outside its range/);
    refused(song, num("gold", 0, 5, 1), /minimum 5 is above the maximum 1/);
    refused(build([flag("lamp")], song).song, flag("lamp"), /exists already/);
    refused(song, { op: "var.edit", name: "nope", spec: { type: "boolean", default: true } }, /no variable "nope"/);
  });

  it("[SG28] changing a variable's type is refused while a condition or effect uses it as the old type", () => {
    const song = build([num("gold", 0), { op: "choice.condition", id: "ab", condition: "gold > 1" }], base()).song;
    refused(song, { op: "var.edit", name: "gold", spec: { type: "boolean", default: true } }, /"gold" is used as a number in "Verse a" › "go b"/);
    const unused = build([num("silver", 0)], song).song;
    const { song: edited } = applyOp(unused, parseOp({ op: "var.edit", name: "silver", spec: { type: "boolean", default: true } }));
    assert.deepEqual(edited.variables[1], { name: "silver", type: "boolean", default: true });
  });

  it("[SG29] deleting a variable is refused while used, and the refusal lists where", () => {
    const song = build([num("gold", 0), flag("lamp"), { op: "choice.effects", id: "bc", effects: ["toggle lamp"] }, { op: "choice.condition", id: "ab", condition: "lamp or gold > 1" }], base()).song;
    refused(song, { op: "var.delete", name: "lamp" }, /"lamp" is still used in "Verse a" › "go b", "Verse b" › "go c"/);
    const { song: after } = build([{ op: "choice.condition", id: "ab", condition: null }, { op: "var.delete", name: "gold" }], song);
    assert.deepEqual(
      after.variables.map((v) => v.name),
      ["lamp"],
    );
  });
});

describe("Song limits", function () {
  // 500-Verse documents: seconds on a loaded 2-core machine, above the 5 s default.
  this.timeout(20_000);
  it("[SG30] at most 500 Verses", () => {
    const many = build(Array.from({ length: L.verses }, (_, i) => verse(`v${i}`))).song;
    assert.equal(many.verses.length, L.verses);
    refused(many, verse("one-more"), /at most 500 Verses/);
  });

  it("[SG31] at most 8 choices per Verse, 8 effects per choice, 50 variables", () => {
    const song = build([verse("a"), ...Array.from({ length: L.choicesPerVerse }, (_, i) => link("a", `c${i}`, "a"))]).song;
    refused(song, link("a", "c9", "a"), /at most 8 choices per Verse/);
    const vars = build(Array.from({ length: L.variables }, (_, i) => flag(`f${i}`))).song;
    refused(vars, flag("more"), /at most 50 variables/);
  });

  it("[SG32] prose at most 20,000 characters, titles 80, labels 120", () => {
    assert.ok(parseOp({ op: "verse.prose", id: "a", prose: "x".repeat(L.prose) }));
    assert.throws(() => parseOp({ op: "verse.prose", id: "a", prose: "x".repeat(L.prose + 1) }), /at most 20000 characters of prose/);
    assert.throws(() => parseOp(verse("a", { title: "t".repeat(L.title + 1) })), /at most 80 characters/);
    assert.throws(() => parseOp(link("a", "b", "c", { label: "l".repeat(L.label + 1) })), /at most 120 characters/);
  });

  it("[SG33] the whole Song serializes to at most 2,000,000 bytes", () => {
    const ops = Array.from({ length: 120 }, (_, i) => verse(`v${i}`, { prose: "p".repeat(L.prose - 100) }));
    const { song } = build(ops.slice(0, 99));
    assert.ok(serializedSize(song) < L.serialized);
    refused(build(ops.slice(99, 100), song).song, ops[100], /too large/);
    // Shrinking ops stay allowed on a full Song.
    const full = build(ops.slice(99, 100), song).song;
    assert.ok(applyOp(full, parseOp({ op: "verse.move", id: "v1", x: 1, y: 1 })));
  });

  it("[SG33] a move or an ending cleared cannot push a full Song past the limit (it would no longer load)", () => {
    let { song } = build(Array.from({ length: 100 }, (_, i) => verse(`v${i}`, { prose: "p".repeat(L.prose - 100), ending: true })));
    song = build([verse("fill", { prose: "p".repeat(L.serialized - serializedSize(song) - 201) })], song).song;
    let moved = song;
    for (let i = 0; i < 100; i++) {
      for (const raw of [
        { op: "verse.move", id: `v${i}`, x: -99999.123456789, y: -99999.123456789 },
        { op: "verse.ending", id: `v${i}`, ending: false },
      ]) {
        try {
          moved = applyOp(moved, parseOp(raw)).song;
        } catch (err) {
          assert.ok(err instanceof DomainError && /too large/.test(err.message), String(err));
        }
      }
    }
    assert.ok(serializedSize(moved) > serializedSize(song));
    assert.deepEqual(songProblems(moved), []);
  });

  it("[SG6] checkSong checks a stored document whole: shape, ids, links, start, sources, ranges", () => {
    const good = base();
    assert.deepEqual(songProblems(good), []);
    assert.deepEqual(checkSong(JSON.parse(JSON.stringify(good))), good);
    const broken = JSON.parse(JSON.stringify(good)) as Song;
    broken.verses[0]!.choices[0]!.target = "gone";
    broken.verses[1]!.choices.push({ id: "ab", label: "dup", target: "a", condition: "silver", effects: ["toggle x"] });
    broken.verses.push({ ...broken.verses[2]!, choices: [] });
    broken.variables.push({ name: "g", type: "number", default: 9, min: 0, max: 1 });
    assert.deepEqual(songProblems(broken), [
      'Verse id "c" is used twice',
      '"g": default outside its range',
      'choice "ab" leads to a missing Verse "gone"',
      'choice id "ab" is used twice',
      'choice "ab": condition: unknown variable "silver": declare it first',
      'choice "ab": effect 1: unknown variable "x": declare it first',
    ]);
    assert.throws(() => checkSong(broken), (e: unknown) => e instanceof DomainError && e.code === "BAD_INPUT");
    assert.deepEqual(songProblems({ ...emptySong("x"), start: "a" }), ["a Song without Verses has no start"]);
    assert.match(songProblems({ nope: 1 })[0]!, /format/);
  });
});

describe("Song ops: property", function () {
  // Property runs are CPU-bound: seconds on a loaded 2-core machine, above the 5 s default.
  this.timeout(30_000);
  const id = fc.constantFrom("a", "b", "c", "d", "__proto__");
  const cid = fc.constantFrom("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10");
  const coord = fc.integer({ min: -500, max: 500 });
  const source = fc.constantFrom("gold > 1", "lamp", "not lamp and gold < 3", "mood.p > 0", "gold >", "x == 1", "mood is bored");
  const effect = fc.constantFrom("gold += 1", "toggle lamp", "set gold = gold - 2", "gold += true");
  const op = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant("verse.add"), id, title: fc.constant("T"), x: coord, y: coord }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("verse.delete"), id }) },
    fc.record({ op: fc.constant("verse.move"), id, x: coord, y: coord }),
    fc.record({ op: fc.constant("verse.ending"), id, ending: fc.boolean() }),
    {
      weight: 6,
      arbitrary: fc.record({ op: fc.constant("choice.add"), verse: id, id: cid, label: fc.constant("L"), target: id, condition: fc.option(source, { nil: undefined }) }),
    },
    fc.record({ op: fc.constant("choice.delete"), id: cid }),
    fc.record({ op: fc.constant("choice.target"), id: cid, target: id }),
    fc.record({ op: fc.constant("choice.condition"), id: cid, condition: fc.option(source, { nil: null }) }),
    fc.record({ op: fc.constant("choice.effects"), id: cid, effects: fc.array(effect, { maxLength: 3 }) }),
    fc.record({ op: fc.constant("choice.reorder"), verse: id, order: fc.array(cid, { maxLength: 4 }) }),
    fc.record({ op: fc.constant("song.start"), id }),
    fc.constant(num("gold", 1, 0, 5)),
    fc.constant(flag("lamp")),
    fc.record({ op: fc.constant("var.delete"), name: fc.constantFrom("gold", "lamp") }),
    fc.record({ op: fc.constant("var.edit"), name: fc.constantFrom("gold", "lamp"), spec: fc.constantFrom({ type: "boolean", default: true }, { type: "number", default: 2, min: 0, max: 3 }) }),
  );

  it("[SG39] random op sequences never leave a dangling target, a missing start, a broken source or a limit exceeded", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 80 }), (ops) => {
        let song = emptySong("P");
        for (const raw of ops) {
          try {
            song = applyOp(song, parseOp(raw)).song;
          } catch (err) {
            if (!(err instanceof DomainError && err.code === "BAD_INPUT")) throw err;
          }
          assert.deepEqual(dangling(song), []);
          assert.deepEqual(songProblems(song), []);
          assert.ok(song.verses.every((v) => v.choices.length <= L.choicesPerVerse));
          assert.equal(song.start === null, song.verses.length === 0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("Song op batches", () => {
  it("[SG53] a batch applies in order, all or nothing, and says which op was refused", () => {
    const song = base();
    const { song: next, warnings } = applyOps(song, SongOpBatch.parse([verse("d"), link("c", "cd", "d"), ending("d"), { op: "verse.ending", id: "c", ending: false }]));
    assert.deepEqual(
      next.verses.map((v) => v.id),
      ["a", "b", "c", "d"],
    );
    assert.deepEqual(warnings, []);
    const before = JSON.stringify(song);
    assert.throws(
      () => applyOps(song, SongOpBatch.parse([verse("d"), link("c", "cd", "zz")])),
      (e: unknown) => e instanceof DomainError && e.code === "BAD_INPUT" && /^op 2 \(choice.add\): no Verse "zz"/.test(e.message),
    );
    assert.equal(JSON.stringify(song), before);
    assert.equal(SongOpBatch.safeParse([]).success, false);
    assert.equal(SongOpBatch.safeParse(Array(L.opsPerBatch + 1).fill(verse("x"))).success, false);
  });
});

describe("Song size", () => {
  it("[SG33] serializedSize equals the UTF-8 length of the JSON, also after ops that share Verses", () => {
    const bytes = (s: Song) => Buffer.byteLength(JSON.stringify(s), "utf8");
    let { song } = build([verse("a", { prose: 'quote " and \\ and \n and é, 雪, 🎵, lone \ud800' }), verse("b"), link("a", "x", "b"), num("gold", 1)]);
    assert.equal(serializedSize(song), bytes(song));
    song = build([{ op: "verse.retitle", id: "b", title: "Bee ünd 🎵" }, { op: "verse.delete", id: "b" }], song).song;
    assert.equal(serializedSize(song), bytes(song));
    assert.equal(serializedSize(emptySong("e")), bytes(emptySong("e")));
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), (prose) => serializedSize(build([verse("a", { prose })]).song) === bytes(build([verse("a", { prose })]).song)));
  });
});
