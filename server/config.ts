import path from "node:path";
import { z } from "zod";

/**
 * Every setting NeoSpace reads, as one zod schema over the environment. Parsed once at
 * start; a bad value lists every problem and the process exits non-zero. Tests build
 * Config objects with `loadConfig({...})` and never touch process.env.
 * docs/OPERATIONS.md's variable table is generated from this (`npm run docs:config`).
 */

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .default(fallback ? "true" : "false")
    .transform((v) => v === "true" || v === "1" || v === "yes");

const optionalBool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === "true" || v === "1" || v === "yes"));

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** A proxy hop count; the old booleans still parse (true = one proxy). */
const hopCount = z
  .string()
  .default("0")
  .transform((v) => ({ true: "1", yes: "1", false: "0", no: "0" })[v.trim().toLowerCase()] ?? v.trim())
  .pipe(z.coerce.number<string>().int("a whole number of proxies, or true/false").min(0).max(10));

const csv = z
  .string()
  .default("")
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  );

export const EnvSchema = z.object({
  PORT: int(2567, 1, 65535).describe("TCP port for HTTP, matchmaking and WebSockets (one port)."),
  TRANSPORT: z
    .enum(["auto", "uws", "ws"])
    .default("auto")
    .describe("WebSocket transport: uws (uWebSockets.js), ws, or auto (uws when its native binary loads, else ws)."),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info")
    .describe("pino log level."),
  LOG_PRETTY: bool(false).describe("Pretty, coloured logs; only honoured when stdout is a terminal."),
  DATA_DIR: z.string().min(1).default("./data").describe("Folder of the embedded SQLite store (neospace.db)."),
  MONGODB_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, "must start with mongodb:// or mongodb+srv://")
    .optional()
    .describe("When set, MongoDB (official driver) is the store instead of SQLite."),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
    .optional()
    .describe("When set, processes share Colyseus presence and matchmaking and rate-limit counters through Redis."),
  PUBLIC_ADDRESS: z
    .string()
    .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~/-]*)?$/, "host[:port][/path], no scheme")
    .optional()
    .describe(
      "With REDIS_URL: the address clients use to reach THIS process (host:port or a proxy path), so a seat reserved here is taken here.",
    ),
  MIGRATE_ON_START: optionalBool.describe(
    "Apply pending migrations at start. Default: true on SQLite, false on MongoDB (run `npm run migrate -- up`).",
  ),
  OPERATOR_TOKEN: z
    .string()
    .min(24, "must be at least 24 characters")
    .optional()
    .describe("Bearer token that opens /metrics and the /colyseus monitor. Unset: both are closed."),
  CLIENT_DIR: z.string().min(1).default("./dist/client").describe("Built client served at /."),
  BODY_LIMIT_BYTES: int(262_144, 1_024, 10_485_760).describe("Largest HTTP request body any route reads; larger gets 413. Routes take 64 KiB unless they declare more (Codeground drafts: 256 KiB)."),
  WS_MAX_PAYLOAD_BYTES: int(65_536, 512, 1_048_576).describe(
    "Largest WebSocket frame a client may send (a pasted paragraph in the Song editor is one Yjs update).",
  ),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 100, 120_000).describe("Longest graceful shutdown before forcing exit."),
  SPACE_TICK_MS: int(50, 10, 1_000).describe("Simulation step of space rooms (movement), ms."),
  SPACE_CAPACITY: int(50, 1, 500).describe(
    "Avatars per space instance before a new instance opens (a map's own `capacity` caps it too: plaza 50).",
  ),
  SPACE_VIEW_RADIUS: int(0, 0, 4_096).describe(
    "Interest management: each client receives only the avatars within this many px of its own (kept until a quarter farther, at least 64 px more), plus itself and the people it whispered or aimed an emote at; everyone's names (`people`) and the room mood still reach all. 0: off, every client receives every avatar. Worth it for crowded maps (docs/OPERATIONS.md, Capacity).",
  ),
  EXTRA_MAPS_DIR: z
    .string()
    .min(1)
    .optional()
    .describe("A folder of more map files (`*.json`, same format as schema/maps) loaded beside the built-in ones, e.g. bench/maps for the crowd bench."),
  ALLOWED_ORIGINS: csv.describe(
    "Comma-separated exact Origins allowed for browsers besides the server's own (e.g. https://neospace.example).",
  ),
  TRUST_PROXY: hopCount.describe(
    "How many proxies you run in front of NeoSpace (0 = none). The client IP is the X-Forwarded-For entry that many from the right; `true` means 1, `false` 0.",
  ),
  REAUTH_INTERVAL_MS: int(30_000, 100, 3_600_000).describe(
    "How often each room re-validates all its clients' sessions (one batched query per room).",
  ),
  SONG_VOTE_MS: int(20_000, 200, 600_000).describe(
    "How long a group reading (the `song-read` room) waits for votes on each Verse before the votes cast decide.",
  ),
  KICK_PUSH: bool(true).describe(
    "Push bans, sign-outs and password changes to every room through Colyseus presence at once (off: rooms notice at the next re-auth).",
  ),
  SESSION_IDLE_HOURS: int(168, 1, 8_760).describe("A session unused this long expires."),
  SESSION_ABSOLUTE_HOURS: int(720, 1, 8_760).describe("A session expires this long after sign-in, used or not."),
  PASSWORD_HASH: z
    .enum(["argon2id", "scrypt"])
    .default("argon2id")
    .describe(
      "Algorithm for new password hashes. Stored hashes keep their own algorithm and parameters and are re-hashed with these at their owner's next sign-in.",
    ),
  ARGON2_MEMORY_KIB: int(19_456, 1_024, 262_144).describe(
    "argon2id memory per hash in KiB. 19456 (19 MiB, with ARGON2_TIME=2) is OWASP's setting; lower values are for tests only.",
  ),
  ARGON2_TIME: int(2, 1, 10).describe("argon2id passes over memory (t)."),
  SCRYPT_LOG2_N: int(17, 13, 20).describe(
    "With PASSWORD_HASH=scrypt: N = 2^this, r=8, and p from OWASP's equal-strength table (17→1, 16→2, 15→3, 14→5, 13→10).",
  ),
  HASH_CONCURRENCY: int(0, 0, 64).describe(
    "Password hashes running at once (each on a libuv pool thread). 0: one less than the CPU count, at least 1, so the event loop keeps a core.",
  ),
  HASH_QUEUE_MAX: int(32, 0, 10_000).describe(
    "Password hashes (sign-ins, sign-ups) allowed to wait for a slot; beyond that a request gets 503 BUSY with Retry-After.",
  ),
  PAD_SPEEDUP: int(1, 1, 3_600).describe(
    "Deprecated, leave at 1: multiplies mood speeds. Moods are tuned for social time (a few emotes show within 30 s, back to the resting mood within 5 min; docs/MOOD.md), so demos no longer need it.",
  ),
  HEARTBEAT_SECONDS: int(32, 8, 600).describe(
    "A WebSocket that sends nothing and answers no ping for this long is dropped (uWS: idle timeout, pinged before it, checked in 4 s steps; ws: a ping every third of it, dropped after two unanswered). Its seat then waits RECONNECT_GRACE_SECONDS; the bound is in docs/OPERATIONS.md, Dead sockets.",
  ),
  RECONNECT_GRACE_SECONDS: int(20, 0, 600).describe("How long a dropped client's seat waits for it to reconnect."),
  SEAT_RESERVATION_SECONDS: int(5, 1, 60).describe(
    "How long a seat reserved by matchmaking waits for its WebSocket; unconsumed reservations are counted in /metrics.",
  ),
  MAX_SEATS_PER_USER: int(6, 1, 100).describe(
    "Seats (reserved, connected, or waiting for a reconnection) one account may hold across all rooms and processes.",
  ),
  MATCHMAKE_PER_IP_PER_MINUTE: int(300, 1, 100_000).describe("Matchmaking requests one client IP may make per minute."),
  MATCHMAKE_PER_USER_PER_MINUTE: int(60, 1, 100_000).describe("Matchmaking requests one account may make per minute."),
  ROOM_MAX_MESSAGES_PER_SECOND: int(120, 10, 10_000).describe(
    "Backstop: frames of any kind one client may send a room per second before Colyseus closes it (the per-type budgets act first).",
  ),
});

export type Env = z.input<typeof EnvSchema>;

/**
 * The typed settings: the env schema mapped to camelCase names (and units, e.g. hours to
 * ms). `Config` is derived from this transform, so a setting is declared once above and
 * named once here; nothing restates the fields.
 */
export const ConfigSchema = EnvSchema.transform((e) => ({
  port: e.PORT,
  transport: e.TRANSPORT,
  logLevel: e.LOG_LEVEL,
  logPretty: e.LOG_PRETTY,
  dataDir: path.resolve(e.DATA_DIR),
  mongodbUrl: e.MONGODB_URL,
  redisUrl: e.REDIS_URL,
  publicAddress: e.PUBLIC_ADDRESS,
  migrateOnStart: e.MIGRATE_ON_START ?? e.MONGODB_URL === undefined,
  operatorToken: e.OPERATOR_TOKEN,
  clientDir: path.resolve(e.CLIENT_DIR),
  bodyLimitBytes: e.BODY_LIMIT_BYTES,
  wsMaxPayloadBytes: e.WS_MAX_PAYLOAD_BYTES,
  shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  spaceTickMs: e.SPACE_TICK_MS,
  spaceCapacity: e.SPACE_CAPACITY,
  spaceViewRadius: e.SPACE_VIEW_RADIUS,
  extraMapsDir: e.EXTRA_MAPS_DIR === undefined ? undefined : path.resolve(e.EXTRA_MAPS_DIR),
  allowedOrigins: e.ALLOWED_ORIGINS,
  /** Proxies we run in front of us: 0 = X-Forwarded-* are ignored. */
  trustProxy: e.TRUST_PROXY,
  reauthIntervalMs: e.REAUTH_INTERVAL_MS,
  songVoteMs: e.SONG_VOTE_MS,
  kickPush: e.KICK_PUSH,
  sessionIdleMs: e.SESSION_IDLE_HOURS * 3_600_000,
  sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
  passwordHash: e.PASSWORD_HASH,
  argon2MemoryKiB: e.ARGON2_MEMORY_KIB,
  argon2Time: e.ARGON2_TIME,
  scryptLog2N: e.SCRYPT_LOG2_N,
  hashConcurrency: e.HASH_CONCURRENCY,
  hashQueueMax: e.HASH_QUEUE_MAX,
  heartbeatSeconds: e.HEARTBEAT_SECONDS,
  reconnectGraceSeconds: e.RECONNECT_GRACE_SECONDS,
  seatReservationSeconds: e.SEAT_RESERVATION_SECONDS,
  maxSeatsPerUser: e.MAX_SEATS_PER_USER,
  matchmakePerIpPerMinute: e.MATCHMAKE_PER_IP_PER_MINUTE,
  matchmakePerUserPerMinute: e.MATCHMAKE_PER_USER_PER_MINUTE,
  roomMaxMessagesPerSecond: e.ROOM_MAX_MESSAGES_PER_SECOND,
  padSpeedup: e.PAD_SPEEDUP,
}));

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = new.target.name;
  }
}

/** Parses the environment (or a test's object) into a frozen Config; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  const known = Object.fromEntries(Object.keys(EnvSchema.shape).map((k) => [k, blankToUndefined(env[k])]));
  const parsed = ConfigSchema.safeParse(known);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  return Object.freeze(parsed.data);
}

function blankToUndefined(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === "" ? undefined : v;
}

/** Config for tests: defaults plus overrides, no environment read. */
export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  return Object.freeze({ ...loadConfig({ LOG_LEVEL: "silent" }), ...overrides });
}
