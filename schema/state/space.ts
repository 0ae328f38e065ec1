import { MapSchema, schema, t } from "@colyseus/schema";

/** One person in a space. Position is authoritative: only the server writes it. */
export const Avatar = schema(
  {
    userId: t.string().default(""),
    name: t.string().default(""),
    x: t.float32().default(0),
    y: t.float32().default(0),
    targetX: t.float32().default(0),
    targetY: t.float32().default(0),
  },
  "Avatar",
);
export type Avatar = InstanceType<typeof Avatar>;

export const SpaceState = schema(
  {
    map: t.string().default("plaza"),
    width: t.uint16().default(0),
    height: t.uint16().default(0),
    avatars: t.map(Avatar),
  },
  "SpaceState",
);
export type SpaceState = InstanceType<typeof SpaceState>;

export { MapSchema };
