import type { AuthContext, Client } from "@colyseus/core";
import { ErrorCode } from "#schema/protocol.ts";
import type { SessionService } from "../auth/sessions.ts";
import type { Actor } from "../auth/types.ts";
import { authenticate } from "../http/authn.ts";
import { joinRefusal } from "./join-refusal.ts";

/**
 * onAuth for every room: the session comes as `Authorization: Bearer` (the SDK's
 * `client.auth.token`, sent as a header on matchmaking) or as the browser's session
 * cookie. Never from a URL: the gateway refuses `_authToken` query parameters.
 */
export async function authenticateJoin(token: string | undefined, ctx: AuthContext, sessions: SessionService): Promise<RoomAuth> {
  const headers = new Headers(ctx.headers);
  if (token && !headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
  const auth = await authenticate(headers, sessions);
  if (!auth) throw joinRefusal(ErrorCode.UNAUTHENTICATED, "sign in to join");
  const { sessionId, ...rest } = auth.actor;
  return { ...rest, loginSessionId: sessionId };
}

/**
 * What a room keeps as `client.auth`. The login session id must NOT be a top-level
 * `sessionId`: Colyseus takes `auth.sessionId` as the room session id, so two tabs on one
 * sign-in would share a seat and one leaving would remove the other's avatar.
 */
export type RoomAuth = Omit<Actor, "sessionId"> & { loginSessionId: string };

/** The actor behind a room client (its login session id under `sessionId`), if signed in. */
export function actorOfClient(client: Client): Actor | undefined {
  const auth = client.auth as RoomAuth | undefined;
  if (!auth?.loginSessionId) return undefined;
  const { loginSessionId, ...rest } = auth;
  return { ...rest, sessionId: loginSessionId };
}
