import type { AuthContext, Client } from "@colyseus/core";
import {
  Chat,
  type ChatBroadcast,
  type ChatHistory,
  type ChatLine,
  Emote,
  type YourPersonality,
  Move,
  Personality,
  Sit,
  SpaceJoinOptions,
  Stand,
  Walk,
  Whisper,
} from "#schema/messages/space.ts";
import { ErrorCode, PROTOCOL_VERSION, RoomName, ServerMessage, SpaceMessage } from "#schema/protocol.ts";
import { Avatar, MapObjectState, Person, RoomMood, SpaceState, SpaceStateInView } from "#schema/state/space.ts";
import type { Actor } from "../auth/types.ts";
import { DEFAULT_MAP, type SpaceMap } from "../domain/maps.ts";
import type { BigFive } from "../domain/pad/index.ts";
import { AVERAGE_PERSONALITY } from "../domain/pad/personality.ts";
import type { Personalities } from "../store/repositories/users.ts";
import { chat } from "../handlers/space/chat.ts";
import { whisper } from "../handlers/space/whisper.ts";
import type { ChatHistoryStore } from "../store/repositories/chat-history.ts";
import type { SpaceRoomView } from "../handlers/space/context.ts";
import { emote } from "../handlers/space/emote.ts";
import { move, walk } from "../handlers/space/move.ts";
import { personality } from "../handlers/space/personality.ts";
import { sit, stand } from "../handlers/space/sit.ts";
import { type MessageTable, message } from "../handlers/message-table.ts";
import { composeRoom, GuardedRoom, type RoomDeps } from "./guarded-room.ts";
import { JoinRefusal } from "../core/errors.ts";
import { actorOfClient, authenticateJoin, type RoomAuth } from "./room-auth.ts";
import { FEED_CHANNEL, FEEL_CHANNEL, type FeelOrder, LOOK_CHANNEL, type LookOrder } from "../social/notifier.ts";
import { Coalescer } from "../core/coalesce.ts";
import { type AvatarLook, AvatarLook as AvatarLookSchema, defaultLook } from "#schema/rules/avatar-look.ts";
import { dressPerson } from "../domain/space/looks.ts";
import { MoodSystem } from "../domain/space/mood-system.ts";
import { LIVE_MOOD_TTL_MS, type LiveMoods, type MoodLease } from "../social/live-moods.ts";
import type { MoodName } from "#schema/rules/feelings.ts";
import { type Position, SpaceWorld } from "../domain/space/world.ts";
import { SpaceViews } from "./space-views.ts";
import { encoderOf, sendViewFrames } from "./view-frames.ts";
import { scopeViewPasses } from "./view-patches.ts";
import { SpacePace } from "./space-pace.ts";

/** Every client→server message of a space, with its budget. */
export const SPACE_MESSAGES: MessageTable<SpaceRoomView> = {
  [SpaceMessage.MOVE]: message({ schema: Move, budget: { perSecond: 20, burst: 40 }, handler: move }),
  [SpaceMessage.WALK]: message({ schema: Walk, budget: { perSecond: 20, burst: 40 }, handler: walk }),
  [SpaceMessage.CHAT]: message({ schema: Chat, budget: { perSecond: 1, burst: 5 }, handler: chat }),
  [SpaceMessage.WHISPER]: message({ schema: Whisper, budget: { perSecond: 1, burst: 5 }, handler: whisper }),
  [SpaceMessage.EMOTE]: message({ schema: Emote, budget: { perSecond: 1, burst: 4 }, handler: emote }),
  [SpaceMessage.PERSONALITY]: message({ schema: Personality, budget: { perSecond: 2, burst: 5 }, handler: personality }),
  [SpaceMessage.SIT]: message({ schema: Sit, budget: { perSecond: 2, burst: 4 }, handler: sit }),
  [SpaceMessage.STAND]: message({ schema: Stand, budget: { perSecond: 2, burst: 4 }, handler: stand }),
};

export interface SpaceRoomDeps extends RoomDeps {
  maps: ReadonlyMap<string, SpaceMap>;
  /** Where each person's Big Five is kept (the users repository); the room never opens the store. */
  personalities: Personalities;
  /** Where avatars' moods are published for Song reading (optional: tests build rooms without it). */
  moods?: LiveMoods;
  /** Each space's recent chat (the chat_lines repository). */
  chatHistory: ChatHistoryStore;
  /** Each person's avatar look (the profiles service); without it everyone wears the default. */
  looks?: { lookOf(userId: string): Promise<AvatarLook> };
}

/** How often avatars' moods are published to LiveMoods. */
const PUBLISH_MOODS_EVERY_MS = 1_000;
/**
 * A room where nobody walks and no mood is settling sleeps: its tick returns at once,
 * except for one pass this often that flips idle flags, runs the contagion, contact and
 * "ignored" checks (which run once a second anyway) and publishes moods. Input, an
 * event felt or a join wakes it at the next tick (issue 13, scenario C).
 */
const SLEEPING_PASS_EVERY_MS = 1_000;
/**
 * Asleep and quiet (a pass found nobody present, everyone away from the keyboard, and no
 * pin; nothing woke the room since), the room steps and patches this often instead
 * (SpacePace): nothing in a pass can change until an event wakes it
 * (MoodSystem.nobodyPresent), so what is left is renewing the lease that keeps its moods
 * live (LiveMoods). Idle passes were most of the CPU of a process holding thousands of
 * idle connections (bench:idle).
 */
const QUIET_PASS_EVERY_MS = LIVE_MOOD_TTL_MS / 6;
/**
 * A space tells its clients the feed changed at most this often: a burst of posts is one
 * notice, and each open notice board reads the feed again once per notice.
 */
export const FEED_NOTICE_INTERVAL_MS = 2_000;

/** Validates join options before a seat is reserved; refusals carry a code the client explains. */
export function checkSpaceJoinOptions(options: unknown, maps: ReadonlyMap<string, SpaceMap>): void {
  const protocol = (options as { protocol?: unknown } | undefined)?.protocol;
  if (protocol !== PROTOCOL_VERSION) {
    const spoken = protocol === undefined ? "sends no protocol version" : `speaks protocol ${String(protocol)}`;
    throw new JoinRefusal(ErrorCode.PROTOCOL_MISMATCH, `this client ${spoken}; this server speaks ${PROTOCOL_VERSION}: reload the page`);
  }
  const parsed = SpaceJoinOptions.safeParse(options);
  if (!parsed.success) throw new JoinRefusal(ErrorCode.BAD_INPUT, parsed.error.issues[0]?.message ?? "bad join options");
  if (!maps.has(parsed.data.map ?? DEFAULT_MAP)) throw new JoinRefusal(ErrorCode.BAD_INPUT, "no such map");
}

/** Builds the `space` room class around the app's dependencies. */
export function createSpaceRoom(deps: SpaceRoomDeps) {
  return class SpaceRoom extends GuardedRoom<SpaceState> implements SpaceRoomView {
    map!: SpaceMap;
    world!: SpaceWorld;
    mood!: MoodSystem;
    /** Interest management (SPACE_VIEW_RADIUS > 0): each client's StateView; null when every client receives everything. */
    views: SpaceViews | null = null;
    /** `space:feed` to everyone here, coalesced (FEED_NOTICE_INTERVAL_MS). */
    #feedNotice: Coalescer | null = null;
    /** Steps every SPACE_TICK_MS while anything moves or settles, once a second asleep. */
    #pace!: SpacePace;

    static override async onAuth(token: string, options: unknown, ctx: AuthContext): Promise<RoomAuth> {
      checkSpaceJoinOptions(options, deps.maps);
      return authenticateJoin(token, ctx, deps, RoomName.SPACE);
    }

    override onCreate(options: { map?: string }): void {
      this.parts = composeRoom(this, deps, { roomType: RoomName.SPACE, messages: SPACE_MESSAGES, onActivity: () => this.#pace.wake() });
      this.map = deps.maps.get(options.map ?? DEFAULT_MAP) ?? (deps.maps.get(DEFAULT_MAP) as SpaceMap);
      this.maxClients = Math.min(this.map.capacity, deps.config.spaceCapacity);
      const fields = {
        map: this.map.name,
        title: this.map.title,
        width: this.map.width,
        height: this.map.height,
        tileSize: this.map.tileSize,
        roomMood: new RoomMood(),
      };
      // Same fields either way; only the filtered class makes Colyseus encode per view.
      const radius = deps.config.spaceViewRadius;
      this.state = radius > 0 ? (new SpaceStateInView(fields) as SpaceState) : new SpaceState(fields);
      this.state.tiles.push(...this.map.tiles);
      this.state.objects.push(...this.map.objects.map((o) => new MapObjectState(o)));
      if (radius > 0) {
        this.views = new SpaceViews(this.state, radius);
        scopeViewPasses(encoderOf(this), (tree) => tree.ref instanceof Avatar, this.views.leaves);
        sendViewFrames(this);
      }
      this.world = new SpaceWorld(this.state, this.map);
      this.mood = new MoodSystem(this.state, deps.config.padSpeedup);
      this.#pace = new SpacePace(this, (dt) => this.#tick(dt), deps.config.spaceTickMs, SLEEPING_PASS_EVERY_MS, QUIET_PASS_EVERY_MS);
      this.#pace.start();
      void this.parts.subscribe(FEEL_CHANNEL, this.#feel);
      void this.parts.subscribe(LOOK_CHANNEL, this.#dress);
      this.#feedNotice = new Coalescer(
        () => this.#send(ServerMessage.FEED_CHANGED, {}, "everyone"),
        FEED_NOTICE_INTERVAL_MS,
        () => this.clock.currentTime,
        (fn, ms) => this.clock.setTimeout(fn, ms),
      );
      void this.parts.subscribe(FEED_CHANNEL, () => this.#feedNotice?.poke());
    }

    /** Someone saved a new look (PUT /api/me/avatar): their avatars here wear it, and the patch shows everyone. */
    readonly #dress = (order: LookOrder): void => {
      const look = AvatarLookSchema.safeParse(order?.look);
      if (!look.success || typeof order.userId !== "string") return;
      this.#pace.wake();
      dressPerson(this.state, order.userId, look.data);
    };

    /** Something happened to a user elsewhere (a post on their wall, a like): their avatar here feels it. */
    readonly #feel = (order: FeelOrder): void => {
      if (!order || typeof order.userId !== "string") return;
      this.#pace.wake();
      this.state.avatars.forEach((avatar, sessionId) => {
        if (avatar.userId === order.userId) this.mood.feel(sessionId, order.event, deps.now());
      });
    };

    override async onJoin(client: Client): Promise<void> {
      const actor = actorOfClient(client) as Actor;
      const now = deps.now();
      // Read before the avatar appears, so nobody sees it change clothes a moment after arriving.
      const look = await this.#lookOf(actor.userId);
      this.world.spawn(client.sessionId, actor, now);
      dressPerson(this.state, actor.userId, look);
      this.state.people.set(client.sessionId, new Person({ userId: actor.userId, username: actor.username, name: actor.displayName }));
      this.views?.join(client);
      const personality = await deps.personalities.personalityOf(actor.userId);
      this.mood.join(client.sessionId, personality, now);
      const yours: YourPersonality = { traits: personality ?? AVERAGE_PERSONALITY };
      client.send(ServerMessage.PERSONALITY, yours);
      this.log.info({ sessionId: client.sessionId, userId: actor.userId }, "joined space");
      await this.#sendHistory(client, now);
    }

    /** A store that fails costs the person their look for this visit, never the join. */
    async #lookOf(userId: string): Promise<AvatarLook> {
      try {
        return (await deps.looks?.lookOf(userId)) ?? defaultLook(userId);
      } catch (err) {
        this.log.warn({ err }, "avatar look unavailable");
        return defaultLook(userId);
      }
    }

    /** The space's recent lines, on join and on each reconnection; a store that fails costs the history, never the join. */
    async #sendHistory(client: Client, now: number): Promise<void> {
      let lines: ChatLine[];
      try {
        lines = await deps.chatHistory.recent(this.map.name, now);
      } catch (err) {
        this.log.warn({ err }, "chat history unavailable");
        return;
      }
      const history: ChatHistory = { lines };
      this.parts.metrics.sent(ServerMessage.CHAT_HISTORY);
      client.send(ServerMessage.CHAT_HISTORY, history);
    }

    /** A dropped avatar stays for the reconnect grace (the session part holds the seat), marked so nobody mistakes it for someone present. */
    override onDrop(client: Client): void {
      this.world.setReconnecting(client.sessionId, true);
      // A seat is for someone present: a dropped connection stands its avatar up (leaving frees it too).
      this.world.stand(client.sessionId);
    }

    /** Called by the composed hooks only for an accepted reconnection. */
    override onReconnect(client: Client): void {
      this.world.setReconnecting(client.sessionId, false);
      // Lines said while the socket was down; the client skips the ones it already shows.
      void this.#sendHistory(client, deps.now());
    }

    override onLeave(client: Client): void {
      const userId = this.state.avatars.get(client.sessionId)?.userId;
      if (userId) deps.moods?.delete(userId, this.#moodLease);
      this.world.remove(client.sessionId);
      this.state.people.delete(client.sessionId);
      this.views?.leave(client.sessionId);
      this.mood.leave(client.sessionId);
    }

    /** Chat lines queue behind a stored one, so a nearby line sent after a space line never overtakes it. */
    #chatQueue: Promise<unknown> = Promise.resolve();

    postChat(message: ChatBroadcast, to: "everyone" | readonly string[], options: { keep: boolean }): Promise<void> {
      const run = this.#chatQueue.then(async () => {
        if (options.keep) await deps.chatHistory.keep(this.map.name, message, deps.now());
        this.#send(ServerMessage.CHAT, message, to);
      });
      this.#chatQueue = run.catch(() => undefined);
      return run;
    }

    #send(type: string, message: object, to: "everyone" | readonly string[]): void {
      if (to === "everyone") {
        this.parts.metrics.sent(type, this.clients.length);
        this.broadcast(type, message);
        return;
      }
      const wanted = new Set(to);
      const reached = this.clients.filter((c) => wanted.has(c.sessionId));
      this.parts.metrics.sent(type, reached.length);
      for (const client of reached) client.send(type, message);
    }

    /** With views on, an emote reaches those who see its sender (and its target, who is pinned to see it). */
    broadcastEmote(message: Parameters<SpaceRoomView["broadcastEmote"]>[0]): void {
      if (!this.views) {
        this.parts.metrics.sent(ServerMessage.EMOTE, this.clients.length);
        this.broadcast(ServerMessage.EMOTE, message);
        return;
      }
      this.#send(ServerMessage.EMOTE, message, this.views.viewersOf(message.from));
    }

    keepInView(a: string, b: string): void {
      this.views?.pin(a, b, deps.now());
    }

    async savePersonality(userId: string, bigFive: BigFive): Promise<void> {
      await deps.personalities.setPersonality(userId, bigFive);
    }

    #tick(dtMs: number): void {
      const now = deps.now();
      const passDue = this.#pace.passDue(now);
      const moving = this.world.moving;
      if (passDue || moving || this.#busy()) this.#step(dtMs, now, passDue, moving);
      if (this.#busy()) this.#pace.wake();
      else this.#pace.sleep();
    }

    /** Nobody present as of this very step's checks, and no pin to expire. */
    #quiet(now: number): boolean {
      return this.mood.checkedAt === now && this.mood.nobodyPresent && !this.views?.pinning;
    }

    /** Something for the next step to do: someone walks, a mood settles, a view is due. */
    #busy(): boolean {
      return this.world.moving || this.mood.settling || this.views?.pending === true;
    }

    #step(dtMs: number, now: number, passDue: boolean, moving: boolean): void {
      const started = performance.now();
      if (passDue && this.#pace.quiet) this.#quietPass(now);
      else this.#simulate(dtMs, now, passDue, moving);
      this.parts.metrics.ticked("simulate", performance.now() - started);
    }

    /** Nothing in a pass can change in a quiet room (SpacePace, [IC14]): it only renews its moods' lease. */
    #quietPass(now: number): void {
      this.#publishMoods(now);
      this.#pace.passed(now, true);
    }

    #simulate(dtMs: number, now: number, passDue: boolean, moving: boolean): void {
      this.world.tick(dtMs, now, passDue);
      this.#positionsFresh = false;
      this.mood.tick(now, dtMs, this.#positionsNow);
      if (this.views?.wanted(moving || passDue)) this.views.pass(this.#positionsNow(), now);
      if (now - this.#moodsPublishedAt >= PUBLISH_MOODS_EVERY_MS) this.#publishMoods(now);
      if (passDue) this.#pace.passed(now, this.#quiet(now));
    }

    /** Times each patch (encode per view and send): with the simulate phase, the figures the crowd bench reads. */
    override broadcastPatch(): boolean {
      const started = performance.now();
      const sent = super.broadcastPatch();
      if (sent) this.parts.metrics.ticked("patch", performance.now() - started);
      return sent;
    }

    /** The step's positions, refilled in place (World.positions) when something reads them. */
    readonly #positions: Position[] = [];
    #positionsFresh = false;
    /**
     * This step's positions, read at most once a step and only by what needs them (the
     * mood's once-a-second checks, a view pass): refilling 500 of them at every step was a
     * quarter of a crowded room's simulation.
     */
    readonly #positionsNow = (): Position[] => {
      if (!this.#positionsFresh) this.world.positions(this.#positions);
      this.#positionsFresh = true;
      return this.#positions;
    };
    #moodsPublishedAt = 0;
    /** This room's hold on the moods it published (LiveMoods): renewed each pass. */
    #moodLease: MoodLease | null = null;

    /**
     * Song reading reads a reader's mood from their avatar (server/social/live-moods.ts):
     * each second the moods written since, and the room's lease renewed, which keeps the
     * settled ones live without copying them.
     */
    #publishMoods(now: number): void {
      this.#moodsPublishedAt = now;
      const moods = deps.moods;
      const written = this.mood.takeWritten();
      if (!moods) return;
      this.#moodLease ??= moods.lease();
      moods.renew(this.#moodLease);
      for (const sessionId of written) {
        const a = this.state.avatars.get(sessionId);
        if (a) moods.set(a.userId, a.p, a.a, a.d, a.mood as MoodName, this.#moodLease);
      }
    }
  };
}
