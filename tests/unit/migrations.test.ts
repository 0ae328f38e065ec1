/**
 * Every migration survives up → down → up on sqlite with data intact; status, down and
 * to(name) move exactly where they say.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { createMigrator, MIGRATIONS, MIGRATIONS_COLLECTION, type Migrator } from "../../server/store/migrations/index.ts";
import { openSqliteStore } from "../../server/store/sqlite/store.ts";
import type { Doc, DocStore } from "../../server/store/types.ts";

const logger = pino({ level: "silent" });
const ALL = MIGRATIONS.map((m) => m.name);

/** The indexes each migration owns, by collection; `before` is what down leaves (nothing unless it replaced some). */
const OWNED: Record<string, { collection: string; indexes: string[]; before?: string[] }> = {
  "0001-users": { collection: "users", indexes: ["createdAt_1", "usernameKey_1"] },
  "0002-sessions": { collection: "sessions", indexes: ["expiresAt_1", "tokenHash_1", "userId_1"] },
  "0003-posts": { collection: "posts", indexes: ["authorId_1", "createdAt_1", "wallOwnerId_1_createdAt_-1"] },
  "0004-audit": { collection: "audit", indexes: ["at_-1", "targetId_1_at_-1"] },
  "0005-social": { collection: "feed", indexes: ["authorId_1_createdAt_-1", "createdAt_-1"] },
  "0006-cursors": {
    collection: "feed",
    indexes: ["authorId_1_createdAt_-1__id_-1", "createdAt_-1__id_-1"],
    before: ["authorId_1_createdAt_-1", "createdAt_-1"],
  },
  "0007-codeground": { collection: "scripts", indexes: ["lineage.parentScriptId_1", "lineage.rootScriptId_1_createdAt_1__id_1", "ownerId_1_updatedAt_-1"] },
  "0008-songs": { collection: "song_log", indexes: ["songId_1_seq_1"] },
  "0009-notifications": { collection: "notifications", indexes: ["userId_1_createdAt_-1__id_-1", "userId_1_read_1"] },
  "0010-chat": { collection: "chat_lines", indexes: ["space_1_at_-1__id_-1"] },
  "0011-reactions-mine": { collection: "reactions", indexes: ["targetId_1", "userId_1_targetId_1"], before: ["targetId_1"] },
  "0012-drafts-cursor": {
    collection: "scripts",
    indexes: ["lineage.parentScriptId_1", "lineage.rootScriptId_1_createdAt_1__id_1", "ownerId_1_updatedAt_-1__id_-1"],
    before: ["lineage.parentScriptId_1", "lineage.rootScriptId_1_createdAt_1__id_1", "ownerId_1_updatedAt_-1"],
  },
  "0013-songs-published-at": {
    collection: "songs",
    indexes: ["ownerId_1_updatedAt_-1", "publishedAt_-1__id_-1"],
    before: ["latestVersion_1_updatedAt_-1", "ownerId_1_updatedAt_-1"],
  },
};

const SEED: Record<string, Doc> = {
  users: { _id: "u1", usernameKey: "ada", createdAt: 1 },
  sessions: { _id: "s1", tokenHash: "h1", userId: "u1", expiresAt: 2 },
  posts: { _id: "p1", wallOwnerId: "u1", authorId: "u1", createdAt: 3 },
  audit: { _id: "a1", at: 4, targetId: "u1", action: "ban" },
  feed: { _id: "f1", kind: "post", refId: "p1", authorId: "u1", createdAt: 5 },
  scripts: { _id: "c1", ownerId: "u1", updatedAt: 6, createdAt: 6, lineage: { rootScriptId: "c1", parentScriptId: null } },
  song_log: { _id: "s1:1", songId: "s1", seq: 1, at: 6, kind: "op" },
  notifications: { _id: "n1", userId: "u1", kind: "follow", createdAt: 7, read: false },
  chat_lines: { _id: "l1", space: "plaza", userId: "u1", name: "Ada", text: "hi", at: 7, scope: "space" },
  reactions: { _id: "p1:u1:like", targetId: "p1", userId: "u1", kind: "like", createdAt: 8 },
  songs: { _id: "g1", ownerId: "u1", title: "never published", latestVersion: null, latestVersionId: null, updatedAt: 9, createdAt: 9 },
};

async function indexNames(store: DocStore, collection: string): Promise<string[]> {
  return (await store.collection(collection).listIndexes())
    .map((i) => i.name)
    .filter((n) => n !== "_id_")
    .sort();
}

describe("migrations", () => {
  let dir: string;
  let store: DocStore;
  let migrator: Migrator;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "neospace-migrations-"));
    store = openSqliteStore({ file: path.join(dir, "m.db"), logger });
    migrator = createMigrator(store, logger);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists the migrations in order, all pending on an empty store", async () => {
    assert.deepEqual(ALL, ["0001-users", "0002-sessions", "0003-posts", "0004-audit", "0005-social", "0006-cursors", "0007-codeground", "0008-songs", "0009-notifications", "0010-chat", "0011-reactions-mine", "0012-drafts-cursor", "0013-songs-published-at"]);
    assert.deepEqual(await migrator.status(), { executed: [], pending: ALL });
    assert.deepEqual(await migrator.pending(), ALL);
  });

  for (const [i, name] of ALL.entries()) {
    it(`${name}: up → down → up keeps data, creates and drops its indexes`, async () => {
      const owned = OWNED[name];
      assert.ok(owned, `no expectations for ${name}`);
      const previous = ALL[i - 1];
      if (previous) await migrator.to(previous);
      const seed = SEED[owned.collection];
      assert.ok(seed);
      if (!(await store.collection(owned.collection).findOne({ _id: seed._id }))) await store.collection(owned.collection).insertOne(seed);

      assert.deepEqual((await migrator.to(name)).applied, [name]);
      assert.deepEqual(await indexNames(store, owned.collection), owned.indexes);

      assert.deepEqual(await migrator.down(), [name]);
      assert.deepEqual(await indexNames(store, owned.collection), owned.before ?? []);
      assert.equal(await store.collection(owned.collection).countDocuments(), 1, "data stays after down");

      assert.deepEqual((await migrator.to(name)).applied, [name]);
      assert.deepEqual(await indexNames(store, owned.collection), owned.indexes);
      assert.deepEqual(await store.collection(owned.collection).findOne({}), seed);
      assert.deepEqual((await migrator.status()).executed, ALL.slice(0, i + 1));
    });
  }

  it("up applies all, records name and appliedAt, and is a no-op the second time", async () => {
    assert.deepEqual(await migrator.up(), ALL);
    assert.deepEqual(await migrator.up(), []);
    const records = await store.collection(MIGRATIONS_COLLECTION).find({}, { sort: { _id: 1 } });
    assert.deepEqual(
      records.map((r) => r.name),
      ALL,
    );
    for (const r of records) assert.ok(!Number.isNaN(Date.parse(String(r.appliedAt))));
    assert.deepEqual(await migrator.status(), { executed: ALL, pending: [] });
  });

  it("the unique index of 0001 is enforced once applied", async () => {
    await migrator.up();
    await store.collection("users").insertOne({ _id: "a", usernameKey: "ada" });
    await assert.rejects(store.collection("users").insertOne({ _id: "b", usernameKey: "ada" }), {
      name: "DuplicateKeyError",
    });
  });

  it("to(name) moves down and up to exactly that name; to('0') reverts everything", async () => {
    await migrator.up();
    assert.deepEqual(await migrator.to("0001-users"), { applied: [], reverted: ALL.slice(1).reverse() });
    assert.deepEqual(await migrator.status(), {
      executed: ["0001-users"],
      pending: ALL.slice(1),
    });
    assert.deepEqual(await migrator.to("0001-users"), { applied: [], reverted: [] });
    assert.deepEqual(await migrator.to("0002-sessions"), { applied: ["0002-sessions"], reverted: [] });
    assert.deepEqual(await migrator.to("0"), { applied: [], reverted: ["0002-sessions", "0001-users"] });
    assert.deepEqual(await migrator.status(), { executed: [], pending: ALL });
    assert.deepEqual(await indexNames(store, "users"), []);
    await assert.rejects(migrator.to("9999-nope"), /unknown migration/);
  });

  it("down with nothing applied does nothing", async () => {
    assert.deepEqual(await migrator.down(), []);
  });

  it("state survives reopening the store", async () => {
    await migrator.to("0002-sessions");
    await store.close();
    store = openSqliteStore({ file: path.join(dir, "m.db"), logger });
    migrator = createMigrator(store, logger);
    assert.deepEqual(await migrator.pending(), ALL.slice(2));
  });

  it("refuses a migration list that is out of order", () => {
    const [a, b] = MIGRATIONS;
    assert.ok(a && b);
    assert.throws(() => createMigrator(store, logger, [b, a]), /out of order/);
  });
});
