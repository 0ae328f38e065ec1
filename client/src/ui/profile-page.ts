import { type Me, ProblemError } from "../net/auth-api.ts";
import type { Profile, SocialApi } from "../net/social-api.ts";
import { WallConnection } from "../net/wall-connection.ts";
import { requireElement } from "./dom.ts";
import { type PostActions, postView } from "./post-view.ts";
import { profileEditor } from "./profile-editor.ts";
import { el, handle } from "./text.ts";

/**
 * A person's page: a themed header (fixed palettes and patterns, applied as data
 * attributes the stylesheet knows), bio, top friends, follow button, and their wall,
 * kept live by the `wall` room. Everything from users is set as text.
 */
export class ProfilePage {
  readonly #root = requireElement("profile-page", HTMLElement);
  #wall = new WallConnection();
  #username = "";
  #profile: Profile | null = null;

  constructor(
    private readonly api: SocialApi,
    private readonly me: () => Me | null,
    private readonly showError: (message: string) => void,
  ) {}

  async open(username: string): Promise<void> {
    await this.close();
    this.#username = username;
    this.#root.hidden = false;
    await this.#render();
    if (this.me()) {
      this.#wall = new WallConnection();
      await this.#wall.open(username, () => void this.#renderWall()).catch(() => this.showError("Live updates are unavailable."));
    }
  }

  async close(): Promise<void> {
    this.#root.hidden = true;
    await this.#wall.close();
  }

  async #render(): Promise<void> {
    try {
      this.#profile = await this.api.profile(this.#username);
    } catch (error) {
      this.#root.replaceChildren(el("p", error instanceof ProblemError ? error.message : "Could not load this profile."));
      return;
    }
    const p = this.#profile;
    Object.assign(this.#root.dataset, { palette: p.theme.palette, accent: p.theme.accent, layout: p.theme.layout, pattern: p.theme.pattern });
    const header = el("header", undefined, "profile-head");
    header.append(el("h2", p.displayName), el("p", `@${p.username} · ${p.followers} followers · ${p.following} following`, "muted"));
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
    const editor = p.viewer?.isOwner
      ? profileEditor(p, (patch) => {
          void this.api
            .updateProfile(patch)
            .then(() => this.#render())
            .catch((err: unknown) => this.showError(messageOf(err)));
        })
      : el("span");
    this.#root.replaceChildren(header, bio, el("h3", "Top friends"), friends, editor, el("h3", "Wall"), this.#postBox(p), wall);
    await this.#renderWall();
  }

  async #renderWall(): Promise<void> {
    const wall = this.#root.querySelector<HTMLElement>("#wall");
    if (!wall || !this.#profile) return;
    const page = await this.api.wall(this.#username).catch(() => ({ posts: [], next: null }));
    const me = this.me();
    const viewer = me ? { userId: me.user.id, wallOwnerId: null, isOwner: this.#profile.viewer?.isOwner === true } : null;
    wall.replaceChildren(...page.posts.map((post) => postView(post, viewer, this.#actions())));
  }

  #actions(): PostActions {
    const run = (p: Promise<unknown>) => void p.then(() => this.#renderWall()).catch((e: unknown) => this.showError(messageOf(e)));
    return {
      react: (id, kind, on) => run(this.api.react(id, kind, on)),
      reply: (postId, text) => run(this.api.post(this.#username, text, postId)),
      edit: (id, text) => run(this.api.edit(id, text)),
      remove: (id) => run(this.api.remove(id)),
    };
  }

  #postBox(p: Profile): HTMLElement {
    if (!p.viewer?.canPost) return el("p", p.viewer ? "This wall does not take posts from you." : "Sign in to write.", "muted");
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
        .then(() => {
          input.value = "";
          return this.#renderWall();
        })
        .catch((err: unknown) => this.showError(messageOf(err)));
    });
    return form;
  }

  #followButton(p: Profile): HTMLElement {
    const b = el("button", p.viewer?.following ? "Unfollow" : "Follow");
    b.type = "button";
    b.id = "follow-button";
    b.addEventListener("click", () => {
      void this.api
        .follow(p.username, !p.viewer?.following)
        .then(() => this.#render())
        .catch((err: unknown) => this.showError(messageOf(err)));
    });
    return b;
  }
}

function messageOf(error: unknown): string {
  return error instanceof ProblemError ? error.message : "Something went wrong; try again.";
}
