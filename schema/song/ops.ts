import { z } from "zod";
import { SONG_LIMITS as L } from "./limits.ts";
import { Coord, Label, Prose, SongId, Source, Title, Tone, VariableName } from "./model.ts";

/**
 * Structural operations on a Song (docs/SONG.md, SG20-SG29): data the room validates and
 * applies in order with `applyOp` (server/domain/song/ops.ts). Every field is bounded
 * here; the engine checks what needs the Song (ids exist, types, limits of the whole).
 */

const Number_ = z.number().finite().min(-L.number).max(L.number);
const Effects = z.array(Source).max(L.effectsPerChoice);

export const AddVerse = z.strictObject({
  op: z.literal("verse.add"),
  id: SongId,
  title: Title,
  x: Coord,
  y: Coord,
  prose: Prose.optional(),
  ending: z.boolean().optional(),
});
/** Deletes a Verse and, in the same step, every choice that leads to it. */
export const DeleteVerse = z.strictObject({ op: z.literal("verse.delete"), id: SongId });
export const RetitleVerse = z.strictObject({ op: z.literal("verse.retitle"), id: SongId, title: Title });
export const MoveVerse = z.strictObject({ op: z.literal("verse.move"), id: SongId, x: Coord, y: Coord });
export const SetEnding = z.strictObject({ op: z.literal("verse.ending"), id: SongId, ending: z.boolean() });
export const SetTone = z.strictObject({ op: z.literal("verse.tone"), id: SongId, tone: Tone.nullable() });
/** The prose snapshot (the room keeps the live text in Yjs and writes it back with this). */
export const SetProse = z.strictObject({ op: z.literal("verse.prose"), id: SongId, prose: Prose });

export const AddChoice = z.strictObject({
  op: z.literal("choice.add"),
  verse: SongId,
  id: SongId,
  label: Label,
  target: SongId,
  condition: Source.nullable().optional(),
  effects: Effects.optional(),
  /** Position among the Verse's choices; appended when absent. */
  index: z.number().int().min(0).max(L.choicesPerVerse).optional(),
});
export const DeleteChoice = z.strictObject({ op: z.literal("choice.delete"), id: SongId });
export const RelabelChoice = z.strictObject({ op: z.literal("choice.label"), id: SongId, label: Label });
export const RelinkChoice = z.strictObject({ op: z.literal("choice.target"), id: SongId, target: SongId });
export const SetCondition = z.strictObject({ op: z.literal("choice.condition"), id: SongId, condition: Source.nullable() });
export const SetEffects = z.strictObject({ op: z.literal("choice.effects"), id: SongId, effects: Effects });
/** The new order of a Verse's choices: a permutation of their ids. */
export const ReorderChoices = z.strictObject({
  op: z.literal("choice.reorder"),
  verse: SongId,
  order: z.array(SongId).max(L.choicesPerVerse),
});

export const SetStart = z.strictObject({ op: z.literal("song.start"), id: SongId });
export const RetitleSong = z.strictObject({ op: z.literal("song.retitle"), title: Title });

const NumberSpec = z.strictObject({
  type: z.literal("number"),
  default: Number_,
  min: Number_.nullable().optional(),
  max: Number_.nullable().optional(),
});
const BooleanSpec = z.strictObject({ type: z.literal("boolean"), default: z.boolean() });
const VariableSpec = z.discriminatedUnion("type", [NumberSpec, BooleanSpec]);

export const DeclareVariable = z.strictObject({ op: z.literal("var.declare"), name: VariableName, spec: VariableSpec });
/** Changes a variable's type, default or range; refused if a condition or effect would no longer type-check. */
export const EditVariable = z.strictObject({ op: z.literal("var.edit"), name: VariableName, spec: VariableSpec });
/** Refused while any condition or effect uses the variable (the refusal lists them). */
export const DeleteVariable = z.strictObject({ op: z.literal("var.delete"), name: VariableName });

export const SongOp = z.discriminatedUnion("op", [
  AddVerse,
  DeleteVerse,
  RetitleVerse,
  MoveVerse,
  SetEnding,
  SetTone,
  SetProse,
  AddChoice,
  DeleteChoice,
  RelabelChoice,
  RelinkChoice,
  SetCondition,
  SetEffects,
  ReorderChoices,
  SetStart,
  RetitleSong,
  DeclareVariable,
  EditVariable,
  DeleteVariable,
]);
export type SongOp = z.infer<typeof SongOp>;
export type SongOpName = SongOp["op"];
export type VariableSpec = z.infer<typeof VariableSpec>;
export const SONG_OP_NAMES = SongOp.options.map((o) => o.shape.op.value) as SongOpName[];

/** Several ops applied in order, all or nothing (`applyOps`). */
export const SongOpBatch = z.array(SongOp).min(1).max(L.opsPerBatch);
export type SongOpBatch = z.infer<typeof SongOpBatch>;
