import { REQUEST_ID_HEADER } from "#schema/protocol.ts";
import { ErrorCode } from "#schema/protocol.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../core/logger.ts";
import type { Metrics } from "../core/metrics.ts";
import type { OperatorGuard } from "../core/operator.ts";
import { parseJsonBody } from "./body.ts";
import { type ColyseusBridge, MONITOR_PREFIX } from "./colyseus-bridge.ts";
import { matchmakeProblem } from "./matchmake-errors.ts";
import { admitMatchmake } from "./matchmake-policy.ts";
import { errorToResponse, problemResponse } from "./problem.ts";
import { monitorProblem } from "./monitor-errors.ts";
import { forbiddenRoomCall } from "./monitor-guard.ts";
import { clientIpOf, isSecureRequest, originAllowed, requestIdOf } from "./request-meta.ts";
import { checkTarget } from "./request-target.ts";
import { schemeCookies } from "./scheme-cookies.ts";
import { roleRank } from "../auth/types.ts";
import type { SessionService } from "../auth/sessions.ts";
import { DomainError } from "../core/errors.ts";
import { authenticate } from "../auth/credentials.ts";
import { refuseCrossSite, requireCsrf } from "./authn.ts";
import { type RateLimits, refundingShapeErrors } from "./rate-limits.ts";
import { MUTATING, type RouteMatch, type Router } from "./router.ts";
import { monitorVendorFile, rewriteMonitorHtml } from "./monitor-page.ts";
import { type PagePolicy, SANDBOX_PREFIX, securityHeaders } from "./security-headers.ts";
import { decodedPath, type StaticFiles } from "./static-files.ts";
import { type HttpResponse, type RawRequest, type RequestContext, ROUTE_BODY_BYTES } from "./types.ts";

export interface GatewayDeps {
  config: Readonly<Config>;
  log: Logger;
  metrics: Metrics;
  router: Router;
  colyseus: ColyseusBridge;
  staticFiles: StaticFiles;
  operators: OperatorGuard;
  sessions: SessionService;
  limiter: RateLimits;
}

export type Gateway = (raw: RawRequest) => Promise<HttpResponse>;

interface Dispatched {
  response: HttpResponse;
  route: string;
  /** A route's own policy (routes serving uploaded bytes); otherwise chosen by path. */
  policy?: PagePolicy;
}

/**
 * Every HTTP request, whatever the transport, passes here: request id, child logger, a
 * well-formed Host and target (400 before any routing otherwise), only the cookies of the
 * request's scheme, limits, routing, error mapping to problem+json, security headers,
 * metrics, one log line.
 */
export function createGateway(deps: GatewayDeps): Gateway {
  return async (raw) => {
    const started = performance.now();
    const id = requestIdOf(raw.headers);
    const secure = isSecureRequest(raw.headers, deps.config);
    const target = checkTarget(raw, id);
    const log = deps.log.child({ reqId: id });
    let result: Dispatched;
    try {
      result = target.ok
        ? await dispatch(deps, { ...raw, headers: schemeCookies(raw.headers, secure) }, { id, log, secure, url: target.url })
        : { response: target.response, route: "malformed" };
    } catch (err) {
      result = { response: errorToResponse(err, id, log), route: "error" };
    }
    const { response, route } = result;
    const path = target.ok ? target.url.pathname : "(malformed)";
    Object.assign(response.headers, securityHeaders(secure, result.policy ?? pagePolicyOf(deps, path)), { [REQUEST_ID_HEADER]: id });
    if (raw.method === "HEAD") response.body = undefined;
    const seconds = (performance.now() - started) / 1000;
    deps.metrics.httpRequests.inc({ method: raw.method, route, status: String(response.status) });
    deps.metrics.httpDuration.observe({ method: raw.method, route }, seconds);
    log.info({ method: raw.method, path, status: response.status, ms: Math.round(seconds * 1000) }, "http");
    return response;
  };
}

/**
 * The monitor's paths (operators only) and the Codeground sandbox get their own CSP;
 * every other path the app's strict one. The sandbox is read from the path as the static
 * files resolve it (decoded, normalised): `/%73andbox/frame.html` or
 * `/assets/..%2fsandbox/frame.html` serve the sandbox's page, and must get its policy, not
 * the app's (which would run it with NeoSpace's own origin).
 */
export function pagePolicyOf(deps: Pick<GatewayDeps, "colyseus">, path: string): PagePolicy {
  if (path.startsWith(SANDBOX_PREFIX) || decodedPath(path)?.startsWith(SANDBOX_PREFIX)) return "sandbox";
  return deps.colyseus.areaOf(path) === "monitor" ? "monitor" : "app";
}

interface Meta {
  id: string;
  log: Logger;
  secure: boolean;
  url: URL;
}

async function dispatch(deps: GatewayDeps, raw: RawRequest, meta: Meta): Promise<Dispatched> {
  const path = meta.url.pathname;
  if (raw.bodyTooLarge) {
    const detail = `the body is larger than ${deps.config.bodyLimitBytes} bytes`;
    return { response: problemResponse(ErrorCode.PAYLOAD_TOO_LARGE, detail, meta.id), route: "too-large" };
  }
  if (meta.url.searchParams.has("_authToken")) {
    const detail = "tokens never travel in URLs; send Authorization: Bearer or the session cookie";
    return { response: problemResponse(ErrorCode.BAD_INPUT, detail, meta.id), route: "token-in-url" };
  }
  const area = deps.colyseus.areaOf(path);
  if (area === "matchmake") return { response: await matchmake(deps, raw, meta), route: "/matchmake" };
  if (area === "monitor") return { response: await monitorRequest(deps, raw, meta), route: MONITOR_PREFIX };
  const match = deps.router.match(raw.method, path);
  if (match.kind === "found") {
    const response = await runRoute(deps, raw, meta, match);
    return { response, route: match.pattern, ...(match.route.policy ? { policy: match.route.policy } : {}) };
  }
  if (match.kind === "method-not-allowed") {
    const response = problemResponse(ErrorCode.METHOD_NOT_ALLOWED, `${raw.method} is not allowed here`, meta.id, {
      headers: { allow: [...new Set(match.allow)].join(", ") },
    });
    return { response, route: "method-not-allowed" };
  }
  return { response: await staticOrNotFound(deps, raw, meta, path), route: "static" };
}

type Found = Extract<RouteMatch, { kind: "found" }>;

/**
 * Cross-site check → session → role → CSRF → budget → body → handler, in that order. A
 * body refused for its shape (400/415 before any rule ran) gives its budget point back.
 */
async function runRoute(deps: GatewayDeps, raw: RawRequest, meta: Meta, match: Found): Promise<HttpResponse> {
  const { route } = match;
  const mutating = MUTATING.has(raw.method);
  if (mutating) refuseCrossSite(raw.headers, meta.secure, deps.config);
  // Public routes still learn who is asking when a session comes along (a profile shows
  // "you follow them"); only non-public routes require one.
  const auth = await authenticate(raw.headers, deps.sessions);
  if (route.access !== "public") {
    if (!auth) throw new DomainError(ErrorCode.UNAUTHENTICATED, "sign in first");
    if (roleRank(auth.actor.role) < roleRank(route.access)) {
      throw new DomainError(ErrorCode.FORBIDDEN, `this needs the ${route.access} role`);
    }
    if (mutating) requireCsrf(auth, raw.headers);
  }
  const bodyLimit = route.bodyLimit ?? ROUTE_BODY_BYTES;
  if (raw.body && raw.body.byteLength > bodyLimit) {
    throw new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `the body is larger than ${bodyLimit} bytes`);
  }
  const ip = clientIpOf(raw, deps.config);
  const budget = route.limit ? { route: match.pattern, limit: route.limit, ip, userId: auth?.actor.userId } : null;
  const limitHeaders = budget ? await deps.limiter.consume(budget.route, budget.limit, ip, budget.userId) : {};
  // Built inside the refund wrapper: a body that is not JSON is a shape refusal too.
  const ctx = (): RequestContext => ({
    id: meta.id,
    log: auth ? meta.log.child({ userId: auth.actor.userId }) : meta.log,
    method: raw.method,
    path: meta.url.pathname,
    query: meta.url.searchParams,
    headers: raw.headers,
    ip,
    params: match.params,
    body: parseJsonBody(raw),
    secure: meta.secure,
    ...(auth ? { actor: auth.actor } : {}),
  });
  const response = await refundingShapeErrors(deps.limiter, budget, () => route.handler(ctx()));
  Object.assign(response.headers, limitHeaders);
  return response;
}

async function staticOrNotFound(deps: GatewayDeps, raw: RawRequest, meta: Meta, path: string): Promise<HttpResponse> {
  const isRead = raw.method === "GET" || raw.method === "HEAD";
  if (isRead && !path.startsWith("/api/")) {
    const file = await deps.staticFiles.get(path, raw.headers);
    if (file) return { ...file, headers: { ...file.headers } };
  }
  return problemResponse(ErrorCode.NOT_FOUND, `no route for ${raw.method} ${path}`, meta.id);
}

/**
 * Join options are a protocol number and a name or two; Colyseus keeps them with the seat
 * reservation until the socket comes, so a route's 64 KiB of anything would be held per
 * reservation for nothing.
 */
export const MATCHMAKE_BODY_BYTES = 4_096;

/** Matchmaking keeps the Colyseus SDK's own wire format; we add the exact-Origin policy and CORS. */
async function matchmake(deps: GatewayDeps, raw: RawRequest, meta: Meta): Promise<HttpResponse> {
  if (!originAllowed(raw.headers, meta.secure, deps.config)) {
    return problemResponse(ErrorCode.FORBIDDEN, "this Origin may not use matchmaking", meta.id);
  }
  const cors = corsHeaders(raw.headers);
  if (raw.method === "OPTIONS") return { status: 204, headers: cors };
  if (raw.body && raw.body.byteLength > MATCHMAKE_BODY_BYTES) {
    const refused = problemResponse(ErrorCode.PAYLOAD_TOO_LARGE, `join options are larger than ${MATCHMAKE_BODY_BYTES} bytes`, meta.id);
    Object.assign(refused.headers, cors);
    return refused;
  }
  let limitHeaders: Record<string, string>;
  try {
    limitHeaders = await admitMatchmake(deps, raw, meta.url.pathname);
  } catch (err) {
    const refused = errorToResponse(err, meta.id, meta.log);
    Object.assign(refused.headers, cors);
    return refused;
  }
  const response = matchmakeProblem(await deps.colyseus.forward(raw, meta.url, forwardedFor(deps, raw, meta)), meta.id);
  Object.assign(response.headers, limitHeaders);
  for (const key of Object.keys(response.headers)) {
    if (key.startsWith("access-control-")) delete response.headers[key];
  }
  Object.assign(response.headers, cors);
  return response;
}

function forwardedFor(deps: GatewayDeps, raw: RawRequest, meta: Meta): { secure: boolean; clientIp: string } {
  return { secure: meta.secure, clientIp: clientIpOf(raw, deps.config) };
}

function corsHeaders(headers: Headers): Record<string, string> {
  const origin = headers.get("origin");
  if (origin === null) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "authorization, content-type",
    "access-control-max-age": "600",
    vary: "Origin",
  };
}

async function monitorRequest(deps: GatewayDeps, raw: RawRequest, meta: Meta): Promise<HttpResponse> {
  const access = await deps.operators.check(raw.headers);
  if (access === "disabled") {
    return problemResponse(ErrorCode.NOT_FOUND, "the monitor is disabled (no OPERATOR_TOKEN, no admin session)", meta.id);
  }
  if (access === "denied") {
    return problemResponse(ErrorCode.UNAUTHENTICATED, "operator credentials required", meta.id, {
      headers: { "www-authenticate": 'Bearer realm="neospace-operators"' },
    });
  }
  if (forbiddenRoomCall(meta.url)) {
    meta.log.warn({ method: meta.url.searchParams.get("method") }, "monitor room-method call refused");
    return problemResponse(ErrorCode.FORBIDDEN, "calling this room method from the monitor is not allowed", meta.id);
  }
  const isRead = raw.method === "GET" || raw.method === "HEAD";
  const vendored = isRead ? await monitorVendorFile(meta.url.pathname) : null;
  if (vendored) return vendored;
  const forwarded = await deps.colyseus.forward(raw, meta.url, forwardedFor(deps, raw, meta));
  return monitorProblem(rewriteMonitorHtml(forwarded, meta.log), meta.url.pathname, meta.id);
}
