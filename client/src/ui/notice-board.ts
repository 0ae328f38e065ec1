import "./map-panels.css";
import type { MapObject } from "#schema/maps/objects.ts";
import type { FeedItemView } from "#schema/replies/social.ts";
import { releaseFocusAfterPointer } from "./focus.ts";
import { el } from "./text.ts";

export interface NoticeBoardDeps {
  /** The newest item of the everyone feed, or null when nothing was posted yet. */
  newestFeedItem(): Promise<FeedItemView | null>;
  /** Where focus goes after the close button (the map). */
  returnFocus(): void;
}

/** How much of a post the board shows; the feed has the rest. */
export const BOARD_TEXT_MAX = 160;

/**
 * A map's notice board, opened by walking up to it or clicking it: the newest feed item
 * (who, where, when, the start of its text), built with text nodes only so a post's
 * markup stays inert. It never takes focus: walking on with the keys keeps working.
 */
export class NoticeBoard {
  readonly #root = el("section", undefined, "notice-board");
  readonly #title = el("h2", "", "notice-title");
  readonly #body = el("div", undefined, "notice-body");
  /** How it was opened: a board opened by walking up closes when one walks away. */
  #how: "click" | "near" | null = null;
  /** Bumped per opening: a slow answer for an older opening is dropped. */
  #generation = 0;

  constructor(
    parent: HTMLElement,
    private readonly deps: NoticeBoardDeps,
  ) {
    this.#root.id = "notice-board";
    this.#root.setAttribute("role", "region");
    this.#root.setAttribute("aria-labelledby", "notice-title");
    this.#root.hidden = true;
    this.#title.id = "notice-title";
    const close = el("button", "Close", "notice-close");
    close.type = "button";
    close.setAttribute("aria-label", "Close the notice board");
    close.addEventListener("click", () => {
      this.close();
      this.deps.returnFocus();
    });
    const head = el("div", undefined, "notice-head");
    head.append(this.#title, close);
    const live = el("div");
    live.setAttribute("aria-live", "polite");
    live.append(this.#body);
    this.#root.append(head, live);
    releaseFocusAfterPointer(this.#root);
    parent.append(this.#root);
  }

  get isOpen(): boolean {
    return !this.#root.hidden;
  }

  async open(board: MapObject, how: "click" | "near"): Promise<void> {
    // A click keeps it open when one then walks off; walking up again does not downgrade that.
    if (this.isOpen && this.#how === "click" && how === "near") return;
    this.#how = how;
    this.#title.textContent = board.label;
    this.#root.hidden = false;
    this.#show(el("p", "Reading the board…", "notice-muted"));
    await this.#read();
  }

  /** The feed changed (`space:feed`): an open board reads it again, keeping what it shows until the answer comes. */
  async refresh(): Promise<void> {
    if (this.isOpen) await this.#read();
  }

  async #read(): Promise<void> {
    const generation = ++this.#generation;
    let item: FeedItemView | null;
    try {
      item = await this.deps.newestFeedItem();
    } catch {
      if (generation === this.#generation) this.#show(el("p", "The board cannot be read right now; try again in a moment.", "notice-muted"));
      return;
    }
    if (generation !== this.#generation || !this.isOpen) return;
    const shown = this.#body.querySelector<HTMLElement>(".notice-card")?.dataset.id;
    // The same item again (a reply or reaction elsewhere): leave it, so screen readers are not told twice.
    if (item && shown === item.id && this.#body.querySelector(".notice-text")?.textContent === clip(item.text)) return;
    this.#show(item ? itemView(item) : el("p", "Nothing is pinned yet: the newest post in the feed shows here.", "notice-muted"));
  }

  /** The avatar walked away from the board: one opened by walking up closes. */
  walkedAway(): void {
    if (this.#how === "near") this.close();
  }

  close(): void {
    this.#generation++;
    this.#how = null;
    this.#root.hidden = true;
  }

  #show(...nodes: Node[]): void {
    this.#body.replaceChildren(...nodes);
  }
}

/** One feed item as the board pins it. */
function itemView(item: FeedItemView): HTMLElement {
  const card = el("article", undefined, "notice-card");
  card.dataset.id = item.id;
  const kicker = el("p", "Newest in the feed", "notice-kicker");
  const who = el("p", undefined, "notice-who");
  who.append(el("strong", item.authorName || item.author, "notice-author"), document.createTextNode(` ${where(item)} · ${ago(item.createdAt)}`));
  const more = el("a", "Open the feed", "notice-more");
  more.href = "#/feed";
  card.append(kicker, who, el("p", clip(item.text), "notice-text"), more);
  return card;
}

function clip(text: string): string {
  return text.length > BOARD_TEXT_MAX ? `${text.slice(0, BOARD_TEXT_MAX - 1).trimEnd()}…` : text;
}

function where(item: FeedItemView): string {
  if (item.kind === "script") return "published a script";
  if (item.kind === "song") return "published a song";
  return item.wall === item.author ? "wrote on their wall" : `wrote on ${item.wallName || item.wall}'s wall`;
}

function ago(at: number): string {
  const s = Math.max(0, Math.round((Date.now() - at) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(at).toLocaleDateString();
}
