import type { MoodView, ReadingView } from "#schema/replies/song.ts";
import type { MoodInput, SongVersion } from "#schema/song/model.ts";
import { availableChoices, choose, type Reading, restartReading, resumeReading } from "../domain/song/index.ts";
import type { Actor } from "../auth/types.ts";
import type { LiveMoods } from "../social/live-moods.ts";
import type { SocialNotifier } from "../social/notifier.ts";
import type { SongRepository } from "./repository.ts";

const NEUTRAL_MOOD: MoodView = { p: 0, a: 0, d: 0, label: "neutral", source: "neutral" };

/**
 * Solo reading (docs/SONG.md, SG40-SG46, "Reading"): one stored state per reader and
 * version; the mood is the reader's avatar's, live from the spaces of this process, else
 * neutral; a Verse's tone is sent to the reader's avatar through the feel channel, as
 * likes and posts are.
 */
export class SoloReading {
  constructor(
    private readonly repo: SongRepository,
    private readonly moods: LiveMoods,
    private readonly notifier: Pick<SocialNotifier, "feel">,
    private readonly now: () => number,
  ) {}

  moodOf(userId: string): MoodView {
    const live = this.moods.of(userId);
    return live ? { p: live.p, a: live.a, d: live.d, label: live.octant, source: "live" } : NEUTRAL_MOOD;
  }

  async current(actor: Actor, versionId: string, version: SongVersion): Promise<ReadingView> {
    const stored = await this.repo.readings.findOne({ _id: key(actor, versionId) });
    if (stored) {
      const r = resumeReading(version, stored.state);
      return this.#view(actor, versionId, version, r, r.resumed, !r.resumed);
    }
    return this.#view(actor, versionId, version, restartReading(version), false, true);
  }

  restart(actor: Actor, versionId: string, version: SongVersion): Promise<ReadingView> {
    return this.#view(actor, versionId, version, restartReading(version), false, true);
  }

  async choose(actor: Actor, versionId: string, version: SongVersion, choiceId: string): Promise<ReadingView> {
    const stored = await this.repo.readings.findOne({ _id: key(actor, versionId) });
    const from = stored ? resumeReading(version, stored.state).state : restartReading(version).state;
    return this.#view(actor, versionId, version, choose(version, from, choiceId, asInput(this.moodOf(actor.userId))), true, true);
  }

  async #view(actor: Actor, versionId: string, version: SongVersion, r: Reading, resumed: boolean, save: boolean): Promise<ReadingView> {
    if (save) {
      await this.repo.readings.updateOne(
        { _id: key(actor, versionId) },
        { $set: { userId: actor.userId, versionId, state: r.state, updatedAt: this.now() } },
        { upsert: true },
      );
    }
    if (r.impulse) this.notifier.feel(actor.userId, { kind: "verse-tone", emotion: r.impulse.emotion, intensity: r.impulse.intensity });
    const mood = this.moodOf(actor.userId);
    const { id, title, prose, ending, tone } = r.verse;
    return {
      versionId,
      verse: { id, title, prose, ending, tone },
      choices: availableChoices(version, r.state, asInput(mood)).map((c) => ({ id: c.id, label: c.label, gated: c.gated })),
      state: r.state,
      mood,
      resumed,
    };
  }
}

const key = (actor: Actor, versionId: string) => `${actor.userId}:${versionId}`;

function asInput(m: MoodView): MoodInput {
  return m.source === "live" ? { p: m.p, a: m.a, d: m.d, octant: m.label as MoodInput["octant"] } : { p: m.p, a: m.a, d: m.d };
}
