import { PASSWORD_MAX, PASSWORD_MIN } from "#schema/rules/password.ts";
import { DISPLAY_NAME_MAX } from "#schema/rules/text.ts";
import { USERNAME_MAX, usernameProblem } from "#schema/rules/username.ts";
import { type Me, ProblemError } from "../net/auth-api.ts";
import { requireElement } from "./dom.ts";

type Mode = "signup" | "login";

export interface AuthActions {
  register(username: string, password: string, displayName?: string): Promise<Me>;
  login(username: string, password: string): Promise<Me>;
}

/**
 * Sign up or log in. Shared rules give instant feedback; the server decides, and its
 * refusal (problem detail and per-field errors) is shown as text, never as HTML.
 */
export class AuthPanel {
  readonly #panel = requireElement("auth-panel", HTMLElement);
  readonly #form = requireElement("auth-form", HTMLFormElement);
  readonly #title = requireElement("auth-title", HTMLElement);
  readonly #username = requireElement("username-input", HTMLInputElement);
  readonly #password = requireElement("password-input", HTMLInputElement);
  readonly #displayName = requireElement("display-name-input", HTMLInputElement);
  readonly #displayRow = requireElement("display-name-row", HTMLElement);
  readonly #submit = requireElement("auth-submit", HTMLButtonElement);
  readonly #switch = requireElement("auth-switch", HTMLButtonElement);
  readonly #error = requireElement("auth-error", HTMLElement);
  #mode: Mode = "signup";

  constructor(
    private readonly actions: AuthActions,
    private readonly onSignedIn: (me: Me) => void,
  ) {
    this.#username.maxLength = USERNAME_MAX;
    this.#password.maxLength = PASSWORD_MAX;
    this.#displayName.maxLength = DISPLAY_NAME_MAX;
    this.#switch.addEventListener("click", () => this.#setMode(this.#mode === "signup" ? "login" : "signup"));
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.#submitForm();
    });
    this.#username.addEventListener("input", () => this.#username.setCustomValidity(""));
    this.#password.addEventListener("input", () => this.#password.setCustomValidity(""));
    this.#setMode("signup");
  }

  show(message?: string): void {
    this.#panel.hidden = false;
    this.#setBusy(false);
    this.#showError(message ?? "");
    this.#username.focus();
  }

  hide(): void {
    this.#panel.hidden = true;
  }

  #setMode(mode: Mode): void {
    this.#mode = mode;
    this.#title.textContent = mode === "signup" ? "Create your account" : "Log in";
    this.#submit.textContent = mode === "signup" ? "Sign up" : "Log in";
    this.#switch.textContent = mode === "signup" ? "I have an account: log in" : "New here? Sign up";
    this.#displayRow.hidden = mode !== "signup";
    this.#password.autocomplete = mode === "signup" ? "new-password" : "current-password";
    this.#showError("");
  }

  async #submitForm(): Promise<void> {
    const username = this.#username.value.trim();
    const password = this.#password.value;
    if (!this.#validate(username, password)) return;
    this.#setBusy(true);
    try {
      const me =
        this.#mode === "signup"
          ? await this.actions.register(username, password, this.#displayName.value.trim() || undefined)
          : await this.actions.login(username, password);
      this.#password.value = "";
      this.onSignedIn(me);
    } catch (error) {
      this.#showError(messageOf(error));
      this.#setBusy(false);
    }
  }

  #validate(username: string, password: string): boolean {
    const nameProblem = this.#mode === "signup" ? usernameProblem(username) : username ? undefined : "Type your username.";
    if (nameProblem) {
      this.#username.setCustomValidity(nameProblem);
      this.#username.reportValidity();
      return false;
    }
    if (this.#mode === "signup" && password.length < PASSWORD_MIN) {
      this.#password.setCustomValidity(`At least ${PASSWORD_MIN} characters.`);
      this.#password.reportValidity();
      return false;
    }
    return true;
  }

  #setBusy(busy: boolean): void {
    for (const el of [this.#username, this.#password, this.#displayName, this.#submit, this.#switch]) el.disabled = busy;
  }

  #showError(message: string): void {
    this.#error.textContent = message;
    this.#error.hidden = message === "";
  }
}

function messageOf(error: unknown): string {
  if (error instanceof ProblemError) {
    const fields = error.fieldErrors.map((f) => `${f.path}: ${f.message}`).join("; ");
    return fields && error.code === "BAD_INPUT" ? fields : error.message;
  }
  return "Could not reach the server. Check your connection and try again.";
}
