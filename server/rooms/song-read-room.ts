import { wellFormed } from "#schema/rules/text.ts";
import type { AuthContext, Client } from "@colyseus/core";
import { SongReadJoinOptions, SongRestartMessage, SongVoteMessage } from "#schema/messages/song.ts";
import { ErrorCode, PROTOCOL_VERSION, RoomName, ServerMessage, SongReadMessage } from "#schema/protocol.ts";
import type { SongReadDecided } from "#schema/replies/song.ts";
import { ReadChoice, Reader, SongReadState } from "#schema/state/song.ts";
import type { Actor } from "../auth/types.ts";
import { JoinRefusal } from "../core/errors.ts";
import type { PAD } from "../domain/pad/index.ts";
import type { Reading } from "../domain/song/index.ts";
import type { LiveMoods } from "../social/live-moods.ts";
import type { SocialNotifier } from "../social/notifier.ts";
import { GroupReading } from "../song/group-reading.ts";
import type { SongService } from "../song/service.ts";
import { composeRoom, GuardedRoom, type MessageTable, message, type RoomDeps } from "./guarded-room.ts";
import { actorOfClient, authenticateJoin, type RoomAuth } from "./room-auth.ts";

/** What the message handlers of a reading room may do. */
export interface SongReadView {
  vote(client: Client, choice: string): void;
  restart(client: Client): void;
}

/** Every client→server message of a group reading, with its budget. */
export const SONG_READ_MESSAGES: MessageTable<SongReadView> = {
  // Changing one's mind a few times per Verse is fine; a click storm is not.
  [SongReadMessage.VOTE]: message({
    schema: SongVoteMessage,
    budget: { perSecond: 2, burst: 5 },
    handler: ({ room, client }, m) => room.vote(client, m.choice),
  }),
  [SongReadMessage.RESTART]: message({
    schema: SongRestartMessage,
    budget: { perSecond: 0.2, burst: 2 },
    handler: ({ room, client }) => room.restart(client),
  }),
};

export interface SongReadRoomDeps extends RoomDeps {
  /** Published versions (immutable, cached). */
  versions: Pick<SongService, "version">;
  moods: LiveMoods;
  /** The feel channel: a Verse's tone nudges each reader's avatar, as in solo reading. */
  feel: Pick<SocialNotifier, "feel">;
}

/** Readers per group: a vote among more is a poll, not a reading. */
const MAX_READERS = 32;
/** How often the room's mean mood (and so the gated choices) is read again, and the deadline checked. */
const TICK_MS = 250;
const NEUTRAL: PAD = { p: 0, a: 0, d: 0 };

/**
 * A group reading a published version together (docs/SONG.md, "Reading together"):
 * everyone sees the same Verse; the choices shown are those the room's mean mood allows;
 * a vote with a deadline decides each step (or sooner, once every reader has voted).
 */
export function createSongReadRoom(deps: SongReadRoomDeps) {
  return class SongReadRoom extends GuardedRoom<SongReadState> implements SongReadView {
    group!: GroupReading;

    static override async onAuth(token: string, options: unknown, ctx: AuthContext): Promise<RoomAuth> {
      const protocol = (options as { protocol?: unknown } | undefined)?.protocol;
      if (protocol !== PROTOCOL_VERSION) throw new JoinRefusal(ErrorCode.PROTOCOL_MISMATCH, "reload the page");
      const parsed = SongReadJoinOptions.safeParse(options);
      if (!parsed.success) throw new JoinRefusal(ErrorCode.BAD_INPUT, "say which version to read");
      // Only published versions exist as versions; a draft's id or an unknown id is NOT_FOUND.
      await deps.versions.version(parsed.data.versionId).catch(() => {
        throw new JoinRefusal(ErrorCode.NOT_FOUND, "no such version");
      });
      return authenticateJoin(token, ctx, deps, RoomName.SONG_READ);
    }

    override async onCreate(options: { versionId: string }): Promise<void> {
      this.parts = composeRoom(this, deps, { roomType: RoomName.SONG_READ, messages: SONG_READ_MESSAGES });
      this.maxClients = MAX_READERS;
      const { view, version } = await deps.versions.version(options.versionId);
      this.group = new GroupReading(options.versionId, version);
      this.state = new SongReadState({ versionId: options.versionId, title: wellFormed(view.title) });
      this.#showVerse(this.group.reading);
      this.clock.setInterval(() => this.#tick(), TICK_MS);
    }

    override onJoin(client: Client): void {
      const actor = actorOfClient(client) as Actor;
      const choice = this.group.votes.get(actor.userId) ?? "";
      this.state.readers.set(client.sessionId, new Reader({ userId: actor.userId, name: actor.displayName, voted: choice !== "", choice }));
      this.#refresh();
    }

    override onLeave(client: Client): void {
      const userId = this.state.readers.get(client.sessionId)?.userId;
      this.state.readers.delete(client.sessionId);
      if (userId && !this.#present().includes(userId)) this.group.forget(userId);
      this.#refresh();
      this.#decideIfAllVoted();
    }

    // ── SongReadView ─────────────────────────────────────────────────────────

    vote(client: Client, choice: string): void {
      const userId = (actorOfClient(client) as Actor).userId;
      this.group.vote(userId, choice);
      for (const r of this.state.readers.values()) {
        if (r.userId !== userId) continue;
        r.voted = true;
        r.choice = choice;
      }
      this.#syncVotes();
      this.#decideIfAllVoted();
    }

    restart(_client: Client): void {
      const reading = this.group.restart();
      this.#showVerse(reading);
      this.#nudge(reading);
    }

    // ── internals ────────────────────────────────────────────────────────────

    /** Distinct users reading now (one vote each, however many tabs). */
    #present(): string[] {
      return [...new Set([...this.state.readers.values()].map((r) => r.userId))];
    }

    #tick(): void {
      this.#refresh();
      if (this.state.deadline > 0 && deps.now() >= this.state.deadline) this.#decide();
    }

    #decideIfAllVoted(): void {
      if (this.state.deadline > 0 && this.group.allVoted(this.#present())) this.#decide();
    }

    #decide(): void {
      const decision = this.group.decide();
      if (!decision) {
        // Nobody voted for a choice shown now: another round, not a random step.
        this.state.deadline = deps.now() + deps.config.songVoteMs;
        this.#countdown();
        return;
      }
      const decided: SongReadDecided = { ...decision.tally, step: decision.step, verse: decision.reading.verse.id };
      this.parts.metrics.sent(ServerMessage.SONG_READ_DECIDED, this.clients.length);
      this.broadcast(ServerMessage.SONG_READ_DECIDED, decided);
      this.#showVerse(decision.reading);
      this.#nudge(decision.reading);
    }

    /** The Verse reached, for everyone; a fresh vote with its deadline unless it is an ending. */
    #showVerse(reading: Reading): void {
      const { verse, state } = reading;
      this.state.step = state.steps;
      this.state.verseId = verse.id;
      this.state.verseTitle = wellFormed(verse.title);
      this.state.prose = wellFormed(verse.prose);
      this.state.ending = state.ended;
      for (const r of this.state.readers.values()) {
        r.voted = false;
        r.choice = "";
      }
      this.state.choices.clear();
      this.state.deadline = 0;
      this.#refresh();
    }

    /** A Verse's tone moves every reader's avatar (SG50), through the same feel channel as solo reading. */
    #nudge(reading: Reading): void {
      const impulse = reading.impulse;
      if (!impulse) return;
      for (const userId of this.#present()) deps.feel.feel(userId, { kind: "verse-tone", emotion: impulse.emotion, intensity: impulse.intensity });
    }

    /** Reads the mean mood again and shows the choices it allows, with their votes. */
    #refresh(): void {
      const mood = this.group.setMoods(this.#present().map((id) => deps.moods.of(id) ?? NEUTRAL));
      if (this.state.mood !== mood.label) this.state.mood = mood.label;
      const shown = this.group.choices();
      const same = shown.length === this.state.choices.length && shown.every((c, i) => this.state.choices[i]?.id === c.id);
      if (!same) {
        this.state.choices.clear();
        for (const c of shown) this.state.choices.push(new ReadChoice({ id: c.id, label: wellFormed(c.label), gated: c.gated ?? "" }));
      }
      this.#syncVotes();
      const open = shown.length > 0 && !this.state.ending;
      if (!open) this.state.deadline = 0;
      else if (this.state.deadline === 0) this.state.deadline = deps.now() + deps.config.songVoteMs;
      this.#countdown();
    }

    /** The timer everyone shows, in whole seconds from the server's clock (one patch a second at most). */
    #countdown(): void {
      const left = this.state.deadline > 0 ? Math.max(0, Math.ceil((this.state.deadline - deps.now()) / 1000)) : 0;
      if (this.state.secondsLeft !== left) this.state.secondsLeft = left;
    }

    #syncVotes(): void {
      const counts = this.group.counts();
      for (const c of this.state.choices) {
        const n = counts.get(c.id) ?? 0;
        if (c.votes !== n) c.votes = n;
      }
      // "Voted" only for a choice shown now: one the mood hid is no vote (the reader is asked again).
      const live = this.group.liveVoters();
      for (const r of this.state.readers.values()) {
        const voted = live.has(r.userId);
        if (r.voted !== voted) r.voted = voted;
      }
    }
  };
}
