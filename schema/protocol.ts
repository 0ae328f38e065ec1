/**
 * The wire protocol shared by server and client: names and codes as data, with a type
 * derived from each (the shape Colyseus uses in shared-types/Protocol.ts).
 * No Node or Phaser imports here: the browser bundle includes this file.
 */

/** Bumped whenever a client built against an older protocol can no longer talk to us. */
export const PROTOCOL_VERSION = 1;

/** Stable error codes: HTTP problem+json `code` and room `error` messages share them. */
export const ErrorCode = {
  BAD_INPUT: "BAD_INPUT",
  MALFORMED_JSON: "MALFORMED_JSON",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  RATE_LIMITED: "RATE_LIMITED",
  CONFLICT: "CONFLICT",
  PROTOCOL_MISMATCH: "PROTOCOL_MISMATCH",
  BANNED: "BANNED",
  STORE_UNAVAILABLE: "STORE_UNAVAILABLE",
  NOT_READY: "NOT_READY",
  /** The server is at capacity for this kind of work (e.g. password hashes): retry after Retry-After. */
  BUSY: "BUSY",
  INTERNAL: "INTERNAL",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Application close codes (4000-4999) a client turns into a clear message. */
export const CloseCode = {
  BAD_INPUT: 4400,
  SESSION_REVOKED: 4401,
  SESSION_EXPIRED: 4402,
  BANNED: 4403,
  ROLE_CHANGED: 4409,
  /** A frame larger than WS_MAX_PAYLOAD_BYTES; the client is evicted without a reconnection grace. */
  FRAME_TOO_LARGE: 4413,
  PROTOCOL_MISMATCH: 4426,
  RATE_LIMITED: 4429,
  /**
   * The process holding the room is stopping (a restart, a deploy): preceded by a
   * `server:notice` saying so. The client rejoins the same space through matchmaking,
   * which places it on a process that is up (docs/OPERATIONS.md "Rolling restart").
   */
  SERVER_SHUTDOWN: 4503,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Room type names used in matchmaking. */
export const RoomName = {
  SPACE: "space",
  WALL: "wall",
  SONG: "song",
  /** A group reading a published version together (votes decide each choice). */
  SONG_READ: "song-read",
  /** One per user: notification pushes (read-only). */
  INBOX: "inbox",
} as const;
export type RoomName = (typeof RoomName)[keyof typeof RoomName];

/** Client→server message names, namespaced by room. */
export const SpaceMessage = {
  MOVE: "space:move",
  WALK: "space:walk",
  CHAT: "space:chat",
  /** Whisper (schema/messages/space.ts): a line to one person in the space. */
  WHISPER: "space:whisper",
  EMOTE: "space:emote",
  PERSONALITY: "space:personality",
  /** Sit (schema/messages/space.ts): on a free seat of a bench next to the avatar. */
  SIT: "space:sit",
  /** Stand up from a seat (walking stands one up too). */
  STAND: "space:stand",
} as const;
export type SpaceMessage = (typeof SpaceMessage)[keyof typeof SpaceMessage];

/** Client→server messages of the `song` room: JSON ops, and bytes for Yjs sync and awareness. */
export const SongMessage = {
  /** SongOpMessage (schema/messages/song.ts). */
  OP: "song:op",
  /** Bytes: a y-protocols sync message (step 1, step 2 or update). */
  YJS: "song:y",
  /** Bytes: a y-protocols awareness update (cursor, selection, Verse). */
  AWARENESS: "song:aw",
} as const;
export type SongMessage = (typeof SongMessage)[keyof typeof SongMessage];

/** Client→server messages of the `song-read` room. */
export const SongReadMessage = {
  /** SongVoteMessage: the sender's vote for one of the choices shown (the last one counts). */
  VOTE: "song-read:vote",
  /** SongRestartMessage: at an ending, start the reading over for everyone. */
  RESTART: "song-read:restart",
} as const;
export type SongReadMessage = (typeof SongReadMessage)[keyof typeof SongReadMessage];

/** Server→client message names. */
export const ServerMessage = {
  ERROR: "error",
  /** ServerNotice: something about the server itself, in words (every room type), e.g. a restart. */
  SERVER_NOTICE: "server:notice",
  /** ChatBroadcast: every scope, whispers included (scope "whisper", only to its two parties). */
  CHAT: "space:chat",
  /** ChatHistory: the space's recent lines, on join and after a reconnection. */
  CHAT_HISTORY: "space:history",
  /** YourPersonality: the joiner's stored Big Five, once on join. */
  PERSONALITY: "space:personality",
  /** EmoteBroadcast */
  EMOTE: "space:emote",
  /** FeedChanged `{}`: the everyone feed changed (a public post, an edit, a removal); an open notice board reads it again. */
  FEED_CHANGED: "space:feed",
  /** WallEvent (schema/replies/social.ts): a stored change to the wall being watched. */
  WALL_EVENT: "wall:event",
  /** InboxEvent (schema/replies/notifications.ts): the unread count changed. */
  INBOX_EVENT: "inbox:event",
  /** SongInit (schema/replies/song.ts), on join. */
  SONG_INIT: "song:init",
  /** SongOpApplied: a structural op applied, to everyone. */
  SONG_OP: "song:op",
  /** SongAck: the sender's change is stored. */
  SONG_ACK: "song:ack",
  /** SongWarnings: to editors after each structural change. */
  SONG_WARNINGS: "song:warnings",
  /** SongAccessChanged: the caller's role changed. */
  SONG_ACCESS: "song:access",
  /** Bytes: Yjs sync messages and awareness, relayed. */
  SONG_YJS: "song:y",
  SONG_AWARENESS: "song:aw",
  /** SongReadDecided (schema/replies/song.ts): a vote was counted and the reading moved on. */
  SONG_READ_DECIDED: "song-read:decided",
} as const;
export type ServerMessage = (typeof ServerMessage)[keyof typeof ServerMessage];

/** The payload of every server→client refusal. */
export interface ErrorMessage {
  code: ErrorCode;
  message: string;
  requestId?: string;
}

/** What a `server:notice` is about. */
export const NoticeKind = { RESTARTING: "restarting" } as const;
export type NoticeKind = (typeof NoticeKind)[keyof typeof NoticeKind];

/** The payload of `server:notice`: a sentence for people, and its kind for code. */
export interface ServerNotice {
  kind: NoticeKind;
  message: string;
}

/** The words of the restart notice, sent before the close code SERVER_SHUTDOWN; the client shows them too. */
export const RESTART_WORDS = "The server is restarting; putting you back in a moment.";

/** Request id header, echoed on every HTTP response. */
export const REQUEST_ID_HEADER = "x-request-id";
