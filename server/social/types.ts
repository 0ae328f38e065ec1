import type { ReactionKind, Theme } from "#schema/messages/social.ts";

export interface ProfileFields {
  bio: string;
  /** The avatar look as stored; read it with lookFromStored (older profiles hold `{shape, accent}`). */
  avatar?: unknown;
  theme: Theme;
  wallPolicy: "everyone" | "following" | "nobody";
  /** User ids, in the owner's order. */
  topFriends: string[];
  followers: number;
  following: number;
}

/** Keyed by the user's id. */
export type ProfileDoc = ProfileFields & { _id: string } & Record<string, unknown>;

export interface FollowDoc {
  _id: string;
  followerId: string;
  followeeId: string;
  createdAt: number;
  [key: string]: unknown;
}

export interface PostDoc {
  _id: string;
  wallOwnerId: string;
  authorId: string;
  authorName: string;
  text: string;
  ref: { kind: string; id: string } | null;
  public: boolean;
  createdAt: number;
  editedAt: number | null;
  hidden: boolean;
  reactions: Partial<Record<ReactionKind, number>>;
  replyCount: number;
  [key: string]: unknown;
}

export interface ReplyDoc {
  _id: string;
  postId: string;
  wallOwnerId: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: number;
  editedAt: number | null;
  hidden: boolean;
  reactions: Partial<Record<ReactionKind, number>>;
  [key: string]: unknown;
}

export interface ReactionDoc {
  /** `${targetId}:${userId}:${kind}` — one reaction of a kind per person per post. */
  _id: string;
  targetId: string;
  userId: string;
  kind: ReactionKind;
  createdAt: number;
  [key: string]: unknown;
}

/** One item of the feed: posts now; published scripts and Songs slot in by `kind`. */
export interface FeedItemDoc {
  _id: string;
  kind: "post" | "script" | "song";
  refId: string;
  authorId: string;
  createdAt: number;
  [key: string]: unknown;
}
