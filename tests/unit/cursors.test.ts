/**
 * Page cursors are `(time, _id)` pairs (issue 9, point 8): a time is unique only within
 * one process, so lists must page through items sharing one createdAt without skipping or
 * repeating any, and every paged query must stay an index walk on sqlite.
 */
import assert from "node:assert/strict";
import { AuditLog } from "../../server/auth/audit.ts";
import { ScriptService } from "../../server/codeground/scripts.ts";
import type { Actor, UserDoc } from "../../server/auth/types.ts";
import { createLogger } from "../../server/core/logger.ts";
import { PageQuery } from "../../server/http/routes/helpers.ts";
import { SocialNotifier } from "../../server/social/notifier.ts";
import { createSocialServices, type SocialServices } from "../../server/social/services.ts";
import { pageAfter, decodeCursor, encodeCursor, newestFirst, type PageCursor } from "../../server/store/cursor.ts";
import { createMigrator } from "../../server/store/migrations/index.ts";
import { UserRepository } from "../../server/store/repositories/users.ts";
import { openSqliteStore, type SqliteStore } from "../../server/store/sqlite/store.ts";

const log = createLogger({ level: "silent" });
/** Every write in these tests happens at this one instant. */
const T = 1_700_000_000_000;

function userDoc(name: string): UserDoc {
  return { _id: `id-${name}`, username: name, usernameKey: name, displayName: name, passwordHash: "x", role: "user", createdAt: T, ban: null };
}

function actorFor(u: UserDoc): Actor {
  return { userId: u._id, username: u.username, displayName: u.displayName, role: u.role, sessionId: `s-${u._id}` };
}

/** Follows `next` until it is null; returns every id seen, in order. */
async function drain<P>(first: (before?: PageCursor) => Promise<P>, ids: (page: P) => string[], next: (page: P) => string | null) {
  const seen: string[] = [];
  let before: PageCursor | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await first(before);
    seen.push(...ids(page));
    const cursor = next(page);
    if (cursor === null) return seen;
    before = decodeCursor(cursor);
    assert.ok(before, `next ${cursor} decodes`);
  }
  throw new Error("did not end");
}

function assertAllOnce(seen: string[], expected: string[]): void {
  assert.equal(new Set(seen).size, seen.length, "no item repeats");
  assert.deepEqual([...seen].sort(), [...expected].sort(), "no item is skipped");
}

describe("(createdAt, _id) page cursors (issue 9, point 8)", () => {
  let store: SqliteStore;
  let users: UserRepository;
  let owner: UserDoc;

  beforeEach(async () => {
    store = openSqliteStore({ file: ":memory:", logger: log });
    await createMigrator(store, log).up();
    users = new UserRepository(store);
    owner = userDoc("owner");
    await users.insert(owner);
  });
  afterEach(() => store.close());

  /** One service set per "process", all on a clock stopped at T: their createdAt values tie. */
  function processes(n: number): SocialServices[] {
    return Array.from({ length: n }, () => createSocialServices(store, () => T));
  }

  it("[CU1] 45 wall posts written at one instant by 45 processes page through the wall and the feed, each once", async () => {
    const writers = processes(45);
    const authors = await Promise.all(
      ["ann", "bob", "cy"].map(async (n) => {
        const u = userDoc(n);
        await users.insert(u);
        return u;
      }),
    );
    const ids: string[] = [];
    for (const [i, social] of writers.entries()) {
      const author = authors[i % authors.length] as UserDoc;
      ids.push((await social.walls.post(actorFor(author), owner.username, { text: `post ${i}` })).id);
    }
    const [reader] = processes(1) as [SocialServices];
    const wall = await drain(
      (before) => reader.walls.page(owner.username, before),
      (p) => p.posts.map((x) => x.id),
      (p) => p.next,
    );
    assertAllOnce(wall, ids);
    const everyone = await drain(
      (before) => reader.feed.page("everyone", before),
      (p) => p.items.map((x) => x.id),
      (p) => p.next,
    );
    assertAllOnce(everyone, ids);
    const viewer = userDoc("viewer");
    await users.insert(viewer);
    for (const a of authors) await reader.profiles.follow(actorFor(viewer), a.username);
    const following = await drain(
      (before) => reader.feed.page("following", before, actorFor(viewer)),
      (p) => p.items.map((x) => x.id),
      (p) => p.next,
    );
    assertAllOnce(following, ids);
  });

  it("[CU2] 120 followers and 120 audit entries at one instant page through (50 a page), each once", async () => {
    const [social] = processes(1) as [SocialServices];
    const names: string[] = [];
    for (let i = 0; i < 120; i++) {
      const u = userDoc(`f${String(i).padStart(3, "0")}`);
      await users.insert(u);
      await social.profiles.follow(actorFor(u), owner.username);
      names.push(u.username);
    }
    const followers = await drain(
      (before) => social.profiles.list(owner.username, "followers", before),
      (p) => p.people.map((x) => x.username),
      (p) => p.next,
    );
    assertAllOnce(followers, names);

    const audit = new AuditLog(store, () => T);
    const entries: string[] = [];
    for (let i = 0; i < 120; i++) {
      const e = await audit.record({ actorId: "a", actorName: "a", action: "ban", targetId: "t", targetName: "t", reason: `r${i}` });
      entries.push(e._id);
    }
    const seen = await drain(
      (before) => audit.page(50, before),
      (p) => p.entries.map((x) => x._id),
      (p) => p.next,
    );
    assertAllOnce(seen, entries);
  });

  it("[CU3] every paged query walks an index in the cursor's order on sqlite (no scan, no sort)", () => {
    const c = { at: T, id: "m" };
    const plans = [
      store.explainFind("posts", { wallOwnerId: "w", ...pageAfter("createdAt", c) }, { sort: newestFirst("createdAt"), limit: 20 }),
      store.explainFind("feed", pageAfter("createdAt", c), { sort: newestFirst("createdAt"), limit: 20 }),
      store.explainFind("feed", { authorId: "a", ...pageAfter("createdAt", c) }, { sort: newestFirst("createdAt"), limit: 20 }),
      store.explainFind("follows", { followeeId: "a", ...pageAfter("createdAt", c) }, { sort: newestFirst("createdAt"), limit: 50 }),
      store.explainFind("follows", { followerId: "a", ...pageAfter("createdAt", c) }, { sort: newestFirst("createdAt"), limit: 50 }),
      store.explainFind("audit", pageAfter("at", c), { sort: newestFirst("at"), limit: 50 }),
    ];
    for (const plan of plans) {
      const text = plan.join("\n");
      assert.match(text, /SEARCH \w+ USING INDEX \S+__id_-1/, text);
      assert.doesNotMatch(text, /TEMP B-TREE|SCAN /, text);
    }
  });

  it("[CU5] 120 drafts saved at one instant page through the owner's drafts (50 a page), each once, by an index walk", async () => {
    // Saves are not serialised across processes: drafts saved in one millisecond tie on updatedAt.
    const scripts = new ScriptService(store, new SocialNotifier(undefined), () => T);
    const me = actorFor(owner);
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) ids.push((await scripts.create(me, { title: `draft ${i}`, source: "" })).id);
    const seen = await drain(
      (before) => scripts.mine(me, before),
      (p) => p.drafts.map((d) => d.id),
      (p) => p.next,
    );
    assertAllOnce(seen, ids);
    const plan = store
      .explainFind("scripts", { ownerId: me.userId, ...pageAfter("updatedAt", { at: T, id: "m" }) }, { sort: newestFirst("updatedAt"), limit: 50 })
      .join("\n");
    assert.match(plan, /SEARCH \w+ USING INDEX \S+__id_-1/, plan);
    assert.doesNotMatch(plan, /TEMP B-TREE|SCAN /, plan);
  });

  it("[CU4] cursors are opaque strings that round-trip; anything else is refused as BAD_INPUT at the route", () => {
    const c = { at: T, id: "abc-123" };
    assert.deepEqual(decodeCursor(encodeCursor(c)), c);
    assert.match(encodeCursor(c), /^[A-Za-z0-9_-]+$/, "URL-safe without escaping");
    for (const bad of ["12345", "x", "!!!", encodeCursor({ at: Number.NaN, id: "a" }), Buffer.from('["a","b"]').toString("base64url")]) {
      assert.equal(decodeCursor(bad), undefined, bad);
      assert.equal(PageQuery.safeParse({ before: bad }).success, false, bad);
    }
    assert.deepEqual(PageQuery.parse({ before: encodeCursor(c) }).before, c);
    assert.equal(PageQuery.parse({}).before, undefined, "no cursor: the first page");
    assert.equal(PageQuery.parse({ before: "" }).before, undefined, "an empty one too, as before");
  });
});
