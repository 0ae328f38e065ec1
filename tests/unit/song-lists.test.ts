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
      { $set: { latestVersion: 1, latestVersionId: "v1", title: "Lantern II: a surprise for ben", editorIds: [cat.userId], updatedAt: 9_000 } },
    );

    const seen = async (who: Actor) => (await songs.list(who, "published")).songs.map((s) => [s.title, s.editors, s.updatedAt, s.latestVersionId]);
    assert.deepEqual(await seen(ben), [["The Lantern", [], 2_000, "v1"]], "someone without a role sees the published version only");
    assert.deepEqual(await seen(cat), [["The Lantern", [cat.username], 9_000, "v1"]], "a co-author still sees the draft's co-authors");
    assert.equal((await songs.list(ana, "mine")).songs[0]?.title, "Lantern II: a surprise for ben", "the owner's own list names the draft");
  });
});
