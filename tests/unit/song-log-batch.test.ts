import assert from "node:assert/strict";
import { createLogger } from "../../server/core/logger.ts";
import { setImmediate as setImmediatePromise } from "node:timers/promises";
import { LogBatch } from "../../server/song/log-batch.ts";
import { SongRepository } from "../../server/song/repository.ts";
import { SONG_COLLECTIONS, type SongDoc } from "../../server/song/types.ts";
import type { Song } from "../../schema/song/model.ts";
import { openSqliteStore } from "../../server/store/sqlite/store.ts";
import type { BatchOp, DocStore } from "../../server/store/types.ts";

const log = createLogger({ level: "silent" });

/** CPU milliseconds `work` takes (user and system): less noisy than wall time on a shared machine. */
async function cpuMs(work: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
const bytes = (n: number) => ({ kind: "y" as const, bytes: new Uint8Array([n]) });

describe("the Song log's group commit", () => {
  let store: DocStore;
  let batches: BatchOp[][];

  beforeEach(() => {
    store = openSqliteStore({ file: ":memory:", logger: log });
    batches = [];
    const batch = store.batch.bind(store);
    store.batch = (ops) => {
      batches.push(ops);
      return batch(ops);
    };
  });
  afterEach(() => store.close());

  it("[SG75] appends of one turn, from several Songs, are stored in one batch and each resolves once stored", async () => {
    const repo = new SongRepository(store, log);
    await Promise.all(Array.from({ length: 20 }, (_, i) => repo.append(`s${i % 3}`, i + 1, bytes(i), 1)));
    assert.equal(batches.length, 1);
    assert.equal(batches[0]?.length, 20);
    assert.equal(await store.collection(SONG_COLLECTIONS.log).countDocuments({}), 20);
  });

  it("[SG81] appends made in the next few turns join the open batch (a window of GROUP_COMMIT_WINDOW_MS), and each still resolves only once stored", async () => {
    const log = new LogBatch(store, SONG_COLLECTIONS.log, 50);
    const doc = (i: number) => ({ _id: `s1:${i}`, songId: "s1", seq: i, kind: "y" as const, bytes: new Uint8Array([i]), at: 1 });
    const first = log.append(doc(1));
    await setImmediatePromise();
    const second = log.append(doc(2));
    await Promise.all([first, second]);
    assert.equal(batches.length, 1, "two turns, one commit");
    assert.equal(batches[0]?.length, 2);
    const calm = new LogBatch(store, SONG_COLLECTIONS.log, 0);
    const third = calm.append(doc(3));
    await setImmediatePromise();
    await Promise.all([third, calm.append(doc(4))]);
    assert.equal(batches.length, 1, "with no window each turn's single append is written alone (no shared batch)");
    assert.equal(await store.collection(SONG_COLLECTIONS.log).countDocuments({}), 4);
  });

  it("[SG75] a failing append in a batch fails alone: the others of its turn are stored", async () => {
    const repo = new SongRepository(store, log);
    await repo.append("s1", 1, bytes(1), 1);
    const results = await Promise.allSettled([repo.append("s1", 2, bytes(2), 1), repo.append("s1", 1, bytes(9), 1), repo.append("s2", 1, bytes(3), 1)]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
    const stored = await store.collection(SONG_COLLECTIONS.log).find({}, { sort: { _id: 1 } });
    assert.deepEqual(
      stored.map((d) => d._id),
      ["s1:1", "s1:2", "s2:1"],
    );
  });

  it("[SG74] a room's log is replayed without computing warnings: 60 variable edits on a full Song load at once, not after a re-analysis each", async function () {
    // About 4 s of CPU on a quiet machine (the live side re-analyses a full Song 60 times).
    this.timeout(60_000);
    const repo = new SongRepository(store, log);
    const verses = Array.from({ length: 500 }, (_, i) => ({
      id: `v${i}`,
      title: "t",
      prose: "",
      tone: null,
      ending: false,
      x: 0,
      y: 0,
      choices: Array.from({ length: 8 }, (_, c) => {
        const k = i * 8 + c;
        return { id: `c${k}`, label: "l", target: `v${(i + 1) % 500}`, condition: `(a < ${k % 97} and b > ${k % 89}) or (a > b and b < ${k}) or (b - a > ${k % 7} and a + b < ${k})`, effects: [] };
      }),
    }));
    const spec = (max: number) => ({ type: "number" as const, default: 0, min: 0, max });
    const draft: Song = {
      format: 1,
      title: "full",
      start: "v0",
      verses,
      variables: [
        { name: "a", ...spec(1000) },
        { name: "b", ...spec(1000) },
        { name: "z", ...spec(1) },
      ],
    };
    const doc: SongDoc = { _id: "full", ownerId: "o", title: "full", editorIds: [], watchable: false, draft, yState: new Uint8Array(), seq: 0, latestVersion: null, latestVersionId: null, createdAt: 1, updatedAt: 1 };
    await repo.songs.insertOne(doc);
    // Each edit changes the ranges, so validating after it would re-analyse all 4,000 conditions (~100 ms).
    const edits = Array.from({ length: 60 }, (_, i) => ({ op: "var.edit" as const, name: i % 2 ? "a" : "b", spec: spec(2000 + i) }));
    await Promise.all(edits.map((op, i) => repo.append("full", i + 1, { kind: "op", op }, 1)));
    const loadMs = await cpuMs(async () => {
      const loaded = await repo.loadDraft("full");
      assert.equal(loaded?.seq, 60);
      assert.deepEqual(loaded?.song.variables.map((v) => (v.type === "number" ? v.max : null)), [2059, 2058, 1]);
    });
    // No timing bound (machines are noisy): the load is compared, in this run, with loading
    // the same Song with an empty log: about 5 times that now, 30 times when each op was
    // validated as it was replayed.
    await repo.songs.insertOne({ ...doc, _id: "bare" });
    const bareMs = await cpuMs(async () => {
      assert.equal((await repo.loadDraft("bare"))?.seq, 0);
    });
    assert.ok(loadMs < 10 * bareMs, `replaying 60 ops took ${loadMs.toFixed(0)} ms of CPU; loading without a log ${bareMs.toFixed(0)} ms`);
  });
});
