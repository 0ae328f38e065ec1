import { PASSWORD_MAX } from "#schema/rules/password.ts";
import { DISPLAY_NAME_MAX } from "#schema/rules/text.ts";
import { normalizeUsername, USERNAME_MAX } from "#schema/rules/username.ts";
import { type Me, ProblemError } from "../net/auth-api.ts";
import { type AuthMode, displayNameHint, passwordHint, usernameHint } from "./auth-rules.ts";
import { requireElement } from "./dom.ts";

export interface AuthActions {
  register(username: string, password: string, displayName?: string): Promise<Me>;
  login(username: string, password: string): Promise<Me>;
}

type Field = "username" | "password" | "displayName";

interface FieldView {
  input: HTMLInputElement;
  hint: HTMLElement;
}

export interface ShowOptions {
  /** Shown as the panel's error line (text only). */
  message?: string;
  mode?: AuthMode;
  /** Prefills the username (after signing out, for instance). */
  username?: string;
}

/**
 * Sign up or log in. The shared rules give instant feedback under each field (once the
 * field was left or the form submitted); the server decides, and its refusal (problem
 * `detail`, per-field `errors`, Retry-After) is shown as text, never as HTML.
 */
export class AuthPanel {
  readonly #panel = requireElement("auth-panel", HTMLElement);
  readonly #form = requireElement("auth-form", HTMLFormElement);
  readonly #title = requireElement("auth-title", HTMLElement);
  readonly #displayRow = requireElement("display-name-row", HTMLElement);
  readonly #submit = requireElement("auth-submit", HTMLButtonElement);
  readonly #switch = requireElement("auth-switch", HTMLButtonElement);
  readonly #error = requireElement("auth-error", HTMLElement);
  readonly #fields: Record<Field, FieldView> = {
    username: { input: requireElement("username-input", HTMLInputElement), hint: requireElement("username-hint", HTMLElement) },
    password: { input: requireElement("password-input", HTMLInputElement), hint: requireElement("password-hint", HTMLElement) },
    displayName: {
      input: requireElement("display-name-input", HTMLInputElement),
      hint: requireElement("display-name-hint", HTMLElement),
    },
  };
  /** Fields whose hint is live: left once, or the form was submitted. */
  readonly #touched = new Set<Field>();
  #mode: AuthMode = "signup";

  constructor(
    private readonly actions: AuthActions,
    private readonly onSignedIn: (me: Me) => void,
  ) {
    // Input limits in UTF-16 units never refuse a valid value: the rules' limits are equal or larger.
    this.#fields.username.input.maxLength = USERNAME_MAX;
    this.#fields.password.input.maxLength = PASSWORD_MAX;
    this.#fields.displayName.input.maxLength = DISPLAY_NAME_MAX;
    this.#switch.addEventListener("click", () => this.#setMode(this.#mode === "signup" ? "login" : "signup"));
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.#submitForm();
    });
    for (const field of Object.keys(this.#fields) as Field[]) {
      const { input } = this.#fields[field];
      input.addEventListener("input", () => this.#check(field));
      input.addEventListener("blur", () => {
        if (input.value !== "") this.#touched.add(field);
        this.#check(field);
      });
    }
    this.#setMode("signup");
  }

  show(options: ShowOptions = {}): void {
    if (options.mode) this.#setMode(options.mode);
    if (options.username !== undefined) this.#fields.username.input.value = options.username;
    this.#fields.password.input.value = "";
    this.#panel.hidden = false;
    this.#setBusy(false);
    this.#showError(options.message ?? "");
    (options.username ? this.#fields.password : this.#fields.username).input.focus();
  }

  hide(): void {
    this.#panel.hidden = true;
  }

  #setMode(mode: AuthMode): void {
    this.#mode = mode;
    this.#panel.dataset.mode = mode;
    this.#title.textContent = mode === "signup" ? "Create your account" : "Log in";
    this.#submit.textContent = mode === "signup" ? "Sign up" : "Log in";
    this.#switch.textContent = mode === "signup" ? "I have an account: log in" : "New here? Sign up";
    this.#displayRow.hidden = mode !== "signup";
    // The rules are shown before anything is typed, and only where they apply (a new password).
    requireElement("password-rules", HTMLElement).hidden = mode !== "signup";
    this.#fields.password.input.autocomplete = mode === "signup" ? "new-password" : "current-password";
    this.#touched.clear();
    for (const field of Object.keys(this.#fields) as Field[]) this.#setHint(field, undefined);
    this.#showError("");
  }

  /** The local problem with one field, shown under it once the field is touched. */
  #check(field: Field): string | undefined {
    const value = this.#fields[field].input.value;
    const problem =
      field === "username"
        ? usernameHint(value, this.#mode)
        : field === "password"
          ? passwordHint(value, this.#mode)
          : this.#mode === "signup"
            ? displayNameHint(value)
            : undefined;
    this.#setHint(field, this.#touched.has(field) ? problem : undefined);
    return problem;
  }

  async #submitForm(): Promise<void> {
    const fields: Field[] = this.#mode === "signup" ? ["username", "password", "displayName"] : ["username", "password"];
    for (const field of fields) this.#touched.add(field);
    const firstBad = fields.find((field) => this.#check(field) !== undefined);
    if (firstBad) {
      this.#showError("");
      this.#fields[firstBad].input.focus();
      return;
    }
    const username = normalizeUsername(this.#fields.username.input.value);
    const password = this.#fields.password.input.value;
    const displayName = this.#fields.displayName.input.value.trim();
    this.#setBusy(true);
    this.#showError("");
    try {
      const me =
        this.#mode === "signup"
          ? await this.actions.register(username, password, displayName || undefined)
          : await this.actions.login(username, password);
      this.#fields.password.input.value = "";
      this.onSignedIn(me);
    } catch (error) {
      this.#setBusy(false);
      this.#showRefusal(error);
    }
  }

  #showRefusal(error: unknown): void {
    if (!(error instanceof ProblemError)) {
      this.#showError("Could not reach the server. Check your connection and try again.");
      return;
    }
    for (const { path, message } of error.fieldErrors) if (isField(path)) this.#setHint(path, message);
    if (error.retryAfterSeconds === null) this.#showError(error.message);
    else this.#showError(`${error.message.replace(/[.!]?$/, ".")} Try again in ${formatWait(error.retryAfterSeconds)}.`);
    const first = error.fieldErrors.map((e) => e.path).find(isField);
    this.#fields[first ?? (this.#mode === "login" ? "password" : "username")].input.focus();
  }

  #setHint(field: Field, problem: string | undefined): void {
    const { input, hint } = this.#fields[field];
    hint.textContent = problem ?? "";
    hint.hidden = problem === undefined;
    if (problem === undefined) input.removeAttribute("aria-invalid");
    else input.setAttribute("aria-invalid", "true");
  }

  #setBusy(busy: boolean): void {
    this.#form.setAttribute("aria-busy", String(busy));
    for (const { input } of Object.values(this.#fields)) input.disabled = busy;
    this.#submit.disabled = busy;
    this.#switch.disabled = busy;
  }

  #showError(message: string): void {
    this.#error.textContent = message;
    this.#error.hidden = message === "";
  }
}

function isField(path: string): path is Field {
  return path === "username" || path === "password" || path === "displayName";
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
