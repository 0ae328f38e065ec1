import type { MoodName } from "../rules/feelings.ts";

/**
 * The condition and effect language as data (docs/SONG.md, SG10-SG19): the parser on the
 * server builds these trees; the client reads the problems to show them in words.
 */

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";
export type MoodAxis = "p" | "a" | "d";

/** Every node carries `at`: the 0-based character offset in the source it came from. */
export type Expr =
  | { k: "num"; v: number; at: number }
  | { k: "bool"; v: boolean; at: number }
  | { k: "var"; name: string; at: number }
  | { k: "mood"; axis: MoodAxis; at: number }
  | { k: "moodIs"; mood: MoodName; at: number }
  | { k: "not"; e: Expr; at: number }
  | { k: "neg"; e: Expr; at: number }
  | { k: "and" | "or"; l: Expr; r: Expr; at: number }
  | { k: "arith"; op: "+" | "-"; l: Expr; r: Expr; at: number }
  | { k: "cmp"; op: CompareOp; l: Expr; r: Expr; at: number };

export type Effect =
  | { k: "set"; name: string; e: Expr; at: number }
  | { k: "add"; name: string; amount: number; at: number }
  | { k: "toggle"; name: string; at: number };

/** A parse or type error: what is wrong, in words, and where (0-based offset). */
export interface SourceProblem {
  message: string;
  at: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: SourceProblem };

/** What validation reports to editors; none of these blocks an edit (SG34-SG38). */
export type SongWarning =
  | { kind: "no-start"; message: string }
  | { kind: "unreachable"; verse: string; message: string }
  | { kind: "dead-end"; verse: string; message: string }
  | { kind: "never-holds"; verse: string; choice: string; message: string }
  | { kind: "trap"; verses: string[]; message: string };
export type SongWarningKind = SongWarning["kind"];
