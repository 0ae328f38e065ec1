import { SONG_LIMITS as L } from "#schema/song/limits.ts";
import { Song } from "#schema/song/model.ts";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../../core/errors.ts";
import { compilerOf } from "./compiled.ts";
import { clampValue } from "./evaluate.ts";
import { serializedSize } from "./ops.ts";

/**
 * Checks a whole Song document, e.g. one read from the store or a client import
 * (docs/SONG.md, SG6): the shape, unique ids, every link and the start pointing at an
 * existing Verse, every condition and effect well-typed, defaults in range, the size.
 * Returns the problems in words; `checkSong` throws BAD_INPUT when there is any.
 */
export function songProblems(raw: unknown): string[] {
  const parsed = Song.safeParse(raw);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join(".") || "song"}: ${i.message}`);
  const song = parsed.data;
  const problems: string[] = [];
  const verseIds = new Set<string>();
  const choiceIds = new Set<string>();
  for (const v of song.verses) {
    if (verseIds.has(v.id)) problems.push(`Verse id "${v.id}" is used twice`);
    verseIds.add(v.id);
  }
  const names = new Set<string>();
  for (const v of song.variables) {
    if (names.has(v.name)) problems.push(`variable "${v.name}" is declared twice`);
    names.add(v.name);
    if (v.type === "number" && clampValue(v, v.default) !== v.default) problems.push(`"${v.name}": default outside its range`);
    if (v.type === "number" && v.min !== null && v.max !== null && v.min > v.max) problems.push(`"${v.name}": min above max`);
  }
  if (song.verses.length > 0 && (song.start === null || !verseIds.has(song.start))) problems.push("the start is not a Verse");
  if (song.verses.length === 0 && song.start !== null) problems.push("a Song without Verses has no start");
  const compiler = compilerOf(song);
  for (const v of song.verses) {
    for (const c of v.choices) {
      if (choiceIds.has(c.id)) problems.push(`choice id "${c.id}" is used twice`);
      choiceIds.add(c.id);
      if (!verseIds.has(c.target)) problems.push(`choice "${c.id}" leads to a missing Verse "${c.target}"`);
      const cond = c.condition === null ? null : compiler.condition(c.condition);
      if (cond && !cond.ok) problems.push(`choice "${c.id}": condition: ${cond.problem.message}`);
      c.effects.forEach((e, i) => {
        const eff = compiler.effect(e);
        if (!eff.ok) problems.push(`choice "${c.id}": effect ${i + 1}: ${eff.problem.message}`);
      });
    }
  }
  const size = serializedSize(song);
  if (size > L.serialized) problems.push(`too large: ${size} of at most ${L.serialized} bytes`);
  return problems;
}

export function checkSong(raw: unknown): Song {
  const problems = songProblems(raw);
  if (problems.length > 0) {
    throw new DomainError(ErrorCode.BAD_INPUT, `not a valid Song: ${problems.slice(0, 5).join("; ")}`, { details: { problems } });
  }
  return Song.parse(raw);
}
