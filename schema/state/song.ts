import { schema, t } from "@colyseus/schema";

/** Someone in a Song's room: the graph and prose travel as messages and Yjs bytes, not state. */
export const SongMember = schema(
  {
    userId: t.string().default(""),
    name: t.string().default(""),
    /** "owner" | "editor" | "viewer" */
    role: t.string().default("viewer"),
  },
  "SongMember",
);
export type SongMember = InstanceType<typeof SongMember>;

export const SongState = schema(
  {
    songId: t.string().default(""),
    title: t.string().default(""),
    /** The last change applied (ops and Yjs updates share one sequence). */
    seq: t.uint32().default(0),
    members: t.map(SongMember),
  },
  "SongState",
);
export type SongState = InstanceType<typeof SongState>;
