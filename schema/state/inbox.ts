import { schema, t } from "@colyseus/schema";

/** A user's inbox connection: pushes arrive as `inbox:event` messages, not state. */
export const InboxState = schema({ open: t.boolean().default(true) }, "InboxState");
export type InboxState = InstanceType<typeof InboxState>;
