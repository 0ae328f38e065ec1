import assert from "node:assert/strict";
import type { Client, Room } from "@colyseus/core";
import { Avatar, RoomMood, SpaceState } from "../../schema/state/space.ts";
import type { Actor } from "../../server/auth/types.ts";
import { createLogger } from "../../server/core/logger.ts";
import { MoodSystem } from "../../server/domain/space/mood-system.ts";
import { SpaceWorld } from "../../server/domain/space/world.ts";
import type { SpaceMap } from "../../server/domain/maps.ts";
import { loadMaps } from "../../server/map-files.ts";
import { Evictions } from "../../server/rooms/parts/evictions.ts";
import { SessionWatch } from "../../server/rooms/parts/session-part.ts";
import type { RoomDeps } from "../../server/rooms/room-deps.ts";
import type { HeldSeat } from "../../server/rooms/seat-ledger.ts";
import type { SessionService } from "../../server/auth/sessions.ts";
import { SpacePace } from "../../server/rooms/space-pace.ts";

const TICK = 50;
/** The space room's pass while asleep (space-room.ts, SLEEPING_PASS_EVERY_MS). */
const PASS = 1_000;
const actor: Actor = { userId: "u1", username: "ada", displayName: "Ada", role: "user", sessionId: "s1" };

type EachCheck = Parameters<SessionService["eachCheck"]>[1];

/** A session store where every session is good and u1's. */
function allGood(ids: readonly string[], each: EachCheck): void {
  for (let i = 0; i < ids.length; i++) each(i, { verdict: { ok: true }, role: "user", userId: "u1" });
}

describe("idle capacity: sleeping rooms and spread re-auth rounds (issue 13, scenario C)", function () {
  this.timeout(20_000);

  it("[IC2] the world counts as moving only while someone has somewhere to go; input wakes it", () => {
    const map = loadMaps().get("plaza")!;
    const world = new SpaceWorld(new SpaceState({ map: map.name, width: map.width, height: map.height }), map);
    const a = world.spawn("a", actor, 0, () => 0.5);
    assert.equal(world.moving, false, "a fresh avatar stands still");
    world.setTarget("a", { x: a.x + 40, y: a.y }, 10);
    assert.equal(world.moving, true);
    for (let t = 1; t <= 40 && world.moving; t++) world.tick(TICK, 10 + t * TICK);
    assert.equal(world.moving, false, "arrived: nothing left to step");
    world.setDirection("a", 1, 0, 3_000);
    world.tick(TICK, 3_050);
    assert.equal(world.moving, true, "a held direction keeps it moving");
    world.setDirection("a", 0, 0, 3_100);
    world.tick(TICK, 3_150);
    assert.equal(world.moving, false, "(0, 0) stops it");
    world.remove("a");
    assert.equal(world.moving, false);
  });

  it("[IC3] a mood system ticked only while settling (and once a second) writes exactly what one ticked every step writes", () => {
    const people = { a: { x: 0, y: 0 }, b: { x: 100, y: 0 }, c: { x: 3_000, y: 3_000 } };
    const make = () => {
      const state = new SpaceState({ roomMood: new RoomMood() });
      const mood = new MoodSystem(state, 1);
      for (const [id, at] of Object.entries(people)) {
        state.avatars.set(id, new Avatar({ userId: id, name: id, ...at }));
        mood.join(id, null, 0);
      }
      return { state, mood };
    };
    const every = make();
    const sleepy = make();
    const positions = () => Object.entries(people).map(([sessionId, at]) => ({ sessionId, ...at }));
    const events: Record<number, (m: MoodSystem, t: number) => void> = {
      2000: (m, t) => m.feel("a", { kind: "emote-sent", emote: "wave" }, t),
      2050: (m, t) => m.feel("b", { kind: "emote-received", emote: "wave" }, t),
      90000: (m) => m.setPersonality("c", { openness: 1, conscientiousness: 0, extraversion: 1, agreeableness: 1, neuroticism: -1 }),
      400000: (m, t) => m.feel("c", { kind: "emote-sent", emote: "cry" }, t),
    };
    const snapshot = (s: SpaceState) => JSON.stringify(s.toJSON());
    let sleepyTicks = 0;
    let passedAt = 0;
    for (let now = TICK; now <= 900_000; now += TICK) {
      events[now]?.(every.mood, now);
      events[now]?.(sleepy.mood, now);
      every.mood.tick(now, TICK, positions);
      const due = now - passedAt >= PASS;
      if (due || sleepy.mood.settling) {
        if (due) passedAt = now;
        sleepy.mood.tick(now, TICK, positions);
        sleepyTicks++;
      }
      if (now % PASS === 0) assert.equal(snapshot(sleepy.state), snapshot(every.state), `same state at ${now} ms`);
    }
    assert.equal(sleepy.mood.settling, false, "every feeling settles once its emotions fade and the mood is home");
    assert.ok(sleepyTicks < (900_000 / TICK) * 0.5, `the settled system slept (${sleepyTicks} of ${900_000 / TICK} ticks)`);
  });

  it("[IC4] rooms opened together run their re-auth rounds at spread offsets, one round per room per period", async () => {
    const period = 1_000;
    const clock = new FakeClock();
    const rounds: number[] = [];
    const deps = {
      config: { reauthIntervalMs: period, reconnectGraceSeconds: 20 },
      sessions: {
        eachCheck: async (ids: string[], each: EachCheck) => {
          rounds.push(clock.now);
          allGood(ids, each);
        },
      },
      seats: { seated: async () => undefined, seatedAll: async () => undefined },
      grants: {},
    } as unknown as RoomDeps;
    const client = { sessionId: "c1", auth: { ...actor, loginSessionId: "s1" } } as unknown as Client;
    const log = createLogger({ level: "silent" });
    const rooms = 20;
    for (let i = 0; i < rooms; i++) {
      const room = { clock, clients: [client], presence: { subscribe: async () => undefined }, roomName: "space", roomId: `r${i}` };
      new SessionWatch(room as unknown as Room, deps, log, new Evictions(log)).start(() => (i + 0.5) / rooms);
    }
    await clock.runUntil(3 * period);
    const firstPeriod = rounds.filter((t) => t <= period);
    assert.equal(firstPeriod.length, rooms, "each room had its first round within one period");
    assert.ok(new Set(firstPeriod).size >= rooms / 2, `rounds fall in many ticks, not one (${new Set(firstPeriod).size} distinct)`);
    const busiest = Math.max(...[...new Set(rounds)].map((t) => rounds.filter((x) => x === t).length));
    assert.ok(busiest <= 2, `at most 2 rooms' rounds in one tick (saw ${busiest})`);
    assert.ok(rounds.length >= 3 * rooms - rooms && rounds.length <= 3 * rooms, `about one round per room per period (${rounds.length})`);
  });

  it("[IC7] a connected seat is marked again every second re-auth round, always well within the ledger's time to live", async () => {
    const period = 1_000;
    const grace = 20;
    const clock = new FakeClock();
    const marked: Record<string, number[]> = { c1: [], c2: [] };
    const deps = {
      config: { reauthIntervalMs: period, reconnectGraceSeconds: grace },
      sessions: { eachCheck: async (ids: string[], each: EachCheck) => allGood(ids, each) },
      seats: {
        seated: async (_user: string, seatId: string) => {
          marked[seatId]?.push(clock.now);
        },
        seatedAll: async (seats: HeldSeat[]) => {
          for (const { seatId } of seats) if (seatId) marked[seatId]?.push(clock.now);
        },
      },
      grants: { claim: () => undefined },
    } as unknown as RoomDeps;
    const clientOf = (id: string) => ({ sessionId: id, reconnectionToken: `t-${id}`, auth: { ...actor, loginSessionId: "s1", seatId: id } }) as unknown as Client;
    const clients = [clientOf("c1")];
    const room = { clock, clients, presence: { subscribe: async () => undefined }, roomName: "space", roomId: "r1" };
    const log = createLogger({ level: "silent" });
    const watch = new SessionWatch(room as unknown as Room, deps, log, new Evictions(log));
    watch.start(() => 0.5);
    watch.joined(clients[0] as Client);
    await clock.runUntil(2_200); // rounds at 500, 1500: c1 joined at 0, marked again at the second round
    clients.push(clientOf("c2"));
    watch.joined(clients[1] as Client);
    await clock.runUntil(8_000);
    assert.deepEqual(marked.c1, [0, 1_500, 3_500, 5_500, 7_500], "at join, then every second round (rounds every 1 s from 500 ms)");
    assert.deepEqual(marked.c2, [2_200, 3_500, 5_500, 7_500], "a later joiner: at join, then from the second round after it");
    const ttl = 3 * period + grace * 1_000; // app.ts: connectedTtlMs
    for (const times of Object.values(marked)) {
      const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
      assert.ok(Math.max(...gaps) <= 2 * period + TICK && Math.max(...gaps) < ttl - period, `gaps ${gaps} leave a round to spare`);
    }
  });

  it("[IC6] a sleeping space room steps and patches once a second; anything that wakes it restores both at once, and its first stride is one step long", () => {
    const calls: Array<{ delay: number }> = [];
    let current: ((dt: number) => void) | null = null;
    const room = {
      patchRate: 50 as number | null,
      setSimulationInterval(onTick: (dt: number) => void, delay: number) {
        current = onTick;
        calls.push({ delay });
      },
    };
    const seen: number[] = [];
    const pace = new SpacePace(room, (dt) => seen.push(dt), TICK, PASS);
    pace.start();
    assert.deepEqual([calls.at(-1)?.delay, room.patchRate, pace.asleep], [TICK, 50, false]);
    pace.sleep();
    pace.sleep();
    assert.deepEqual([calls.length, calls.at(-1)?.delay, room.patchRate, pace.asleep], [2, PASS, PASS, true], "asleep: a step and a patch a second; sleeping twice changes nothing");
    current!(PASS);
    assert.equal(seen.at(-1), PASS, "asleep, a step covers the second that passed");
    pace.wake();
    pace.wake();
    assert.deepEqual([calls.length, calls.at(-1)?.delay, room.patchRate, pace.asleep], [3, TICK, 50, false], "awake again: the step interval restarts and the patch rate is back");
    current!(900);
    assert.equal(seen.at(-1), TICK, "the first step after waking walks one step's time, not the second slept");
    current!(60);
    assert.equal(seen.at(-1), 60, "then steps take the time that passed");
  });

  it("[IC13] asleep, a room whose last pass found it quiet steps and patches every quiet interval; anything that wakes it, or a pass that is not quiet, brings the second back", () => {
    const room = { patchRate: 50 as number | null, delays: [] as number[], setSimulationInterval: (_f: unknown, d: number) => room.delays.push(d) };
    const QUIET = 5 * PASS;
    const pace = new SpacePace(room, () => undefined, TICK, PASS, QUIET);
    const rest = () => [room.delays.at(-1), room.patchRate];
    pace.start();
    assert.equal(pace.passDue(0), true, "the first step is a pass");
    pace.passed(0, true);
    assert.deepEqual([pace.passDue(PASS - 1), pace.passDue(PASS), rest()], [false, true, [TICK, 50]], "awake: a pass a second, quiet or not");
    pace.sleep();
    assert.deepEqual(rest(), [QUIET, QUIET], "asleep after a quiet pass: a step and a patch every quiet interval");
    assert.equal(pace.passDue(PASS + 1), true, "asleep, every step is a pass");
    const intervals = room.delays.length;
    pace.passed(6 * PASS, true);
    assert.equal(room.delays.length, intervals, "still quiet: the interval runs on, not restarted");
    pace.passed(11 * PASS, false);
    assert.deepEqual(rest(), [PASS, PASS], "a pass that found someone present: every second again");
    pace.passed(12 * PASS, true);
    assert.deepEqual(rest(), [QUIET, QUIET]);
    pace.wake();
    assert.deepEqual(rest(), [TICK, 50], "woken: awake at once");
    pace.sleep();
    assert.deepEqual(rest(), [PASS, PASS], "asleep again before any pass: a second (what woke it may have left someone present)");
    pace.wake();
    pace.passed(13 * PASS, true);
    pace.wake();
    pace.sleep();
    assert.deepEqual(rest(), [PASS, PASS], "a wake after the quiet pass, even while awake, ends the quiet spell");
  });

  it("[IC14] a quiet room passing every 5 s writes exactly the state of one passing every second, event after event (nobody present: nothing time alone changes)", () => {
    const map = loadMaps().get("plaza")!;
    const people = ["a", "b", "c"];
    // Between steps, as messages arrive; each sit in a quiet spell of its own (sitting down is
    // a minute's presence, and nobody moves or settles for it).
    const events: Array<[number, (r: SimRoom, t: number) => void]> = [
      [2_010, (r, t) => r.emote("a", t)],
      [30_020, (r, t) => r.walk("b", t)],
      [200_030, (r, t) => r.emote("c", t)],
      [260_040, (r, t) => r.walk("a", t)],
      [402_300, (r, t) => r.sit("b", t)],
      [483_600, (r, t) => r.sit("a", t)],
      [564_900, (r, t) => r.sit("c", t)],
      [650_000, (r) => r.personality("b")],
      [700_070, (r, t) => r.feelOrder("c", t)],
    ];
    const run = (quietMs: number) => {
      const room = new SimRoom(map, people, quietMs);
      for (const [at, event] of events) {
        room.runUntil(at);
        event(room, at);
      }
      room.runUntil(900_000);
      return room;
    };
    const everySecond = run(PASS);
    const quiet = run(5 * PASS);
    // At each step of the room passing every second, the quiet room's state as of its own last step.
    let q = 0;
    for (const [at, state] of everySecond.seen) {
      while (q + 1 < quiet.seen.length && (quiet.seen[q + 1] as [number, string])[0] <= at) q++;
      assert.equal((quiet.seen[q] as [number, string])[1], state, `at ${at} ms`);
    }
    assert.ok(everySecond.seen.some(([, s]) => s.includes('"idle":true')), "people went idle (and away) in the run");
    const sleeping = (r: SimRoom) => r.seen.filter(([at], i) => i > 0 && at - (r.seen[i - 1] as [number, string])[0] >= PASS).length;
    assert.ok(sleeping(quiet) < sleeping(everySecond) * 0.6, `asleep, the quiet room stepped less often (${sleeping(quiet)} steps vs ${sleeping(everySecond)})`);
  });
});

/**
 * A space room's simulation as SpaceRoom runs it (space-room.ts #tick, #step, #quiet)
 * without sockets: world, moods and pace, its steps driven at the pace's interval.
 */
class SimRoom {
  readonly state = new SpaceState({ roomMood: new RoomMood() });
  readonly world: SpaceWorld;
  readonly mood = new MoodSystem(this.state, 1);
  readonly pace: SpacePace;
  now = 0;
  /** Each step's time and the state after it. */
  readonly seen: Array<[number, string]> = [];
  #nextStepAt = 0;
  #delay = TICK;
  #onTick: (dt: number) => void = () => undefined;

  constructor(map: SpaceMap, people: string[], quietMs: number) {
    this.world = new SpaceWorld(this.state, map);
    // Like the room's clock: a new interval starts counting from the moment it is set.
    const paced = {
      patchRate: 50 as number | null,
      setSimulationInterval: (onTick: (dt: number) => void, delay: number) => {
        this.#onTick = onTick;
        this.#delay = delay;
        this.#nextStepAt = this.now + delay;
      },
    };
    this.pace = new SpacePace(paced, (dt) => this.#tick(dt), TICK, PASS, quietMs);
    let i = 0;
    for (const id of people) {
      this.world.spawn(id, { ...actor, userId: id, username: id }, 0, () => (i++ % 7) / 7);
      this.mood.join(id, null, 0);
    }
    this.pace.start();
  }

  /** Runs every step due by `t`, then sets the clock to `t`. */
  runUntil(t: number): void {
    while (this.#nextStepAt <= t) {
      this.now = this.#nextStepAt;
      this.#nextStepAt += this.#delay;
      this.#onTick(this.#delay);
      this.seen.push([this.now, JSON.stringify(this.state.toJSON())]);
    }
    this.now = t;
  }

  emote(id: string, t: number): void {
    this.pace.wake();
    this.world.noteActivity(id, t);
    this.mood.feel(id, { kind: "emote-sent", emote: "wave" }, t);
  }

  walk(id: string, t: number): void {
    this.pace.wake();
    const at = this.world.standingPoint(id)!;
    this.world.setTarget(id, { x: at.x + 60, y: at.y }, t);
  }

  /** Sitting down is input (the sitter is back at the keyboard) that sets nobody moving and no mood settling. */
  sit(id: string, t: number): void {
    this.pace.wake();
    this.world.sit(id, "bench", this.world.standingPoint(id)!, t);
  }

  personality(id: string): void {
    this.pace.wake();
    this.mood.setPersonality(id, { openness: 1, conscientiousness: 0, extraversion: 1, agreeableness: 1, neuroticism: -1 });
  }

  feelOrder(id: string, t: number): void {
    this.pace.wake();
    this.mood.feel(id, { kind: "post-received" }, t);
  }

  #tick(dtMs: number): void {
    const passDue = this.pace.passDue(this.now);
    const moving = this.world.moving;
    if (passDue && this.pace.quiet) this.pace.passed(this.now, true);
    else if (passDue || moving || this.mood.settling) {
      this.world.tick(dtMs, this.now);
      this.mood.tick(this.now, dtMs, () => this.world.positions());
      if (passDue) {
        this.pace.passed(this.now, this.mood.checkedAt === this.now && this.mood.nobodyPresent);
      }
    }
    if (this.world.moving || this.mood.settling) this.pace.wake();
    else this.pace.sleep();
  }
}


/** The parts of the Colyseus room clock the session watch uses, advanced by hand. */
class FakeClock {
  now = 0;
  #timers: { at: number; every: number | null; run: () => void }[] = [];

  setTimeout(run: () => void, ms: number): void {
    this.#timers.push({ at: this.now + ms, every: null, run });
  }

  setInterval(run: () => void, ms: number): void {
    this.#timers.push({ at: this.now + ms, every: ms, run });
  }

  advanceTo(t: number): void {
    for (;;) {
      const due = this.#timers.filter((x) => x.at <= t).sort((x, y) => x.at - y.at)[0];
      if (!due) break;
      this.now = Math.max(this.now, due.at);
      if (due.every === null) this.#timers.splice(this.#timers.indexOf(due), 1);
      else due.at += due.every;
      due.run();
    }
    this.now = t;
  }

  /** Advances one room tick at a time to `until`, letting the rounds' promises settle at each. */
  async runUntil(until: number): Promise<void> {
    for (let t = this.now + TICK; t <= until; t += TICK) {
      this.advanceTo(t);
      await new Promise((r) => setImmediate(r));
    }
  }
}
