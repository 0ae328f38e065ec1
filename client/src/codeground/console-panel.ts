import { ConsoleHistory } from "#schema/codeground/console.ts";
import { CONSOLE_LIMITS, type ConsoleLine } from "#schema/codeground/sandbox.ts";

/**
 * The console under a script: text only (never innerHTML), the last CONSOLE_LIMITS.panelLines
 * lines, newest at the bottom. Lines come from the sandbox and are the script's own output.
 *
 * The frame sends a batch every animation frame for as long as the script prints, whether or
 * not this page keeps up, so arriving lines are only remembered here; the list is painted at
 * most once per animation frame of this page, adding the new lines and dropping the oldest
 * (never rebuilding all of them). Painting every batch as it came used to cost more than a
 * frame, and a script printing 50 long lines a frame froze the viewer's tab for good.
 */
export class ConsolePanel {
  readonly #list: HTMLOListElement;
  readonly #history = new ConsoleHistory();
  /** How many of the newest lines in the history are not on the list yet. */
  #unpainted = 0;
  #paintRequest: number | null = null;

  constructor(container: HTMLElement) {
    this.#list = document.createElement("ol");
    this.#list.className = "sandbox-console";
    this.#list.setAttribute("role", "log");
    this.#list.setAttribute("aria-label", "Console");
    this.#list.setAttribute("aria-live", "polite");
    container.append(this.#list);
  }

  append(lines: readonly ConsoleLine[]): void {
    this.#history.push(lines);
    this.#unpainted = Math.min(this.#unpainted + lines.length, CONSOLE_LIMITS.panelLines);
    this.#paintRequest ??= requestAnimationFrame(() => this.#paint());
  }

  clear(): void {
    this.#history.clear();
    this.#unpainted = 0;
    this.#list.replaceChildren();
  }

  get lines(): readonly ConsoleLine[] {
    return this.#history.lines;
  }

  #paint(): void {
    this.#paintRequest = null;
    const lines = this.#history.lines;
    const fresh = lines.slice(lines.length - Math.min(this.#unpainted, lines.length));
    this.#unpainted = 0;
    if (fresh.length === 0) return;
    if (fresh.length >= lines.length) this.#list.replaceChildren(...fresh.map(item));
    else {
      this.#list.append(...fresh.map(item));
      for (let over = this.#list.childElementCount - lines.length; over > 0; over--) this.#list.firstElementChild?.remove();
    }
    this.#list.scrollTop = this.#list.scrollHeight;
  }
}

function item(line: ConsoleLine): HTMLLIElement {
  const li = document.createElement("li");
  li.className = `console-${line.level}`;
  li.textContent = line.text;
  return li;
}
