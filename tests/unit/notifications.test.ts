import assert from "node:assert/strict";
import type { Actor } from "../../server/auth/types.ts";
import { createLogger } from "../../server/core/logger.ts";
import { NOTIFICATIONS_KEPT, NotificationService } from "../../server/social/notifications.ts";
import { createMigrator } from "../../server/store/migrations/index.ts";
import { openSqliteStore, type SqliteStore } from "../../server/store/sqlite/store.ts";

const log = createLogger({ level: "silent" });
const reader: Actor = { userId: "u-reader", username: "reader", displayName: "Reader", role: "user", sessionId: "s1" };
const actor = (n: number) => ({ userId: `u-${n}`, username: `a${n}`, displayName: `A ${n}` });

describe("notification store rules", () => {
  let store: SqliteStore;
  let pushed: unknown[];
  let service: NotificationService;
  beforeEach(async () => {
    store = openSqliteStore({ file: ":memory:", logger: log });
    await createMigrator(store, log).up();
    pushed = [];
    service = new NotificationService(store, { publish: async (_c: string, m: unknown) => void pushed.push(m) }, () => 1_000, log);
  });
  afterEach(() => store.close());

  it("[NT5] keeps only the newest NOTIFICATIONS_KEPT per reader, dropping the oldest", async () => {
    for (let i = 0; i < NOTIFICATIONS_KEPT + 5; i++) await service.record({ to: reader.userId, kind: "wall-post", actor: actor(i), text: `n${i}` });
    await service.record({ to: "u-other", kind: "follow", actor: actor(1) });
    assert.equal(await service.unread(reader), NOTIFICATIONS_KEPT);
    assert.equal(await service.unread({ userId: "u-other" }), 1, "another reader's are not trimmed");
    const first = await service.page(reader, undefined);
    assert.equal(first.notifications[0]?.excerpt, `n${NOTIFICATIONS_KEPT + 4}`, "the newest is kept");
    assert.equal(pushed.length, NOTIFICATIONS_KEPT + 6, "each write is pushed");
  });

  it("[NT6] repeats of a reaction or a follow collapse onto one unread row; one's own actions are never recorded", async () => {
    for (let i = 0; i < 3; i++) await service.record({ to: reader.userId, kind: "reaction", actor: actor(1), postId: "p1" });
    await service.record({ to: reader.userId, kind: "reaction", actor: actor(1), postId: "p2" });
    for (let i = 0; i < 3; i++) await service.record({ to: reader.userId, kind: "follow", actor: actor(2) });
    await service.markRead(reader, undefined);
    await service.record({ to: reader.userId, kind: "follow", actor: actor(2) });
    await service.record({ to: reader.userId, kind: "wall-post", actor: reader, text: "my own" });
    const page = await service.page(reader, undefined);
    assert.deepEqual(
      page.notifications.map((n) => [n.kind, n.actor.username, n.postId, n.read]),
      [
        ["follow", "a2", null, false],
        ["reaction", "a1", "p2", true],
        ["reaction", "a1", "p1", true],
      ],
      "a repeated follow comes back unread at the top",
    );
  });
});
