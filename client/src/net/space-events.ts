import type { AvatarLook } from "#schema/rules/avatar-look.ts";
import type { BigFiveInput, ChatBroadcast, ChatHistory, EmoteBroadcast } from "#schema/messages/space.ts";
import type { ErrorMessage, ServerNotice } from "#schema/protocol.ts";
import type { MapObject, } from "#schema/maps/objects.ts";
import type { RejoinPolicy } from "./rejoin.ts";

/**
 * What a space connection tells the page: its status, and plain snapshots of the map,
 * the avatars, the roster and the room mood (the page never sees SDK or schema objects).
 */
/** Where the connection to the space room stands, with what the person should read. */
export type ConnectionStatus =
  | { kind: "idle" }
  | { kind: "connecting" }
  | { kind: "connected"; roomId: string; sessionId: string }
  | { kind: "reconnecting"; code: number; message: string }
  | { kind: "disconnected"; code: number | null; message: string };

export interface MapInfo {
  name: string;
  title: string;
  width: number;
  height: number;
  tileSize: number;
  tiles: string[];
  /** Boards and benches (tile units). */
  objects: MapObject[];
}

export interface RoomMoodSnapshot {
  p: number;
  a: number;
  d: number;
  mood: string;
  moodIntensity: string;
  /** How far apart the moods of the people present are (0..√3). */
  spread: number;
}

/** A plain copy of one avatar's synced fields; `id` is the owner's room session id. */
export interface AvatarSnapshot {
  id: string;
  userId: string;
  username: string;
  name: string;
  x: number;
  y: number;
  targetX: number;
  targetY: number;
  p: number;
  a: number;
  d: number;
  mood: string;
  moodIntensity: string;
  emotion: string;
  emotionSeq: number;
  idle: boolean;
  /** The bench seat the avatar sits on (`<bench>:<index>`), or "". */
  seat: string;
  /** The connection dropped; the seat is held for a while (drawn faded, "reconnecting…"). */
  reconnecting: boolean;
  isSelf: boolean;
  /** The person's chosen look, checked against the fixed sets (anything unknown draws as the default). */
  look: AvatarLook;
}

/** One person present in the space, near or far (the `people` roster: names only). */
export interface PersonSnapshot {
  id: string;
  userId: string;
  username: string;
  name: string;
  isSelf: boolean;
}

export interface SpaceEvents {
  status: (status: ConnectionStatus) => void;
  map: (map: MapInfo) => void;
  /**
   * An avatar came into this client's view (joined nearby, walked in, or the whole space
   * when the server sends everyone), changed, or left the view. Leaving the view is not
   * leaving the space: `personLeft` says that.
   */
  avatarAdded: (avatar: AvatarSnapshot) => void;
  avatarChanged: (avatar: AvatarSnapshot) => void;
  avatarRemoved: (id: string) => void;
  /** Someone entered or left the space (the roster everyone receives, near or far). */
  personJoined: (person: PersonSnapshot) => void;
  personLeft: (id: string) => void;
  chat: (message: ChatBroadcast) => void;
  /** The space's recent lines, on join and after a reconnection. */
  history: (history: ChatHistory) => void;
  /** One's stored personality, once on join (the sliders start there). */
  personality: (traits: BigFiveInput) => void;
  /** The everyone feed changed (`space:feed`): an open notice board reads it again. */
  feedChanged: () => void;
  emote: (message: EmoteBroadcast) => void;
  roomMood: (mood: RoomMoodSnapshot) => void;
  /** A refusal the room sent (`error` message). */
  serverError: (error: ErrorMessage) => void;
  /** A socket-level error the SDK reported while joined. */
  transportError: (message: string) => void;
  /** The server said something about itself (`server:notice`), e.g. that it is restarting. */
  notice: (notice: ServerNotice) => void;
}

export interface SpaceConnectionOptions {
  /** Headers for matchmaking (Node tests send the session this way; browsers use the cookie). */
  headers?: Record<string, string>;
  /** How a rejoin after a restart retries (tests shorten it). */
  rejoin?: RejoinPolicy;
}
