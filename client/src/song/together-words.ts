import { CloseCode, ErrorCode } from "#schema/protocol.ts";
import type { SongReadDecided } from "#schema/replies/song.ts";
import { describeClose, describeJoinFailure } from "../net/close-reasons.ts";

/**
 * The words of a group reading (`#/songs/:id/together/:version`): pure functions from
 * what the `song-read` room says to sentences a person can act on.
 */

/** The shareable address of the session of one published version: one room per version. */
export function togetherAddress(songId: string, versionId: string): string {
  return `#/songs/${encodeURIComponent(songId)}/together/${encodeURIComponent(versionId)}`;
}

/** The solo reader of the same version: where leaving and a closed session go. */
export function soloAddress(songId: string, versionId: string): string {
  return `#/songs/${encodeURIComponent(songId)}/read/${encodeURIComponent(versionId)}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The room's mean mood in a sentence. */
export function moodWords(label: string): string {
  const feel = label || "neutral";
  return `The room feels ${feel}: the mean mood of the readers present (one with no avatar in the world counts as neutral). It decides which choices are open.`;
}

/** The countdown shown to all, from the server's `secondsLeft`. */
export function timerWords(secondsLeft: number, ending: boolean, choices: number): string {
  if (ending) return "No vote is open at an ending: anyone here may start the reading again.";
  if (choices === 0) return "No way on is open to the room's mood now (a change of mood may open one); anyone here may start the reading again.";
  if (secondsLeft <= 0) return "The vote is closing…";
  return `The vote closes in ${plural(secondsLeft, "second")}, or as soon as every reader has voted.`;
}

/** What the vote that just closed decided, naming the choices by their labels. */
export function outcomeWords(d: SongReadDecided, label: (choiceId: string) => string): string {
  const total = d.counts.reduce((n, c) => n + c.votes, 0);
  const winner = d.counts.find((c) => c.choice === d.winner)?.votes ?? 0;
  if (d.tied.length > 1) {
    const names = d.tied.map((id) => `“${label(id)}”`).join(" and ");
    return `The vote closed in a tie between ${names} (${plural(winner, "vote")} each). The tie-break, the same for every reader, picked “${label(d.winner)}”.`;
  }
  return `The vote closed: “${label(d.winner)}” won with ${plural(winner, "vote")} of ${total}.`;
}

/** A refusal the room sent for one of our messages. */
export function refusalWords(code: string, message: string): string {
  if (code === ErrorCode.RATE_LIMITED) return "Too many votes too fast: wait a moment, then vote again.";
  if (code === ErrorCode.FORBIDDEN) return `Not allowed: ${message}.`;
  if (code === ErrorCode.NOT_FOUND) return "This published version is gone.";
  return `Refused: ${message}.`;
}

/** Why the session could not be joined. */
export function joinRefusalWords(error: unknown): string {
  const status = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  if (status === 404) return "This published version does not exist (or no longer does), so there is no session to join.";
  if (status === 403) return "You are not allowed to join this reading.";
  return describeJoinFailure(error).message.replace("enter the space", "join the reading");
}

/** Why an open session ended (kick, failed re-auth, server going away): the view closes with these words. */
export function closeWords(code: number, reason?: string): string {
  if (code === CloseCode.ROLE_CHANGED) return "Your access changed, so the reading session closed. Open it again to rejoin.";
  return `The reading session closed. ${describeClose(code, reason).replace("the space", "the reading")}`;
}
