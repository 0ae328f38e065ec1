import { EMOTES, type EmoteName } from "#schema/messages/space.ts";

export interface KeyboardActions {
  walk(dx: number, dy: number): void;
  emote(emote: EmoteName): void;
  focusChat(): void;
  /** E or Space: sit down, stand up or read the board in reach. */
  interact(): void;
  /** True while something over the world (an overlay, the avatar menu) holds the keys. */
  paused?(): boolean;
}

const DIRECTIONS: Record<string, [number, number]> = {
  ArrowUp: [0, -1],
  KeyW: [0, -1],
  ArrowDown: [0, 1],
  KeyS: [0, 1],
  ArrowLeft: [-1, 0],
  KeyA: [-1, 0],
  ArrowRight: [1, 0],
  KeyD: [1, 0],
};

/**
 * Whether a key pressed on `target` belongs to that element rather than to the world:
 * anything one types into (inputs, selects, text areas, editable text) keeps every key;
 * a focused button keeps only Enter and Space (its activation keys), so the arrows,
 * WASD and 1–7 still reach the world after a panel button was clicked.
 */
export function keyBelongsToElement(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName)) return true;
  if (target.tagName === "BUTTON" || target.tagName === "A" || target.getAttribute("role") === "menuitem") {
    return key === "Enter" || key === " ";
  }
  return false;
}

/**
 * WASD/arrows walk (a direction is sent only when it changes), 1–7 emote, E or Space
 * sits, stands or reads the board in reach, Enter opens chat. Listens on the document, so the keys work wherever focus rests (the map, the
 * page, a clicked panel button), except in a form field or while `paused()` says an
 * overlay has the keys.
 */
export class Keyboard {
  readonly #held = new Set<string>();
  #last = "0,0";
  readonly #down = (e: KeyboardEvent) => this.#onKey(e, true);
  readonly #up = (e: KeyboardEvent) => this.#onKey(e, false);
  readonly #blur = () => this.#releaseAll();

  constructor(private readonly actions: KeyboardActions) {
    document.addEventListener("keydown", this.#down);
    document.addEventListener("keyup", this.#up);
    window.addEventListener("blur", this.#blur);
  }

  dispose(): void {
    document.removeEventListener("keydown", this.#down);
    document.removeEventListener("keyup", this.#up);
    window.removeEventListener("blur", this.#blur);
  }

  /** Stops walking (focus went into a field or an overlay while a key was held). */
  #releaseAll(): void {
    this.#held.clear();
    this.#sendDirection();
  }

  #onKey(e: KeyboardEvent, down: boolean): void {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (this.actions.paused?.() || keyBelongsToElement(e.target, e.key)) {
      if (this.#held.size > 0) this.#releaseAll();
      return;
    }
    if (DIRECTIONS[e.code]) {
      e.preventDefault();
      if (down) this.#held.add(e.code);
      else this.#held.delete(e.code);
      this.#sendDirection();
      return;
    }
    if (!down || e.repeat) return;
    const digit = /^Digit([1-7])$/.exec(e.code)?.[1];
    if (digit) this.actions.emote(EMOTES[Number(digit) - 1] as EmoteName);
    else if (e.code === "KeyE" || e.code === "Space") {
      e.preventDefault(); // Space would scroll the page
      this.actions.interact();
    } else if (e.key === "Enter") {
      e.preventDefault();
      this.actions.focusChat();
    }
  }

  #sendDirection(): void {
    let dx = 0;
    let dy = 0;
    for (const code of this.#held) {
      const d = DIRECTIONS[code];
      if (!d) continue;
      dx += d[0];
      dy += d[1];
    }
    dx = Math.sign(dx);
    dy = Math.sign(dy);
    const key = `${dx},${dy}`;
    if (key === this.#last) return;
    this.#last = key;
    this.actions.walk(dx, dy);
  }
}
