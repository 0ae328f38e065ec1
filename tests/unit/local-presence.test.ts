import assert from "node:assert/strict";
import { LocalPresence } from "@colyseus/core";
import { SweptLocalPresence } from "../../server/scale/local-presence.ts";

/** Timers that hold this process open now (Node's list of live handles: unref'd ones are not in it). */
const liveTimers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

/** How many timers `fn` starts. */
function timersStartedBy(fn: () => void): number {
  const { setTimeout: timeout, setInterval: interval } = globalThis;
  let started = 0;
  const count = <F extends (...args: never[]) => unknown>(f: F) =>
    ((...args: Parameters<F>) => {
      started++;
      return f(...args);
    }) as unknown as F;
  globalThis.setTimeout = count(timeout);
  globalThis.setInterval = count(interval);
  try {
    fn();
  } finally {
    globalThis.setTimeout = timeout;
    globalThis.setInterval = interval;
  }
  return started;
}

describe("in-process presence with Redis's expiry (server/scale/local-presence.ts)", () => {
  let now = 1_000_000;
  let presence: SweptLocalPresence;
  beforeEach(() => {
    now = 1_000_000;
    presence = new SweptLocalPresence(() => now);
  });
  afterEach(() => presence.shutdown());

  it("[IC11] a key, a hash or a list expires whole at its deadline; a refresh moves the deadline; SET and DEL drop it", async () => {
    presence.setex("plain", "1", 10);
    await presence.hset("seats:u1", "s1", "c:1");
    presence.expire("seats:u1", 20);
    presence.rpush("list", "x");
    presence.expire("list", 5);
    now += 9_999;
    presence.sweep();
    assert.equal(presence.get("plain"), "1");
    assert.equal(await presence.llen("list"), 0, "the list went at 5 s");
    presence.expire("plain", 10); // refreshed: lives to 19.999 s
    now += 5_000;
    presence.sweep();
    assert.equal(presence.get("plain"), "1");
    assert.equal(await presence.hget("seats:u1", "s1"), "c:1");
    now += 6_000;
    presence.sweep();
    assert.equal(presence.get("plain"), undefined);
    assert.equal(await presence.exists("seats:u1"), false, "the hash expired whole, not only plain keys");
    presence.setex("kept", "1", 1);
    presence.set("kept", "2");
    presence.setex("gone", "1", 1);
    presence.del("gone");
    assert.equal(presence.expiring, 0, "SET and DEL took the deadlines away");
    now += 2_000;
    presence.sweep();
    assert.equal(presence.get("kept"), "2");
  });

  it("[IC12] a hash goes with its last field, and ten thousand refreshed TTLs hold one timer (Colyseus's own holds one per key)", async () => {
    await presence.hset("seats:u1", "a", "1");
    await presence.hset("seats:u1", "b", "1");
    assert.equal(await presence.hdel("seats:u1", "a"), true);
    assert.equal(await presence.exists("seats:u1"), true);
    assert.equal(await presence.hdel("seats:u1", "b"), true);
    assert.equal(await presence.exists("seats:u1"), false, "an empty hash does not linger per account");
    assert.equal(await presence.hdel("seats:u1", "b"), false);

    const before = liveTimers();
    const refresh = (p: LocalPresence) => () => {
      for (let round = 0; round < 2; round++) for (let i = 0; i < 10_000; i++) p.expire(`seats:u${i}`, 90);
    };
    assert.equal(timersStartedBy(refresh(presence)), 1);
    assert.equal(liveTimers(), before, "and that sweeper does not hold the process open");
    const theirs = new LocalPresence();
    assert.equal(timersStartedBy(refresh(theirs)), 20_000, "the control: a timer per refresh");
    for (let i = 0; i < 10_000; i++) theirs.del(`seats:u${i}`);
  });
});
