import type { SongWarning } from "../../schema/song/condition.ts";
import type { Song } from "../../schema/song/model.ts";
import { applyOp, emptySong, parseOp } from "../../server/domain/song/index.ts";

/** Applies raw ops (checked by their zod schema first, as the room will) to a Song. */
export function build(ops: readonly unknown[], from: Song = emptySong("A test song")): { song: Song; warnings: SongWarning[] } {
  let song = from;
  let warnings: SongWarning[] = [];
  for (const raw of ops) ({ song, warnings } = applyOp(song, parseOp(raw)));
  return { song, warnings };
}

export const verse = (id: string, extra: Record<string, unknown> = {}) => ({ op: "verse.add", id, title: `Verse ${id}`, x: 0, y: 0, ...extra });
export const link = (from: string, id: string, to: string, extra: Record<string, unknown> = {}) => ({
  op: "choice.add",
  verse: from,
  id,
  label: `go ${to}`,
  target: to,
  ...extra,
});
export const ending = (id: string) => ({ op: "verse.ending", id, ending: true });
export const num = (name: string, def: number, min: number | null = null, max: number | null = null) => ({
  op: "var.declare",
  name,
  spec: { type: "number", default: def, min, max },
});
export const flag = (name: string, def = false) => ({ op: "var.declare", name, spec: { type: "boolean", default: def } });

/** The kinds of warnings, with their subject, sorted: easy to compare in tests. */
export const kinds = (ws: readonly SongWarning[]): string[] =>
  ws
    .map((w) =>
      w.kind === "trap" ? `trap:${w.verses.join("+")}` : w.kind === "never-holds" ? `never-holds:${w.choice}` : "verse" in w ? `${w.kind}:${w.verse}` : w.kind,
    )
    .sort();

/** Every choice target of a Song that is not one of its Verses (must always be empty). */
export function dangling(song: Song): string[] {
  const ids = new Set(song.verses.map((v) => v.id));
  return song.verses.flatMap((v) => v.choices.filter((c) => !ids.has(c.target)).map((c) => `${v.id}->${c.target}`));
}
