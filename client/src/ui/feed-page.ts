import type { SocialApi } from "../net/social-api.ts";
import type { View } from "../views/view.ts";
import { requireElement } from "./dom.ts";
import { type CardDeps, cardOf } from "./script-card.ts";
import { closeOnEscape, focusOverlay, overlayBar } from "./overlay.ts";
import { el, handle, richText } from "./text.ts";

export interface FeedParams {
  view: "everyone" | "following";
}

/** The feed: what people publish, newest first, with "everyone" and "following" views. */
export class FeedPage implements View<FeedParams> {
  readonly #root = requireElement("feed-page", HTMLElement);
  /** Bumped by every open and close: a page that arrives after navigating away is not drawn. */
  #generation = 0;

  constructor(
    private readonly api: SocialApi,
    private readonly signedIn: () => boolean,
    private readonly cards: CardDeps,
    private readonly closeOverlay: () => void = () => undefined,
  ) {
    closeOnEscape(this.#root, () => this.closeOverlay());
  }

  async open({ view }: FeedParams): Promise<void> {
    const generation = ++this.#generation;
    this.#root.hidden = false;
    const tabs = el("nav", undefined, "feed-tabs");
    for (const v of ["everyone", "following"] as const) {
      if (v === "following" && !this.signedIn()) continue;
      const a = el("a", v === "everyone" ? "Everyone" : "Following", v === view ? "active" : undefined);
      a.href = `#/feed/${v}`;
      tabs.append(a);
    }
    const list = el("section", undefined, "feed-list");
    list.id = "feed-list";
    this.#root.replaceChildren(overlayBar("the feed", () => this.closeOverlay()), el("h2", "Feed"), tabs, list);
    focusOverlay(this.#root);
    const page = await this.api.feed(view).catch(() => ({ items: [], next: null }));
    if (generation !== this.#generation) return;
    for (const item of page.items) {
      const card = el("article", undefined, "post");
      card.dataset.id = item.id;
      const head = el("header", undefined, "post-head");
      const author = el("a", undefined, "post-author");
      author.append(el("strong", item.authorName), " ", handle(item.author));
      author.href = `#/u/${encodeURIComponent(item.author)}`;
      const wall = el("a", `on @${item.wall}'s wall`, "muted");
      wall.href = `#/u/${encodeURIComponent(item.wall)}`;
      head.append(author, wall, el("time", new Date(item.createdAt).toLocaleString()));
      const body = el("p", undefined, "post-text");
      body.append(...richText(item.text));
      card.append(head, body);
      const script = cardOf(item, this.cards);
      if (script) card.append(script);
      list.append(card);
    }
    if (page.items.length === 0) list.append(el("p", "Nothing here yet.", "muted"));
  }

  async close(): Promise<void> {
    this.#generation++;
    this.cards.live.release();
    this.#root.hidden = true;
  }
}
