import assert from "node:assert/strict";
import { setImmediate as turn } from "node:timers/promises";
import { LogAppends } from "../../server/song/log-appends.ts";

/** A controllable store: each write waits until the test says how it ends; a snapshot covers every seq made so far. */
function harness() {
  const writes = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  const log = new Set<number>();
  const state = { latest: 0, snapshotSeq: 0, snapshots: 0, snapshotFails: false };
  const appends = new LogAppends<string>({
    write: (seq) =>
      new Promise<void>((resolve, reject) => {
        writes.set(seq, {
          resolve: () => {
            log.add(seq);
            resolve();
          },
          reject,
        });
      }),
    snapshot: async () => {
      state.snapshots++;
      if (state.snapshotFails) throw new Error("store down");
      state.snapshotSeq = state.latest;
    },
    latestSeq: () => state.latest,
    failed: () => undefined,
  });
  const acked: number[] = [];
  const refused: number[] = [];
  const append = (seq: number) => {
    state.latest = seq;
    appends.append(seq, `change ${seq}`).then(
      () => acked.push(seq),
      () => refused.push(seq),
    );
  };
  /** What a restart would load: the snapshot, then the log entries after it with no gap. */
  const recoverable = () => {
    let seq = state.snapshotSeq;
    while (log.has(seq + 1)) seq++;
    return seq;
  };
  const settle = async () => {
    for (let i = 0; i < 5; i++) await turn();
  };
  return { writes, state, appends, acked, refused, append, recoverable, settle };
}

describe("the Song log as the room acknowledges it (LogAppends)", () => {
  it("[SG85] a failed append is covered by a snapshot before it or anything after it is acknowledged: every acknowledged change survives a restart", async () => {
    const h = harness();
    for (const seq of [1, 2, 3]) h.append(seq);
    h.writes.get(1)?.resolve();
    h.writes.get(3)?.resolve();
    h.writes.get(2)?.reject(new Error("disk full"));
    await h.settle();
    assert.deepEqual(h.acked, [1, 2, 3]);
    assert.ok(h.state.snapshots >= 1, "a snapshot covered the hole");
    assert.ok(h.recoverable() >= 3, `a restart loads through seq 3, not ${h.recoverable()}`);
    assert.deepEqual(h.appends.holes, [], "the snapshot closed the hole");
    const before = h.state.snapshots;
    h.append(4);
    h.writes.get(4)?.resolve();
    await h.settle();
    assert.deepEqual(h.acked, [1, 2, 3, 4]);
    assert.equal(h.state.snapshots, before, "no hole, no snapshot");
  });

  it("[SG85] when the snapshot fails too, nothing at or after the hole is acknowledged until one succeeds; a write that answers late holds back the acks after it", async () => {
    const h = harness();
    h.state.snapshotFails = true;
    h.append(1);
    h.append(2);
    h.writes.get(2)?.resolve();
    await h.settle();
    assert.deepEqual(h.acked, [], "2 waits for 1's write to settle");
    h.writes.get(1)?.reject(new Error("disk full"));
    await h.settle();
    assert.deepEqual(h.refused.sort(), [1, 2]);
    h.append(3);
    h.writes.get(3)?.resolve();
    await h.settle();
    assert.deepEqual(h.refused.sort(), [1, 2, 3], "the hole is still open");
    h.state.snapshotFails = false;
    h.append(4);
    h.writes.get(4)?.resolve();
    await h.settle();
    assert.deepEqual(h.acked, [4]);
    assert.ok(h.recoverable() >= 4);
  });
});
