import { createMiddleware } from "@colyseus/core";
import type { Logger } from "../core/logger.ts";
import type { OperatorGuard } from "../core/operator.ts";
import { MONITOR_PREFIX } from "./colyseus-bridge.ts";
import { INTERNAL_ORIGIN } from "./request-target.ts";
import { schemeCookies } from "./scheme-cookies.ts";

/** Monitor API methods an operator may invoke on a live room (Colyseus #957: the call endpoint is RCE otherwise). */
export const MONITOR_CALLABLE_METHODS: readonly string[] = ["getInspectData"];

/** True when the monitor's room-method endpoint is asked for a method outside the allowlist. */
export function forbiddenRoomCall(url: URL): boolean {
  if (url.pathname !== `${MONITOR_PREFIX}/api/room/call`) return false;
  return !MONITOR_CALLABLE_METHODS.includes(url.searchParams.get("method") ?? "");
}

/**
 * The monitor's own door, inside Colyseus's router: the gateway already checks operator
 * credentials, and this checks them again (and the room-method allowlist) on every monitor
 * endpoint, so no routing mistake in front of it can open the monitor (issue 8 #1). The
 * bridge forwards on an https origin when the client came over TLS.
 */
export function monitorGuard(operators: OperatorGuard, log: Logger) {
  return createMiddleware(async (ctx) => {
    const url = new URL(ctx.request?.url ?? INTERNAL_ORIGIN);
    const headers = schemeCookies(new Headers(ctx.request?.headers ?? ctx.headers), url.protocol === "https:");
    if ((await operators.check(headers)) !== "ok") {
      log.warn({ path: url.pathname }, "monitor request without operator credentials reached Colyseus");
      throw ctx.error(403, { message: "operator credentials required" });
    }
    if (forbiddenRoomCall(url)) throw ctx.error(403, { message: "calling this room method is not allowed" });
  });
}
