import { z } from "zod";

/** `POST /api/me/notifications/read`: `{id}` marks one of the caller's; `{}` marks all of them. */
export const MarkRead = z.strictObject({ id: z.string().min(1).max(200).optional() });
export type MarkRead = z.infer<typeof MarkRead>;

/** `joinOrCreate("inbox", {protocol})`: the room is the session's user's; `userId` from a client is overwritten. */
export const InboxJoinOptions = z.object({ protocol: z.number().int(), userId: z.string().max(200).optional() });
