import { lookFromStored } from "#schema/rules/avatar-look.ts";
import { Callbacks, Client, type Room } from "@colyseus/sdk";
import type {
  BigFiveInput,
  Chat,
  ChatBroadcast,
  ChatHistory,
  EmoteBroadcast,
  EmoteName,
  Move,
  Sit,
  Stand,
  Walk,
  Whisper,
  YourPersonality,
} from "#schema/messages/space.ts";
import {
  type ErrorMessage,
  PROTOCOL_VERSION,
  RoomName,
  ServerMessage,
  type ServerNotice,
  SpaceMessage,
} from "#schema/protocol.ts";
import type { Avatar, SpaceState } from "#schema/state/space.ts";
import type { ObjectKind } from "#schema/maps/objects.ts";
import { describeClose, describeJoinFailure, describeTransportError } from "./close-reasons.ts";
import { Emitter } from "./emitter.ts";
import { DEFAULT_REJOIN, type RejoinPolicy, rejoinMayRetry, rejoinWords, retryWithBackoff, shouldRejoin, type TryOutcome } from "./rejoin.ts";

export type { AvatarSnapshot, ConnectionStatus, MapInfo, PersonSnapshot, RoomMoodSnapshot, SpaceConnectionOptions, SpaceEvents } from "./space-events.ts";
import type { AvatarSnapshot, ConnectionStatus, SpaceConnectionOptions, SpaceEvents } from "./space-events.ts";
import { isOffline } from "./online.ts";


/**
 * The one adapter between the page and a `space` room: it owns the SDK client and room,
 * turns schema callbacks into typed events carrying plain snapshots (so nothing else
 * touches SDK or schema objects), and exposes the only commands a space accepts.
 * The scene that uses it disposes it.
 */
export class SpaceConnection extends Emitter<SpaceEvents> {
  readonly #client: Client;
  #room: Room<unknown, SpaceState> | null = null;
  #status: ConnectionStatus = { kind: "idle" };
  #disposers: Array<() => void> = [];
  /** The map joined: a rejoin after a restart goes back to this one. */
  #map = "";
  /** Avatars announced from the current room: a rejoin removes them (the new room has new session ids). */
  readonly #shown = new Set<string>();
  /** People on the current room's roster: a rejoin says they left (the new room lists its own). */
  readonly #present = new Set<string>();
  readonly #rejoin: RejoinPolicy;
  #disposed = false;

  /** `endpoint` is the server's origin, e.g. `location.origin`. */
  constructor(endpoint: string, options: SpaceConnectionOptions = {}) {
    super();
    this.#client = options.headers ? new Client(endpoint, { headers: options.headers }) : new Client(endpoint);
    this.#rejoin = options.rejoin ?? DEFAULT_REJOIN;
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** Joins (or opens) the space. Resolves true once joined; false, with the status saying why, otherwise (or when disposed meanwhile). */
  async join(map: string): Promise<boolean> {
    if (this.#room) throw new Error("SpaceConnection.join called twice");
    this.#map = map;
    this.#setStatus({ kind: "connecting" });
    let room: Room<unknown, SpaceState>;
    try {
      room = await this.#joinRoom();
    } catch (error) {
      this.#setStatus({ kind: "disconnected", ...describeJoinFailure(error) });
      return false;
    }
    if (this.#disposed) {
      // Disposed while the join was in flight (the person moved on to another space): the
      // seat it won would stay taken, a ghost of them, for as long as the page is open.
      void room.leave(true).catch(() => undefined);
      return false;
    }
    this.#enterRoom(room);
    return true;
  }

  #joinRoom(): Promise<Room<unknown, SpaceState>> {
    // The session travels as the HttpOnly cookie: never set client.auth.token in a
    // browser, the SDK would put it in the WebSocket URL.
    return this.#client.joinOrCreate<SpaceState>(RoomName.SPACE, { protocol: PROTOCOL_VERSION, map: this.#map });
  }

  #enterRoom(room: Room<unknown, SpaceState>): void {
    this.#room = room;
    this.#wire(room);
    this.#setStatus({ kind: "connected", roomId: room.roomId, sessionId: room.sessionId });
  }

  /**
   * The room's process stopped (or died and the SDK's reconnection to it gave up): say so
   * in words and join the same map again through matchmaking, which answers from any
   * process and places the seat on one that is up. A refusal that retrying cannot fix
   * (signed out, banned, old page) or running out of attempts ends "disconnected".
   */
  async #rejoinAfter(code: number): Promise<void> {
    const message = rejoinWords(code);
    this.#unwire();
    this.#setStatus({ kind: "reconnecting", code, message });
    const outcome = await retryWithBackoff(this.#rejoin, () => this.#tryRejoin(), () => this.#disposed);
    if (outcome !== "exhausted") return;
    this.#setStatus({ kind: "disconnected", code, message: "Could not put you back in the space. Re-enter in a moment." });
  }

  async #tryRejoin(): Promise<TryOutcome> {
    try {
      const room = await this.#joinRoom();
      if (this.#disposed) {
        void room.leave(true).catch(() => undefined);
        return "stop";
      }
      this.#enterRoom(room);
      return "done";
    } catch (error) {
      const failure = describeJoinFailure(error);
      if (rejoinMayRetry(failure.code)) return "again";
      this.#setStatus({ kind: "disconnected", ...failure });
      return "stop";
    }
  }

  /** Drops the old room's listeners and the avatars it announced (the scene removes them). */
  #unwire(): void {
    for (const dispose of this.#disposers.splice(0)) dispose();
    for (const id of [...this.#shown]) this.emit("avatarRemoved", id);
    this.#shown.clear();
    for (const id of [...this.#present]) this.emit("personLeft", id);
    this.#present.clear();
  }

  /** Asks the server to walk our avatar toward a point of the floor. */
  move(x: number, y: number): void {
    const message: Move = { x: Math.round(x), y: Math.round(y), ts: Date.now() };
    this.#send(SpaceMessage.MOVE, message);
  }

  /** Holds a walking direction (keys); (0, 0) stops. */
  walk(dx: number, dy: number): void {
    const message: Walk = { dx, dy, ts: Date.now() };
    this.#send(SpaceMessage.WALK, message);
  }

  /** A line for the whole space, or only for those near our avatar. False: not sent (offline or not in the space). */
  chat(text: string, scope: "space" | "nearby" = "space"): boolean {
    const message: Chat = scope === "space" ? { text } : { text, scope };
    return this.#send(SpaceMessage.CHAT, message);
  }

  /** A line only the avatar with room session id `to` (and we) will see. False: not sent. */
  whisper(to: string, text: string): boolean {
    const message: Whisper = { to, text };
    return this.#send(SpaceMessage.WHISPER, message);
  }

  emote(emote: EmoteName, target?: string): void {
    this.#send(SpaceMessage.EMOTE, target ? { emote, target } : { emote });
  }

  /** Sits on seat `seat` of bench `bench` (the server checks we stand beside it and it is free). */
  sit(bench: string, seat: number): void {
    const message: Sit = { bench, seat };
    this.#send(SpaceMessage.SIT, message);
  }

  stand(): void {
    const message: Stand = {};
    this.#send(SpaceMessage.STAND, message);
  }

  setPersonality(traits: BigFiveInput): void {
    this.#send(SpaceMessage.PERSONALITY, traits);
  }

  get sessionId(): string | null {
    return this.#room?.sessionId ?? null;
  }

  /** False when the message cannot go now: no room, not connected, or the browser is offline (online.ts). */
  #send(type: string, message: object): boolean {
    if (!this.#room || this.#status.kind !== "connected" || isOffline()) return false;
    this.#room.send(type, message);
    return true;
  }

  /** Leaves the room (if joined) and drops every listener. Safe to call more than once. */
  async dispose(): Promise<void> {
    const room = this.#room;
    this.#room = null;
    this.#disposed = true;
    for (const dispose of this.#disposers.splice(0)) dispose();
    this.removeAllListeners();
    if (room?.connection?.isOpen) await room.leave(true);
  }

  #wire(room: Room<unknown, SpaceState>): void {
    const callbacks = Callbacks.get(room);
    const selfId = room.sessionId;
    const snapshot = (avatar: Avatar, id: string): AvatarSnapshot => ({
      id,
      userId: avatar.userId,
      username: avatar.username,
      name: avatar.name,
      x: avatar.x,
      y: avatar.y,
      targetX: avatar.targetX,
      targetY: avatar.targetY,
      p: avatar.p,
      a: avatar.a,
      d: avatar.d,
      mood: avatar.mood,
      moodIntensity: avatar.moodIntensity,
      emotion: avatar.emotion,
      emotionSeq: avatar.emotionSeq,
      idle: avatar.idle,
      seat: avatar.seat,
      reconnecting: avatar.reconnecting,
      isSelf: id === selfId,
      look: lookFromStored({ shape: avatar.shape, color: avatar.color, accessory: avatar.accessory }, avatar.userId || id),
    });
    const emitMap = () => {
      const s = room.state;
      this.emit("map", {
        name: s.map,
        title: s.title,
        width: s.width,
        height: s.height,
        tileSize: s.tileSize,
        tiles: [...(s.tiles ?? [])],
        objects: [...(s.objects ?? [])].map((o) => ({ id: o.id, kind: o.kind as ObjectKind, x: o.x, y: o.y, width: o.width, label: o.label })),
      });
    };
    const emitRoomMood = () => {
      const m = room.state.roomMood;
      if (m) this.emit("roomMood", { p: m.p, a: m.a, d: m.d, mood: m.mood, moodIntensity: m.moodIntensity, spread: m.spread });
    };
    const avatarListeners = new Map<string, () => void>();

    this.#disposers.push(
      callbacks.listen("map", emitMap),
      callbacks.listen("width", emitMap),
      callbacks.listen("height", emitMap),
      callbacks.onAdd("tiles", emitMap),
      callbacks.onAdd("objects", emitMap),
      callbacks.listen("roomMood", (mood) => {
        if (mood) avatarListeners.set("__roomMood", callbacks.onChange(mood, emitRoomMood));
        emitRoomMood();
      }),
      callbacks.onAdd("avatars", (avatar, id) => {
        this.#shown.add(id);
        this.emit("avatarAdded", snapshot(avatar, id));
        avatarListeners.set(
          id,
          callbacks.onChange(avatar, () => this.emit("avatarChanged", snapshot(avatar, id))),
        );
      }),
      callbacks.onRemove("avatars", (_avatar, id) => {
        avatarListeners.get(id)?.();
        avatarListeners.delete(id);
        this.#shown.delete(id);
        this.emit("avatarRemoved", id);
      }),
      callbacks.onAdd("people", (person, id) => {
        this.#present.add(id);
        this.emit("personJoined", { id, userId: person.userId, username: person.username, name: person.name, isSelf: id === selfId });
      }),
      callbacks.onRemove("people", (_person, id) => {
        this.#present.delete(id);
        this.emit("personLeft", id);
      }),
      () => {
        for (const off of avatarListeners.values()) off();
        avatarListeners.clear();
      },
      room.onMessage(ServerMessage.ERROR, (payload: ErrorMessage) => this.emit("serverError", payload)),
      room.onMessage(ServerMessage.CHAT, (payload: ChatBroadcast) => this.emit("chat", payload)),
      room.onMessage(ServerMessage.CHAT_HISTORY, (payload: ChatHistory) => this.emit("history", payload)),
      room.onMessage(ServerMessage.PERSONALITY, (payload: YourPersonality) => this.emit("personality", payload.traits)),
      room.onMessage(ServerMessage.EMOTE, (payload: EmoteBroadcast) => this.emit("emote", payload)),
      room.onMessage(ServerMessage.FEED_CHANGED, () => this.emit("feedChanged")),
      room.onMessage(ServerMessage.SERVER_NOTICE, (payload: ServerNotice) => this.emit("notice", payload)),
    );

    room.onDrop((code) => {
      this.#setStatus({ kind: "reconnecting", code, message: `${describeClose(code)} Reconnecting…` });
    });
    room.onReconnect(() => {
      this.#setStatus({ kind: "connected", roomId: room.roomId, sessionId: room.sessionId });
    });
    room.onLeave((code, reason) => {
      if (this.#room !== room) return; // our own dispose, or a room a rejoin already replaced
      this.#room = null;
      if (!this.#disposed && shouldRejoin(code)) void this.#rejoinAfter(code);
      else this.#setStatus({ kind: "disconnected", code, message: describeClose(code, reason) });
    });
    room.onError((_code, message) => {
      this.emit("transportError", describeTransportError(message));
    });
  }

  #setStatus(status: ConnectionStatus): void {
    this.#status = status;
    this.emit("status", status);
  }
}
