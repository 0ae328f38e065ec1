import "./live-bar.css";
import type { FriendOnline, InboxEvent, NotificationView, SpaceCount } from "#schema/replies/notifications.ts";
import { InboxConnection } from "../net/inbox-connection.ts";
import type { LiveApi } from "../net/live-api.ts";

/** Known maps' names as the space picker shows them; an unknown map shows its id. */
const MAP_TITLES: Record<string, string> = { plaza: "The Plaza", garden: "The Garden", room: "The Small Room" };
const mapTitle = (map: string) => MAP_TITLES[map] ?? map;
/** Where a space opens; the world view reads the map from the address. */
const spaceAddress = (map: string) => `#/world/${encodeURIComponent(map)}`;
const profileAddress = (username: string) => `#/u/${encodeURIComponent(username)}`;

/**
 * The top bar's live corner: a bell with the unread count (pushed through the user's
 * inbox room, so it moves in every view without a reload) that opens the notification
 * list, and an "Online" menu with head counts per space and friends in a space now, each
 * with a link that takes you there. Built here and placed before `before` in the top bar,
 * so the app mounts it with one line.
 *
 * It sits out of the top bar's flow (live-bar.css): the bar keeps a fixed room for it on
 * its right whether it is shown or not, and the badge overlays the bell, so signing in,
 * signing out or a notification arriving never changes the top bar's height, and so never
 * moves the world's canvas under a click.
 */
export class LiveBar {
  readonly root = el("div", "live-bar");
  readonly #bell = button("live-bell", "Notifications");
  readonly #badge = el("span", "live-badge");
  readonly #list = el("div", "live-menu");
  readonly #onlineButton = button("live-online", "Online");
  readonly #online = el("div", "live-menu");
  readonly #inbox: InboxConnection;
  #unread = 0;
  #next: string | null = null;

  constructor(
    private readonly api: LiveApi,
    before: Element,
  ) {
    this.#inbox = new InboxConnection((event) => this.#onEvent(event));
    this.#bell.id = "notifications-button";
    this.#badge.id = "notifications-count";
    this.#badge.setAttribute("aria-hidden", "true");
    this.#bell.append(bellIcon(), this.#badge);
    this.#list.id = "notifications-menu";
    this.#online.id = "online-menu";
    this.#onlineButton.id = "online-button";
    for (const [b, menu, label] of [
      [this.#bell, this.#list, "Notifications"],
      [this.#onlineButton, this.#online, "Who is online"],
    ] as const) {
      menu.hidden = true;
      menu.setAttribute("role", "region");
      menu.setAttribute("aria-label", label);
      b.setAttribute("aria-controls", menu.id);
      b.setAttribute("aria-expanded", "false");
      const wrap = el("div", "live-item");
      wrap.append(b, menu);
      this.root.append(wrap);
    }
    this.#bell.addEventListener("click", () => {
      this.#inbox.ensureOpen();
      void this.#toggle(this.#bell, this.#list, () => this.#openList());
    });
    this.#onlineButton.addEventListener("click", () => void this.#toggle(this.#onlineButton, this.#online, () => this.#openOnline()));
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.#closeMenus();
    });
    document.addEventListener("click", (e) => {
      if (!this.root.contains(e.target as Node)) this.#closeMenus();
    });
    // A link inside a menu navigates; the menu closes behind it.
    this.root.addEventListener("click", (e) => {
      if ((e.target as Element).closest("a")) this.#closeMenus();
    });
    this.root.hidden = true;
    before.parentElement?.classList.add("with-live-bar");
    before.before(this.root);
    this.#showCount(0);
  }

  /** Signed in: the bell connects. */
  start(): void {
    this.root.hidden = false;
    this.#inbox.open();
  }

  /** Signed out: the bell disconnects and forgets. */
  stop(): void {
    this.root.hidden = true;
    this.#closeMenus();
    this.#showCount(0);
    void this.#inbox.close();
  }

  #onEvent(event: InboxEvent): void {
    this.#showCount(event.unread);
    if (event.notification && !this.#list.hidden) this.#list.querySelector("ul")?.prepend(item(event.notification));
  }

  #showCount(unread: number): void {
    this.#unread = unread;
    this.#badge.textContent = unread > 99 ? "99+" : String(unread);
    this.#badge.hidden = unread === 0;
    this.#bell.setAttribute("aria-label", unread ? `Notifications, ${unread} unread` : "Notifications");
    this.#bell.classList.toggle("has-unread", unread > 0);
  }

  async #toggle(b: HTMLButtonElement, menu: HTMLElement, fill: () => Promise<void>): Promise<void> {
    const opening = menu.hidden;
    this.#closeMenus();
    if (!opening) return;
    menu.hidden = false;
    b.setAttribute("aria-expanded", "true");
    // On a phone the menu spans the screen (fixed); it starts below the button, wherever the top bar wrapped it.
    menu.style.setProperty("--live-top", `${Math.round(b.getBoundingClientRect().bottom + 6)}px`);
    menu.replaceChildren(note("Loading…"));
    try {
      await fill();
    } catch {
      menu.replaceChildren(note("Could not load this; try again."));
    }
  }

  #closeMenus(): void {
    for (const [b, menu] of [
      [this.#bell, this.#list],
      [this.#onlineButton, this.#online],
    ] as const) {
      menu.hidden = true;
      b.setAttribute("aria-expanded", "false");
    }
  }

  /** Opening the list shows what is new (highlighted) and marks it all read. */
  async #openList(): Promise<void> {
    const page = await this.api.notifications();
    this.#next = page.next;
    const ul = el("ul", "live-list");
    ul.append(...page.notifications.map(item));
    this.#list.replaceChildren(ul);
    if (!page.notifications.length) this.#list.replaceChildren(note("Nothing yet. Posts on your wall, replies, reactions and new followers show here."));
    this.#moreButton(ul);
    if (page.unread > 0) this.#showCount((await this.api.markRead()).unread);
    else this.#showCount(0);
  }

  #moreButton(ul: HTMLElement): void {
    if (!this.#next) return;
    const more = button("live-more link-button", "Older");
    more.addEventListener("click", async () => {
      more.disabled = true;
      const page = await this.api.notifications(this.#next ?? undefined);
      this.#next = page.next;
      ul.append(...page.notifications.map(item));
      more.remove();
      this.#moreButton(ul);
    });
    this.#list.append(more);
  }

  async #openOnline(): Promise<void> {
    const [{ spaces }, { friends }] = await Promise.all([this.api.spaces(), this.api.friendsOnline()]);
    this.#online.replaceChildren(
      heading("Spaces"),
      spaceList(spaces),
      heading("Friends online"),
      friends.length ? friendList(friends) : note("Nobody you follow is in a space right now."),
    );
  }
}

function item(n: NotificationView): HTMLLIElement {
  const li = el("li", n.read ? "live-note" : "live-note unread");
  const a = document.createElement("a");
  a.href = addressOf(n);
  const who = el("strong", "");
  who.textContent = n.actor.displayName;
  a.append(who, ` ${ACTION[n.kind]}`);
  if (n.excerpt) {
    const quote = el("span", "live-excerpt");
    quote.textContent = `“${n.excerpt}”`;
    a.append(" ", quote);
  }
  const when = el("time", "live-when");
  when.dateTime = new Date(n.createdAt).toISOString();
  when.textContent = ago(n.createdAt);
  li.append(a, when);
  return li;
}

const ACTION: Record<NotificationView["kind"], string> = {
  "wall-post": "wrote on your wall",
  reply: "replied to your post",
  reaction: "reacted to your post",
  follow: "followed you",
  fork: "forked your script",
};

/** Where a notification leads: the wall it happened on, the follower, or the forked script's remix tree. */
function addressOf(n: NotificationView): string {
  if (n.kind === "fork" && n.scriptId) return `#/code/${encodeURIComponent(n.scriptId)}/tree`;
  if (n.kind === "follow" || !n.wall) return profileAddress(n.actor.username);
  return profileAddress(n.wall);
}

function spaceList(spaces: SpaceCount[]): HTMLElement {
  const ul = el("ul", "live-list");
  const byMap = new Map(spaces.map((s) => [s.map, s.people]));
  for (const map of new Set([...Object.keys(MAP_TITLES), ...byMap.keys()])) {
    const people = byMap.get(map) ?? 0;
    const li = el("li", "live-row");
    const label = el("span", "");
    label.textContent = `${mapTitle(map)}: ${people === 1 ? "1 person" : `${people} people`}`;
    li.append(label, link(spaceAddress(map), "Go", `Go to ${mapTitle(map)}`));
    ul.append(li);
  }
  return ul;
}

function friendList(friends: FriendOnline[]): HTMLElement {
  const ul = el("ul", "live-list");
  for (const f of friends) {
    const li = el("li", "live-row");
    const who = link(profileAddress(f.username), f.displayName, `${f.displayName}'s profile`);
    const where = el("span", "live-where");
    where.textContent = ` in ${mapTitle(f.map)}`;
    const name = el("span", "");
    name.append(who, where);
    li.append(name, link(spaceAddress(f.map), "Join", `Join ${f.displayName} in ${mapTitle(f.map)}`));
    ul.append(li);
  }
  return ul;
}

function ago(at: number): string {
  const s = Math.max(0, Math.round((Date.now() - at) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(at).toLocaleDateString();
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

function button(className: string, label: string): HTMLButtonElement {
  const b = el("button", className);
  b.type = "button";
  b.textContent = label;
  return b;
}

function link(href: string, text: string, label: string): HTMLAnchorElement {
  const a = el("a", "live-link");
  a.href = href;
  a.textContent = text;
  a.setAttribute("aria-label", label);
  return a;
}

function heading(text: string): HTMLElement {
  const h = el("h2", "live-heading");
  h.textContent = text;
  return h;
}

function note(text: string): HTMLElement {
  const p = el("p", "live-empty");
  p.textContent = text;
  return p;
}

/** A bell drawn with DOM nodes (no inline SVG markup, no innerHTML). */
function bellIcon(): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "live-bell-icon");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zm-2 15a2 2 0 0 0 4 0z");
  path.setAttribute("fill", "currentColor");
  svg.append(path);
  return svg;
}
