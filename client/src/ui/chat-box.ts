import { CHAT_MAX } from "#schema/messages/space.ts";
import { cleanText } from "#schema/rules/text.ts";
import { requireElement } from "./dom.ts";

/** The chat line at the bottom. Enter anywhere in the world focuses it; Escape leaves it. */
export class ChatBox {
  readonly #form = requireElement("chat-form", HTMLFormElement);
  readonly #input = requireElement("chat-input", HTMLInputElement);

  constructor(onSay: (text: string) => void) {
    this.#input.maxLength = CHAT_MAX;
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = cleanText(this.#input.value);
      if (text) onSay(text);
      this.#input.value = "";
      this.#input.blur();
    });
    this.#input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.#input.blur();
    });
  }

  get focused(): boolean {
    return document.activeElement === this.#input;
  }

  focus(): void {
    this.#input.focus();
  }

  show(): void {
    this.#form.hidden = false;
  }

  hide(): void {
    this.#form.hidden = true;
  }
}
