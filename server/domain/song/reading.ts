import type { Expr } from "#schema/song/condition.ts";
import { SONG_LIMITS as L } from "#schema/song/limits.ts";
import {
  type Choice,
  type MoodInput,
  ReaderState,
  type SongVersion,
  type Variable,
  type VariableValue,
  type Verse,
} from "#schema/song/model.ts";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../../core/errors.ts";
import type { EventImpulse } from "../pad/events.ts";
import { compilerFor } from "./compiled.ts";
import { applyEffects, clampValue, holds } from "./evaluate.ts";
import { readsMood } from "./types.ts";

/**
 * Reading a published version (docs/SONG.md, SG40-SG46), solo or as a group: pure
 * functions from a reader state to the next. The mood is passed in: the reader's own
 * mood solo, the room's mean mood together (roomMood() from the PAD engine fits as is).
 */

/** A Verse's tone as the PAD engine takes an event's impulse: `impulse(pad, emotion, intensity, now)`. */
export type ToneImpulse = EventImpulse & { who: "self" };

export interface Reading {
  state: ReaderState;
  verse: Verse;
  /** The tone of the Verse just reached, for the caller to apply to the reader's mood; null without tone. */
  impulse: ToneImpulse | null;
}

export interface AvailableChoice {
  id: string;
  label: string;
  target: string;
  /** "mood" when the condition reads the mood (the client marks such choices visibly). */
  gated: "mood" | null;
}

interface Index {
  verses: Map<string, Verse>;
  declared: Map<string, Variable>;
  conditions: Map<string, Expr>;
  effects: Map<string, ReturnType<typeof compileEffects>>;
}

const indexes = new WeakMap<SongVersion, Index>();

function compileEffects(version: SongVersion, choice: Choice) {
  const compiler = compilerFor(version.song.variables);
  return choice.effects.flatMap((src) => {
    const e = compiler.effect(src);
    return e.ok ? [e.value] : [];
  });
}

/** Lookups and compiled conditions of a version, built once per version object. */
function indexOf(version: SongVersion): Index {
  const hit = indexes.get(version);
  if (hit) return hit;
  const compiler = compilerFor(version.song.variables);
  const index: Index = {
    verses: new Map(version.song.verses.map((v) => [v.id, v])),
    declared: new Map(version.song.variables.map((v) => [v.name, v])),
    conditions: new Map(),
    effects: new Map(),
  };
  for (const verse of version.song.verses) {
    for (const choice of verse.choices) {
      if (choice.condition !== null) {
        const c = compiler.condition(choice.condition);
        // A published version was checked (snapshotForPublish); an unparsable condition hides its choice.
        index.conditions.set(choice.id, c.ok ? c.value : { k: "bool", v: false, at: 0 });
      }
      index.effects.set(choice.id, compileEffects(version, choice));
    }
  }
  indexes.set(version, index);
  return index;
}

const refuse = (message: string): never => {
  throw new DomainError(ErrorCode.BAD_INPUT, message);
};

const toneOf = (verse: Verse): ToneImpulse | null =>
  verse.tone ? { who: "self", emotion: verse.tone.emotion, intensity: verse.tone.intensity } : null;

function verseOf(version: SongVersion, id: string): Verse {
  return indexOf(version).verses.get(id) ?? refuse(`no Verse "${id}" in this version`);
}

const valuesOf = (index: Index, vars: Readonly<Record<string, VariableValue>>): Map<string, VariableValue> =>
  new Map([...index.declared.values()].map((v) => [v.name, Object.hasOwn(vars, v.name) ? vars[v.name]! : v.default]));

/** A fresh reading at the start Verse with every variable at its default (SG40). */
export function startReading(version: SongVersion): Reading {
  const start = version.song.start ?? refuse("this version has no start Verse");
  const verse = verseOf(version, start);
  const vars = Object.fromEntries(version.song.variables.map((v) => [v.name, v.default]));
  const state: ReaderState = {
    version: version.hash,
    verse: start,
    vars,
    path: [{ verse: start, choice: null }],
    steps: 0,
    visited: [start],
    ended: verse.ending,
  };
  return { state, verse, impulse: toneOf(verse) };
}

/** Restarting is starting again: same as startReading (SG44). */
export const restartReading = startReading;

/**
 * A stored state, checked against the version (SG43): its shape, the version hash, the
 * Verse, and every variable coerced into its declared type and range. A state that does
 * not belong to this version starts over (`resumed: false`).
 */
export function resumeReading(version: SongVersion, raw: unknown): Reading & { resumed: boolean } {
  const parsed = ReaderState.safeParse(raw);
  const index = indexOf(version);
  if (!parsed.success || parsed.data.version !== version.hash || !index.verses.has(parsed.data.verse)) {
    return { ...startReading(version), resumed: false };
  }
  const s = parsed.data;
  const vars = Object.fromEntries(
    [...index.declared.values()].map((v) => [v.name, clampValue(v, Object.hasOwn(s.vars, v.name) ? s.vars[v.name] : v.default)]),
  );
  const verse = index.verses.get(s.verse)!;
  const path = s.path.filter((p) => index.verses.has(p.verse));
  const visited = s.visited.filter((id) => index.verses.has(id));
  return { state: { ...s, vars, path, visited, ended: verse.ending }, verse, impulse: null, resumed: true };
}

/**
 * The choices shown at the reader's Verse (SG41-SG42): those whose condition holds for
 * the reader's variables and mood, in the author's order; a choice whose condition fails
 * is hidden. An ending offers nothing: the reading is over until a restart.
 */
export function availableChoices(version: SongVersion, state: ReaderState, mood: MoodInput): AvailableChoice[] {
  const index = indexOf(version);
  const verse = index.verses.get(state.verse);
  if (!verse || verse.ending) return [];
  const env = { vars: valuesOf(index, state.vars), mood };
  const out: AvailableChoice[] = [];
  for (const c of verse.choices) {
    const cond = index.conditions.get(c.id);
    if (cond && !holds(cond, env)) continue;
    out.push({ id: c.id, label: c.label, target: c.target, gated: cond && readsMood(cond) ? "mood" : null });
  }
  return out;
}

/**
 * Takes a choice (SG45): refused unless it is available now; applies its effects in
 * order (clamped), moves to its target, records the step and returns the target's tone.
 */
export function choose(version: SongVersion, state: ReaderState, choiceId: string, mood: MoodInput): Reading {
  if (state.ended) refuse("this reading has ended: restart to read again");
  const index = indexOf(version);
  if (!availableChoices(version, state, mood).some((c) => c.id === choiceId)) refuse("that choice is not available here");
  const choice = index.verses.get(state.verse)!.choices.find((c) => c.id === choiceId)!;
  const values = applyEffects(index.effects.get(choiceId) ?? [], valuesOf(index, state.vars), index.declared, mood);
  const verse = verseOf(version, choice.target);
  const path = [...state.path, { verse: verse.id, choice: choiceId }].slice(-L.path);
  const visited = state.visited.includes(verse.id) ? state.visited : [...state.visited, verse.id];
  const next: ReaderState = {
    ...state,
    verse: verse.id,
    vars: Object.fromEntries(values),
    path,
    steps: state.steps + 1,
    visited,
    ended: verse.ending,
  };
  return { state: next, verse, impulse: toneOf(verse) };
}
