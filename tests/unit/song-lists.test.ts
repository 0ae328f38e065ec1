import assert from "node:assert/strict";
import type { Actor } from "../../server/auth/types.ts";
import { createLogger } from "../../server/core/logger.ts";
import type { ProfileService } from "../../server/social/profiles.ts";
import { SongNotifier } from "../../server/song/notifier.ts";
import { SongRepository } from "../../server/song/repository.ts";
import { SongService } from "../../server/song/service.ts";
import type { VersionDoc } from "../../server/song/types.ts";
import { createMigrator } from "../../server/store/migrations/index.ts";
import { UserRepository } from "../../server/store/repositories/users.ts";
import { openSqliteStore, type SqliteStore } from "../../server/store/sqlite/store.ts";

const log = createLogger({ level: "silent" });

describe("Song lists", () => {
  let store: SqliteStore;
  let repo: SongRepository;
  let songs: SongService;
  const actor = (name: string): Actor => ({ userId: name, username: name, displayName: name, role: "user", sessionId: "s" });
  const [ana, ben, cat] = [actor("ana"), actor("ben"), actor("cat")];

  beforeEach(async () => {
    store = openSqliteStore({ file: ":memory:", logger: log });
    await createMigrator(store, log).up();
    const users = new UserRepository(store);
    for (const a of [ana, ben, cat]) {
      await users.insert({ _id: a.userId, username: a.username, usernameKey: a.username, displayName: a.username, passwordHash: "x", role: "user", createdAt: 1, ban: null });
    }
    repo = new SongRepository(store);
    // Listing reaches neither profiles nor walls.
    songs = new SongService(repo, {} as ProfileService, { post: async () => assert.fail("no post") }, new SongNotifier(() => undefined), () => 1_000);
  });
  afterEach(() => store.close());

  it("[SR23] the published list names a Song as its latest version does: a private draft's later title, co-authors and last change stay with those who have a role on it", async () => {
    const created = await songs.create(ana, { title: "The Lantern" });
    // As after a publish, then a retitle of the draft (compacted into the song row) and a co-author invited.
    const version: VersionDoc = { _id: "v1", songId: created.id, ownerId: ana.userId, number: 1, title: "The Lantern", song: {} as VersionDoc["song"], hash: "h", publishedAt: 2_000 };
    await repo.versions.insertOne(version);
    await repo.songs.updateOne(
      { _id: created.id },
      { $set: { latestVersion: 1, latestVersionId: "v1", publishedAt: 2_000, title: "Lantern II: a surprise for ben", editorIds: [cat.userId], updatedAt: 9_000 } },
    );

    const seen = async (who: Actor) => (await songs.list(who, "published")).songs.map((s) => [s.title, s.editors, s.updatedAt, s.latestVersionId]);
    assert.deepEqual(await seen(ben), [["The Lantern", [], 2_000, "v1"]], "someone without a role sees the published version only");
    assert.deepEqual(await seen(cat), [["The Lantern", [cat.username], 9_000, "v1"]], "a co-author still sees the draft's co-authors");
    assert.equal((await songs.list(ana, "mine")).songs[0]?.title, "Lantern II: a surprise for ben", "the owner's own list names the draft");
  });

  it("[SR24] the published list is in the order Songs were published: a draft changed since does not move up (its authors' work stays theirs); Songs published before migration 0013 get their time from their latest version", async () => {
    const publish = async (title: string, at: number) => {
      const created = await songs.create(ana, { title });
      await repo.versions.insertOne({ _id: `v-${title}`, songId: created.id, ownerId: ana.userId, number: 1, title, song: {} as VersionDoc["song"], hash: "h", publishedAt: at });
      await repo.songs.updateOne({ _id: created.id }, { $set: { latestVersion: 1, latestVersionId: `v-${title}`, publishedAt: at, updatedAt: at } });
      return created.id;
    };
    const older = await publish("older", 2_000);
    await publish("newer", 3_000);
    await repo.songs.updateOne({ _id: older }, { $set: { updatedAt: 9_000 } }); // its draft worked on since
    const order = async () => (await songs.list(ben, "published")).songs.map((s) => s.title);
    assert.deepEqual(await order(), ["newer", "older"]);

    // As a store from before 0013: no publishedAt; the migration fills it from the version.
    const migrator = createMigrator(store, log);
    await migrator.down();
    assert.equal((await repo.songs.findOne({ _id: older }))?.publishedAt, undefined);
    await migrator.up();
    assert.equal((await repo.songs.findOne({ _id: older }))?.publishedAt, 2_000);
    assert.deepEqual(await order(), ["newer", "older"]);
  });
});
