import type { ProfileView, ReactionsReply, WallEvent, WallPostView } from "#schema/replies/social.ts";
import { wallPolicySentence, wallRefusal } from "#schema/rules/wall-policy.ts";
import { type Me, ProblemError } from "../net/auth-api.ts";
import type { SocialApi } from "../net/social-api.ts";
import { WallConnection } from "../net/wall-connection.ts";
import type { View } from "../views/view.ts";
import { requireElement } from "./dom.ts";
import { type PostActions, postView, type Viewer } from "./post-view.ts";
import { replaceKeepingFocus } from "./keep-focus.ts";
import { type CardDeps, cardOf } from "./script-card.ts";
import { type EditorProblem, profileEditor } from "./profile-editor.ts";
import { closeOnEscape, focusOverlay, overlayBar } from "./overlay.ts";
import { el, handle } from "./text.ts";
import { type WallChange, WallList } from "./wall-list.ts";

export interface ProfileParams {
  username: string;
}

/**
 * A person's page: a themed header (fixed palettes and patterns, applied as data
 * attributes the stylesheet knows), bio, top friends, follow button, and their wall,
 * kept live by the `wall` room: each `wall:event` is applied to the list and only the
 * post it touches is redrawn (no HTTP request per event). Everything from users is set as text.
 */
export class ProfilePage implements View<ProfileParams> {
  readonly #root = requireElement("profile-page", HTMLElement);
  #wall = new WallConnection();
  #username = "";
  #profile: ProfileView | null = null;
  #list: WallList | null = null;
  /** Events that arrive while the wall is being fetched, applied once it is there (they are idempotent). */
  #pending: WallEvent[] | null = null;
  /** Bumped by every open and close: an open that finishes after a close leaves nothing behind. */
  #generation = 0;

  constructor(
    private readonly api: SocialApi,
    private readonly me: () => Me | null,
    private readonly showError: (message: string) => void,
    private readonly cards: CardDeps,
    private readonly clearError: () => void = () => undefined,
    private readonly closeOverlay: () => void = () => undefined,
  ) {
    closeOnEscape(this.#root, () => this.closeOverlay());
  }

  async open({ username }: ProfileParams): Promise<void> {
    await this.close();
    const generation = this.#generation;
    this.#username = username;
    this.#root.hidden = false;
    this.#root.replaceChildren(overlayBar("the profile", () => this.closeOverlay()), el("p", "Loading…", "muted"));
    focusOverlay(this.#root);
    const [found, watched] = await Promise.all([this.#render(), this.me() ? this.#watch(username, generation) : true]);
    // No wall to watch when there is no such person: the page says so, the error line need not.
    if (found && !watched && generation === this.#generation) this.showError("Live updates are unavailable.");
  }

  /** Joins the wall's room alongside the first fetch: events stored after that fetch are not missed. */
  async #watch(username: string, generation: number): Promise<boolean> {
    const wall = new WallConnection();
    this.#wall = wall;
    const watched = await wall.open(username, (event) => this.#apply(event)).then(
      () => true,
      () => false,
    );
    if (generation !== this.#generation) await wall.close();
    return watched;
  }

  async close(): Promise<void> {
    this.#generation++;
    this.cards.live.release();
    this.#root.hidden = true;
    this.#list = null;
    this.#pending = null;
    await this.#wall.close();
  }

  /** Draws the profile; false when it could not be loaded (no such person, a failed fetch). */
  async #render(): Promise<boolean> {
    const generation = this.#generation;
    let profile: ProfileView;
    try {
      profile = await this.api.profile(this.#username);
    } catch (error) {
      if (generation === this.#generation) {
        this.#root.replaceChildren(
          overlayBar("the profile", () => this.closeOverlay()),
          el("p", error instanceof ProblemError ? error.message : "Could not load this profile."),
        );
        focusOverlay(this.#root);
      }
      return false;
    }
    if (generation !== this.#generation) return false;
    this.#profile = profile;
    const p = profile;
    Object.assign(this.#root.dataset, { palette: p.theme.palette, accent: p.theme.accent, layout: p.theme.layout, pattern: p.theme.pattern });
    const header = el("header", undefined, "profile-head");
    header.append(el("h2", p.displayName), el("p", `@${p.username} · ${count(p.followers, "follower")} · ${p.following} following`, "muted"));
    if (p.viewer && !p.viewer.isOwner) header.append(this.#followButton(p));
    const bio = el("p", p.bio || "No bio yet.", "bio");
    const friends = el("ul", undefined, "top-friends");
    for (const f of p.topFriends) {
      const a = el("a", `${f.displayName} `);
      a.append(handle(f.username));
      a.href = `#/u/${encodeURIComponent(f.username)}`;
      const li = el("li");
      li.append(a);
      friends.append(li);
    }
    const wall = el("section", undefined, "wall");
    wall.id = "wall";
    const editor = p.viewer?.isOwner ? profileEditor(p, (patch) => this.#save(patch)) : null;
    const hadFocus = this.#root.contains(document.activeElement);
    if (p.topFriends.length === 0) friends.append(el("li", "None yet.", "muted"));
    this.#root.replaceChildren(
      overlayBar("the profile", () => this.closeOverlay()),
      header,
      bio,
      ...(editor ? [editor] : []),
      el("h3", "Top friends"),
      friends,
      el("h3", "Wall"),
      el("p", wallPolicySentence(p.wallPolicy, p.username), "wall-rule muted"),
      this.#postBox(p),
      wall,
    );
    if (hadFocus || document.activeElement === document.body) focusOverlay(this.#root);
    await this.#loadWall();
    return true;
  }

  /** The one full fetch of the wall (on open, and after the owner saves the profile); events do the rest. */
  async #loadWall(): Promise<void> {
    const generation = this.#generation;
    this.#pending = [];
    const page = await this.api.wall(this.#username).catch(() => ({ posts: [], next: null }));
    const wall = this.#root.querySelector<HTMLElement>("#wall");
    if (!wall || generation !== this.#generation) return;
    const role = this.me()?.user.role;
    const list = new WallList(page.posts, role === "moderator" || role === "admin");
    for (const event of this.#pending ?? []) list.apply(event);
    this.#pending = null;
    this.#list = list;
    wall.replaceChildren(...list.posts.map((post) => this.#postView(post)));
  }

  /** A live event (or the page's own write, told by its HTTP reply): redraw only what changed. */
  #apply(event: WallEvent): void {
    if (this.#pending) {
      this.#pending.push(event);
      return;
    }
    const wall = this.#root.querySelector<HTMLElement>("#wall");
    if (!this.#list || !wall) return;
    for (const change of this.#list.apply(event)) this.#redraw(wall, change);
  }

  /** The viewer's own reaction went through: counts and which are theirs, from the reply. */
  #reacted(id: string, reply: ReactionsReply): void {
    const wall = this.#root.querySelector<HTMLElement>("#wall");
    if (!this.#list || !wall) return;
    for (const change of this.#list.reacted(id, reply)) this.#redraw(wall, change);
  }

  #redraw(wall: HTMLElement, change: WallChange): void {
    const existing = (id: string) => [...wall.children].find((c) => (c as HTMLElement).dataset.id === id);
    if (change.kind === "removed") {
      existing(change.id)?.remove();
    } else if (change.kind === "changed") {
      const old = existing(change.post.id);
      if (old) replaceKeepingFocus(old, this.#postView(change.post));
    } else {
      wall.insertBefore(this.#postView(change.post), wall.children[change.index] ?? null);
    }
  }

  #postView(post: WallPostView): HTMLElement {
    const me = this.me();
    const viewer: Viewer | null = me ? { userId: me.user.id, wallOwnerId: null, isOwner: this.#profile?.viewer?.isOwner === true } : null;
    return postView(post, viewer, this.#actions(), false, (p) => cardOf(p, this.cards));
  }

  #actions(): PostActions {
    const failed = (e: unknown) => this.showError(messageOf(e));
    return {
      react: (id, kind, on) => void this.api.react(id, kind, on).then((reply) => this.#reacted(id, reply), failed),
      reply: (postId, text) =>
        void this.api.post(this.#username, text, postId).then((reply) => this.#apply({ kind: "reply", postId, reply }), failed),
      // The stored text is the cleaned one: it arrives as a `wall:event`; without live updates, fetch the wall again.
      edit: (id, text) => void this.api.edit(id, text).then(() => (this.#wall.isOpen ? undefined : this.#loadWall()), failed),
      remove: (id) => void this.api.remove(id).then(() => this.#apply({ kind: "delete", id }), failed),
    };
  }

  /**
   * The editor's save: redraws the page with what the server stored, then says "Saved."
   * beside the new editor's button; a refusal goes back to the editor, which shows it
   * beside the field it names and keeps what was typed.
   */
  async #save(patch: Record<string, unknown>): Promise<EditorProblem | null> {
    try {
      await this.api.updateProfile(patch);
    } catch (err) {
      return { message: messageOf(err), paths: err instanceof ProblemError ? err.fieldErrors.map((f) => f.path) : [] };
    }
    // An earlier refusal ("no such person") is stale once a save went through.
    this.clearError();
    await this.#render();
    const note = this.#root.querySelector("#profile-saved");
    if (note) note.textContent = "Saved.";
    return null;
  }

  /** The post box, or for those the wall's policy shuts out, the rule and why, in words. */
  #postBox(p: ProfileView): HTMLElement {
    if (!p.viewer) return el("p", "Sign in to write.", "muted");
    if (!p.viewer.canPost) {
      const why = el("p", wallRefusal(p.wallPolicy, p.username, p.viewer.following), "wall-closed");
      why.id = "wall-closed";
      return why;
    }
    const form = el("form", undefined, "post-form");
    form.id = "post-form";
    const input = el("textarea");
    input.id = "post-input";
    input.maxLength = 1000;
    input.placeholder = `Write on ${p.displayName}'s wall`;
    const send = el("button", "Post");
    send.type = "submit";
    form.append(input, send);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!input.value.trim()) return;
      void this.api
        .post(this.#username, input.value)
        .then((post) => {
          input.value = "";
          this.#apply({ kind: "post", post });
        })
        .catch((err: unknown) => this.showError(messageOf(err)));
    });
    return form;
  }

  #followButton(p: ProfileView): HTMLElement {
    const b = el("button", p.viewer?.following ? "Unfollow" : "Follow");
    b.type = "button";
    b.id = "follow-button";
    b.addEventListener("click", () => {
      void this.api
        .follow(p.username, !p.viewer?.following)
        .then(() => {
          this.clearError();
          return this.#render();
        })
        .catch((err: unknown) => this.showError(messageOf(err)));
    });
    return b;
  }
}

/** "1 follower", "2 followers". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function messageOf(error: unknown): string {
  return error instanceof ProblemError ? error.message : "Something went wrong; try again.";
}
