import { CONSOLE_LIMITS, type ConsoleLevel, type ConsoleLine } from "./sandbox.ts";

/** One line as the panel may show it: no longer than CONSOLE_LIMITS.lineChars, ellipsis when cut. */
export function clipLine(text: string, max: number = CONSOLE_LIMITS.lineChars): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Lines printed during one entry into a script (its top level or one frame), bounded:
 * the first `CONSOLE_LIMITS.batchLines` are kept, the rest only counted, so a script
 * printing in a tight loop cannot flood the frame, the host or the panel.
 */
export class ConsoleBatch {
  readonly #max: number;
  #lines: ConsoleLine[] = [];
  #dropped = 0;

  constructor(max: number = CONSOLE_LIMITS.batchLines) {
    this.#max = max;
  }

  add(level: ConsoleLevel, text: string): void {
    if (this.#lines.length < this.#max) this.#lines.push({ level, text: clipLine(text) });
    else this.#dropped++;
  }

  get isEmpty(): boolean {
    return this.#lines.length === 0 && this.#dropped === 0;
  }

  /** The kept lines plus one "N more lines dropped" line when some were; empties the batch. */
  take(): ConsoleLine[] {
    const lines = this.#lines;
    if (this.#dropped > 0) lines.push({ level: "system", text: `… ${this.#dropped} more line(s) dropped (at most ${this.#max} per frame)` });
    this.#lines = [];
    this.#dropped = 0;
    return lines;
  }
}

/** The panel's memory: the last `CONSOLE_LIMITS.panelLines` lines, oldest first. */
export class ConsoleHistory {
  readonly #max: number;
  #lines: ConsoleLine[] = [];

  constructor(max: number = CONSOLE_LIMITS.panelLines) {
    this.#max = max;
  }

  /** Appends (clipping each line again: the panel trusts no sender's lengths) and returns how many old lines fell off. */
  push(lines: readonly ConsoleLine[]): number {
    for (const line of lines) this.#lines.push({ level: line.level, text: clipLine(line.text) });
    const over = Math.max(0, this.#lines.length - this.#max);
    if (over > 0) this.#lines = this.#lines.slice(over);
    return over;
  }

  clear(): void {
    this.#lines = [];
  }

  get lines(): readonly ConsoleLine[] {
    return this.#lines;
  }
}
