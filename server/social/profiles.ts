import type { ProfileUpdate } from "#schema/messages/social.ts";
import { ErrorCode } from "#schema/protocol.ts";
import type { PeoplePage, ProfileView } from "#schema/replies/social.ts";
import { type AvatarLook, lookFromStored } from "#schema/rules/avatar-look.ts";
import { usernameKey } from "#schema/rules/username.ts";
import { wallRefusal } from "#schema/rules/wall-policy.ts";
import { assertNotAnotherUsername } from "../auth/display-names.ts";
import type { Actor, UserDoc } from "../auth/types.ts";
import { Follows, Profiles } from "../store/collections.ts";
import { pageAfter, nextCursor, newestFirst, type PageCursor } from "../store/cursor.ts";
import type { UserRepository } from "../store/repositories/users.ts";
import { DomainError } from "../core/errors.ts";
import { DuplicateKeyError } from "../store/errors.ts";
import type { Collection, DocStore } from "../store/types.ts";
import type { NotificationService } from "./notifications.ts";
import type { SocialNotifier } from "./notifier.ts";
import type { FollowDoc, ProfileDoc, ProfileFields } from "./types.ts";

export const DEFAULT_PROFILE: ProfileFields = {
  bio: "",
  theme: { palette: "dusk", accent: "gold", layout: "classic", pattern: "none" },
  wallPolicy: "everyone",
  topFriends: [],
  followers: 0,
  following: 0,
};

/** Profiles, following and who may write on whose wall. */
export class ProfileService {
  readonly #users: UserRepository;
  readonly #profiles: Collection<ProfileDoc>;
  readonly #follows: Collection<FollowDoc>;

  constructor(
    store: DocStore,
    users: UserRepository,
    private readonly now: () => number,
    private readonly notifications?: NotificationService,
    /** Tells the spaces a look changed, so everyone there sees it without a reload. */
    private readonly notifier?: Pick<SocialNotifier, "look">,
  ) {
    this.#users = users;
    this.#profiles = Profiles.in(store);
    this.#follows = Follows.in(store);
  }

  async userNamed(username: string): Promise<UserDoc> {
    const user = await this.#users.findByUsernameKey(usernameKey(username));
    if (!user) throw new DomainError(ErrorCode.NOT_FOUND, "no such person");
    return user;
  }

  /**
   * A stored profile holds only what was ever written to it (a `$set` of edited fields, a
   * `$inc` of a counter); the defaults fill the rest when it is read, never by a write. A
   * write of defaults needs a read first, and a follow's `$inc` landing between the two
   * was overwritten with 0.
   */
  async profileOf(userId: string): Promise<ProfileDoc> {
    const stored = await this.#profiles.findOne({ _id: userId });
    return { ...DEFAULT_PROFILE, ...stored, _id: userId };
  }

  async view(username: string, viewer?: Actor): Promise<ProfileView> {
    const user = await this.userNamed(username);
    const p = await this.profileOf(user._id);
    const friends = await this.#users.findByIds(p.topFriends);
    const byId = new Map(friends.map((f) => [f._id, f]));
    return {
      username: user.username,
      displayName: user.displayName,
      bio: p.bio,
      avatar: lookFromStored(p.avatar, user._id),
      theme: p.theme,
      wallPolicy: p.wallPolicy,
      topFriends: p.topFriends.flatMap((id) => {
        const f = byId.get(id);
        return f ? [{ username: f.username, displayName: f.displayName }] : [];
      }),
      followers: p.followers,
      following: p.following,
      viewer: viewer
        ? {
            following: await this.follows(viewer.userId, user._id),
            canPost: await this.canPost(viewer.userId, user._id, p),
            isOwner: viewer.userId === user._id,
          }
        : null,
    };
  }

  /** Only the owner edits (the route acts on the caller's own profile; nobody else's is reachable). */
  async update(actor: Actor, patch: ProfileUpdate): Promise<void> {
    // Checked before anything is written: a refused display name leaves the whole patch unapplied.
    if (patch.displayName) await assertNotAnotherUsername(this.#users, patch.displayName, usernameKey(actor.username));
    const set: Record<string, unknown> = {};
    for (const key of ["bio", "avatar", "theme", "wallPolicy"] as const) if (patch[key] !== undefined) set[key] = patch[key];
    if (patch.topFriends) set.topFriends = await this.#friendIds(actor, patch.topFriends);
    if (Object.keys(set).length) {
      await this.#profiles.updateOne({ _id: actor.userId }, { $set: set }, { upsert: true });
      // Stored first, then shown: the spaces dress the avatar the same as PUT /api/me/avatar does.
      if (patch.avatar) this.notifier?.look(actor.userId, patch.avatar);
    }
    await this.#users.updateSelf(actor.userId, { displayName: patch.displayName || undefined, personality: patch.personality });
  }

  /** The avatar look a space draws for this person (their choice, or the default from their id). */
  async lookOf(userId: string): Promise<AvatarLook> {
    const p = await this.#profiles.findOne({ _id: userId });
    return lookFromStored(p?.avatar, userId);
  }

  /**
   * Only the caller's own look (the route has no way to name anyone else): stored, then
   * pushed to every space the person is in (every process, through presence).
   */
  async setLook(actor: Actor, look: AvatarLook): Promise<AvatarLook> {
    await this.#profiles.updateOne({ _id: actor.userId }, { $set: { avatar: look } }, { upsert: true });
    this.notifier?.look(actor.userId, look);
    return look;
  }

  async follow(actor: Actor, username: string): Promise<void> {
    const target = await this.userNamed(username);
    if (target._id === actor.userId) throw new DomainError(ErrorCode.BAD_INPUT, "you cannot follow yourself");
    const doc: FollowDoc = {
      _id: `${actor.userId}:${target._id}`,
      followerId: actor.userId,
      followeeId: target._id,
      createdAt: this.now(),
    };
    try {
      await this.#follows.insertOne(doc);
    } catch (err) {
      if (err instanceof DuplicateKeyError) return; // already following: idempotent
      throw err;
    }
    await this.#count(actor.userId, "following", 1);
    await this.#count(target._id, "followers", 1);
    await this.notifications?.record({ to: target._id, kind: "follow", actor });
  }

  async unfollow(actor: Actor, username: string): Promise<void> {
    const target = await this.userNamed(username);
    const r = await this.#follows.deleteOne({ _id: `${actor.userId}:${target._id}` });
    if (r.deletedCount === 0) return;
    await this.#count(actor.userId, "following", -1);
    await this.#count(target._id, "followers", -1);
  }

  /** Newest first, 50 a page; `before` is the previous page's `next` (an `(createdAt, _id)` cursor). */
  async list(username: string, side: "followers" | "following", before?: PageCursor): Promise<PeoplePage> {
    const user = await this.userNamed(username);
    const mine = side === "followers" ? { followeeId: user._id } : { followerId: user._id };
    const page = await this.#follows.find(
      { ...mine, ...pageAfter("createdAt", before) },
      { sort: newestFirst("createdAt"), limit: 50 },
    );
    const ids = page.map((f) => (side === "followers" ? f.followerId : f.followeeId));
    const users = await this.#users.findByIds(ids);
    const byId = new Map(users.map((u) => [u._id, u]));
    return {
      people: ids.flatMap((id) => {
        const u = byId.get(id);
        return u ? [{ username: u.username, displayName: u.displayName }] : [];
      }),
      next: nextCursor(page, 50, (f) => f.createdAt),
    };
  }

  async follows(followerId: string, followeeId: string): Promise<boolean> {
    return (await this.#follows.findOne({ _id: `${followerId}:${followeeId}` })) !== null;
  }

  /**
   * Refuses, in words, a caller the wall's policy shuts out (schema/rules/wall-policy.ts):
   * FORBIDDEN with the sentence as the detail and `errors: [{path: "wallPolicy", value, message}]`.
   */
  async assertCanPost(authorId: string, owner: UserDoc): Promise<void> {
    const p = await this.profileOf(owner._id);
    if (await this.canPost(authorId, owner._id, p)) return;
    const message = wallRefusal(p.wallPolicy, owner.username, await this.follows(authorId, owner._id));
    throw new DomainError(ErrorCode.FORBIDDEN, message, { details: [{ path: "wallPolicy", value: p.wallPolicy, message }] });
  }

  /**
   * The wall policy: everyone, people the OWNER follows, or nobody (the owner always may).
   * Following the owner does not open their wall; being followed by them does.
   */
  async canPost(authorId: string, ownerId: string, profile?: ProfileDoc): Promise<boolean> {
    if (authorId === ownerId) return true;
    const p = profile ?? (await this.profileOf(ownerId));
    if (p.wallPolicy === "everyone") return true;
    if (p.wallPolicy === "nobody") return false;
    return this.follows(ownerId, authorId);
  }

  /**
   * Every name is checked before any is refused, and the refusal names each bad one by its
   * place in the list (`topFriends.2`) and its value, so one typo does not hide the others.
   */
  async #friendIds(actor: Actor, usernames: string[]): Promise<string[]> {
    const ids: string[] = [];
    const bad: Array<{ path: string; value: string; message: string }> = [];
    for (const [index, name] of usernames.entries()) {
      const u = await this.#users.findByUsernameKey(usernameKey(name));
      if (!u) bad.push({ path: `topFriends.${index}`, value: name, message: "no such person" });
      else if (u._id === actor.userId) bad.push({ path: `topFriends.${index}`, value: name, message: "you cannot be your own top friend" });
      else if (!ids.includes(u._id)) ids.push(u._id);
    }
    if (bad.length) {
      const detail = `top friends: ${bad.map((b) => `"${b.value}" (${b.message})`).join(", ")}`;
      throw new DomainError(ErrorCode.BAD_INPUT, detail.slice(0, 500), { details: bad });
    }
    return ids;
  }

  /** One atomic `$inc` (an upsert creates the profile): a counter is never read and written back. */
  async #count(userId: string, field: "followers" | "following", by: number): Promise<void> {
    await this.#profiles.updateOne({ _id: userId }, { $inc: { [field]: by } }, { upsert: true });
  }
}
