import type { SpaceState } from "#schema/state/space.ts";
import {
  AVERAGE_PERSONALITY,
  baselineOf,
  type BigFive,
  contagion,
  DEFAULT_SPEEDS,
  eventImpulses,
  impulse,
  initialState,
  type MoodLabel,
  type PadSpeeds,
  type PadState,
  roomMood,
  stableLabel,
  step,
  withBaseline,
  type WorldEvent,
} from "../../domain/pad/index.ts";

/** Contagion is applied this often (ms), not every tick, so it stays a gentle drift. */
const CONTAGION_EVERY_MS = 1_000;
/** With company but no social contact for this long, an avatar feels ignored (ms; real time, not sped up). */
const IGNORED_AFTER_MS = 5 * 60_000;
/** PAD changes smaller than this are not written to the state (no patch churn). */
const WRITE_EPSILON = 0.005;

interface Feeling {
  pad: PadState;
  label: MoodLabel | null;
  lastSocialAt: number;
}

/**
 * Every avatar's Pleasure-Arousal-Dominance state in a space: world events in, mood and
 * expressions out to the synced state, plus contagion between neighbours and the room's
 * aggregate mood. The rules live in domain/pad; this class only schedules and writes.
 */
export class MoodSystem {
  readonly #feelings = new Map<string, Feeling>();
  readonly #speeds: PadSpeeds;
  #lastContagion = 0;

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
      lastSocialAt: now,
    });
    this.#write(sessionId, true);
  }

  leave(sessionId: string): void {
    this.#feelings.delete(sessionId);
  }

  /** An event happened to this avatar: its impulses start, and the first shows as an expression. */
  feel(sessionId: string, event: WorldEvent, now: number): void {
    const f = this.#feelings.get(sessionId);
    if (!f) return;
    const impulses = eventImpulses(event);
    for (const i of impulses) f.pad = impulse(f.pad, i.emotion, i.intensity, now, { speeds: this.#speeds });
    if (event.kind !== "chat-sent") f.lastSocialAt = now;
    const avatar = this.state.avatars.get(sessionId);
    const shown = impulses[0];
    if (avatar && shown && event.kind !== "chat-heard") {
      avatar.emotion = shown.emotion;
      avatar.emotionSeq += 1;
    }
  }

  setPersonality(sessionId: string, personality: BigFive): void {
    const f = this.#feelings.get(sessionId);
    if (f) f.pad = withBaseline(f.pad, baselineOf(personality));
  }

  tick(now: number, dtMs: number, positions: Array<{ sessionId: string; x: number; y: number }>): void {
    if (now - this.#lastContagion >= CONTAGION_EVERY_MS) {
      this.#lastContagion = now;
      this.#spread(now, positions);
      this.#noticeIgnored(now);
    }
    for (const [sessionId, f] of this.#feelings) {
      f.pad = step(f.pad, now, dtMs, this.#speeds);
      this.#write(sessionId, false);
    }
    this.#writeRoomMood();
  }

  #spread(now: number, positions: Array<{ sessionId: string; x: number; y: number }>): void {
    for (const me of positions) {
      const f = this.#feelings.get(me.sessionId);
      if (!f) continue;
      const neighbours = positions
        .filter((o) => o.sessionId !== me.sessionId)
        .map((o) => ({ active: this.#feelings.get(o.sessionId)?.pad.active ?? [], distance: Math.hypot(o.x - me.x, o.y - me.y) }));
      for (const c of contagion(neighbours, now, undefined, this.#speeds)) {
        f.pad = impulse(f.pad, c.emotion, c.intensity, now, { caught: true, speeds: this.#speeds });
      }
    }
  }

  #noticeIgnored(now: number): void {
    if (this.#feelings.size < 2) return;
    for (const [sessionId, f] of this.#feelings) {
      if (now - f.lastSocialAt > IGNORED_AFTER_MS) this.feel(sessionId, { kind: "ignored" }, now);
    }
  }

  #write(sessionId: string, force: boolean): void {
    const f = this.#feelings.get(sessionId);
    const avatar = this.state.avatars.get(sessionId);
    if (!f || !avatar) return;
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

  #writeRoomMood(): void {
    const room = this.state.roomMood;
    if (!room) return;
    const agg = roomMood([...this.#feelings.values()].map((f) => f.pad.mood));
    if (Math.abs(room.p - agg.p) + Math.abs(room.a - agg.a) + Math.abs(room.d - agg.d) > WRITE_EPSILON) {
      room.p = agg.p;
      room.a = agg.a;
      room.d = agg.d;
    }
    if (room.mood !== agg.octant) room.mood = agg.octant;
    if (room.moodIntensity !== agg.intensity) room.moodIntensity = agg.intensity;
  }
}
