import { call } from "./auth-api.ts";

export interface Profile {
  username: string;
  displayName: string;
  bio: string;
  theme: { palette: string; accent: string; layout: string; pattern: string };
  wallPolicy: string;
  topFriends: Array<{ username: string; displayName: string }>;
  followers: number;
  following: number;
  viewer: { following: boolean; canPost: boolean; isOwner: boolean } | null;
}

export interface WallReply {
  id: string;
  authorId: string;
  /** The author's username (shown as @username); `authorName` is the display name. */
  author: string;
  authorName: string;
  text: string;
  createdAt: number;
  editedAt: number | null;
  hidden: boolean;
  reactions: Record<string, number>;
}

export interface WallPost extends WallReply {
  wallOwnerId: string;
  replies: WallReply[];
}

export interface FeedItem {
  id: string;
  text: string;
  author: string;
  authorName: string;
  wall: string;
  createdAt: number;
  reactions: Record<string, number>;
}

const enc = encodeURIComponent;

/** Profiles, walls and the feed over HTTP; mutations carry the session's CSRF token. */
export class SocialApi {
  constructor(private readonly csrf: () => string | undefined) {}

  profile(username: string): Promise<Profile> {
    return call("GET", `/api/profiles/${enc(username)}`);
  }
  updateProfile(patch: Record<string, unknown>): Promise<Profile> {
    return call("PATCH", "/api/me/profile", patch, this.csrf());
  }
  follow(username: string, on: boolean): Promise<void> {
    return call(on ? "POST" : "DELETE", `/api/profiles/${enc(username)}/follow`, undefined, this.csrf());
  }
  wall(username: string, before?: number): Promise<{ posts: WallPost[]; next: number | null }> {
    return call("GET", `/api/walls/${enc(username)}/posts${before ? `?before=${before}` : ""}`);
  }
  post(username: string, text: string, parentId?: string): Promise<WallPost> {
    return call("POST", `/api/walls/${enc(username)}/posts`, { text, ...(parentId ? { parentId } : {}) }, this.csrf());
  }
  edit(id: string, text: string): Promise<void> {
    return call("PATCH", `/api/posts/${enc(id)}`, { text }, this.csrf());
  }
  remove(id: string): Promise<void> {
    return call("DELETE", `/api/posts/${enc(id)}`, undefined, this.csrf());
  }
  react(id: string, kind: string, on: boolean): Promise<unknown> {
    return call(on ? "PUT" : "DELETE", `/api/posts/${enc(id)}/reactions/${enc(kind)}`, undefined, this.csrf());
  }
  feed(view: "everyone" | "following", before?: number): Promise<{ items: FeedItem[]; next: number | null }> {
    return call("GET", `/api/feed?view=${view}${before ? `&before=${before}` : ""}`);
  }
}
