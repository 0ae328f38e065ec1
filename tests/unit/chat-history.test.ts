import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import type { ChatLine } from "../../schema/messages/space.ts";
import { CHAT_HISTORY_MAX, CHAT_HISTORY_TTL_MS, CHAT_TRIM_EVERY, isKept } from "../../server/domain/space/chat-history.ts";
import { ChatLines } from "../../server/store/collections.ts";
import { createMigrator } from "../../server/store/migrations/index.ts";
import { ChatHistoryRepository } from "../../server/store/repositories/chat-history.ts";
import { openSqliteStore } from "../../server/store/sqlite/store.ts";
import type { DocStore } from "../../server/store/types.ts";

const logger = pino({ level: "silent" });
const line = (n: number, at: number): ChatLine => ({ id: `l${String(n).padStart(4, "0")}`, userId: "u1", name: "Ada", text: `line ${n}`, at, scope: "space" });

describe("chat history (sqlite)", () => {
  let dir: string;
  let store: DocStore;
  let repo: ChatHistoryRepository;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "neospace-chat-"));
    store = openSqliteStore({ file: path.join(dir, "c.db"), logger });
    await createMigrator(store, logger).up();
    repo = new ChatHistoryRepository(store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`[CH5] a space keeps its newest ${CHAT_HISTORY_MAX} lines, oldest first; week-old lines are neither shown nor kept; spaces are separate`, async () => {
    const now = 10 * CHAT_HISTORY_TTL_MS;
    for (let n = 0; n < 125; n++) await repo.keep("plaza", line(n, now - 1_000 + n), now);
    await repo.keep("garden", line(999, now), now);
    const recent = await repo.recent("plaza", now);
    assert.equal(recent.length, CHAT_HISTORY_MAX);
    assert.equal(recent[0]?.text, "line 25");
    assert.equal(recent.at(-1)?.text, "line 124");
    const stored = await ChatLines.in(store).countDocuments({ space: "plaza" });
    assert.ok(stored < CHAT_HISTORY_MAX + CHAT_TRIM_EVERY, `stored ${stored}`);
    assert.deepEqual(
      (await repo.recent("garden", now)).map((l) => l.text),
      ["line 999"],
    );
    // A week later nothing of it shows, and the next trim deletes it.
    const later = now + CHAT_HISTORY_TTL_MS + 1;
    assert.deepEqual(await repo.recent("plaza", later), []);
    await repo.trim("plaza", later);
    assert.equal(await ChatLines.in(store).countDocuments({ space: "plaza" }), 0);
  });

  it("[CH6] only space lines are kept: nearby talk and whispers never reach the history", () => {
    assert.equal(isKept({ scope: "space" }), true);
    assert.equal(isKept({ scope: "nearby" }), false);
    assert.equal(isKept({ scope: "whisper" }), false);
  });
});

describe("whispers (handler on a fake room)", () => {
  it("[CH9] a whisper to someone whose connection is down is refused CONFLICT, not echoed to the sender as if it reached them", async () => {
    const { Avatar, SpaceState } = await import("../../schema/state/space.ts");
    const { whisper } = await import("../../server/handlers/space/whisper.ts");
    const { DomainError } = await import("../../server/core/errors.ts");
    const state = new SpaceState({});
    state.avatars.set("s1", new Avatar({ userId: "u1", name: "Ada" }));
    state.avatars.set("s2", new Avatar({ userId: "u2", name: "Bo", reconnecting: true }));
    const posted: string[][] = [];
    const room = {
      state,
      world: { noteActivity: () => undefined },
      keepInView: () => undefined,
      postChat: async (_line: unknown, to: readonly string[]) => void posted.push([...to]),
    };
    const ctx = { room, client: { sessionId: "s1" }, log: logger, now: 0 } as never;
    assert.throws(
      () => whisper(ctx, { to: "s2", text: "psst" }),
      (e: unknown) => e instanceof DomainError && e.code === "CONFLICT" && /reconnecting/.test(e.message),
    );
    assert.deepEqual(posted, [], "nobody is sent the line, the sender included");
    (state.avatars.get("s2") as InstanceType<typeof Avatar>).reconnecting = false;
    await whisper(ctx, { to: "s2", text: "psst" });
    assert.deepEqual(posted, [["s1", "s2"]], "back: whispers reach them again");
  });
});
