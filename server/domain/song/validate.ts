import type { SongWarning } from "#schema/song/condition.ts";
import type { Song } from "#schema/song/model.ts";
import { compilerOf } from "./compiled.ts";
import { type Adjacency, components, reachableFrom, reverse } from "./graph.ts";

/**
 * The warnings shown to editors after every structural change (docs/SONG.md, SG34-SG38).
 * None of them blocks an edit: a story is unfinished while it is being written. Choices
 * whose condition can never hold are left out of the graph for the other checks, since
 * no reader can ever take them.
 */
export function validateSong(song: Song): SongWarning[] {
  const warnings: SongWarning[] = [];
  const { verses } = song;
  if (verses.length === 0) return warnings;
  const indexOf = new Map(verses.map((v, i) => [v.id, i]));
  const compiler = compilerOf(song);
  const adj: number[][] = verses.map(() => []);

  verses.forEach((verse, i) => {
    for (const choice of verse.choices) {
      const target = indexOf.get(choice.target);
      if (target === undefined) continue; // cannot happen through applyOp (SG21)
      if (choice.condition !== null && compiler.neverHolds(choice.condition)) {
        warnings.push({
          kind: "never-holds",
          verse: verse.id,
          choice: choice.id,
          message: `"${choice.label}" in "${verse.title}" can never be shown: its condition never holds within the variables' ranges`,
        });
        continue;
      }
      adj[i]!.push(target);
    }
  });

  const start = song.start === null ? undefined : indexOf.get(song.start);
  if (start === undefined) warnings.push({ kind: "no-start", message: "the Song has no start Verse" });
  const reached = reachableFrom(adj, start === undefined ? [] : [start]);
  const endings = verses.flatMap((v, i) => (v.ending ? [i] : []));
  const canEnd = reachableFrom(reverse(adj), endings);

  verses.forEach((verse, i) => {
    if (start !== undefined && !reached[i]) {
      warnings.push({ kind: "unreachable", verse: verse.id, message: `"${verse.title}" cannot be reached from the start` });
    }
    if (!verse.ending && adj[i]!.length === 0) {
      const why = verse.choices.length === 0 ? "has no choices" : "has no choice that can ever be shown";
      warnings.push({ kind: "dead-end", verse: verse.id, message: `"${verse.title}" is not an ending and ${why}` });
    }
  });

  for (const comp of traps(adj, canEnd)) {
    const ids = comp.map((i) => verses[i]!.id);
    const names = comp
      .slice(0, 3)
      .map((i) => `"${verses[i]!.title}"`)
      .join(", ");
    warnings.push({
      kind: "trap",
      verses: ids,
      message: `${names}${comp.length > 3 ? ` and ${comp.length - 3} more` : ""} form a loop with no way to an ending`,
    });
  }
  return warnings;
}

/** Cycles (SCCs with a loop) from which no ending can be reached. */
function traps(adj: Adjacency, canEnd: Uint8Array): number[][] {
  return components(adj)
    .filter((comp) => comp.length > 1 || adj[comp[0]!]!.includes(comp[0]!))
    .filter((comp) => comp.every((i) => !canEnd[i]))
    .map((comp) => comp.sort((a, b) => a - b));
}
