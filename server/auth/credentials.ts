import { readCookie } from "../core/operator.ts";
import type { SessionService } from "./sessions.ts";
import type { Actor, SessionDoc } from "./types.ts";

export const SESSION_COOKIE = "neo_session";

/** `__Host-` requires Secure, which plain-http localhost development cannot set. */
export function sessionCookieName(secure: boolean): string {
  return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

export interface Authenticated {
  actor: Actor;
  session: SessionDoc;
  via: "cookie" | "bearer";
}

/**
 * The session a request carries: `Authorization: Bearer` (bots, tools) or the session
 * cookie (browsers). Read by HTTP routes, the WebSocket upgrade and room joins alike.
 */
export async function authenticate(headers: Headers, sessions: SessionService): Promise<Authenticated | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1];
  if (bearer) {
    const r = await sessions.resolve(bearer);
    return r ? { ...r, via: "bearer" } : null;
  }
  const cookies = headers.get("cookie");
  const token = readCookie(cookies, sessionCookieName(true)) ?? readCookie(cookies, SESSION_COOKIE);
  if (!token) return null;
  const r = await sessions.resolve(token);
  return r ? { ...r, via: "cookie" } : null;
}
