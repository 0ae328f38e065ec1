import type { SourceProblem } from "#schema/song/condition.ts";
import { SONG_LIMITS } from "#schema/song/limits.ts";

/**
 * The tokenizer of the condition and effect language (docs/SONG.md, SG10). Hand-written,
 * character by character: anything it does not know is an error with its position, so a
 * hostile string can only ever become tokens, never code.
 */
export type Token =
  | { t: "num"; v: number; at: number; text: string }
  | { t: "word"; v: string; at: number; text: string }
  | { t: "sym"; v: Sym; at: number; text: string }
  | { t: "end"; at: number; text: string };

const SYMBOLS = ["==", "!=", "<=", ">=", "+=", "-=", "<", ">", "=", "+", "-", "(", ")", "."] as const;
export type Sym = (typeof SYMBOLS)[number];

const isDigit = (c: string) => c >= "0" && c <= "9";
const isWordStart = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
const isWordPart = (c: string) => isWordStart(c) || isDigit(c);
/** Longest literal: 1000000000.5 style numbers fit; longer ones are refused, not rounded. */
const NUMBER_CHARS = 16;

export class LexError extends Error {
  constructor(readonly problem: SourceProblem) {
    super(problem.message);
    this.name = new.target.name;
  }
}

const fail = (message: string, at: number): never => {
  throw new LexError({ message, at });
};

function readNumber(src: string, start: number): Token {
  let i = start;
  while (i < src.length && isDigit(src[i]!)) i++;
  if (src[i] === "." && isDigit(src[i + 1] ?? "")) {
    i++;
    while (i < src.length && isDigit(src[i]!)) i++;
  }
  const text = src.slice(start, i);
  if (text.length > NUMBER_CHARS) fail(`the number "${text.slice(0, 8)}…" is too long`, start);
  const v = Number(text);
  if (v > SONG_LIMITS.number) fail(`numbers are at most ${SONG_LIMITS.number}`, start);
  if (isWordPart(src[i] ?? "")) fail(`a number cannot run into a name ("${src.slice(start, i + 1)}")`, start);
  return { t: "num", v, at: start, text };
}

function readWord(src: string, start: number): Token {
  let i = start;
  while (i < src.length && isWordPart(src[i]!)) i++;
  const text = src.slice(start, i);
  if (text.length > SONG_LIMITS.variableName) fail(`the name "${text.slice(0, 12)}…" is too long`, start);
  return { t: "word", v: text, at: start, text };
}

/** Splits `src` into tokens, ending with an `end` token. Throws LexError. */
export function tokenize(src: string): Token[] {
  if (src.length > SONG_LIMITS.source) fail(`at most ${SONG_LIMITS.source} characters`, SONG_LIMITS.source);
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (isDigit(c)) out.push(readNumber(src, i));
    else if (isWordStart(c)) out.push(readWord(src, i));
    else {
      const sym = SYMBOLS.find((s) => src.startsWith(s, i));
      if (!sym) fail(`unexpected character ${JSON.stringify(c)}`, i);
      out.push({ t: "sym", v: sym as Sym, at: i, text: sym as Sym });
    }
    i = out[out.length - 1]!.at + out[out.length - 1]!.text.length;
  }
  out.push({ t: "end", at: src.length, text: "" });
  return out;
}

/** How a token reads in an error message. */
export const describe = (tok: Token): string => (tok.t === "end" ? "the end" : `"${tok.text}"`);
