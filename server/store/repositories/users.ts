import type { BigFive } from "#schema/rules/personality.ts";
import type { Ban, Role, UserDoc } from "../../auth/types.ts";
import { Users } from "../collections.ts";
import type { Collection, DocStore } from "../types.ts";

/** The fields a person edits about themselves that live on the account. */
export type UserSelfFields = Partial<Pick<UserDoc, "displayName" | "personality">>;

/** Where a space keeps each person's Big Five: what rooms get instead of the store. */
export interface Personalities {
  /** null when the person never set one (the engine then uses the average). */
  personalityOf(userId: string): Promise<BigFive | null>;
  /** Write-through: resolves once stored. */
  setPersonality(userId: string, personality: BigFive): Promise<void>;
}

/**
 * The `users` collection, for auth, social and rooms: every read and write of an account
 * goes through here, so the queries (and the indexes they need) are in one file.
 */
export class UserRepository implements Personalities {
  readonly #users: Collection<UserDoc>;

  constructor(store: DocStore) {
    this.#users = Users.in(store);
  }

  /** Throws DuplicateKeyError when the username key is taken. */
  async insert(user: UserDoc): Promise<void> {
    await this.#users.insertOne(user);
  }

  findById(id: string): Promise<UserDoc | null> {
    return this.#users.findOne({ _id: id });
  }

  /** By the normalised username (`usernameKey` in #schema/rules/username.ts): one unique-index lookup. */
  findByUsernameKey(key: string): Promise<UserDoc | null> {
    return this.#users.findOne({ usernameKey: key });
  }

  async findByIds(ids: readonly string[]): Promise<UserDoc[]> {
    const unique = [...new Set(ids)];
    return unique.length ? this.#users.find({ _id: { $in: unique } }) : [];
  }

  /** Usernames by id in one indexed query (missing ids map to nothing). */
  async usernames(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const found = unique.length ? await this.#users.find({ _id: { $in: unique } }, { projection: { username: 1 } }) : [];
    return new Map(found.map((u) => [u._id, u.username]));
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.#users.updateOne({ _id: id }, { $set: { passwordHash } });
  }

  async setRole(id: string, role: Role): Promise<void> {
    await this.#users.updateOne({ _id: id }, { $set: { role } });
  }

  async setBan(id: string, ban: Ban): Promise<void> {
    await this.#users.updateOne({ _id: id }, { $set: { ban } });
  }

  /** Lifts `expected` only (matched by when and by whom): a ban re-issued meanwhile stays. */
  async clearBan(id: string, expected: Ban | null | undefined): Promise<void> {
    await this.#users.updateOne({ _id: id, ...(expected ? { "ban.at": expected.at, "ban.by": expected.by } : {}) }, { $set: { ban: null } });
  }

  async updateSelf(id: string, fields: UserSelfFields): Promise<void> {
    const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length) await this.#users.updateOne({ _id: id }, { $set: set });
  }

  async personalityOf(userId: string): Promise<BigFive | null> {
    // No projection: every space join reads this, and on SQLite the projection (mingo)
    // cost about 6x the whole-document read of a user (bench:churn profile).
    const user = await this.#users.findOne({ _id: userId });
    return user?.personality ?? null;
  }

  async setPersonality(userId: string, personality: BigFive): Promise<void> {
    await this.#users.updateOne({ _id: userId }, { $set: { personality } });
  }

  /** Whether the first-visit guide was finished or skipped on this account. */
  async guideDone(userId: string): Promise<boolean> {
    const user = await this.#users.findOne({ _id: userId }, { projection: { guideDone: 1 } });
    return user?.guideDone === true;
  }

  async setGuideDone(userId: string, done: boolean): Promise<void> {
    await this.#users.updateOne({ _id: userId }, { $set: { guideDone: done } });
  }
}
