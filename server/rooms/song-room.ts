import { wellFormed } from "#schema/rules/text.ts";
import type { AuthContext, Client } from "@colyseus/core";
import { Awareness } from "y-protocols/awareness";
import * as awarenessProtocol from "y-protocols/awareness";
import type * as Y from "yjs";
import * as YAll from "yjs";
import { SongJoinOptions, SongOpMessage } from "#schema/messages/song.ts";
import { CloseCode, ErrorCode, PROTOCOL_VERSION, RoomName, ServerMessage, SongMessage } from "#schema/protocol.ts";
import type { SongAck, SongInit, SongOpApplied, SongRole, SongWarnings } from "#schema/replies/song.ts";
import type { Song } from "#schema/song/model.ts";
import { SongMember, SongState } from "#schema/state/song.ts";
import type { Actor } from "../auth/types.ts";
import { JoinRefusal } from "../core/errors.ts";
import { validateSong } from "../domain/song/index.ts";
import type { SongChange, SongRoomView } from "../handlers/song/context.ts";
import { LogAppends } from "../song/log-appends.ts";
import { forgetAwareness, songAwareness } from "../handlers/song/awareness.ts";
import { songOp, VARIABLE_OP_BUDGET } from "../handlers/song/op.ts";
import { TokenBucket } from "../core/token-bucket.ts";
import { songYjs, syncStep1, updateMessage } from "../handlers/song/yjs.ts";
import { canEdit, roleOf, type SongAccess } from "../song/access.ts";
import { type SongAccessOrder, songChannel } from "../song/notifier.ts";
import type { DraftSnapshot, LoadedDraft, SongRepository } from "../song/repository.ts";
import { TurnRelay } from "../song/turn-relay.ts";
import { bytesMessage, type MessageTable, message } from "../handlers/message-table.ts";
import { composeRoom, GuardedRoom, type RoomDeps } from "./guarded-room.ts";
import type { RoomPersister } from "./persistence/index.ts";
import { actorOfClient, authenticateJoin, type RoomAuth } from "./room-auth.ts";

/** Every client→server message of a Song room, with its budget: JSON ops and the Yjs bytes. */
export const SONG_MESSAGES: MessageTable<SongRoomView> = {
  [SongMessage.OP]: message({ schema: SongOpMessage, budget: { perSecond: 20, burst: 40 }, handler: songOp }),
  // Typing: one update per keystroke burst; a paste of a whole Verse (20,000 characters, up to ~80 KB in UTF-8) fits.
  [SongMessage.YJS]: bytesMessage({
    maxBytes: 64_000,
    budget: { perSecond: 30, burst: 60, bytesPerSecond: 64_000, bytesBurst: 256_000 },
    handler: songYjs,
  }),
  // Cursors move often but are small.
  [SongMessage.AWARENESS]: bytesMessage({
    maxBytes: 4_096,
    budget: { perSecond: 15, burst: 30, bytesPerSecond: 16_000, bytesBurst: 32_000 },
    handler: songAwareness,
  }),
};

export interface SongRoomDeps extends RoomDeps {
  songs: SongRepository;
}

/** Compaction (snapshot + log trimmed) after this much quiet, and at least this often while busy. */
const COMPACT_DEBOUNCE_MS = 5_000;
const COMPACT_MAX_WAIT_MS = 30_000;

/** Validates join options and the caller's role before a seat is reserved. */
async function checkSongJoin(options: unknown, userId: string, songs: SongRepository): Promise<void> {
  const parsed = SongJoinOptions.safeParse(options);
  if (!parsed.success) throw new JoinRefusal(ErrorCode.BAD_INPUT, "say which song to open");
  const meta = await songs.meta(parsed.data.songId);
  if (!meta || !roleOf(meta, userId)) throw new JoinRefusal(ErrorCode.NOT_FOUND, "no such song");
}

/**
 * One room per Song being written: it holds the authoritative graph and the prose
 * document, applies structural ops in order, relays Yjs updates and awareness, checks
 * the sender's role on every message, and persists through the log + compaction.
 */
export function createSongRoom(deps: SongRoomDeps) {
  return class SongRoom extends GuardedRoom<SongState> implements SongRoomView {
    songId = "";
    song!: Song;
    doc!: Y.Doc;
    awareness!: Awareness;
    readonly awarenessOwners = new Map<number, string>();
    readonly variableOps = new TokenBucket(VARIABLE_OP_BUDGET, Date.now());
    #access!: SongAccess;
    /** An access change announced while the room was loading: newer than what the load may have read. */
    #noticedWhileLoading: SongAccess | null = null;
    #seq = 0;
    #persister!: RoomPersister<LoadedDraft, DraftSnapshot>;
    /** The log as acknowledged: a failed append is covered by a snapshot before anything after it is acknowledged. */
    readonly #log = new LogAppends<SongChange>({
      write: (seq, change) => deps.songs.append(this.songId, seq, change, deps.now()),
      snapshot: () => this.#persister.flush(),
      latestSeq: () => this.#seq,
      failed: (seq, err) => this.parts.log.warn({ err, songId: this.songId, seq }, "a song log append failed: a snapshot will cover it"),
    });
    readonly #updates = new Map<string, number>();
    /** One merged Yjs frame per client per event-loop turn (see TurnRelay). */
    readonly #relay = new TurnRelay<Client>(
      {
        broadcast: (type, bytes, except) => {
          this.parts.metrics.sent(type, Math.max(0, this.clients.length - except.length));
          this.broadcast(type, bytes, except.length > 0 ? { except: [...except] } : {});
        },
      },
      updateMessage,
      ServerMessage.SONG_YJS,
    );

    static override async onAuth(token: string, options: unknown, ctx: AuthContext): Promise<RoomAuth> {
      const protocol = (options as { protocol?: unknown } | undefined)?.protocol;
      if (protocol !== PROTOCOL_VERSION) throw new JoinRefusal(ErrorCode.PROTOCOL_MISMATCH, "reload the page");
      const auth = await authenticateJoin(token, ctx, deps, RoomName.SONG);
      try {
        await checkSongJoin(options, auth.userId, deps.songs);
      } catch (err) {
        // The role needs the user, so the seat was reserved first: give it back.
        await deps.seats.release(auth.userId, auth.seatId).catch(() => undefined);
        throw err;
      }
      return auth;
    }

    override async onCreate(options: { songId: string }): Promise<void> {
      // At shutdown, the appends in flight finish first, so their acks reach the editors.
      this.parts = composeRoom(this, deps, { roomType: RoomName.SONG, messages: SONG_MESSAGES, settle: () => this.#log.settled() });
      this.songId = options.songId;
      // The persistence part: its final flush runs after onDispose (the log appends are awaited there).
      this.#persister = this.parts.persist({
        roomType: "song",
        key: this.songId,
        createIfMissing: false,
        load: () => deps.songs.loadDraft(this.songId),
        capture: () => ({ song: this.song, yState: YAll.encodeStateAsUpdate(this.doc), seq: this.#seq }),
        save: (snap) => deps.songs.compact(this.songId, snap, deps.now()),
        debounceMs: COMPACT_DEBOUNCE_MS,
        maxWaitMs: COMPACT_MAX_WAIT_MS,
      });
      // Listening before loading: an access change stored while the Song loads (the load may
      // have read the old one) is not missed; until the load ends it is only kept (#onAccess).
      await this.parts.subscribe(songChannel(this.songId), this.#onAccess);
      // RoomLoadError (a JoinRefusal) refuses the join: never an empty room over a real Song.
      const loaded = (await this.#persister.load()) as LoadedDraft;
      this.song = loaded.song;
      this.doc = loaded.doc;
      this.#seq = loaded.seq;
      this.#access = this.#noticedWhileLoading ?? { ownerId: loaded.meta.ownerId, editorIds: loaded.meta.editorIds, watchable: loaded.meta.watchable };
      this.awareness = new Awareness(this.doc);
      this.awareness.setLocalState(null);
      this.state = new SongState({ songId: this.songId, title: wellFormed(this.song.title) });
    }

    override onJoin(client: Client): void {
      const actor = actorOfClient(client) as Actor;
      const role = roleOf(this.#access, actor.userId);
      if (!role) throw new JoinRefusal(ErrorCode.NOT_FOUND, "no such song");
      this.state.members.set(client.sessionId, new SongMember({ userId: actor.userId, name: actor.displayName, role }));
      const init: SongInit = { songId: this.songId, role, song: this.song, seq: this.#seq, warnings: canEdit(role) ? validateSong(this.song) : [] };
      client.send(ServerMessage.SONG_INIT, init);
      this.sendBytes(client, ServerMessage.SONG_YJS, syncStep1(this));
      const states = [...this.awareness.getStates().keys()];
      if (states.length > 0) this.sendBytes(client, ServerMessage.SONG_AWARENESS, awarenessProtocol.encodeAwarenessUpdate(this.awareness, states));
    }

    override onLeave(client: Client): void {
      const gone = forgetAwareness(this, client);
      if (gone) this.relay(ServerMessage.SONG_AWARENESS, gone, client);
      this.state.members.delete(client.sessionId);
      this.#updates.delete(client.sessionId);
    }

    override async onDispose(): Promise<void> {
      this.#relay.discard();
      this.awareness?.destroy();
      // Every acknowledged change is in the log before the final compaction (composeRoom runs it next).
      await this.#log.settled();
    }

    // ── SongRoomView ─────────────────────────────────────────────────────────

    roleOf(client: Client): SongRole | null {
      const actor = actorOfClient(client);
      return actor ? roleOf(this.#access, actor.userId) : null;
    }

    commit(): number {
      this.#seq += 1;
      const title = wellFormed(this.song.title);
      if (this.state.title !== title) this.state.title = title;
      this.#persister.markDirty();
      return this.#seq;
    }

    append(seq: number, change: SongChange): Promise<void> {
      return this.#log.append(seq, change);
    }

    broadcastOp(applied: SongOpApplied): void {
      // Prose typed before the op reaches everyone before it.
      this.#relay.flush();
      this.parts.metrics.sent(ServerMessage.SONG_OP, this.clients.length);
      this.broadcast(ServerMessage.SONG_OP, applied);
    }

    sendWarnings(warnings: SongWarnings): void {
      for (const c of this.clients) if (canEdit(this.roleOf(c))) c.send(ServerMessage.SONG_WARNINGS, warnings);
    }

    ack(client: Client, ack: SongAck): void {
      client.send(ServerMessage.SONG_ACK, ack);
    }

    relay(type: string, bytes: Uint8Array, except?: Client): void {
      this.#relay.frame(type, bytes, except);
    }

    relayUpdate(update: Uint8Array, from: Client): void {
      this.#relay.update(update, from);
    }

    sendBytes(client: Client, type: string, bytes: Uint8Array): void {
      client.sendBytes(type, bytes);
    }

    countUpdate(client: Client): number {
      const n = (this.#updates.get(client.sessionId) ?? 0) + 1;
      // The count is asked for after the log write: an editor who left meanwhile (onLeave
      // already forgot them) would get an entry nothing frees.
      if (this.state.members.has(client.sessionId)) this.#updates.set(client.sessionId, n);
      return n;
    }

    displayNameOf(client: Client): string {
      return actorOfClient(client)?.displayName ?? "";
    }

    // ── internals ────────────────────────────────────────────────────────────

    /** The owner changed who may write or watch (stored over HTTP first): every client's role is re-read. */
    readonly #onAccess = (order: SongAccessOrder): void => {
      if (!order || order.songId !== this.songId) return;
      if (!this.#access) {
        this.#noticedWhileLoading = order.access;
        return;
      }
      this.#access = order.access;
      for (const client of this.clients) {
        const role = this.roleOf(client);
        const member = this.state.members.get(client.sessionId);
        if (!role) {
          this.parts.evict([{ client, closeCode: CloseCode.ROLE_CHANGED, reason: "you may no longer open this song" }]);
          continue;
        }
        if (member && member.role !== role) {
          member.role = role;
          client.send(ServerMessage.SONG_ACCESS, { role });
        }
      }
    };
  };
}
