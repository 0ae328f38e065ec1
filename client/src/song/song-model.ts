import type { Choice, Song, Variable, Verse } from "#schema/song/model.ts";
import type { SongOp } from "#schema/song/ops.ts";

/**
 * Mirrors an op the room has already applied (broadcast `song:op`, in seq order) onto the
 * client's copy of the Song. The room checked it; this only replays it, so no validation
 * here. Prose is the Y.Text's business, not this copy's.
 */
export function mirrorOp(song: Song, op: SongOp): Song {
  const verses = (fn: (v: Verse) => Verse): Song => ({ ...song, verses: song.verses.map(fn) });
  const verse = (id: string, fn: (v: Verse) => Verse) => verses((v) => (v.id === id ? fn(v) : v));
  const choice = (id: string, fn: (c: Choice) => Choice) => verses((v) => ({ ...v, choices: v.choices.map((c) => (c.id === id ? fn(c) : c)) }));
  switch (op.op) {
    case "verse.add": {
      const added: Verse = { id: op.id, title: op.title, prose: op.prose ?? "", tone: null, ending: op.ending ?? false, x: op.x, y: op.y, choices: [] };
      return { ...song, verses: [...song.verses, added], start: song.start ?? op.id };
    }
    case "verse.delete": {
      const rest = song.verses.filter((v) => v.id !== op.id).map((v) => ({ ...v, choices: v.choices.filter((c) => c.target !== op.id) }));
      return { ...song, verses: rest, start: song.start === op.id ? null : song.start };
    }
    case "verse.retitle":
      return verse(op.id, (v) => ({ ...v, title: op.title }));
    case "verse.move":
      return verse(op.id, (v) => ({ ...v, x: op.x, y: op.y }));
    case "verse.ending":
      return verse(op.id, (v) => ({ ...v, ending: op.ending }));
    case "verse.tone":
      return verse(op.id, (v) => ({ ...v, tone: op.tone }));
    case "verse.prose":
      return verse(op.id, (v) => ({ ...v, prose: op.prose }));
    case "choice.add":
      return verse(op.verse, (v) => {
        const added: Choice = { id: op.id, label: op.label, target: op.target, condition: op.condition ?? null, effects: op.effects ?? [] };
        const choices = [...v.choices];
        choices.splice(op.index ?? choices.length, 0, added);
        return { ...v, choices };
      });
    case "choice.delete":
      return verses((v) => ({ ...v, choices: v.choices.filter((c) => c.id !== op.id) }));
    case "choice.label":
      return choice(op.id, (c) => ({ ...c, label: op.label }));
    case "choice.target":
      return choice(op.id, (c) => ({ ...c, target: op.target }));
    case "choice.condition":
      return choice(op.id, (c) => ({ ...c, condition: op.condition }));
    case "choice.effects":
      return choice(op.id, (c) => ({ ...c, effects: op.effects }));
    case "choice.reorder":
      return verse(op.verse, (v) => ({ ...v, choices: op.order.map((id) => v.choices.find((c) => c.id === id)).filter((c): c is Choice => c !== undefined) }));
    case "song.start":
      return { ...song, start: op.id };
    case "song.retitle":
      return { ...song, title: op.title };
    case "var.declare":
    case "var.edit": {
      const v = { name: op.name, ...op.spec, ...(op.spec.type === "number" ? { min: op.spec.min ?? null, max: op.spec.max ?? null } : {}) } as Variable;
      const exists = song.variables.some((x) => x.name === op.name);
      return { ...song, variables: exists ? song.variables.map((x) => (x.name === op.name ? v : x)) : [...song.variables, v] };
    }
    case "var.delete":
      return { ...song, variables: song.variables.filter((x) => x.name !== op.name) };
  }
}

/** A fresh id for a Verse or choice: random, so two co-authors adding at once never collide. */
export function newSongId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `${prefix}${Array.from(bytes, (b) => b.toString(36).padStart(2, "0")).join("")}`;
}
