/**
 * Follower and following counts on a profile are moved only by atomic increments: a
 * read-then-write of defaults after each increment (the old `#fillDefaults`) could read
 * a profile before a concurrent follow's `$inc` and write the counter back to 0 after it.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Actor, UserDoc } from "../../server/auth/types.ts";
import { usernameKey } from "../../schema/rules/username.ts";
import { createLogger } from "../../server/core/logger.ts";
import { createSocialServices } from "../../server/social/services.ts";
import { createMigrator } from "../../server/store/migrations/index.ts";
import { UserRepository } from "../../server/store/repositories/users.ts";
import { openSqliteStore, type SqliteStore } from "../../server/store/sqlite/store.ts";

const log = createLogger({ level: "silent" });

function userDoc(name: string): UserDoc {
  return { _id: `id-${name}`, username: name, usernameKey: usernameKey(name), displayName: name, passwordHash: "x", role: "user", createdAt: 1, ban: null };
}

function actorFor(u: UserDoc): Actor {
  return { userId: u._id, username: u.username, displayName: u.displayName, role: u.role, sessionId: `s-${u._id}` };
}

/** Distinct names for distinct numbers, from letters no look-alike folding touches (usernameKey). */
function name(n: number): string {
  const letters = "abcdefhjkprstuwxyz";
  return `${letters[n % letters.length]}${letters[Math.floor(n / letters.length) % letters.length]}x`;
}

/** Starts `work` after `ticks` microtask turns: spreads the racers so every interleaving of their steps occurs. */
async function startAfter<T>(ticks: number, work: () => Promise<T>): Promise<T> {
  for (let i = 0; i < ticks; i++) await Promise.resolve();
  return work();
}

describe("profile counters under concurrent follows", () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "neospace-follows-"));
    store = openSqliteStore({ file: path.join(dir, "f.db"), logger: log });
    await createMigrator(store, log).up();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("[SC22] concurrent follows, unfollows and profile edits on brand-new profiles leave every counter equal to the follow rows, at every interleaving", async () => {
    const users = new UserRepository(store);
    const add = async (name: string) => {
      const u = userDoc(name);
      await users.insert(u);
      return u;
    };
    const { profiles } = createSocialServices(store, () => 1_000);
    const follows = store.collection("follows");
    const assertCounted = async (u: UserDoc) => {
      const view = await profiles.view(u.username);
      const rows = [await follows.countDocuments({ followeeId: u._id }), await follows.countDocuments({ followerId: u._id })];
      assert.deepEqual([view.followers, view.following], rows, `${u.username}: counters match the follow rows`);
    };

    // Two first writes to one fresh profile, the second started 0..40 microtask turns after the first, either way round.
    for (let shift = -40; shift <= 40; shift++) {
      const tag = name(shift + 40);
      const [star, fan, idol] = await Promise.all([add(`star${tag}`), add(`fan${tag}`), add(`idol${tag}`)]);
      await Promise.all([
        startAfter(Math.max(0, -shift), () => profiles.follow(actorFor(star), idol.username)),
        startAfter(Math.max(0, shift), () => profiles.follow(actorFor(fan), star.username)),
      ]);
      await assertCounted(star);
    }

    // A crowd at once: many follow one fresh profile while it follows them, some leave, its owner edits it.
    const star = await add("crowdstar");
    const fans = await Promise.all(Array.from({ length: 40 }, (_, i) => add(`crowd${name(i)}`)));
    const me = actorFor(star);
    await Promise.all([
      ...fans.map((f, i) => startAfter(i, () => profiles.follow(actorFor(f), star.username))),
      ...fans.map((f, i) => startAfter(fans.length - i, () => profiles.follow(me, f.username))),
      ...fans.slice(0, 10).map((f, i) => startAfter(3 * i + 20, () => profiles.unfollow(actorFor(f), star.username))),
      ...[0, 5, 10, 20].map((t) => startAfter(t, () => profiles.setLook(me, { shape: "star", color: "rose", accessory: "hat" }))),
      ...[1, 7, 15, 30].map((t) => startAfter(t, () => profiles.update(me, { bio: "hello" }))),
    ]);
    for (const u of [star, ...fans]) await assertCounted(u);
    const view = await profiles.view(star.username);
    assert.deepEqual([view.bio, view.avatar.shape, view.wallPolicy, view.theme.palette], ["hello", "star", "everyone", "dusk"], "edits kept, defaults shown");
  });
});
