import { MOOD_NAMES } from "#schema/song/model.ts";
import type { CompareOp, Effect, Expr, MoodAxis, Parsed, SourceProblem } from "#schema/song/condition.ts";
import { SONG_LIMITS } from "#schema/song/limits.ts";
import type { MoodName } from "#schema/rules/feelings.ts";
import { describe, LexError, type Sym, type Token, tokenize } from "./lexer.ts";

/**
 * Recursive-descent parser of conditions and effects (docs/SONG.md, SG10-SG13). Grammar:
 *
 *   condition := or
 *   or        := and ("or" and)*
 *   and       := not ("and" not)*
 *   not       := "not" not | compare
 *   compare   := sum (("=="|"!="|"<"|"<="|">"|">=") sum)?      -- no chains: a < b < c is an error
 *   sum       := unary (("+"|"-") unary)*
 *   unary     := "-" unary | primary
 *   primary   := number | "true" | "false" | "(" or ")" | "mood" "." ("p"|"a"|"d")
 *              | "mood" "is" mood-name | variable
 *   effect    := "set" variable "=" or | variable "+=" number | variable "-=" number | "toggle" variable
 *
 * Nesting depth and node count are bounded (SONG_LIMITS.depth, .nodes), so no input can
 * make the parser, the type checker or the evaluator recurse deeply or run long.
 */

const COMPARE: readonly Sym[] = ["==", "!=", "<", "<=", ">", ">="];
const KEYWORDS = new Set(["and", "or", "not", "is", "true", "false", "mood", "set", "toggle"]);
const AXES: readonly string[] = ["p", "a", "d"];

class ParseError extends Error {
  constructor(readonly problem: SourceProblem) {
    super(problem.message);
    this.name = new.target.name;
  }
}

class Parser {
  #pos = 0;
  #depth = 0;
  #nodes = 0;
  constructor(readonly tokens: Token[]) {}

  get peek(): Token {
    return this.tokens[this.#pos]!;
  }
  next(): Token {
    const tok = this.peek;
    if (tok.t !== "end") this.#pos++;
    return tok;
  }
  fail(message: string, at = this.peek.at): never {
    throw new ParseError({ message, at });
  }
  isSym(v: Sym): boolean {
    return this.peek.t === "sym" && this.peek.v === v;
  }
  isWord(v: string): boolean {
    return this.peek.t === "word" && this.peek.v === v;
  }
  expectSym(v: Sym, what: string): void {
    if (!this.isSym(v)) this.fail(`expected "${v}" ${what}, found ${describe(this.peek)}`);
    this.next();
  }
  node<T extends Expr | Effect>(n: T): T {
    if (++this.#nodes > SONG_LIMITS.nodes) this.fail(`too complex: at most ${SONG_LIMITS.nodes} parts`, n.at);
    return n;
  }
  nested<T>(at: number, inner: () => T): T {
    if (++this.#depth > SONG_LIMITS.depth) this.fail(`nested too deeply: at most ${SONG_LIMITS.depth} levels`, at);
    const result = inner();
    this.#depth--;
    return result;
  }

  or(): Expr {
    let l = this.and();
    while (this.isWord("or")) {
      const at = this.next().at;
      l = this.node({ k: "or", l, r: this.and(), at });
    }
    return l;
  }
  and(): Expr {
    let l = this.not();
    while (this.isWord("and")) {
      const at = this.next().at;
      l = this.node({ k: "and", l, r: this.not(), at });
    }
    return l;
  }
  not(): Expr {
    if (!this.isWord("not")) return this.compare();
    const at = this.next().at;
    return this.nested(at, () => this.node({ k: "not", e: this.not(), at }));
  }
  compare(): Expr {
    const l = this.sum();
    const tok = this.peek;
    if (tok.t !== "sym" || !COMPARE.includes(tok.v)) return l;
    this.next();
    const r = this.sum();
    const after = this.peek;
    if (after.t === "sym" && COMPARE.includes(after.v)) {
      this.fail(`comparisons do not chain: write "a < b and b < c"`, after.at);
    }
    return this.node({ k: "cmp", op: tok.v as CompareOp, l, r, at: tok.at });
  }
  sum(): Expr {
    let l = this.unary();
    while (this.isSym("+") || this.isSym("-")) {
      const tok = this.next();
      const op = tok.text as "+" | "-";
      l = this.node({ k: "arith", op, l, r: this.unary(), at: tok.at });
    }
    return l;
  }
  unary(): Expr {
    if (!this.isSym("-")) return this.primary();
    const at = this.next().at;
    return this.nested(at, () => this.node({ k: "neg", e: this.unary(), at }));
  }
  primary(): Expr {
    const tok = this.peek;
    if (tok.t === "num") {
      this.next();
      return this.node({ k: "num", v: tok.v, at: tok.at });
    }
    if (tok.t === "sym" && tok.v === "(") {
      this.next();
      const inner = this.nested(tok.at, () => this.or());
      this.expectSym(")", `to close the "(" at ${tok.at}`);
      return inner;
    }
    if (tok.t !== "word") return this.fail(`expected a value, found ${describe(tok)}`);
    this.next();
    if (tok.v === "true" || tok.v === "false") return this.node({ k: "bool", v: tok.v === "true", at: tok.at });
    if (tok.v === "mood") return this.mood(tok.at);
    if (KEYWORDS.has(tok.v)) return this.fail(`"${tok.v}" is a keyword, not a value`, tok.at);
    return this.node({ k: "var", name: tok.v, at: tok.at });
  }
  mood(at: number): Expr {
    if (this.isWord("is")) {
      this.next();
      const name = this.peek;
      if (name.t !== "word" || !(MOOD_NAMES as readonly string[]).includes(name.v)) {
        this.fail(`expected a mood (${MOOD_NAMES.join(", ")}), found ${describe(name)}`);
      }
      this.next();
      return this.node({ k: "moodIs", mood: name.v as MoodName, at });
    }
    this.expectSym(".", 'after "mood" (mood.p, mood.a, mood.d or "mood is …")');
    const axis = this.peek;
    if (axis.t !== "word" || !AXES.includes(axis.v)) this.fail(`expected p, a or d after "mood.", found ${describe(axis)}`);
    this.next();
    return this.node({ k: "mood", axis: axis.v as MoodAxis, at });
  }

  variable(): { name: string; at: number } {
    const tok = this.peek;
    if (tok.t !== "word" || KEYWORDS.has(tok.v)) this.fail(`expected a variable name, found ${describe(tok)}`);
    this.next();
    return { name: tok.v as string, at: tok.at };
  }
  number(): number {
    const negative = this.isSym("-");
    if (negative) this.next();
    const tok = this.peek;
    if (tok.t !== "num") this.fail(`expected a number, found ${describe(tok)}`);
    this.next();
    return negative ? -(tok.v as number) : (tok.v as number);
  }
  effect(): Effect {
    const start = this.peek.at;
    if (this.isWord("set")) {
      this.next();
      const { name } = this.variable();
      this.expectSym("=", `after "set ${name}"`);
      return this.node({ k: "set", name, e: this.or(), at: start });
    }
    if (this.isWord("toggle")) {
      this.next();
      return this.node({ k: "toggle", name: this.variable().name, at: start });
    }
    const { name } = this.variable();
    const tok = this.peek;
    if (tok.t !== "sym" || (tok.v !== "+=" && tok.v !== "-=")) {
      return this.fail(`expected "+=" or "-=" after "${name}" (or write "set ${name} = …")`);
    }
    this.next();
    const n = this.number();
    return this.node({ k: "add", name, amount: tok.v === "+=" ? n : -n, at: start });
  }
  finish<T>(value: T): T {
    if (this.peek.t !== "end") this.fail(`unexpected ${describe(this.peek)}`);
    return value;
  }
}

function run<T>(src: string, body: (p: Parser) => T): Parsed<T> {
  try {
    const p = new Parser(tokenize(src));
    if (p.peek.t === "end") return { ok: false, problem: { message: "empty", at: 0 } };
    return { ok: true, value: p.finish(body(p)) };
  } catch (err) {
    if (err instanceof ParseError || err instanceof LexError) return { ok: false, problem: err.problem };
    throw err;
  }
}

/** Parses a condition's source into a tree, or says what is wrong and where. */
export const parseCondition = (src: string): Parsed<Expr> => run(src, (p) => p.or());
/** Parses one effect's source ("set x = …", "x += 1", "x -= 1", "toggle flag"). */
export const parseEffect = (src: string): Parsed<Effect> => run(src, (p) => p.effect());
