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
import { DomainError } from "../core/errors.ts";
import { validateSong } from "../domain/song/index.ts";
import type { SongChange, SongRoomView } from "../handlers/song/context.ts";
import { forgetAwareness, songAwareness } from "../handlers/song/awareness.ts";
import { songOp } from "../handlers/song/op.ts";
import { songYjs, syncStep1 } from "../handlers/song/yjs.ts";
import { canEdit, roleOf, type SongAccess } from "../song/access.ts";
import { type SongAccessOrder, songChannel } from "../song/notifier.ts";
import type { DraftSnapshot, LoadedDraft, SongRepository } from "../song/repository.ts";
import { GuardedRoom, type MessageContext, type MessageTable, message, type RoomDeps } from "./guarded-room.ts";
import { joinRefusal } from "./join-refusal.ts";
import { RoomPersister } from "./persistence/index.ts";
import { actorOfClient, authenticateJoin, type RoomAuth } from "./room-auth.ts";
import { ByteBudgets, type BytesBudget } from "./song/byte-budget.ts";

/** Every JSON client→server message of a Song room, with its budget. */
export const SONG_MESSAGES: MessageTable<SongRoomView> = {
  [SongMessage.OP]: message({ schema: SongOpMessage, budget: { perSecond: 20, burst: 40 }, handler: songOp }),
};

/**
 * The bytes messages and their budgets. TEMPORARY: replace with bytes rows of the room
 * message table when that kind lands (house-rooms); until then ByteBudgets enforces them.
 */
export const SONG_BYTES: Record<string, { budget: BytesBudget; handler: (ctx: MessageContext<SongRoomView>, bytes: Uint8Array) => void | Promise<void> }> = {
  // Typing: one update per keystroke burst; a paste of a whole Verse (20,000 characters, up to ~80 KB in UTF-8) fits.
  [SongMessage.YJS]: {
    budget: { messages: { perSecond: 30, burst: 60 }, bytes: { perSecond: 64_000, burst: 256_000 }, maxBytes: 64_000 },
    handler: songYjs,
  },
  // Cursors move often but are small.
  [SongMessage.AWARENESS]: {
    budget: { messages: { perSecond: 15, burst: 30 }, bytes: { perSecond: 16_000, burst: 32_000 }, maxBytes: 4_096 },
    handler: songAwareness,
  },
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
  if (!parsed.success) throw joinRefusal(ErrorCode.BAD_INPUT, "say which song to open");
  const meta = await songs.meta(parsed.data.songId);
  if (!meta || !roleOf(meta, userId)) throw joinRefusal(ErrorCode.NOT_FOUND, "no such song");
}

/**
 * One room per Song being written: it holds the authoritative graph and the prose
 * document, applies structural ops in order, relays Yjs updates and awareness, checks
 * the sender's role on every message, and persists through the log + compaction.
 */
export function createSongRoom(deps: SongRoomDeps) {
  return class SongRoom extends GuardedRoom<SongState> implements SongRoomView {
    protected readonly deps = deps;
    protected readonly roomType = "song";
    songId = "";
    song!: Song;
    doc!: Y.Doc;
    awareness!: Awareness;
    readonly awarenessOwners = new Map<number, string>();
    #access!: SongAccess;
    #seq = 0;
    #persister!: RoomPersister<LoadedDraft, DraftSnapshot>;
    /** Log appends run one after another, so the log is in seq order and acks come in order. */
    #appendChain: Promise<void> = Promise.resolve();
    readonly #updates = new Map<string, number>();
    readonly #bytes = new ByteBudgets();

    override messages = this.guardedMessages(SONG_MESSAGES as MessageTable<this>);

    static override async onAuth(token: string, options: unknown, ctx: AuthContext): Promise<RoomAuth> {
      const protocol = (options as { protocol?: unknown } | undefined)?.protocol;
      if (protocol !== PROTOCOL_VERSION) throw joinRefusal(ErrorCode.PROTOCOL_MISMATCH, "reload the page");
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
      this.initGuarded();
      this.songId = options.songId;
      this.#persister = new RoomPersister(
        {
          roomType: "song",
          key: this.songId,
          createIfMissing: false,
          load: () => deps.songs.loadDraft(this.songId),
          capture: () => ({ song: this.song, yState: YAll.encodeStateAsUpdate(this.doc), seq: this.#seq }),
          save: (snap) => deps.songs.compact(this.songId, snap, deps.now()),
          debounceMs: COMPACT_DEBOUNCE_MS,
          maxWaitMs: COMPACT_MAX_WAIT_MS,
        },
        { log: this.log, metrics: deps.metrics, registry: deps.persisters },
      );
      // RoomLoadError (a ServerError) refuses the join: never an empty room over a real Song.
      const loaded = (await this.#persister.load()) as LoadedDraft;
      this.song = loaded.song;
      this.doc = loaded.doc;
      this.#seq = loaded.seq;
      this.#access = { ownerId: loaded.meta.ownerId, editorIds: loaded.meta.editorIds, watchable: loaded.meta.watchable };
      this.awareness = new Awareness(this.doc);
      this.awareness.setLocalState(null);
      this.state = new SongState({ songId: this.songId, title: this.song.title, seq: this.#seq });
      for (const [type, spec] of Object.entries(SONG_BYTES)) {
        this.onMessageBytes(type, (client: Client, bytes: Uint8Array) => this.#onBytes(type, spec, client, bytes));
      }
      await this.presence.subscribe(songChannel(this.songId), this.#onAccess);
    }

    override onJoin(client: Client): void {
      const actor = actorOfClient(client) as Actor;
      const role = roleOf(this.#access, actor.userId);
      if (!role) throw joinRefusal(ErrorCode.NOT_FOUND, "no such song");
      this.trackJoin(client);
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
      this.#bytes.forget(`${client.sessionId}:`);
      this.trackLeave(client);
    }

    override async onDispose(): Promise<void> {
      await this.presence.unsubscribe(songChannel(this.songId), this.#onAccess);
      this.awareness?.destroy();
      await this.#appendChain;
      await this.#persister?.dispose();
      this.trackDispose();
    }

    // ── SongRoomView ─────────────────────────────────────────────────────────

    roleOf(client: Client): SongRole | null {
      const actor = actorOfClient(client);
      return actor ? roleOf(this.#access, actor.userId) : null;
    }

    commit(): number {
      this.#seq += 1;
      this.state.seq = this.#seq;
      if (this.state.title !== this.song.title) this.state.title = this.song.title;
      this.#persister.markDirty();
      return this.#seq;
    }

    append(seq: number, change: SongChange): Promise<void> {
      const run = this.#appendChain.then(() => deps.songs.append(this.songId, seq, change, deps.now()));
      // The chain goes on after a failed append (that change is still in memory and in the next snapshot).
      this.#appendChain = run.catch(() => undefined);
      return run;
    }

    broadcastOp(applied: SongOpApplied): void {
      deps.metrics.messagesOut.inc({ room: this.roomType, type: ServerMessage.SONG_OP }, this.clients.length);
      this.broadcast(ServerMessage.SONG_OP, applied);
    }

    sendWarnings(warnings: SongWarnings): void {
      for (const c of this.clients) if (canEdit(this.roleOf(c))) c.send(ServerMessage.SONG_WARNINGS, warnings);
    }

    ack(client: Client, ack: SongAck): void {
      client.send(ServerMessage.SONG_ACK, ack);
    }

    relay(type: string, bytes: Uint8Array, except?: Client): void {
      deps.metrics.messagesOut.inc({ room: this.roomType, type }, Math.max(0, this.clients.length - (except ? 1 : 0)));
      this.broadcast(type, bytes, except ? { except } : {});
    }

    sendBytes(client: Client, type: string, bytes: Uint8Array): void {
      client.sendBytes(type, bytes);
    }

    countUpdate(client: Client): number {
      const n = (this.#updates.get(client.sessionId) ?? 0) + 1;
      this.#updates.set(client.sessionId, n);
      return n;
    }

    displayNameOf(client: Client): string {
      return actorOfClient(client)?.displayName ?? "";
    }

    // ── internals ────────────────────────────────────────────────────────────

    /** TEMPORARY local bytes dispatch (see SONG_BYTES): budget, then the handler inside the guard. */
    #onBytes(type: string, spec: (typeof SONG_BYTES)[string], client: Client, bytes: Uint8Array): void {
      deps.metrics.messagesIn.inc({ room: this.roomType, type });
      const now = deps.now();
      const over = this.#bytes.admit(`${client.sessionId}:${type}`, spec.budget, bytes.byteLength, now);
      // Bytes carry no request id: the refusal names the message type instead, so the client can
      // count its updates as settled (stored or refused) in order.
      if (over) {
        this.refuse(client, type, ErrorCode.RATE_LIMITED, over, type);
        return;
      }
      const fail = (err: unknown) => {
        if (err instanceof DomainError) this.refuse(client, type, err.code, err.message, type);
        else {
          this.log.error({ err, type, sessionId: client.sessionId }, "song bytes handler failed");
          this.sendError(client, { code: ErrorCode.INTERNAL, message: "something went wrong", requestId: type });
        }
      };
      try {
        const result = spec.handler({ room: this, client, log: this.log, now }, bytes);
        if (result instanceof Promise) result.catch(fail);
      } catch (err) {
        fail(err);
      }
    }

    /** The owner changed who may write or watch (stored over HTTP first): every client's role is re-read. */
    readonly #onAccess = (order: SongAccessOrder): void => {
      if (!order || order.songId !== this.songId) return;
      this.#access = order.access;
      for (const client of this.clients) {
        const role = this.roleOf(client);
        const member = this.state.members.get(client.sessionId);
        if (!role) {
          this.evict([{ client, closeCode: CloseCode.ROLE_CHANGED, reason: "you may no longer open this song" }]);
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
