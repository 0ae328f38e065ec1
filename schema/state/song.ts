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
    // No change counter here: one that moved with every keystroke cost a state patch to every
    // client of a typing room each patch interval. The sequence travels in song:init, song:op and song:ack.
    members: t.map(SongMember),
  },
  "SongState",
);
export type SongState = InstanceType<typeof SongState>;

/** A choice as the group sees it, with the votes it has now. */
export const ReadChoice = schema(
  {
    id: t.string().default(""),
    label: t.string().default(""),
    /** "mood" when the condition reads the room's mood (marked visibly), else "". */
    gated: t.string().default(""),
    votes: t.uint16().default(0),
  },
  "ReadChoice",
);
export type ReadChoice = InstanceType<typeof ReadChoice>;

/** Someone reading along. */
export const Reader = schema(
  {
    userId: t.string().default(""),
    name: t.string().default(""),
    voted: t.boolean().default(false),
    /** The choice this reader's vote is for at this step ("" before they vote): the group sees who chose what. */
    choice: t.string().default(""),
  },
  "Reader",
);
export type Reader = InstanceType<typeof Reader>;

/** A group reading (`song-read`): everyone sees the same Verse and votes on the next choice. */
export const SongReadState = schema(
  {
    versionId: t.string().default(""),
    title: t.string().default(""),
    /** Steps taken since the start (or the last restart); votes are for this step. */
    step: t.uint32().default(0),
    verseId: t.string().default(""),
    verseTitle: t.string().default(""),
    prose: t.string().default(""),
    ending: t.boolean().default(false),
    choices: t.array(ReadChoice),
    /** When the votes cast decide (epoch ms); 0 while there is nothing to vote on. */
    deadline: t.float64().default(0),
    /**
     * Whole seconds until the deadline, counted down by the server (0 with no vote open):
     * the timer every reader shows, so it does not depend on the readers' clocks.
     */
    secondsLeft: t.uint16().default(0),
    /** The room's mean mood label the gates read ("neutral" without avatars in the world). */
    mood: t.string().default("neutral"),
    readers: t.map(Reader),
  },
  "SongReadState",
);
export type SongReadState = InstanceType<typeof SongReadState>;
