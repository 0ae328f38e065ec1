import type { SpaceState } from "#schema/state/space.ts";
import {
  AVERAGE_PERSONALITY,
  baselineOf,
  type BigFive,
  contagion,
  DEFAULT_SPEEDS,
  eventImpulses,
  feelsIgnored,
  impulse,
  initialState,
  isAway,
  type MoodLabel,
  type PadSpeeds,
  MoodTally,
  type PadState,
  stableLabel,
  step,
  withBaseline,
  CONTACT_RADIUS,
  DEFAULT_CONTAGION,
  type WorldEvent,
} from "../pad/index.ts";
import { CellGrid } from "./cell-grid.ts";
import { IDLE_AFTER_MS } from "./world.ts";

/** Contagion, contact and "ignored" are checked this often (ms), not every tick. */
const CONTAGION_EVERY_MS = 1_000;
/**
 * The room's mood is read at each quarter second of the clock when a mood has moved since
 * (and with the once-a-second checks), not at every step: a summary over every avatar
 * present, at 20 Hz it was a third of a crowded room's step, and four readings a second
 * still follow the fastest mood anyone can see change. On the clock's quarters, so a room
 * that skips steps while settled reads it at the same instants as one that does not ([IC3]).
 */
const ROOM_MOOD_EVERY_MS = 250;
/** PAD changes smaller than this are not written to the state (no patch churn). */
const WRITE_EPSILON = 0.005;
/** Events that are the avatar's own doing (they keep it present though it stands still). */
const OWN_ACTIONS: ReadonlySet<WorldEvent["kind"]> = new Set(["emote-sent", "chat-sent"]);
/** Events that are not contact with anyone. */
const NOT_CONTACT: ReadonlySet<WorldEvent["kind"]> = new Set(["chat-sent", "ignored"]);

interface Feeling {
  pad: PadState;
  label: MoodLabel | null;
  /** Last social contact: an emote, chat heard, a post, or standing near someone present. */
  lastContactAt: number;
  lastOwnActionAt: number;
}

type Position = { sessionId: string; x: number; y: number };

/**
 * Every avatar's Pleasure-Arousal-Dominance state in a space: world events in, mood and
 * expressions out to the synced state, plus contagion between neighbours and the room's
 * aggregate mood. The rules live in domain/pad; this class only schedules and writes.
 */
export class MoodSystem {
  readonly #feelings = new Map<string, Feeling>();
  /** Reused by each once-a-second pass (see #present). */
  readonly #presentNow = new Set<string>();
  /**
   * Feelings that may still change on a step: emotions active, mood away from its
   * baseline, or a label not yet stable. A step of any other feeling changes nothing
   * (no emotion to fade, the baseline's pull has arrived), so ticks skip them, and a room
   * whose every feeling is settled has no mood work until an event arrives.
   */
  readonly #restless = new Set<string>();
  /** Feelings written since the room last asked (takeWritten): whose live mood to publish. */
  readonly #written = new Set<string>();
  readonly #speeds: PadSpeeds;
  #lastContagion = 0;
  #roomLabel: MoodLabel | null = null;
  /** The clock's quarter second (now / ROOM_MOOD_EVERY_MS, floored) of the last step. */
  #roomMoodQuarter = Number.NEGATIVE_INFINITY;
  /** A mood moved, or someone left, since the room mood was last read. */
  #roomMoodStale = true;
  /** Reused by every room-mood pass: an idle space recomputes it each second. */
  readonly #tally = new MoodTally();
  /** The once-a-second checks' neighbours: who is present, who feels something first-hand (cells as wide as both radii). */
  readonly #presentGrid = new CellGrid<Position>(Math.max(CONTACT_RADIUS, DEFAULT_CONTAGION.radius));
  readonly #sourceGrid = new CellGrid<Position>(Math.max(CONTACT_RADIUS, DEFAULT_CONTAGION.radius));
  readonly #near: Position[] = [];

  constructor(
    private readonly state: SpaceState,
    speedup: number,
  ) {
    this.#speeds = { ...DEFAULT_SPEEDS, speedup };
  }

  join(sessionId: string, personality: BigFive | null, now: number): void {
    this.#feelings.set(sessionId, {
      pad: initialState(baselineOf(personality ?? AVERAGE_PERSONALITY)),
      label: null,
      lastContactAt: now,
      lastOwnActionAt: now,
    });
    this.#restless.add(sessionId);
    this.#write(sessionId, true);
  }

  leave(sessionId: string): void {
    this.#roomMoodStale = true;
    this.#feelings.delete(sessionId);
    this.#restless.delete(sessionId);
    this.#written.delete(sessionId);
  }

  /** Session ids whose mood was written since the last call (then forgotten). */
  takeWritten(): string[] {
    const ids = [...this.#written];
    this.#written.clear();
    return ids;
  }

  /** Whether a step would change any feeling (otherwise only the once-a-second checks can). */
  get settling(): boolean {
    return this.#restless.size > 0;
  }

  /**
   * Nobody was present (everyone away) at the last once-a-second check. Until an event
   * (input, an emote, a join, something felt) nobody can become present, so those checks
   * would find nothing to do: no contact, nobody to feel ignored, the same room mood.
   */
  get nobodyPresent(): boolean {
    return this.#presentNow.size === 0;
  }

  /** When the once-a-second checks last ran (what `nobodyPresent` reports is as of then). */
  get checkedAt(): number {
    return this.#lastContagion;
  }

  /** An event happened to this avatar: its impulses start, and the first shows as an expression. */
  feel(sessionId: string, event: WorldEvent, now: number): void {
    const f = this.#feelings.get(sessionId);
    if (!f) return;
    const impulses = eventImpulses(event);
    for (const i of impulses) f.pad = impulse(f.pad, i.emotion, i.intensity, now, { speeds: this.#speeds });
    this.#restless.add(sessionId);
    if (!NOT_CONTACT.has(event.kind)) f.lastContactAt = now;
    if (OWN_ACTIONS.has(event.kind)) f.lastOwnActionAt = now;
    const avatar = this.state.avatars.get(sessionId);
    const shown = impulses[0];
    if (avatar && shown && event.kind !== "chat-heard") {
      avatar.emotion = shown.emotion;
      avatar.emotionSeq += 1;
    }
  }

  setPersonality(sessionId: string, personality: BigFive): void {
    const f = this.#feelings.get(sessionId);
    if (!f) return;
    f.pad = withBaseline(f.pad, baselineOf(personality));
    this.#restless.add(sessionId);
  }

  /** One step; `positionsNow` is read only by the once-a-second checks (a step rarely needs it). */
  tick(now: number, dtMs: number, positionsNow: () => Position[]): void {
    const checks = now - this.#lastContagion >= CONTAGION_EVERY_MS;
    if (checks) {
      this.#lastContagion = now;
      const positions = positionsNow();
      this.#spread(now, positions);
      const present = this.#present(now);
      this.#noticeContact(now, positions, present);
      this.#noticeIgnored(now, present);
    }
    if (this.#restless.size > 0) this.#roomMoodStale = true;
    for (const sessionId of this.#restless) {
      const f = this.#feelings.get(sessionId);
      if (!f) {
        this.#restless.delete(sessionId);
        continue;
      }
      f.pad = step(f.pad, now, dtMs, this.#speeds);
      const before = f.label;
      this.#write(sessionId, false);
      if (settled(f, before)) this.#restless.delete(sessionId);
    }
    // Read at the first step of a quarter when a mood moved since, and with every check
    // (presence changes with time alone): a room of settled moods reads it once a second.
    const quarter = Math.floor(now / ROOM_MOOD_EVERY_MS);
    const newQuarter = quarter !== this.#roomMoodQuarter;
    this.#roomMoodQuarter = quarter;
    if (checks || (newQuarter && this.#roomMoodStale)) {
      this.#roomMoodStale = false;
      this.#writeRoomMood(now);
    }
  }

  /** Away from the keyboard: idle in the world and no emote or chat of its own for as long. */
  isAway(sessionId: string, now: number): boolean {
    const f = this.#feelings.get(sessionId);
    const idle = this.state.avatars.get(sessionId)?.idle ?? false;
    return f ? isAway(idle, f.lastOwnActionAt, now, IDLE_AFTER_MS) : true;
  }

  #spread(now: number, positions: Position[]): void {
    // Only first-hand emotions spread: with none active anywhere, nobody catches anything.
    if (!this.#anyFirstHand()) return;
    // Only sources within the radius give anything (contagionWeight), so each avatar asks
    // the grid of sources around it, not every other avatar.
    const sources = this.#sourceGrid.fill(positions, (p) => this.#feelsFirstHand(p.sessionId));
    for (const me of positions) {
      const f = this.#feelings.get(me.sessionId);
      if (!f) continue;
      const near = sources.near(me, DEFAULT_CONTAGION.radius, this.#near);
      if (near.length === 0) continue;
      const neighbours = near.map((o) => ({ active: this.#feelings.get(o.sessionId)?.pad.active ?? [], distance: Math.hypot(o.x - me.x, o.y - me.y) }));
      for (const c of contagion(neighbours, now, undefined, this.#speeds)) {
        f.pad = impulse(f.pad, c.emotion, c.intensity, now, { caught: true, speeds: this.#speeds });
        this.#restless.add(me.sessionId);
      }
    }
  }

  /** Only restless feelings hold active emotions (a feeling with any is never settled), so only they are read. */
  #anyFirstHand(): boolean {
    for (const sessionId of this.#restless) if (this.#feelsFirstHand(sessionId)) return true;
    return false;
  }

  #feelsFirstHand(sessionId: string): boolean {
    if (!this.#restless.has(sessionId)) return false;
    for (const e of this.#feelings.get(sessionId)?.pad.active ?? []) if (!e.caught) return true;
    return false;
  }

  /**
   * Who is present (not away) now. The once-a-second checks below run over every pair in a
   * room, so they read this set instead of building lists per avatar: a full idle room is
   * 2,500 pairs a second, and what they allocated was most of its garbage.
   */
  #present(now: number): Set<string> {
    const present = this.#presentNow;
    present.clear();
    this.#feelings.forEach((_f, id) => {
      if (!this.isAway(id, now)) present.add(id);
    });
    return present;
  }

  /** Standing near someone present is contact (PAD17); a room where nobody is present has none. */
  #noticeContact(now: number, positions: Position[], present: ReadonlySet<string>): void {
    if (present.size === 0) return;
    const others = this.#presentGrid.fill(positions, (p) => present.has(p.sessionId));
    for (const me of positions) {
      const f = this.#feelings.get(me.sessionId);
      if (f && others.anyNear(me, CONTACT_RADIUS)) f.lastContactAt = now;
    }
  }

  /** Only present avatars feel ignored, and only by other present avatars (PAD18). */
  #noticeIgnored(now: number, present: ReadonlySet<string>): void {
    this.#feelings.forEach((f, sessionId) => {
      const away = !present.has(sessionId);
      const others = present.size - (away ? 0 : 1);
      if (!feelsIgnored({ away, lastContactAt: f.lastContactAt }, others, now)) return;
      this.feel(sessionId, { kind: "ignored" }, now);
      f.lastContactAt = now; // once per IGNORED_AFTER_MS, not every second
    });
  }

  #write(sessionId: string, force: boolean): void {
    const f = this.#feelings.get(sessionId);
    const avatar = this.state.avatars.get(sessionId);
    if (!f || !avatar) return;
    this.#written.add(sessionId);
    const { p, a, d } = f.pad.mood;
    if (force || Math.abs(avatar.p - p) + Math.abs(avatar.a - a) + Math.abs(avatar.d - d) > WRITE_EPSILON) {
      avatar.p = p;
      avatar.a = a;
      avatar.d = d;
    }
    f.label = stableLabel(f.label, f.pad.mood);
    if (avatar.mood !== f.label.octant) avatar.mood = f.label.octant;
    if (avatar.moodIntensity !== f.label.intensity) avatar.moodIntensity = f.label.intensity;
  }

  /** The room's mood from the avatars present, with the avatars' labeller (PAD17). */
  #writeRoomMood(now: number): void {
    const room = this.state.roomMood;
    if (!room) return;
    const tally = this.#tally.reset();
    // Over the synced avatars with one forEach: a `get` on that map per feeling goes through
    // the schema's proxy each time, and was most of this reading's cost in a full room.
    const feelings = this.#feelings;
    this.state.avatars.forEach((avatar, id) => {
      const f = feelings.get(id);
      if (f && !isAway(avatar.idle, f.lastOwnActionAt, now, IDLE_AFTER_MS)) tally.add(f.pad.mood);
    });
    const agg = tally.reading(this.#roomLabel);
    const label = this.#roomLabel;
    if (label?.octant !== agg.octant || label.intensity !== agg.intensity) this.#roomLabel = { octant: agg.octant, intensity: agg.intensity };
    if (Math.abs(room.p - agg.p) + Math.abs(room.a - agg.a) + Math.abs(room.d - agg.d) > WRITE_EPSILON) {
      room.p = agg.p;
      room.a = agg.a;
      room.d = agg.d;
    }
    if (Math.abs(room.spread - agg.spread) > WRITE_EPSILON) room.spread = agg.spread;
    if (room.mood !== agg.octant) room.mood = agg.octant;
    if (room.moodIntensity !== agg.intensity) room.moodIntensity = agg.intensity;
  }
}

/** Nothing left to change: no emotion active, the mood at its baseline, the label as it was. */
function settled(f: Feeling, labelBefore: MoodLabel | null): boolean {
  const { mood, baseline } = f.pad;
  return (
    f.pad.active.length === 0 &&
    mood.p === baseline.p &&
    mood.a === baseline.a &&
    mood.d === baseline.d &&
    labelBefore !== null &&
    f.label !== null &&
    labelBefore.octant === f.label.octant &&
    labelBefore.intensity === f.label.intensity
  );
}
