import { CloseCode, RESTART_WORDS } from "#schema/protocol.ts";
import { nextStepAfter } from "./close-reasons.ts";

/** Close codes the SDK reports (besides ours) after which a rejoin makes sense. */
const COLYSEUS_SHUTDOWN = 4001;
const FAILED_TO_RECONNECT = 4003;
const ABNORMAL = 1006;

/**
 * The room is gone but the space is not: its process stopped (a restart: our 4503, or
 * Colyseus's own 4001), or died, so the SDK's reconnection to that room gave up (4003, or
 * 1006 when the room was too young to try). Matchmaking then puts the person in the same
 * map on a process that is up. Kicks, bans and refusals are not here: those stay closed.
 */
const REJOIN_AFTER = new Set<number>([CloseCode.SERVER_SHUTDOWN, COLYSEUS_SHUTDOWN, FAILED_TO_RECONNECT, ABNORMAL]);

export function shouldRejoin(code: number): boolean {
  return REJOIN_AFTER.has(code);
}

/** What the status line says while the rejoin runs: words, never the code. */
export function rejoinWords(code: number): string {
  return code === CloseCode.SERVER_SHUTDOWN || code === COLYSEUS_SHUTDOWN
    ? RESTART_WORDS
    : "The connection to the space was lost; putting you back in a moment.";
}

/**
 * A failed join attempt while rejoining: keep trying (the other process is still starting,
 * the proxy sent us to the one stopping, a seat lapsed), unless the answer says trying is
 * pointless (signed out, banned, page out of date).
 */
export function rejoinMayRetry(code: number | null): boolean {
  return nextStepAfter(code) === "re-enter";
}

export interface RejoinPolicy {
  /** Waits before attempt `n` (1-based), in ms; attempts stop after `attempts`. */
  delayMs(n: number): number;
  attempts: number;
}

/**
 * 0.25 s, 0.5 s, 1 s, 2 s, then every 4 s (with up to 25 % jitter so a room's people do
 * not all arrive in one tick): about a minute in all, longer than a process takes to stop
 * and start again (SHUTDOWN_TIMEOUT_MS plus a boot).
 */
export const DEFAULT_REJOIN: RejoinPolicy = {
  attempts: 18,
  delayMs: (n) => Math.min(4_000, 125 * 2 ** n) * (1 + Math.random() * 0.25),
};

/** What one try of a retry loop came to. */
export type TryOutcome = "done" | "stop" | "again";

/**
 * Waits each of the policy's delays and tries again, until a try is done or says stop, or
 * `stopped()` (the page no longer wants the room). "exhausted" when the attempts ran out.
 */
export async function retryWithBackoff(policy: RejoinPolicy, attempt: () => Promise<TryOutcome>, stopped: () => boolean): Promise<TryOutcome | "exhausted"> {
  for (let n = 1; n <= policy.attempts; n++) {
    await new Promise((resolve) => setTimeout(resolve, policy.delayMs(n)));
    if (stopped()) return "stop";
    const outcome = await attempt();
    if (outcome !== "again") return outcome;
  }
  return "exhausted";
}

