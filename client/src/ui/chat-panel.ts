import { CHAT_MAX, type ChatBroadcast, type ChatLine } from "#schema/messages/space.ts";
import { cleanText } from "#schema/rules/text.ts";
import { isOffline } from "../net/online.ts";
import { requireElement } from "./dom.ts";
import { el } from "./text.ts";
import "./chat-panel.css";

/** What the panel sends; the world view routes it to the connection. */
export interface ChatPanelActions {
  /** False when the line could not be sent (offline, not in a space): the panel keeps it. */
  say(text: string, scope: "space" | "nearby"): boolean;
  whisper(to: string, text: string): boolean;
  /** Escape, or a line sent: focus goes back to the map so the keys walk again. */
  done(): void;
}

/** Someone the next lines are whispered to (their avatar's room session id). */
export interface WhisperTarget {
  sessionId: string;
  name: string;
}

/** Lines kept in the list; older ones scroll away (the server keeps the space's history). */
const SHOWN_MAX = 200;
/** Where the panel starts folded: a phone, or a screen too short to give the map and the history room. */
const CRAMPED = "(max-width: 640px), (max-height: 760px)";

/**
 * The chat panel: the space's history and every line heard since (with names and times),
 * who hears the next line (everyone, nearby, or a whisper to one person), and the chat
 * line. Bubbles over heads fade; this list is the record. It folds (a phone or a short
 * screen starts folded) and counts what arrived while folded. Enter in the world focuses the line
 * (the world's keyboard calls focus()); Escape hands focus back to the map.
 */
export class ChatPanel {
  readonly #root = requireElement("chat-panel", HTMLElement);
  readonly #toggle = requireElement("chat-toggle", HTMLButtonElement);
  readonly #log = requireElement("chat-log", HTMLOListElement);
  readonly #form = requireElement("chat-form", HTMLFormElement);
  readonly #scope = requireElement("chat-scope", HTMLSelectElement);
  readonly #input = requireElement("chat-input", HTMLInputElement);
  readonly #seen = new Set<string>();
  #target: WhisperTarget | null = null;
  #unread = 0;
  /** Why the last line was not sent (it stays in the input). */
  readonly #note = el("p", undefined, "chat-note");

  constructor(private readonly actions: ChatPanelActions) {
    this.#input.maxLength = CHAT_MAX;
    this.#note.id = "chat-note";
    this.#note.setAttribute("role", "status");
    this.#note.hidden = true;
    this.#form.after(this.#note);
    this.#input.addEventListener("input", () => this.#clearNote());
    this.#setOpen(!window.matchMedia(CRAMPED).matches);
    this.#toggle.addEventListener("click", () => this.#setOpen(this.#root.dataset.open !== "true"));
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#send();
    });
    this.#form.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      this.actions.done();
    });
    this.#scope.addEventListener("change", () => {
      if (this.#scope.value !== "whisper") this.#setTarget(null);
    });
  }

  get focused(): boolean {
    return document.activeElement === this.#input;
  }

  focus(): void {
    this.#input.focus();
  }

  show(): void {
    this.#root.hidden = false;
  }

  /** Hidden and emptied: a new space brings its own history. */
  hide(): void {
    this.#root.hidden = true;
    this.#log.replaceChildren();
    this.#seen.clear();
    this.#setTarget(null);
    this.#unread = 0;
    this.#label();
  }

  /** The space's recent lines on join and after a reconnection (duplicates are skipped). */
  setHistory(lines: readonly ChatLine[]): void {
    if (lines.length > 0) this.#log.querySelector(".chat-empty")?.remove();
    for (const line of lines) this.#append(line, null);
    if (lines.length === 0 && this.#log.childElementCount === 0) this.#log.append(el("li", "No one has said anything here lately.", "chat-empty"));
    this.#scrollToEnd();
  }

  /** A live line this client may read. */
  add(line: ChatBroadcast): void {
    this.#log.querySelector(".chat-empty")?.remove();
    if (!this.#append(line, line.to ?? null)) return;
    if (this.#root.dataset.open !== "true") {
      this.#unread++;
      this.#label();
    }
    this.#scrollToEnd();
  }

  /** Starts a whisper (from the avatar menu): the next lines go to them only. */
  whisperTo(target: WhisperTarget): void {
    this.#setTarget(target);
    this.focus();
  }

  /** Someone left: a whisper aimed at them falls back to everyone. */
  forget(sessionId: string): void {
    if (this.#target?.sessionId === sessionId) this.#setTarget(null);
  }

  #send(): void {
    const text = cleanText(this.#input.value);
    if (text) {
      const scope = this.#scope.value;
      const sent = scope === "whisper" && this.#target ? this.actions.whisper(this.#target.sessionId, text) : this.actions.say(text, scope === "nearby" ? "nearby" : "space");
      if (!sent) {
        // Nothing typed is lost: the line stays, and says why it did not go.
        this.#note.textContent = isOffline() ? "Not sent: you are offline. The line is kept; press Enter once the network is back." : "Not sent: you are not in a space right now. The line is kept.";
        this.#note.hidden = false;
        return;
      }
    }
    this.#input.value = "";
    this.#clearNote();
    this.actions.done();
  }

  #clearNote(): void {
    this.#note.textContent = "";
    this.#note.hidden = true;
  }

  /** Renders one line; false when it was already shown (history and live can overlap). */
  #append(line: ChatLine, to: WhisperTarget | null): boolean {
    if (this.#seen.has(line.id)) return false;
    this.#seen.add(line.id);
    const item = el("li");
    item.dataset.scope = line.scope;
    item.dataset.id = line.id;
    const when = new Date(line.at);
    const time = el("time", when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
    time.dateTime = when.toISOString();
    time.title = when.toLocaleString();
    const parts: HTMLElement[] = [time];
    if (line.scope === "whisper") parts.push(el("span", to ? `whisper to ${to.name}` : "whisper", "chat-tag"));
    if (line.scope === "nearby") parts.push(el("span", "nearby", "chat-tag"));
    parts.push(el("span", line.name, "chat-name"), el("span", line.text, "chat-text"));
    item.append(...parts);
    this.#log.append(item);
    while (this.#log.childElementCount > SHOWN_MAX) this.#log.firstElementChild?.remove();
    return true;
  }

  #setTarget(target: WhisperTarget | null): void {
    this.#target = target;
    this.#scope.querySelector("option[value=whisper]")?.remove();
    if (target) {
      const option = el("option", `Whisper to ${target.name}`);
      option.value = "whisper";
      this.#scope.append(option);
      this.#scope.value = "whisper";
    } else if (this.#scope.value === "whisper" || !this.#scope.value) {
      this.#scope.value = "space";
    }
  }

  #setOpen(open: boolean): void {
    this.#root.dataset.open = String(open);
    this.#toggle.setAttribute("aria-expanded", String(open));
    if (open) {
      this.#unread = 0;
      this.#scrollToEnd();
    }
    this.#label();
  }

  #label(): void {
    const open = this.#root.dataset.open === "true";
    this.#toggle.textContent = open ? "Hide chat" : this.#unread > 0 ? `Chat (${this.#unread} new)` : "Show chat";
  }

  #scrollToEnd(): void {
    this.#log.scrollTop = this.#log.scrollHeight;
  }
}
