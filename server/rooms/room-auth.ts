import type { AuthContext, Client } from "@colyseus/core";
import { ErrorCode } from "#schema/protocol.ts";
import type { SessionService } from "../auth/sessions.ts";
import type { Actor } from "../auth/types.ts";
import { authenticate } from "../auth/credentials.ts";
import { JoinRefusal } from "../core/errors.ts";
import type { SeatLedger } from "./seat-ledger.ts";

export interface JoinAuthDeps {
  sessions: SessionService;
  seats: SeatLedger;
  config: { maxSeatsPerUser: number };
}

/**
 * onAuth for every room: the session comes as `Authorization: Bearer` (the SDK's
 * `client.auth.token`, sent as a header on matchmaking) or as the browser's session
 * cookie. Never from a URL: the gateway refuses `_authToken` query parameters.
 * Then a seat is reserved in the account's ledger: one account holds at most
 * MAX_SEATS_PER_USER seats across every room and process.
 */
export async function authenticateJoin(
  token: string | undefined,
  ctx: AuthContext,
  deps: JoinAuthDeps,
  roomType: string,
): Promise<RoomAuth> {
  const headers = new Headers(ctx.headers);
  if (token && !headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
  const auth = await authenticate(headers, deps.sessions);
  if (!auth) throw new JoinRefusal(ErrorCode.UNAUTHENTICATED, "sign in to join");
  const seatId = await deps.seats.reserve(auth.actor.userId, roomType);
  if (!seatId) {
    const max = deps.config.maxSeatsPerUser;
    throw new JoinRefusal(ErrorCode.RATE_LIMITED, `one account holds at most ${max} seats at once; leave a room first`);
  }
  const { sessionId, ...rest } = auth.actor;
  return { ...rest, loginSessionId: sessionId, seatId };
}

/**
 * What a room keeps as `client.auth`. The login session id must NOT be a top-level
 * `sessionId`: Colyseus takes `auth.sessionId` as the room session id, so two tabs on one
 * sign-in would share a seat and one leaving would remove the other's avatar.
 */
export type RoomAuth = Omit<Actor, "sessionId"> & { loginSessionId: string; seatId: string };

/** The ledger seat a room client holds (reservation made in onAuth). */
export function seatOfClient(client: Client): string | undefined {
  return (client.auth as RoomAuth | undefined)?.seatId;
}

/** The actor behind a room client (its login session id under `sessionId`), if signed in. */
export function actorOfClient(client: Client): Actor | undefined {
  const auth = loginOf(client);
  if (!auth) return undefined;
  const { loginSessionId, seatId: _seat, ...rest } = auth;
  return { ...rest, sessionId: loginSessionId };
}

/**
 * The client's sign-in as the room keeps it, if signed in: no copy, for the passes that
 * read every seated client (re-auth rounds), where a copy per client was garbage.
 */
export function loginOf(client: Client): Readonly<RoomAuth> | undefined {
  const auth = client.auth as RoomAuth | undefined;
  return auth?.loginSessionId ? auth : undefined;
}
