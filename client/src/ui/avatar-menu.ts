import type { EmoteName } from "#schema/messages/space.ts";
import type { AvatarPick } from "../scenes/avatar-layer.ts";
import { requireElement } from "./dom.ts";
import { el } from "./text.ts";

export interface AvatarMenuActions {
  /** Opens the person's profile as an overlay (the world stays). */
  openProfile(username: string): void;
  /** An emote aimed at the avatar with room session id `target`. */
  emote(emote: EmoteName, target: string): void;
  /** Whether the signed-in person follows `username` (for the button's label). */
  isFollowing(username: string): Promise<boolean>;
  follow(username: string, on: boolean): Promise<void>;
  /** Called when the menu closes, so focus can go back to the map. */
  closed(): void;
}

/** Aimed emotes offered in the menu, with their labels. */
const AIMED: ReadonlyArray<[EmoteName, string]> = [
  ["wave", "Wave"],
  ["hug", "Hug"],
  ["poke", "Poke"],
];

/**
 * The small menu on an avatar: profile (as an overlay), wave / hug / poke aimed at them,
 * follow. It is an overlay (`data-overlay`): while it has focus the world's keys wait; the
 * arrows move between its items, Escape or a click elsewhere closes it. `extraItems` is
 * the slot for more (a whisper, from the chat work), built per person.
 */
export class AvatarMenu {
  readonly #root = requireElement("avatar-menu", HTMLElement);
  #pick: AvatarPick | null = null;

  constructor(
    private readonly actions: AvatarMenuActions,
    private readonly extraItems: (pick: AvatarPick) => HTMLElement[] = () => [],
  ) {
    this.#root.addEventListener("keydown", (e) => this.#onKey(e));
    // Capture: this runs before the map's own handler, which may open the menu for someone else.
    document.addEventListener(
      "pointerdown",
      (e) => {
        if (this.#pick && !this.#root.contains(e.target as Node)) this.close();
      },
      true,
    );
  }

  get openFor(): AvatarPick | null {
    return this.#pick;
  }

  /** Opens over the avatar; `at` is where its head is on the page. */
  open(pick: AvatarPick, at: { x: number; y: number }): void {
    this.#pick = pick;
    const title = el("p", pick.name, "avatar-menu-title");
    title.id = "avatar-menu-title";
    const items: HTMLElement[] = [this.item("Profile", "profile", () => this.actions.openProfile(pick.username))];
    for (const [emote, label] of AIMED) items.push(this.item(label, emote, () => this.actions.emote(emote, pick.id)));
    const follow = this.item("Follow", "follow", () => void this.#toggleFollow(pick, follow));
    follow.dataset.following = "false";
    items.push(follow, ...this.extraItems(pick));
    this.#root.replaceChildren(title, ...items);
    this.#root.setAttribute("aria-labelledby", title.id);
    this.#root.hidden = false;
    this.#place(at);
    // After the click that opened it has finished (its default action would take focus back to the map).
    setTimeout(() => {
      if (this.#pick === pick) items[0]?.focus({ preventScroll: true });
    }, 0);
    void this.actions.isFollowing(pick.username).then(
      (on) => {
        if (this.#pick !== pick) return;
        follow.dataset.following = String(on);
        follow.textContent = on ? "Unfollow" : "Follow";
      },
      () => undefined,
    );
  }

  close(): void {
    if (!this.#pick) return;
    this.#pick = null;
    this.#root.hidden = true;
    this.#root.replaceChildren();
    this.actions.closed();
  }

  /** A menu item; `extraItems` builds theirs with it. Every item but "follow" closes the menu. */
  item(label: string, action: string, run: () => void): HTMLButtonElement {
    const button = el("button", label);
    button.type = "button";
    button.setAttribute("role", "menuitem");
    button.dataset.action = action;
    button.addEventListener("click", () => {
      run();
      if (action !== "follow") this.close();
    });
    return button;
  }

  async #toggleFollow(pick: AvatarPick, button: HTMLButtonElement): Promise<void> {
    const on = button.dataset.following !== "true";
    button.disabled = true;
    try {
      await this.actions.follow(pick.username, on);
      button.dataset.following = String(on);
      button.textContent = on ? "Following ✓" : "Follow";
    } finally {
      button.disabled = false;
    }
  }

  /** Above the head, kept inside the window. */
  #place(at: { x: number; y: number }): void {
    const rect = this.#root.getBoundingClientRect();
    const left = Math.min(Math.max(at.x - rect.width / 2, 4), window.innerWidth - rect.width - 4);
    const top = Math.min(Math.max(at.y - rect.height - 8, 4), window.innerHeight - rect.height - 4);
    this.#root.style.left = `${Math.round(left)}px`;
    this.#root.style.top = `${Math.round(top)}px`;
  }

  #onKey(e: KeyboardEvent): void {
    const items = [...this.#root.querySelectorAll<HTMLElement>("[role=menuitem]")];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === "Escape") {
      e.preventDefault();
      this.close();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = (at + (e.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
      items[next]?.focus();
    } else if (e.key === "Tab") {
      this.close();
    }
  }
}
