import "./walls.css";
import type { FeedItemView, FeedPage as FeedPageReply, PageCursorText, WallPostView } from "#schema/replies/social.ts";
import { ProblemError } from "../net/auth-api.ts";
import type { SocialApi } from "../net/social-api.ts";
import type { View } from "../views/view.ts";
import { requireElement } from "./dom.ts";
import { replaceKeepingFocus } from "./keep-focus.ts";
import { closeOnEscape, focusOverlay, overlayBar } from "./overlay.ts";
import { type PostActions, postView, type Viewer } from "./post-view.ts";
import { type CardDeps, cardOf } from "./script-card.ts";
import { el, handle } from "./text.ts";

export interface FeedParams {
  view: "everyone" | "following";
}

/**
 * The feed: what people publish, newest first, with "everyone" and "following" views.
 * Each item is drawn like a wall post (display name with @handle, whose wall, replies,
 * reactions with the viewer's own pressed); "Load more" follows the page's cursor.
 */
export class FeedPage implements View<FeedParams> {
  readonly #root = requireElement("feed-page", HTMLElement);
  /** Bumped by every open and close: a page that arrives after navigating away is not drawn. */
  #generation = 0;
  #items = new Map<string, FeedItemView>();

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
    this.#items.clear();
    this.#root.hidden = false;
    const tabs = el("nav", undefined, "feed-tabs");
    for (const v of ["everyone", "following"] as const) {
      if (v === "following" && !this.signedIn()) continue;
      const a = el("a", v === "everyone" ? "Everyone" : "Following", v === view ? "active" : undefined);
      a.href = `#/feed/${v}`;
      if (v === view) a.setAttribute("aria-current", "page");
      tabs.append(a);
    }
    const list = el("section", undefined, "feed-list");
    list.id = "feed-list";
    const more = el("div", undefined, "feed-more");
    this.#root.replaceChildren(overlayBar("the feed", () => this.closeOverlay()), el("h2", "Feed"), tabs, list, more);
    focusOverlay(this.#root);
    await this.#loadPage(view, undefined, generation);
    if (generation === this.#generation && this.#items.size === 0) list.append(el("p", "Nothing here yet.", "muted"));
  }

  /** One page, appended; its `next` becomes the "Load more" button (none on the last page). */
  async #loadPage(view: FeedParams["view"], before: PageCursorText | undefined, generation: number): Promise<void> {
    const list = this.#root.querySelector<HTMLElement>("#feed-list");
    const more = this.#root.querySelector<HTMLElement>(".feed-more");
    let page: FeedPageReply;
    try {
      page = await this.api.feed(view, before);
    } catch (err) {
      if (generation === this.#generation) more?.replaceChildren(el("p", messageOf(err), "field-error"));
      return;
    }
    if (generation !== this.#generation || !list || !more) return;
    for (const item of page.items) {
      if (this.#items.has(item.id)) continue; // a post published between two pages
      this.#items.set(item.id, item);
      list.append(this.#card(item));
    }
    const next = page.next;
    if (!next) {
      more.replaceChildren(...(this.#items.size > 0 ? [el("p", "That is everything.", "muted")] : []));
      return;
    }
    const button = el("button", "Load more");
    button.type = "button";
    button.id = "feed-load-more";
    button.addEventListener("click", () => {
      button.disabled = true;
      button.textContent = "Loading…";
      void this.#loadPage(view, next, generation);
    });
    more.replaceChildren(button);
  }

  /** A feed item drawn as a wall post, with "on <name>'s wall" in its head. */
  #card(item: FeedItemView): HTMLElement {
    // The feed offers reactions and replies, never edit or delete (those live on the wall):
    // the item's author id is not a user id, so no viewer is ever its author.
    const asPost: WallPostView = {
      ...item,
      wallOwnerId: "",
      authorId: `feed:${item.author}`,
      public: true,
      editedAt: null,
      hidden: false,
    };
    const viewer: Viewer | null = this.signedIn() ? { userId: "", wallOwnerId: null, isOwner: false } : null;
    const card = postView(asPost, viewer, this.#actions(item), false, (p) => cardOf(p, this.cards));
    if (item.wall && item.wall !== item.author) {
      const wall = el("a", `on ${item.wallName || item.wall}'s wall `, "muted");
      wall.append(handle(item.wall));
      wall.href = `#/u/${encodeURIComponent(item.wall)}`;
      card.querySelector(".post-head time")?.before(wall);
    }
    return card;
  }

  #redraw(item: FeedItemView): void {
    const old = [...this.#root.querySelectorAll<HTMLElement>("#feed-list > .post")].find((c) => c.dataset.id === item.id);
    if (old) replaceKeepingFocus(old, this.#card(item));
  }

  #actions(item: FeedItemView): PostActions {
    const failed = (err: unknown) => {
      const card = [...this.#root.querySelectorAll<HTMLElement>("#feed-list > .post")].find((c) => c.dataset.id === item.id);
      card?.querySelector(".field-error")?.remove();
      card?.append(el("p", messageOf(err), "field-error"));
    };
    return {
      react: (id, kind, on) =>
        void this.api.react(id, kind, on).then((reply) => {
          const target = id === item.id ? item : item.replies.find((r) => r.id === id);
          if (target) Object.assign(target, { reactions: reply.reactions, mine: reply.mine });
          this.#redraw(item);
        }, failed),
      reply: (postId, text) =>
        void this.api.post(item.wall, text, postId).then((reply) => {
          item.replies.push(reply);
          item.replyCount += 1;
          this.#redraw(item);
        }, failed),
      edit: () => undefined,
      remove: () => undefined,
    };
  }

  async close(): Promise<void> {
    this.#generation++;
    this.#items.clear();
    this.cards.live.release();
    this.#root.hidden = true;
  }
}

function messageOf(error: unknown): string {
  return error instanceof ProblemError ? error.message : "Something went wrong; try again.";
}
