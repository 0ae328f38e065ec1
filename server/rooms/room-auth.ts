import type { AuthContext } from "@colyseus/core";
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
export async function authenticateJoin(token: string | undefined, ctx: AuthContext, sessions: SessionService): Promise<Actor> {
  const headers = new Headers(ctx.headers);
  if (token && !headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
  const auth = await authenticate(headers, sessions);
  if (!auth) throw joinRefusal(ErrorCode.UNAUTHENTICATED, "sign in to join");
  return auth.actor;
}
