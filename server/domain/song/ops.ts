import type { SongWarning } from "#schema/song/condition.ts";
import { SONG_LIMITS as L } from "#schema/song/limits.ts";
import { type Choice, SONG_FORMAT, type Song, type Variable, type Verse } from "#schema/song/model.ts";
import { SongOp, type VariableSpec } from "#schema/song/ops.ts";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../../core/errors.ts";
import { type Compiler, compilerFor, compilerOf } from "./compiled.ts";
import { variablesIn } from "./types.ts";
import { validateSong } from "./validate.ts";

/**
 * Structural operations (docs/SONG.md, SG20-SG33): `applyOp` checks one op against the
 * Song and returns the next Song (structurally shared: untouched Verses are the same
 * objects) with the warnings, or throws DomainError(BAD_INPUT) and changes nothing.
 * Links are by id and every op that names a Verse or choice checks it exists, so no
 * choice can ever point at a missing Verse.
 */

export interface Applied {
  song: Song;
  warnings: SongWarning[];
}

const refuse = (message: string, details?: unknown): never => {
  throw new DomainError(ErrorCode.BAD_INPUT, message, details === undefined ? {} : { details });
};

export function emptySong(title: string): Song {
  return { format: SONG_FORMAT, title, start: null, verses: [], variables: [] };
}

/** Checks a raw op with its zod schema; BAD_INPUT with the issues when it does not fit. */
export function parseOp(raw: unknown): SongOp {
  const parsed = SongOp.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return refuse(`bad operation: ${issues.map((i) => `${i.path || "op"}: ${i.message}`).join("; ")}`, { issues });
  }
  return parsed.data;
}

/** Applies one (schema-checked) op; see the module comment. */
export function applyOp(song: Song, op: SongOp): Applied {
  const next = replayOp(song, op);
  return { song: next, warnings: validateSong(next) };
}

/**
 * The same change and the same refusals as applyOp, without the warnings: for replaying
 * a stored log, where nobody reads them. Validation costs milliseconds on a full Song
 * (and a whole re-analysis after a variable op), so a room replaying a 30 s log after a
 * restart would otherwise hold the event loop for seconds.
 */
export function replayOp(song: Song, op: SongOp): Song {
  const next = apply(song, op);
  if (GROWS.has(op.op)) checkSize(next);
  return next;
}

/**
 * Applies ops in order, all or nothing (SG53): a client can add a Verse and link it in
 * one step, and a refusal of any op leaves the Song as it was. Validated once, at the end.
 */
export function applyOps(song: Song, ops: readonly SongOp[]): Applied {
  let next = song;
  let grows = false;
  ops.forEach((op, index) => {
    try {
      next = apply(next, op);
    } catch (err) {
      if (err instanceof DomainError && ops.length > 1) {
        throw new DomainError(err.code, `op ${index + 1} (${op.op}): ${err.message}`, { details: { index, ...(err.extra.details as object) } });
      }
      throw err;
    }
    grows ||= GROWS.has(op.op);
  });
  if (grows) checkSize(next);
  return { song: next, warnings: validateSong(next) };
}

/**
 * Ops that can make the serialized Song longer; the others skip the size check. A move
 * (`0` to `-99999.123456789`) or `ending: true` to `false` grows it too: left out, they
 * pushed a full Song past the limit, and `checkSong` then refused to load it.
 */
const GROWS = new Set<SongOp["op"]>([
  "verse.add",
  "verse.retitle",
  "verse.move",
  "verse.ending",
  "verse.tone",
  "verse.prose",
  "choice.add",
  "choice.label",
  "choice.target",
  "choice.condition",
  "choice.effects",
  "song.retitle",
  "var.declare",
  "var.edit",
  "song.start",
]);

/** UTF-8 length of a string, without allocating (runs in browsers too: no Buffer). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3; // a lone surrogate is written as U+FFFD (3 bytes)
  }
  return bytes;
}

/** JSON size of each Verse object; Verses are never mutated, so the size stays right. */
const verseSizes = new WeakMap<Verse, number>();

function verseSize(verse: Verse): number {
  let size = verseSizes.get(verse);
  if (size === undefined) {
    size = utf8Length(JSON.stringify(verse));
    verseSizes.set(verse, size);
  }
  return size;
}

/**
 * Exactly the UTF-8 byte length of `JSON.stringify(song)`, without re-serializing
 * unchanged Verses: an op on a 2 MB Song then costs the size of what it changed.
 */
export function serializedSize(song: Song): number {
  const shell = utf8Length(JSON.stringify({ ...song, verses: [] }));
  const n = song.verses.length;
  return shell + song.verses.reduce((sum, v) => sum + verseSize(v), 0) + Math.max(0, n - 1);
}

function checkSize(song: Song): void {
  const size = serializedSize(song);
  if (size > L.serialized) refuse(`the Song would be too large (${size} of at most ${L.serialized} bytes)`);
}

// ---- lookups -------------------------------------------------------------------------

function verseIndex(song: Song, id: string): number {
  const i = song.verses.findIndex((v) => v.id === id);
  return i >= 0 ? i : refuse(`no Verse "${id}"`);
}

function findChoice(song: Song, id: string): { vi: number; ci: number } {
  for (let vi = 0; vi < song.verses.length; vi++) {
    const ci = song.verses[vi]!.choices.findIndex((c) => c.id === id);
    if (ci >= 0) return { vi, ci };
  }
  return refuse(`no choice "${id}"`);
}

const choiceIdTaken = (song: Song, id: string): boolean => song.verses.some((v) => v.choices.some((c) => c.id === id));

function withVerse(song: Song, vi: number, verse: Verse): Song {
  const verses = song.verses.slice();
  verses[vi] = verse;
  return { ...song, verses };
}

function updateVerse(song: Song, id: string, change: (v: Verse) => Verse): Song {
  const vi = verseIndex(song, id);
  return withVerse(song, vi, change(song.verses[vi]!));
}

function updateChoice(song: Song, id: string, change: (c: Choice) => Choice): Song {
  const { vi, ci } = findChoice(song, id);
  const verse = song.verses[vi]!;
  const choices = verse.choices.slice();
  choices[ci] = change(choices[ci]!);
  return withVerse(song, vi, { ...verse, choices });
}

// ---- conditions and effects ----------------------------------------------------------

function checkCondition(compiler: Compiler, src: string | null): string | null {
  if (src === null) return null;
  const c = compiler.condition(src);
  if (!c.ok) refuse(`condition: ${c.problem.message} (at ${c.problem.at})`, { field: "condition", ...c.problem });
  return src;
}

function checkEffects(compiler: Compiler, effects: readonly string[]): string[] {
  effects.forEach((src, index) => {
    const e = compiler.effect(src);
    if (!e.ok) refuse(`effect ${index + 1}: ${e.problem.message} (at ${e.problem.at})`, { field: "effects", index, ...e.problem });
  });
  return [...effects];
}

// ---- the ops -------------------------------------------------------------------------

function apply(song: Song, op: SongOp): Song {
  switch (op.op) {
    case "verse.add":
      return addVerse(song, op);
    case "verse.delete":
      return deleteVerse(song, op.id);
    case "verse.retitle":
      return updateVerse(song, op.id, (v) => ({ ...v, title: op.title }));
    case "verse.move":
      return updateVerse(song, op.id, (v) => ({ ...v, x: op.x, y: op.y }));
    case "verse.ending":
      return updateVerse(song, op.id, (v) => ({ ...v, ending: op.ending }));
    case "verse.tone":
      return updateVerse(song, op.id, (v) => ({ ...v, tone: op.tone === null ? null : { ...op.tone } }));
    case "verse.prose":
      return updateVerse(song, op.id, (v) => ({ ...v, prose: op.prose }));
    case "choice.add":
      return addChoice(song, op);
    case "choice.delete": {
      const { vi, ci } = findChoice(song, op.id);
      const verse = song.verses[vi]!;
      return withVerse(song, vi, { ...verse, choices: verse.choices.filter((_, i) => i !== ci) });
    }
    case "choice.label":
      return updateChoice(song, op.id, (c) => ({ ...c, label: op.label }));
    case "choice.target":
      verseIndex(song, op.target);
      return updateChoice(song, op.id, (c) => ({ ...c, target: op.target }));
    case "choice.condition": {
      const condition = checkCondition(compilerOf(song), op.condition);
      return updateChoice(song, op.id, (c) => ({ ...c, condition }));
    }
    case "choice.effects": {
      const effects = checkEffects(compilerOf(song), op.effects);
      return updateChoice(song, op.id, (c) => ({ ...c, effects }));
    }
    case "choice.reorder":
      return reorder(song, op.verse, op.order);
    case "song.start":
      verseIndex(song, op.id);
      return { ...song, start: op.id };
    case "song.retitle":
      return { ...song, title: op.title };
    case "var.declare":
      return declareVariable(song, op.name, op.spec);
    case "var.edit":
      return editVariable(song, op.name, op.spec);
    case "var.delete":
      return deleteVariable(song, op.name);
  }
}

function addVerse(song: Song, op: Extract<SongOp, { op: "verse.add" }>): Song {
  if (song.verses.length >= L.verses) refuse(`at most ${L.verses} Verses`);
  if (song.verses.some((v) => v.id === op.id)) refuse(`a Verse "${op.id}" exists already`);
  const verse: Verse = {
    id: op.id,
    title: op.title,
    prose: op.prose ?? "",
    tone: null,
    ending: op.ending ?? false,
    x: op.x,
    y: op.y,
    choices: [],
  };
  return { ...song, start: song.start ?? op.id, verses: [...song.verses, verse] };
}

/** Removes the Verse and every choice leading to it in one step (SG22). */
function deleteVerse(song: Song, id: string): Song {
  const vi = verseIndex(song, id);
  if (song.start === id && song.verses.length > 1) refuse("this is the start Verse: choose another start first");
  const verses: Verse[] = [];
  song.verses.forEach((verse, i) => {
    if (i === vi) return;
    const kept = verse.choices.filter((c) => c.target !== id);
    verses.push(kept.length === verse.choices.length ? verse : { ...verse, choices: kept });
  });
  return { ...song, start: verses.length === 0 ? null : song.start, verses };
}

function addChoice(song: Song, op: Extract<SongOp, { op: "choice.add" }>): Song {
  const vi = verseIndex(song, op.verse);
  verseIndex(song, op.target);
  const verse = song.verses[vi]!;
  if (verse.choices.length >= L.choicesPerVerse) refuse(`at most ${L.choicesPerVerse} choices per Verse`);
  if (choiceIdTaken(song, op.id)) refuse(`a choice "${op.id}" exists already`);
  const compiler = compilerOf(song);
  const choice: Choice = {
    id: op.id,
    label: op.label,
    target: op.target,
    condition: checkCondition(compiler, op.condition ?? null),
    effects: checkEffects(compiler, op.effects ?? []),
  };
  const at = Math.min(op.index ?? verse.choices.length, verse.choices.length);
  const choices = [...verse.choices.slice(0, at), choice, ...verse.choices.slice(at)];
  return withVerse(song, vi, { ...verse, choices });
}

function reorder(song: Song, id: string, order: readonly string[]): Song {
  const vi = verseIndex(song, id);
  const verse = song.verses[vi]!;
  const byId = new Map(verse.choices.map((c) => [c.id, c]));
  const isPermutation = order.length === byId.size && new Set(order).size === order.length && order.every((c) => byId.has(c));
  if (!isPermutation) refuse(`the order must list each of the Verse's ${byId.size} choices once`);
  return withVerse(song, vi, { ...verse, choices: order.map((c) => byId.get(c)!) });
}

// ---- variables -----------------------------------------------------------------------

function toVariable(name: string, spec: VariableSpec): Variable {
  if (spec.type === "boolean") return { name, type: "boolean", default: spec.default };
  const min = spec.min ?? null;
  const max = spec.max ?? null;
  if (min !== null && max !== null && min > max) refuse(`"${name}": the minimum ${min} is above the maximum ${max}`);
  if ((min !== null && spec.default < min) || (max !== null && spec.default > max)) {
    refuse(`"${name}": the default ${spec.default} is outside its range`);
  }
  return { name, type: "number", default: spec.default, min, max };
}

function declareVariable(song: Song, name: string, spec: VariableSpec): Song {
  if (song.variables.length >= L.variables) refuse(`at most ${L.variables} variables`);
  if (song.variables.some((v) => v.name === name)) refuse(`a variable "${name}" exists already`);
  return { ...song, variables: [...song.variables, toVariable(name, spec)] };
}

/** Where each source that uses `name` sits, as "Verse title › choice label". */
function usesOf(song: Song, name: string): string[] {
  const compiler = compilerOf(song);
  const uses: string[] = [];
  for (const verse of song.verses) {
    for (const choice of verse.choices) {
      const sources = [
        ...(choice.condition === null ? [] : [compiler.condition(choice.condition)]),
        ...choice.effects.map((e) => compiler.effect(e)),
      ];
      if (sources.some((s) => s.ok && variablesIn(s.value).has(name))) uses.push(`"${verse.title}" › "${choice.label}"`);
    }
  }
  return uses;
}

const listed = (uses: string[]): string => `${uses.slice(0, 5).join(", ")}${uses.length > 5 ? ` and ${uses.length - 5} more` : ""}`;

function editVariable(song: Song, name: string, spec: VariableSpec): Song {
  const i = song.variables.findIndex((v) => v.name === name);
  if (i < 0) refuse(`no variable "${name}"`);
  const variables = song.variables.slice();
  variables[i] = toVariable(name, spec);
  if (song.variables[i]!.type !== spec.type) {
    // A type change must leave every condition and effect well-typed (SG28).
    const compiler = compilerFor(variables);
    const broken: string[] = [];
    for (const verse of song.verses) {
      for (const c of verse.choices) {
        const ok =
          (c.condition === null || compiler.condition(c.condition).ok) && c.effects.every((e) => compiler.effect(e).ok);
        if (!ok) broken.push(`"${verse.title}" › "${c.label}"`);
      }
    }
    if (broken.length > 0) refuse(`"${name}" is used as a ${song.variables[i]!.type} in ${listed(broken)}`, { uses: broken });
  }
  return { ...song, variables };
}

function deleteVariable(song: Song, name: string): Song {
  if (!song.variables.some((v) => v.name === name)) refuse(`no variable "${name}"`);
  const uses = usesOf(song, name);
  if (uses.length > 0) refuse(`"${name}" is still used in ${listed(uses)}`, { uses });
  return { ...song, variables: song.variables.filter((v) => v.name !== name) };
}
