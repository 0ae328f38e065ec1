import { MapSchema, schema, t } from "@colyseus/schema";

/**
 * One person in a space. Position and mood are authoritative: only the server writes them.
 * The client draws the mood look from `mood` + `moodIntensity` and continuous cues from p/a/d.
 */
export const Avatar = schema(
  {
    userId: t.string().default(""),
    /** The account's username (profile link); `name` is the display name. */
    username: t.string().default(""),
    name: t.string().default(""),
    x: t.float32().default(0),
    y: t.float32().default(0),
    targetX: t.float32().default(0),
    targetY: t.float32().default(0),
    /** Current mood on the Pleasure-Arousal-Dominance axes, each in [-1, 1]. */
    p: t.float32().default(0),
    a: t.float32().default(0),
    d: t.float32().default(0),
    /** PAD octant name (exuberant, relaxed, ...) or "neutral", with hysteresis applied by the server. */
    mood: t.string().default("neutral"),
    /** slight | moderate | full */
    moodIntensity: t.string().default("slight"),
    /** The latest short expression (an OCC emotion name; show it with emotionWord()) and a counter that changes on each one. */
    emotion: t.string().default(""),
    emotionSeq: t.uint32().default(0),
    /** The person's chosen look (schema/rules/avatar-look.ts): body shape, body colour, accessory. */
    shape: t.string().default("round"),
    color: t.string().default("cloud"),
    accessory: t.string().default("none"),
    /** No input for a while. */
    idle: t.boolean().default(false),
    /** The connection dropped and the seat is held for a reconnection (drawn faded, "reconnecting…"). */
    reconnecting: t.boolean().default(false),
    /** The seat the avatar sits on (`<bench id>:<index>`, schema/maps/objects.ts), or "" when standing. */
    seat: t.string().default(""),
    /** Echo of the client's last input timestamp (for input→patch latency measurement). */
    inputTs: t.float64().default(0),
  },
  "Avatar",
);
export type Avatar = InstanceType<typeof Avatar>;

/**
 * The space's aggregate mood: the mean PAD of the avatars present (away ones left out),
 * labelled with the same hysteresis as avatars, and how far apart the moods are.
 */
export const RoomMood = schema(
  {
    p: t.float32().default(0),
    a: t.float32().default(0),
    d: t.float32().default(0),
    mood: t.string().default("neutral"),
    moodIntensity: t.string().default("slight"),
    /** Root-mean-square distance of the moods from the mean, 0 (all agree) to √3 (opposite corners). */
    spread: t.float32().default(0),
  },
  "RoomMood",
);

/** A board or bench of the map (schema/maps/objects.ts), in tile units; sent once with the full state. */
export const MapObjectState = schema(
  {
    id: t.string().default(""),
    kind: t.string().default(""),
    x: t.uint16().default(0),
    y: t.uint16().default(0),
    width: t.uint8().default(1),
    label: t.string().default(""),
  },
  "MapObject",
);

/**
 * One person present, as everyone's people list knows them: names only, so the roster
 * changes on joins, leaves and renames, never while people walk or feel.
 */
export const Person = schema(
  {
    userId: t.string().default(""),
    username: t.string().default(""),
    name: t.string().default(""),
  },
  "Person",
);
export type Person = InstanceType<typeof Person>;

/** The fields every space carries; `avatars` is filtered per client (`inView`) or not. */
function spaceFields(inView: boolean) {
  const avatars = t.map(Avatar);
  return {
    map: t.string().default("plaza"),
    title: t.string().default(""),
    width: t.uint16().default(0),
    height: t.uint16().default(0),
    tileSize: t.uint8().default(32),
    /** Map rows (legend in schema/maps/legend.ts); sent once with the full state. */
    tiles: t.array("string"),
    /** Boards and benches on the tiles above. */
    objects: t.array(MapObjectState),
    /** Session id → avatar: the ones this client may see (all of them when views are off). */
    avatars: inView ? avatars.view() : avatars,
    /**
     * Session id → everyone present, near or far (the head count is its size): the summary
     * beside the nearby avatars, with `roomMood`.
     */
    people: t.map(Person),
    roomMood: t.ref(RoomMood),
  };
}

/** A space where every client receives every avatar (SPACE_VIEW_RADIUS=0). */
export const SpaceState = schema(spaceFields(false), "SpaceState");
export type SpaceState = InstanceType<typeof SpaceState>;

/**
 * The same space with interest management: `avatars` is a view-filtered map, each client
 * receives only the avatars its StateView holds (server/domain/space/interest.ts decides).
 * Clients decode both alike (the SDK reads the layout from the handshake).
 */
export const SpaceStateInView = schema(spaceFields(true), "SpaceStateInView");

export { MapSchema };
