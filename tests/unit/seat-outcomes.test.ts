import assert from "node:assert/strict";
import { LocalPresence } from "@colyseus/core";
import { createMetrics, type Metrics } from "../../server/core/metrics.ts";
import { SeatLedger } from "../../server/rooms/seat-ledger.ts";
import { lapsedSeat, type SeatLookup } from "../../server/transport/late-seats.ts";

const noPool = () => ({ inUse: 0, waiting: 0, checkoutFailures: 0, waitP99Ms: 0, poolCleared: 0 });
const RESERVATION_MS = 5_000;

/** A ledger on an in-memory presence, a clock moved by hand, and expiry checks run on demand. */
function setup(maxSeats = 2) {
  let now = 1_000_000;
  const checks: (() => void)[] = [];
  const metrics: Metrics = createMetrics(noPool);
  const ledger = new SeatLedger(
    new LocalPresence(),
    { maxSeats, reservationMs: RESERVATION_MS, connectedTtlMs: 60_000 },
    () => now,
    metrics,
    (fn) => checks.push(fn),
  );
  return {
    ledger,
    advance: (ms: number) => {
      now += ms;
    },
    /** Runs every pending expiry check and lets their presence calls finish. */
    async runChecks() {
      for (const check of checks.splice(0)) check();
      await new Promise((resolve) => setImmediate(resolve));
    },
    async count(outcome: string): Promise<number> {
      return (await this.samples(outcome)).reduce((n, v) => n + v.value, 0);
    },
    async samples(outcome: string) {
      return (await metrics.seatReservations.get()).values.filter((v) => v.labels.outcome === outcome);
    },
  };
}

describe("seat ledger: reservation outcomes", () => {
  it("[JC1] a lapsed reservation removed by a later join's count is counted expired once, with its room type", async () => {
    const t = setup();
    assert.ok(await t.ledger.reserve("u1", "space"));
    // The event loop lagged: the expiry check has not run when the account joins again.
    t.advance(RESERVATION_MS + 1_001);
    assert.ok(await t.ledger.reserve("u1", "space"), "the lapsed reservation no longer holds a seat");
    assert.equal(await t.count("expired"), 1, "counted when held() removed it");
    await t.runChecks();
    assert.equal(await t.count("expired"), 2, "the second reservation lapsed too: counted by its own check");
    assert.deepEqual((await t.samples("expired")).map((v) => v.labels.room), ["space"]);
  });

  it("[JC2] a reservation that became a connection, or was released, is never counted expired", async () => {
    const t = setup();
    const seated = (await t.ledger.reserve("u1", "space")) as string;
    const released = (await t.ledger.reserve("u1", "wall")) as string;
    await t.ledger.seated("u1", seated, "space/r1");
    await t.ledger.release("u1", released);
    t.advance(RESERVATION_MS + 1_001);
    await t.runChecks();
    assert.equal(await t.ledger.held("u1"), 1, "the connected seat is still held");
    assert.equal(await t.count("expired"), 0);
    assert.equal(await t.count("granted"), 2);
  });

  it("[JC5] a room's refresh marks all its seats connected in one call: each lives on past its reservation, where it is, and seats without an id are skipped", async () => {
    const t = setup();
    const a = (await t.ledger.reserve("u1", "space")) as string;
    const b = (await t.ledger.reserve("u2", "space")) as string;
    const other = (await t.ledger.reserve("u3", "space")) as string;
    await t.ledger.seatedAll([{ userId: "u1", seatId: a }, { userId: "u2", seatId: b }, { userId: "u4" }], "space/r1");
    t.advance(RESERVATION_MS + 1_001);
    await t.runChecks();
    assert.deepEqual([await t.ledger.held("u1"), await t.ledger.held("u2"), await t.ledger.held("u3"), await t.ledger.held("u4")], [1, 1, 0, 0]);
    assert.deepEqual(await t.ledger.whereabouts("u2"), [{ roomType: "space", roomId: "r1" }]);
    assert.ok(other, "u3's reservation was granted, never refreshed, and lapsed");
    t.advance(60_000);
    assert.equal(await t.ledger.held("u1"), 0, "a refresh lasts the connected TTL, no longer");
  });
});


describe("late sockets: a seat that lapsed before its socket came", () => {
  /** One room, `r1` of type space, holding a reservation for session `s1` only. */
  const rooms: SeatLookup = {
    roomById: (roomId) => (roomId === "r1" ? { roomName: "space", hasReservedSeat: (sessionId) => sessionId === "s1" } : undefined),
  };
  const socket = (path: string) => new URL(`http://localhost:2567${path}`);

  it("[JC3] a socket is late when its room no longer holds its seat, or the room is gone; never for a held seat or a probe", () => {
    assert.equal(lapsedSeat(socket("/proc1/r1?sessionId=s1"), rooms), null, "the seat is still reserved");
    assert.equal(lapsedSeat(socket("/proc1/r1?sessionId=s2"), rooms), "space", "the reservation expired");
    assert.equal(lapsedSeat(socket("/p2/proc1/r1?sessionId=s2"), rooms), "space", "behind a proxy path prefix");
    assert.equal(lapsedSeat(socket("/proc1/r9?sessionId=s1"), rooms), "gone", "the room disposed");
    assert.equal(lapsedSeat(socket("/"), rooms), null, "a latency probe (no room, no session) is no join");
  });
});
