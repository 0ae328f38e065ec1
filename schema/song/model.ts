import { z } from "zod";
import { EMOTION_WORDS, type EmotionName, type MoodName, NEUTRAL, OCTANTS } from "../rules/feelings.ts";
import { cleanText } from "../rules/text.ts";
import { SONG_LIMITS as L } from "./limits.ts";

/**
 * The Song document (docs/SONG.md, SG1-SG6): the shape the server stores, the room holds,
 * publishing freezes and the client draws. Verses and choices are arrays, never objects
 * keyed by user-chosen ids, so an id like "__proto__" is just a string.
 */

/** Stable ids chosen once (by the room or the client) and never changed: links use them. */
export const SongId = z
  .string()
  .min(1)
  .max(L.id)
  .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, _ and - only");
export type SongId = z.infer<typeof SongId>;

const cleaned = (max: number, empty: string) =>
  z
    .string()
    .max(max * 4)
    .transform(cleanText)
    .pipe(z.string().min(1, empty).max(max, `at most ${max} characters`));

/** A title or label as people see it: cleaned (NFKC, no control or bidi characters). */
export const Title = cleaned(L.title, "title is empty");
export const Label = cleaned(L.label, "label is empty");
/** Prose is kept as written (it is a Y.Text in the room); only its length is bounded. */
export const Prose = z.string().max(L.prose, `at most ${L.prose} characters of prose`);
export const Coord = z.number().finite().min(-L.coord).max(L.coord);
/** Condition or effect source text; the parser checks the rest. */
export const Source = z.string().trim().min(1, "empty").max(L.source, `at most ${L.source} characters`);

const RESERVED = new Set(["and", "or", "not", "is", "true", "false", "mood", "set", "toggle"]);
/** A variable name: lowercase letter first, then lowercase letters, digits and _, not a keyword. */
export const VariableName = z
  .string()
  .min(1)
  .max(L.variableName)
  .regex(/^[a-z][a-z0-9_]*$/, "a lowercase letter, then lowercase letters, digits or _")
  .refine((n) => !RESERVED.has(n) && !(n in Object.prototype), "a reserved word");

export const EMOTION_NAMES = Object.keys(EMOTION_WORDS) as [EmotionName, ...EmotionName[]];
/**
 * A Verse's tone: the OCC emotion the reader feels on reaching it, as the PAD engine's
 * `impulse(state, emotion, intensity, now)` takes it (server/domain/pad/dynamics.ts).
 */
export const Tone = z.strictObject({
  emotion: z.enum(EMOTION_NAMES),
  intensity: z.number().finite().gt(0).max(1),
});
export type Tone = z.infer<typeof Tone>;

export const MOOD_NAMES = [...OCTANTS, NEUTRAL] as const satisfies readonly MoodName[];

export const Choice = z.strictObject({
  id: SongId,
  label: Label,
  target: SongId,
  /** Source text of the condition; null means always shown. */
  condition: Source.nullable(),
  /** Source text of each effect, applied in order when the choice is taken. */
  effects: z.array(Source).max(L.effectsPerChoice),
});
export type Choice = z.infer<typeof Choice>;

export const Verse = z.strictObject({
  id: SongId,
  title: Title,
  prose: Prose,
  tone: Tone.nullable(),
  ending: z.boolean(),
  x: Coord,
  y: Coord,
  choices: z.array(Choice).max(L.choicesPerVerse),
});
export type Verse = z.infer<typeof Verse>;

const Bound = z.number().finite().min(-L.number).max(L.number);
export const NumberVariable = z.strictObject({
  name: VariableName,
  type: z.literal("number"),
  default: Bound,
  min: Bound.nullable(),
  max: Bound.nullable(),
});
export const BooleanVariable = z.strictObject({
  name: VariableName,
  type: z.literal("boolean"),
  default: z.boolean(),
});
export const Variable = z.discriminatedUnion("type", [NumberVariable, BooleanVariable]);
export type NumberVariable = z.infer<typeof NumberVariable>;
export type BooleanVariable = z.infer<typeof BooleanVariable>;
export type Variable = z.infer<typeof Variable>;
export type VariableType = Variable["type"];

/** Format of the document; bumped with a migration when the shape changes. */
export const SONG_FORMAT = 1;

export const Song = z.strictObject({
  format: z.literal(SONG_FORMAT),
  title: Title,
  /** The start Verse; null only while the Song has no Verse. */
  start: SongId.nullable(),
  verses: z.array(Verse).max(L.verses),
  variables: z.array(Variable).max(L.variables),
});
export type Song = z.infer<typeof Song>;

/** A published version: an immutable snapshot with its content hash (SG50). */
export interface SongVersion {
  readonly song: Song;
  /** sha256 (hex) of the canonical JSON of `song`. */
  readonly hash: string;
}

/** The reader's mood as conditions see it: PAD axes in [-1, 1] and the label shown. */
export interface MoodInput {
  p: number;
  a: number;
  d: number;
  /** The label the reader sees (with hysteresis); computed from p, a, d when absent. */
  octant?: MoodName;
}

export type VariableValue = number | boolean;

/** One step of a reader's path: the Verse reached and the choice that led there. */
export const PathStep = z.strictObject({ verse: SongId, choice: SongId.nullable() });
export type PathStep = z.infer<typeof PathStep>;

/** Where one reader (or one reading group) is in a published version (SG40-SG46). */
export const ReaderState = z.strictObject({
  /** Hash of the version being read: a state never resumes against another version. */
  version: z.string().min(1).max(128),
  verse: SongId,
  vars: z.record(VariableName, z.union([z.number().finite(), z.boolean()])),
  /** The last SONG_LIMITS.path steps, oldest first. */
  path: z.array(PathStep).max(L.path),
  /** Steps taken since the start (the path may have dropped older ones). */
  steps: z.number().int().min(0),
  /** Verses seen, in first-visit order. */
  visited: z.array(SongId).max(L.verses),
  ended: z.boolean(),
});
export type ReaderState = z.infer<typeof ReaderState>;
