/**
 * The room persistence helper (server/rooms/persistence), on a hand-moved clock: no
 * sleeps, no timing assertions. Ids PS1-PS9 (Hocuspocus #382: load or refuse; #997: one
 * save in flight).
 */
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { createLogger } from "../../server/core/logger.ts";
import { createMetrics, type Metrics } from "../../server/core/metrics.ts";
import { parseJoinRefusal } from "../../server/core/errors.ts";
import {
  PersisterRegistry,
  type PersisterOptions,
  RoomLoadError,
  RoomPersister,
} from "../../server/rooms/persistence/index.ts";
import { ManualScheduler, settle } from "../helpers/manual-clock.ts";

const noPool = () => ({ inUse: 0, waiting: 0, checkoutFailures: 0, waitP99Ms: 0, poolCleared: 0 });

/** A promise the test resolves or rejects by hand: a save that takes as long as the test says. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void } {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A room's state (a counter) with a store whose saves the test controls. */
function setup(overrides: Partial<PersisterOptions<number, number>> = {}) {
  const clock = new ManualScheduler();
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level: "debug", destination: stream });
  const metrics = createMetrics(noPool);
  const registry = new PersisterRegistry();
  const room = { state: 0 };
  const saved: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  /** Each save waits for the test unless `autoSave` is on; `failNext` makes the next N saves fail. */
  const control = { autoSave: true, failNext: 0, pending: [] as ReturnType<typeof deferred>[], loads: 0 };
  const persister = new RoomPersister<number, number>(
    {
      roomType: "song",
      key: "s1",
      createIfMissing: false,
      load: async () => {
        control.loads++;
        return 7;
      },
      capture: () => room.state,
      save: async (state) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          if (control.failNext > 0) {
            control.failNext--;
            throw new Error("store down");
          }
          if (!control.autoSave) {
            const d = deferred();
            control.pending.push(d);
            await d.promise;
          }
          saved.push(state);
        } finally {
          inFlight--;
        }
      },
      debounceMs: 1_000,
      maxWaitMs: 5_000,
      retryBaseMs: 100,
      retryMaxMs: 800,
      flushAttempts: 3,
      ...overrides,
    },
    { log, metrics, scheduler: clock, registry },
  );
  const change = (value: number) => {
    room.state = value;
    persister.markDirty();
  };
  return { clock, lines, metrics, registry, room, saved, control, persister, change, maxInFlight: () => maxInFlight };
}

async function metricValue(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  assert.ok(metric, name);
  const data = await metric.get();
  const hit = data.values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return hit?.value ?? 0;
}

describe("room persistence helper", () => {
  describe("load: the room opens with its data or not at all", () => {
    it("[PS1] a loader that throws refuses the room with RoomLoadError (503 STORE_UNAVAILABLE) and never saves", async () => {
      const t = setup({
        load: async () => {
          throw new Error("disk on fire");
        },
      });
      const err = await t.persister.load().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof RoomLoadError, String(err));
      assert.equal(err.reason, "load_failed");
      assert.equal(err.code, 503);
      assert.deepEqual(parseJoinRefusal(err.message)?.code, "STORE_UNAVAILABLE");
      assert.ok(!err.message.includes("disk on fire"), "the cause stays in the logs, not in the client's reply");
      assert.ok(err.cause instanceof Error);
      assert.throws(() => t.persister.markDirty(), /cannot save a room whose data is failed/);
      await t.persister.dispose();
      assert.deepEqual(t.saved, [], "nothing is ever written over the stored document");
      assert.equal(t.registry.size, 0);
      assert.ok(t.lines.some((l) => l.includes("refusing to open") && l.includes("disk on fire")));
    });

    it("[PS2] not found is refused (404 NOT_FOUND) unless the caller allows a new document", async () => {
      const missing = setup({ load: async () => null });
      const err = await missing.persister.load().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof RoomLoadError && err.reason === "not_found" && err.code === 404, String(err));
      assert.equal(parseJoinRefusal(err.message)?.code, "NOT_FOUND");

      const fresh = setup({ load: async () => null, createIfMissing: true });
      assert.equal(await fresh.persister.load(), null);
      fresh.change(1);
      await fresh.clock.advance(1_000);
      assert.deepEqual(fresh.saved, [1]);

      const found = setup();
      assert.equal(await found.persister.load(), 7);
      assert.equal(found.registry.size, 1);
      await assert.rejects(found.persister.load(), /runs once/);
    });

    it("[PS3] a change before load() is refused (a persister that never loaded cannot save)", () => {
      const t = setup();
      assert.throws(() => t.persister.markDirty(), /cannot save a room whose data is new/);
    });
  });

  describe("saving", () => {
    it("[PS4] saves are debounced, and maxWait bounds how long a busy room goes unsaved", async () => {
      const t = setup();
      await t.persister.load();
      t.change(1);
      await t.clock.advance(999);
      assert.deepEqual(t.saved, [], "not before the quiet time");
      await t.clock.advance(1);
      assert.deepEqual(t.saved, [1], "one save after 1000 ms of quiet");

      // A change every 600 ms never leaves 1000 ms of quiet: maxWait (5000 ms) forces a save.
      const start = t.clock.now();
      for (let i = 2; i <= 12; i++) {
        t.change(i);
        await t.clock.advance(600);
        if (t.saved.length > 1) break;
      }
      assert.equal(t.saved.length, 2, "exactly one forced save");
      assert.ok(t.clock.now() - start <= 5_000 + 600, "within maxWait of the first unsaved change");
      assert.equal(t.saved[1], t.room.state, "the forced save carries the latest state");
    });

    it("[PS5] concurrent save requests: at most one in flight, one coalesced follow-up with the last state", async () => {
      const t = setup();
      await t.persister.load();
      t.control.autoSave = false;
      t.change(1);
      await t.clock.advance(1_000);
      assert.equal(t.control.pending.length, 1, "first save running");
      assert.ok(t.persister.saving);
      // Three more debounced requests come due while it runs.
      for (const v of [2, 3, 4]) {
        t.change(v);
        await t.clock.advance(1_000);
      }
      assert.equal(t.control.pending.length, 1, "no second save beside the first");
      t.control.pending[0]?.resolve();
      await settle();
      assert.equal(t.control.pending.length, 2, "one follow-up save started");
      t.control.pending[1]?.resolve();
      await settle();
      await t.clock.advance(10_000);
      assert.deepEqual(t.saved, [1, 4], "two saves in all; the follow-up carried the latest state");
      assert.equal(t.maxInFlight(), 1);
      assert.equal(t.persister.dirty, false);
    });

    it("[PS6] a failing save is logged, counted, retried with backoff, and eventually succeeds", async () => {
      const t = setup();
      await t.persister.load();
      t.control.failNext = 3;
      t.change(1);
      await t.clock.advance(1_000); // attempt 1 fails → retry in 100
      t.change(2); // a retry is pending: it will carry this change too
      await t.clock.advance(100); // attempt 2 fails → retry in 200
      await t.clock.advance(199);
      assert.deepEqual(t.saved, [], "backoff doubled: nothing before 200 ms");
      await t.clock.advance(1); // attempt 3 fails → retry in 400
      await t.clock.advance(400); // attempt 4 succeeds
      assert.deepEqual(t.saved, [2], "saved once, with the latest state");
      assert.equal(await metricValue(t.metrics, "neospace_room_save_failures_total", { room: "song" }), 3);
      const failures = t.lines.filter((l) => l.includes("room save failed"));
      assert.equal(failures.length, 3);
      assert.ok(failures.every((l) => l.includes('"level":50') && l.includes("store down")), "logged as errors with the cause");
      assert.ok(t.lines.some((l) => l.includes("room saved after failed attempts")));
      assert.deepEqual(t.clock.pending(), [], "nothing left scheduled");
    });

    it("[PS7] save durations are observed by outcome", async () => {
      const t = setup();
      await t.persister.load();
      t.control.failNext = 1;
      t.change(1);
      await t.clock.advance(1_000);
      await t.clock.advance(100);
      const histogram = await t.metrics.registry.getSingleMetric("neospace_room_save_duration_seconds")?.get();
      const count = (outcome: string) =>
        histogram?.values.find(
          (v) =>
            (v as { metricName?: string }).metricName === "neospace_room_save_duration_seconds_count" &&
            v.labels.outcome === outcome,
        )?.value;
      assert.equal(count("error"), 1);
      assert.equal(count("ok"), 1);
    });
  });

  describe("flush and dispose", () => {
    it("[PS8] dispose saves pending changes now, waits for a save in flight, then leaves the registry", async () => {
      const t = setup();
      await t.persister.load();
      t.change(1);
      await t.persister.dispose();
      assert.deepEqual(t.saved, [1], "saved without waiting for the debounce");
      assert.equal(t.registry.size, 0);
      assert.deepEqual(t.clock.pending(), []);

      const u = setup();
      await u.persister.load();
      u.control.autoSave = false;
      u.change(1);
      await u.clock.advance(1_000);
      u.change(2);
      const disposed = u.persister.dispose();
      await settle();
      assert.equal(u.control.pending.length, 1, "the final save waits for the one in flight");
      u.control.pending[0]?.resolve();
      await settle();
      u.control.pending[1]?.resolve();
      await disposed;
      assert.deepEqual(u.saved, [1, 2]);
      assert.equal(u.maxInFlight(), 1);
      assert.throws(() => u.persister.markDirty(), /closed/);
    });

    it("[PS9] a final flush that keeps failing retries a bounded number of times, then says loudly what is lost", async () => {
      const t = setup();
      await t.persister.load();
      t.control.failNext = 99;
      t.change(1);
      const disposed = t.persister.dispose();
      await t.clock.advance(10_000);
      await disposed; // resolves: dispose never rejects
      assert.deepEqual(t.saved, []);
      assert.equal(await metricValue(t.metrics, "neospace_room_save_failures_total", { room: "song" }), 3);
      assert.equal(await metricValue(t.metrics, "neospace_room_saves_abandoned_total", { room: "song" }), 1);
      const lost = t.lines.find((l) => l.includes("ROOM CHANGES LOST"));
      assert.ok(lost?.includes('"unsavedChanges":1') && lost.includes('"key":"s1"'), lost);
      assert.equal(t.registry.size, 0);
    });

    it("[PS10] the registry flushes every live persister (the app's stop() path) and reports failures", async () => {
      const a = setup();
      const b = setup();
      const registry = new PersisterRegistry();
      for (const t of [a, b]) {
        await t.persister.load();
        registry.add(t.persister);
        t.change(5);
      }
      b.control.failNext = 99;
      const flushed = registry.flushAll(createLogger({ level: "silent" }));
      await b.clock.advance(10_000);
      assert.deepEqual(await flushed, { flushed: 1, failed: 1 });
      assert.deepEqual(a.saved, [5]);
      // A flush that gave up leaves the room live with background retries, never a silent drop.
      assert.equal(b.persister.dirty, true);
      b.control.failNext = 0;
      await b.clock.advance(10_000);
      assert.deepEqual(b.saved, [5]);
    });
  });
});
