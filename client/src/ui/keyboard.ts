import { EMOTES, type EmoteName } from "#schema/messages/space.ts";

export interface KeyboardActions {
  walk(dx: number, dy: number): void;
  emote(emote: EmoteName): void;
  focusChat(): void;
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
 * WASD/arrows walk (a direction is sent only when it changes), 1–7 emote, Enter opens
 * chat. Keys typed into a form field are left alone.
 */
export class Keyboard {
  readonly #held = new Set<string>();
  #last = "0,0";
  readonly #down = (e: KeyboardEvent) => this.#onKey(e, true);
  readonly #up = (e: KeyboardEvent) => this.#onKey(e, false);
  readonly #blur = () => {
    this.#held.clear();
    this.#sendDirection();
  };

  constructor(private readonly actions: KeyboardActions) {
    window.addEventListener("keydown", this.#down);
    window.addEventListener("keyup", this.#up);
    window.addEventListener("blur", this.#blur);
  }

  dispose(): void {
    window.removeEventListener("keydown", this.#down);
    window.removeEventListener("keyup", this.#up);
    window.removeEventListener("blur", this.#blur);
  }

  #onKey(e: KeyboardEvent, down: boolean): void {
    const target = e.target as HTMLElement | null;
    if (target && ["INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(target.tagName)) return;
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
    else if (e.key === "Enter") {
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
