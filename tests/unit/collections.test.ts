/**
 * Typed collection handles (issue 9, point 5): store/collections.ts declares each
 * collection's indexes; the migrations create them. The two must agree.
 */
import assert from "node:assert/strict";
import { createLogger } from "../../server/core/logger.ts";
import { COLLECTIONS, Users } from "../../server/store/collections.ts";
import { defineCollection } from "../../server/store/define.ts";
import { createMigrator } from "../../server/store/migrations/index.ts";
import { UserRepository } from "../../server/store/repositories/users.ts";
import { openSqliteStore, type SqliteStore } from "../../server/store/sqlite/store.ts";

const log = createLogger({ level: "silent" });

describe("collection handles and the users repository (issue 9, point 5)", () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = openSqliteStore({ file: ":memory:", logger: log });
    await createMigrator(store, log).up();
  });
  afterEach(() => store.close());

  it("[CL1] after every migration, each collection has exactly the indexes its handle declares (names and uniqueness)", async () => {
    assert.equal(new Set(COLLECTIONS.map((c) => c.name)).size, COLLECTIONS.length, "one handle per name");
    for (const def of COLLECTIONS) {
      const actual = (await def.in(store).listIndexes()).filter((i) => i.name !== "_id_");
      const declared = def.indexes.map((spec, i) => ({ name: def.indexNames()[i], fields: spec.fields, unique: spec.unique ?? false }));
      const byName = <T extends { name?: string }>(xs: T[]) => [...xs].sort((a, b) => String(a.name).localeCompare(String(b.name)));
      assert.deepEqual(byName(actual), byName(declared), def.name);
    }
  });

  it("[CL2] a handle refuses a name no engine can take, and opens its collection by name", () => {
    assert.throws(() => defineCollection("Bad Name", { indexes: [] }), /invalid collection name/);
    assert.equal(Users.in(store).name, "users");
  });

  it("[CL3] the users repository keeps the personality a space reads back (null until set)", async () => {
    const users = new UserRepository(store);
    await users.insert({ _id: "u1", username: "ada", usernameKey: "ada", displayName: "Ada", passwordHash: "x", role: "user", createdAt: 1, ban: null });
    assert.equal(await users.personalityOf("u1"), null);
    const bigFive = { openness: 0.5, conscientiousness: -0.2, extraversion: 1, agreeableness: 0, neuroticism: -1 };
    await users.setPersonality("u1", bigFive);
    assert.deepEqual(await users.personalityOf("u1"), bigFive);
    assert.equal((await users.findByUsernameKey("ada"))?._id, "u1");
    assert.deepEqual(await users.usernames(["u1", "u1", "gone"]), new Map([["u1", "ada"]]));
  });
});
