/**
 * Every collection the app keeps, one typed handle each: name, document type, indexes.
 * Open one with `Users.in(store)`; repositories (server/store/repositories/) wrap the
 * common ones. The indexes here are what the migrations leave behind; `[CL1]` in
 * tests/unit/collections.test.ts fails when the two disagree, so a new index is a line
 * here plus a migration that creates it.
 *
 * A new collection: one `defineCollection` line here (its document type beside the code
 * that owns it), a repository when more than one service uses it, and a migration.
 */
import type { AuditEntry } from "../auth/audit.ts";
import type { PreviewDoc, SaveDoc, ScriptDoc, VersionDoc } from "../codeground/types.ts";
import type { SessionDoc, UserDoc } from "../auth/types.ts";
import type { ChatLineDoc } from "../domain/space/chat-history.ts";
import type { NotificationDoc } from "../social/notifications.ts";
import type { FeedItemDoc, FollowDoc, PostDoc, ProfileDoc, ReactionDoc, ReplyDoc } from "../social/types.ts";
import { type CollectionDef, defineCollection } from "./define.ts";
import type { Doc } from "./types.ts";

/** usernameKey is the normalised (case-folded) username: unique, so "Ada" and "ada" cannot both register. */
export const Users = defineCollection<UserDoc>("users", {
  indexes: [{ fields: { usernameKey: 1 }, unique: true }, { fields: { createdAt: 1 } }],
});

/** Found by the hash of their token, listed per user, swept by expiry. */
export const Sessions = defineCollection<SessionDoc>("sessions", {
  indexes: [{ fields: { tokenHash: 1 }, unique: true }, { fields: { userId: 1 } }, { fields: { expiresAt: 1 } }],
});

/** Newest first per wall with an `(createdAt, _id)` cursor: the compound index answers it without sorting. */
export const Posts = defineCollection<PostDoc>("posts", {
  indexes: [{ fields: { authorId: 1 } }, { fields: { createdAt: 1 } }, { fields: { wallOwnerId: 1, createdAt: -1, _id: -1 } }],
});

/** Read per post, oldest first. */
export const Replies = defineCollection<ReplyDoc>("replies", { indexes: [{ fields: { postId: 1, createdAt: 1 } }] });

/** Per target (counts are kept on the post), and per person and target: a page's `mine` is one query. */
export const Reactions = defineCollection<ReactionDoc>("reactions", { indexes: [{ fields: { targetId: 1 } }, { fields: { userId: 1, targetId: 1 } }] });

/** Newest first overall and per author ("following" merges per-author pages), `(createdAt, _id)` cursors. */
export const Feed = defineCollection<FeedItemDoc>("feed", {
  indexes: [{ fields: { createdAt: -1, _id: -1 } }, { fields: { authorId: 1, createdAt: -1, _id: -1 } }],
});

/** Unique per pair; listed newest first from either side with `(createdAt, _id)` cursors. */
export const Follows = defineCollection<FollowDoc>("follows", {
  indexes: [
    { fields: { followerId: 1, followeeId: 1 }, unique: true },
    { fields: { followeeId: 1, createdAt: -1, _id: -1 } },
    { fields: { followerId: 1, createdAt: -1, _id: -1 } },
  ],
});

/** Keyed by the user's id. */
export const Profiles = defineCollection<ProfileDoc>("profiles", { indexes: [] });

/** Moderation log: newest first with an `(at, _id)` cursor, and per target user. */
export const Audit = defineCollection<AuditEntry>("audit", {
  indexes: [{ fields: { targetId: 1, at: -1 } }, { fields: { at: -1, _id: -1 } }],
});

/** Codeground scripts: an owner's drafts newest save first with an `(updatedAt, _id)` cursor; a remix family by its root in creation order; forks of a parent. */
export const Scripts = defineCollection<ScriptDoc>("scripts", {
  indexes: [
    { fields: { ownerId: 1, updatedAt: -1, _id: -1 } },
    { fields: { "lineage.rootScriptId": 1, createdAt: 1, _id: 1 } },
    { fields: { "lineage.parentScriptId": 1 } },
  ],
});

/** A draft's kept saves, newest first (`_id` is `${scriptId}:${seq}`). */
export const ScriptSaves = defineCollection<SaveDoc>("script_saves", { indexes: [{ fields: { scriptId: 1, seq: -1 } }] });

/** Published versions, never updated; unique per script and number. */
export const ScriptVersions = defineCollection<VersionDoc>("script_versions", {
  indexes: [{ fields: { scriptId: 1, number: -1 }, unique: true }],
});

/** A version's still preview PNG, keyed by the version's id (read one at a time; no other index). */
export const ScriptPreviews = defineCollection<PreviewDoc>("script_previews", { indexes: [] });

/** A space's recent chat, newest first per space (by map name); trimmed by the repository. */
export const ChatLines = defineCollection<ChatLineDoc>("chat_lines", { indexes: [{ fields: { space: 1, at: -1, _id: -1 } }] });

/** A reader's notifications newest first with an `(createdAt, _id)` cursor; the unread count per reader. */
export const Notifications = defineCollection<NotificationDoc>("notifications", {
  indexes: [{ fields: { userId: 1, createdAt: -1, _id: -1 } }, { fields: { userId: 1, read: 1 } }],
});

/** All of them, for the index agreement test and tooling. The `migrations` log is umzug's own. */
export const COLLECTIONS: readonly CollectionDef<Doc>[] = [Users, Sessions, Posts, Replies, Reactions, Feed, Follows, Profiles, Audit, Scripts, ScriptSaves, ScriptVersions, ScriptPreviews, ChatLines, Notifications] as
  readonly CollectionDef<Doc>[];
