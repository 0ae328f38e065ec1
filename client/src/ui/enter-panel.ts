import { cleanText, DISPLAY_NAME_MAX } from "#schema/rules/text.ts";
import { requireElement } from "./dom.ts";

/** The "who are you" panel: a name field and an Enter button. */
export class EnterPanel {
  readonly #panel = requireElement("enter-panel", HTMLElement);
  readonly #form = requireElement("enter-form", HTMLFormElement);
  readonly #input = requireElement("name-input", HTMLInputElement);
  readonly #button = requireElement("enter-button", HTMLButtonElement);

  constructor(onEnter: (name: string) => void) {
    this.#input.maxLength = DISPLAY_NAME_MAX;
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      // The same cleaning the server applies, so what you typed is what others see.
      const name = cleanText(this.#input.value);
      if (name.length === 0) {
        this.#input.setCustomValidity("Type a name first.");
        this.#input.reportValidity();
        return;
      }
      onEnter(name);
    });
    this.#input.addEventListener("input", () => this.#input.setCustomValidity(""));
  }

  setBusy(busy: boolean): void {
    this.#input.disabled = busy;
    this.#button.disabled = busy;
    this.#button.textContent = busy ? "Entering…" : "Enter";
  }

  show(): void {
    this.#panel.hidden = false;
    this.setBusy(false);
    this.#input.focus();
  }

  hide(): void {
    this.#panel.hidden = true;
  }
}
