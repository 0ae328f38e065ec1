import type { SourcePosition } from "./sandbox.ts";

/** The file name the sandbox gives the user's source when it evaluates it. */
export const SCRIPT_FILE = "script.js";

const AT_SCRIPT = /script\.js:(\d+)(?::(\d+))?/;

/**
 * Where in the user's source an error happened, from a QuickJS stack ("at f (script.js:3:5)"
 * for runtime errors, "at script.js:2:10" for syntax errors): the innermost frame that is
 * in the user's file, so frames of the sandbox's own prelude are skipped.
 */
export function positionOf(stack: unknown, lineNumber?: unknown): SourcePosition | undefined {
  if (typeof stack === "string") {
    for (const frame of stack.split("\n")) {
      const m = AT_SCRIPT.exec(frame);
      if (m) return { line: Math.max(1, Number(m[1])), column: Math.max(1, Number(m[2] ?? 1)) };
    }
  }
  if (typeof lineNumber === "number" && Number.isInteger(lineNumber) && lineNumber >= 1) return { line: lineNumber, column: 1 };
  return undefined;
}
