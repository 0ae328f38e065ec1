import { schema, t } from "@colyseus/schema";

/** A wall being watched: live events arrive as `wall:event` messages, not state. */
export const WallState = schema(
  {
    owner: t.string().default(""),
    viewers: t.uint16().default(0),
  },
  "WallState",
);
export type WallState = InstanceType<typeof WallState>;
