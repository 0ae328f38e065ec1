import { isOffline, onNetworkChange } from "../net/online.ts";
import type { ConnectionStatus } from "../net/space-connection.ts";
import { requireElement } from "./dom.ts";

/** What the status line needs besides the connection: whether someone is signed in, and the space's name. */
export interface StatusContext {
  signedIn: boolean;
  /** The open space's title ("The Plaza"), or "" when none is open. */
  place: string;
}

/**
 * The two lines at the top: where the connection stands, and the last refusal or error.
 * The close code is kept in `data-code` (for support and tests), never in the words.
 */
export class StatusBar {
  readonly #connection = requireElement("connection-status", HTMLElement);
  readonly #error = requireElement("error-status", HTMLElement);
  #status: ConnectionStatus = { kind: "idle" };
  #context: StatusContext = { signedIn: false, place: "" };

  constructor() {
    // The page lives as long as the bar: no unsubscribe.
    onNetworkChange(() => this.#draw());
  }

  showStatus(status: ConnectionStatus): void {
    this.#status = status;
    this.#draw();
  }

  setContext(context: Partial<StatusContext>): void {
    this.#context = { ...this.#context, ...context };
    this.#draw();
  }

  showError(message: string): void {
    this.#error.textContent = message;
    this.#error.hidden = false;
  }

  clearError(): void {
    this.#error.textContent = "";
    this.#error.hidden = true;
  }

  #draw(): void {
    const status = this.#status;
    this.#connection.dataset.state = status.kind;
    const code = status.kind === "disconnected" || status.kind === "reconnecting" ? status.code : null;
    if (code === null) delete this.#connection.dataset.code;
    else this.#connection.dataset.code = String(code);
    const offline = isOffline() && status.kind !== "idle" && status.kind !== "disconnected";
    this.#connection.dataset.offline = String(offline);
    this.#connection.textContent = offline ? OFFLINE_WORDS : describeStatus(status, this.#context);
  }
}

/** While a space is open (or opening) and the browser has no network. */
export const OFFLINE_WORDS = "Offline: waiting for the network.";

export function describeStatus(status: ConnectionStatus, context: StatusContext): string {
  switch (status.kind) {
    case "idle":
      return context.signedIn ? "Not in a space right now." : "Not connected. Sign in to enter.";
    case "connecting":
      return context.place ? `Entering ${context.place}…` : "Connecting…";
    case "connected":
      return context.place ? `Connected: you are in ${context.place}.` : "Connected.";
    case "reconnecting":
      // The message already says what is being done ("… putting you back in a moment.", "… Reconnecting…").
      return status.message;
    case "disconnected":
      return status.message;
  }
}
