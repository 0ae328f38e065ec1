import type { ConnectionStatus } from "../net/space-connection.ts";
import { requireElement } from "./dom.ts";

/** The two lines at the top: where the connection stands, and the last refusal or error. */
export class StatusBar {
  readonly #connection = requireElement("connection-status", HTMLElement);
  readonly #error = requireElement("error-status", HTMLElement);

  showStatus(status: ConnectionStatus): void {
    this.#connection.dataset.state = status.kind;
    this.#connection.textContent = describeStatus(status);
  }

  showError(message: string): void {
    this.#error.textContent = message;
    this.#error.hidden = false;
  }

  clearError(): void {
    this.#error.textContent = "";
    this.#error.hidden = true;
  }
}

export function describeStatus(status: ConnectionStatus): string {
  switch (status.kind) {
    case "idle":
      return "Not connected. Sign in to enter.";
    case "connecting":
      return "Connecting…";
    case "connected":
      return "Connected";
    case "reconnecting":
      return `${status.message} Reconnecting…`;
    case "disconnected":
      return status.message;
  }
}
