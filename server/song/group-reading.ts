import { ErrorCode } from "#schema/protocol.ts";
import type { MoodInput, ReaderState, SongVersion } from "#schema/song/model.ts";
import { DomainError } from "../core/errors.ts";
import { type MoodLabel, type PAD, roomMood } from "../domain/pad/index.ts";
import {
  type AvailableChoice,
  availableChoices,
  choose,
  type Reading,
  restartReading,
  seededTiebreak,
  type Tally,
  tallyVotes,
} from "../domain/song/index.ts";

/** The room's mood as the gates read it: the mean of its readers' moods, labelled with hysteresis. */
export interface GroupMood extends MoodInput {
  label: string;
}

/** What one decided step produced: the tally and the reading it led to. */
export interface Decision {
  step: number;
  tally: Tally & { winner: string };
  reading: Reading;
}

/**
 * One group reading of a published version (docs/SONG.md, SG47-SG52): the shared reader
 * state, one vote per reader, the mean mood the gates read. No timers and no I/O: the
 * room runs the clock, reads the live moods and sends the results.
 */
export class GroupReading {
  #reading: Reading;
  /** userId → choice id: the last vote a reader cast at this step. */
  readonly #votes = new Map<string, string>();
  #label: MoodLabel | null = null;
  #mood: GroupMood = { p: 0, a: 0, d: 0, label: "neutral" };

  constructor(
    readonly versionId: string,
    readonly version: SongVersion,
  ) {
    this.#reading = restartReading(version);
  }

  get reading(): Reading {
    return this.#reading;
  }

  get state(): ReaderState {
    return this.#reading.state;
  }

  get mood(): GroupMood {
    return this.#mood;
  }

  get votes(): ReadonlyMap<string, string> {
    return this.#votes;
  }

  /** The mean of the readers' moods (neutral for a reader with no avatar in a space): SG49. */
  setMoods(moods: readonly PAD[]): GroupMood {
    const r = roomMood(moods, this.#label);
    this.#label = { octant: r.octant, intensity: r.intensity };
    this.#mood = { p: r.p, a: r.a, d: r.d, octant: r.octant, label: r.octant };
    return this.#mood;
  }

  /** The choices shown now, for the room's mood. */
  choices(): AvailableChoice[] {
    return availableChoices(this.version, this.#reading.state, this.#mood);
  }

  /** A reader's vote (SG47): one per reader, the last one counts; only a choice shown now. */
  vote(userId: string, choice: string): void {
    if (this.#reading.state.ended) throw new DomainError(ErrorCode.BAD_INPUT, "this reading has ended: restart to read again");
    if (!this.choices().some((c) => c.id === choice)) throw new DomainError(ErrorCode.BAD_INPUT, "that choice is not shown now");
    this.#votes.set(userId, choice);
  }

  /** A reader who left no longer counts. */
  forget(userId: string): void {
    this.#votes.delete(userId);
  }

  /** Votes per choice shown now (votes for choices the mood since hid do not count). */
  counts(): Map<string, number> {
    const tally = tallyVotes(this.#votes, this.choices().map((c) => c.id));
    return new Map(tally.counts.map((c) => [c.choice, c.votes]));
  }

  /**
   * True when this reader's vote is for a choice shown now. A vote for a choice the mood
   * since hid is kept (it counts again if the choice comes back) but is no vote now: the
   * reader is asked again, and it does not end the round.
   */
  hasLiveVote(userId: string): boolean {
    return this.liveVoters().has(userId);
  }

  /** The readers whose vote is live, read against the choices shown now once (the gates are not free). */
  liveVoters(): Set<string> {
    const shown = new Set(this.choices().map((c) => c.id));
    return new Set([...this.#votes].filter(([, choice]) => shown.has(choice)).map(([userId]) => userId));
  }

  /** True when every reader present has a live vote (SG48: no need to wait for the timer). */
  allVoted(present: Iterable<string>): boolean {
    const live = this.liveVoters();
    let any = false;
    for (const id of present) {
      any = true;
      if (!live.has(id)) return false;
    }
    return any;
  }

  /**
   * Counts the votes (SG48) and moves on; the tie-break is seeded by the version and the
   * step, so every process and every rerun picks the same. Null when nobody voted for a
   * choice shown now: the room waits another round.
   */
  decide(): Decision | null {
    const step = this.#reading.state.steps;
    const tally = tallyVotes(this.#votes, this.choices().map((c) => c.id), seededTiebreak(`${this.versionId}:${step}`));
    if (tally.winner === null) return null;
    this.#reading = choose(this.version, this.#reading.state, tally.winner, this.#mood);
    this.#votes.clear();
    return { step, tally: { ...tally, winner: tally.winner }, reading: this.#reading };
  }

  /**
   * At an ending (SG66), or at a dead end (SG67): a Verse that offers no choice now has no
   * vote and no deadline, so without a restart the group could only leave. Back to the start for everyone.
   */
  restart(): Reading {
    if (!this.#reading.state.ended && this.choices().length > 0) {
      throw new DomainError(ErrorCode.BAD_INPUT, "restart only at an ending or where no choice is offered");
    }
    this.#reading = restartReading(this.version);
    this.#votes.clear();
    return this.#reading;
  }
}
