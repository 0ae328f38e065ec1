import type { AvatarLook } from "#schema/rules/avatar-look.ts";
import type { FeedPage, PageCursorText, ProfileView, ReactionsReply, WallPage, WallPostView, WallReplyView } from "#schema/replies/social.ts";
import { call } from "./auth-api.ts";

const enc = encodeURIComponent;

/** Profiles, walls and the feed over HTTP; mutations carry the session's CSRF token. */
export class SocialApi {
  constructor(private readonly csrf: () => string | undefined) {}

  profile(username: string): Promise<ProfileView> {
    return call("GET", `/api/profiles/${enc(username)}`);
  }
  updateProfile(patch: Record<string, unknown>): Promise<ProfileView> {
    return call("PATCH", "/api/me/profile", patch, this.csrf());
  }
  /** One's own avatar look (fixed values only); the space dresses the avatar for everyone. */
  setAvatar(look: AvatarLook): Promise<AvatarLook> {
    return call("PUT", "/api/me/avatar", look, this.csrf());
  }
  follow(username: string, on: boolean): Promise<void> {
    return call(on ? "POST" : "DELETE", `/api/profiles/${enc(username)}/follow`, undefined, this.csrf());
  }
  wall(username: string, before?: PageCursorText): Promise<WallPage> {
    return call("GET", `/api/walls/${enc(username)}/posts${before ? `?before=${enc(before)}` : ""}`);
  }
  /** A post, or with `parentId` a reply to one. */
  post(username: string, text: string): Promise<WallPostView>;
  post(username: string, text: string, parentId: string): Promise<WallReplyView>;
  post(username: string, text: string, parentId?: string): Promise<WallPostView | WallReplyView> {
    return call("POST", `/api/walls/${enc(username)}/posts`, { text, ...(parentId ? { parentId } : {}) }, this.csrf());
  }
  edit(id: string, text: string): Promise<void> {
    return call("PATCH", `/api/posts/${enc(id)}`, { text }, this.csrf());
  }
  remove(id: string): Promise<void> {
    return call("DELETE", `/api/posts/${enc(id)}`, undefined, this.csrf());
  }
  react(id: string, kind: string, on: boolean): Promise<ReactionsReply> {
    return call(on ? "PUT" : "DELETE", `/api/posts/${enc(id)}/reactions/${enc(kind)}`, undefined, this.csrf());
  }
  feed(view: "everyone" | "following", before?: PageCursorText): Promise<FeedPage> {
    return call("GET", `/api/feed?view=${view}${before ? `&before=${enc(before)}` : ""}`);
  }
}
