import type { BeforeUpgradeHandler } from "@colyseus/core";
import type { ReconnectGrants } from "../auth/reconnect-grants.ts";
import type { SessionService } from "../auth/sessions.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../core/logger.ts";
import type { Metrics } from "../core/metrics.ts";
import { authenticate } from "../auth/credentials.ts";
import { hostOf, isSecureRequest, originAllowed } from "../http/request-meta.ts";
import { schemeCookies } from "../http/scheme-cookies.ts";
import { lapsedSeat } from "./late-seats.ts";

/**
 * Checks every WebSocket upgrade before the handshake: an exact Origin allowlist (the uWS
 * transport checks none), no token in the URL, and for a reconnection a valid session
 * whose user must own the seat (refused here, before the seat is consumed) and which the
 * room compares again (see ReconnectGrants).
 */
export function upgradePolicy(
  config: Readonly<Config>,
  sessions: SessionService,
  grants: ReconnectGrants,
  log: Logger,
  metrics: Pick<Metrics, "seatReservations">,
): BeforeUpgradeHandler {
  const check = checks(config, sessions, grants, log);
  return async (request) => {
    const refusal = await check(request);
    if (refusal) return refusal;
    // Let through: Colyseus refuses a socket whose seat lapsed and tells nobody else; count it.
    const late = lapsedSeat(new URL(request.url));
    if (late) metrics.seatReservations.inc({ room: late, outcome: "late" });
    return undefined;
  };
}

function checks(
  config: Readonly<Config>,
  sessions: SessionService,
  grants: ReconnectGrants,
  log: Logger,
): (request: Request) => Promise<Response | undefined> {
  return async (request) => {
    const url = new URL(request.url);
    const secure = isSecureRequest(request.headers, config);
    if (hostOf(request.headers) === null) return refuse(400, "the Host header must be host[:port]", log);
    if (url.searchParams.has("_authToken")) return refuse(400, "tokens never travel in URLs", log);
    if (!originAllowed(request.headers, secure, config)) return refuse(403, "origin not allowed", log);
    const reconnectionToken = url.searchParams.get("reconnectionToken");
    if (!reconnectionToken) return undefined;
    const auth = await authenticate(schemeCookies(request.headers, secure), sessions);
    if (!auth) return refuse(401, "sign in to reconnect", log);
    const owner = grants.ownerOf(reconnectionToken);
    // Refused here, the seat is untouched and its owner can still reconnect within the grace.
    if (owner !== undefined && owner !== auth.actor.userId) return refuse(403, "this seat belongs to another user", log);
    grants.grant(reconnectionToken, auth.actor.userId, auth.actor.sessionId);
    return undefined;
  };
}

function refuse(status: number, reason: string, log: Logger): Response {
  log.info({ status, reason }, "websocket upgrade refused");
  return new Response(reason, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}
