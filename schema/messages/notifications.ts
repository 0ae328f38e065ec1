
/** `joinOrCreate("inbox", {protocol})`: the room is the session's user's; `userId` from a client is overwritten. */
export const InboxJoinOptions = z.object({ protocol: z.number().int(), userId: z.string().max(200).optional() });
