/**
 * What the social routes answer and what the `wall` room broadcasts: the wire shapes,
 * declared once. The server's services and route handlers return values of these types;
 * the client reads them. Types only (no Node or Phaser imports: the browser bundle
 * includes this file).
 */
import type { ReactionKind, Theme, WALL_POLICIES } from "../messages/social.ts";
import type { AvatarLook } from "../rules/avatar-look.ts";
import type { ScriptCardView } from "./codeground.ts";

/**
 * A list page's `next`: an opaque string to send back as `?before=`. Never parse it; the
 * server writes it (time and id of the last item, so ties are never skipped).
 */
export type PageCursorText = string;

/** Reaction counts by kind; a kind nobody used may be missing. */
export type Reactions = Partial<Record<ReactionKind, number>>;

/** A person as lists show them (top friends, followers). */
export interface PersonRef {
  username: string;
  displayName: string;
}

/** GET /api/profiles/:username and PATCH /api/me/profile. */
export interface ProfileView {
  username: string;
  displayName: string;
  bio: string;
  avatar: AvatarLook;
  theme: Theme;
  wallPolicy: (typeof WALL_POLICIES)[number];
  topFriends: PersonRef[];
  followers: number;
  following: number;
  /** For the viewer: do they follow this person, may they post on this wall; null when signed out. */
  viewer: { following: boolean; canPost: boolean; isOwner: boolean } | null;
}

/** GET /api/profiles/:username/followers and /following. */
export interface PeoplePage {
  people: PersonRef[];
  /** Opaque cursor for `?before=` (the previous page's last `(createdAt, id)`); null on the last page. */
  next: PageCursorText | null;
}

/** A reply to a wall post (one level deep). `text` is "" when hidden, except for moderators. */
export interface WallReplyView {
  id: string;
  postId: string;
  wallOwnerId: string;
  authorId: string;
  /** The author's username (shown as `@username`); `authorName` is the display name. */
  author: string;
  authorName: string;
  text: string;
  createdAt: number;
  editedAt: number | null;
  hidden: boolean;
  reactions: Reactions;
  /** The signed-in viewer's own reactions on it (empty when signed out, and in broadcasts). */
  mine: ReactionKind[];
}

/** A post on a wall with its replies, oldest reply first. */
export interface WallPostView {
  id: string;
  wallOwnerId: string;
  authorId: string;
  /** The author's username (shown as `@username`); `authorName` is the display name. */
  author: string;
  authorName: string;
  text: string;
  ref: { kind: string; id: string } | null;
  public: boolean;
  createdAt: number;
  editedAt: number | null;
  hidden: boolean;
  reactions: Reactions;
  /** The signed-in viewer's own reactions on it (empty when signed out, and in broadcasts). */
  mine: ReactionKind[];
  replyCount: number;
  replies: WallReplyView[];
  /** When `ref` names a script version: its card (null when that version no longer exists). */
  script?: ScriptCardView | null;
}

/** GET /api/walls/:username/posts: newest first; `next` is the cursor for `?before=`. */
export interface WallPage {
  posts: WallPostView[];
  next: PageCursorText | null;
}

/** PUT / DELETE /api/posts/:id/reactions/:kind. */
export interface ReactionsReply {
  reactions: Reactions;
  /** The caller's own reactions on that post or reply after the change. */
  mine: ReactionKind[];
}

/** One feed item: posts now; published scripts and Songs slot in by `kind`. */
export interface FeedItemView {
  kind: "post" | "script" | "song";
  id: string;
  text: string;
  /** The author's username. */
  author: string;
  authorName: string;
  /** The wall owner's username. */
  wall: string;
  /** The wall owner's display name. */
  wallName: string;
  createdAt: number;
  reactions: Reactions;
  /** The signed-in viewer's own reactions on it (empty when signed out). */
  mine: ReactionKind[];
  replyCount: number;
  /** Its replies, oldest first, with the viewer's own reactions on each. */
  replies: WallReplyView[];
  ref: { kind: string; id: string } | null;
  /** When `ref` names a script version: its card (null when that version no longer exists). */
  script?: ScriptCardView | null;
}

/** GET /api/feed. */
export interface FeedPage {
  items: FeedItemView[];
  next: PageCursorText | null;
}

/** The kinds of change a `wall:event` carries. */
export const WallEventKind = {
  POST: "post",
  REPLY: "reply",
  EDIT: "edit",
  DELETE: "delete",
  HIDE: "hide",
  REACT: "react",
} as const;
export type WallEventKind = (typeof WallEventKind)[keyof typeof WallEventKind];

/**
 * What the `wall` room broadcasts (`ServerMessage.WALL_EVENT`) after a write is stored.
 * `edit`, `delete`, `hide` and `react` name a post or a reply by its id.
 */
export type WallEvent =
  | { kind: "post"; post: WallPostView }
  | { kind: "reply"; postId: string; reply: WallReplyView }
  | { kind: "edit"; id: string; text: string; editedAt: number }
  | { kind: "delete"; id: string }
  | { kind: "hide"; id: string }
  | { kind: "react"; id: string; reactions: Reactions };
