import { ConsoleHistory } from "#schema/codeground/console.ts";
import type { ConsoleLine } from "#schema/codeground/sandbox.ts";

/**
 * The console under a script: text only (never innerHTML), the last CONSOLE_LIMITS.panelLines
 * lines, newest at the bottom. Lines come from the sandbox and are the script's own output.
 */
export class ConsolePanel {
  readonly #list: HTMLOListElement;
  readonly #history = new ConsoleHistory();

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
    this.#render();
  }

  clear(): void {
    this.#history.clear();
    this.#render();
  }

  get lines(): readonly ConsoleLine[] {
    return this.#history.lines;
  }

  #render(): void {
    const items = this.#history.lines.map((line) => {
      const li = document.createElement("li");
      li.className = `console-${line.level}`;
      li.textContent = line.text;
      return li;
    });
    this.#list.replaceChildren(...items);
    this.#list.scrollTop = this.#list.scrollHeight;
  }
}

