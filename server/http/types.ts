import type { Actor, Role } from "../auth/types.ts";
import type { Logger } from "../core/logger.ts";

/** What a transport adapter hands the gateway: everything read, nothing parsed. */
export interface RawRequest {
  method: string;
  /** Path plus optional `?query`, as sent. */
  url: string;
  headers: Headers;
  /** The peer address as the socket saw it. */
  remoteAddress: string;
  /** The body, when there was one and it fit the limit. */
  body: Buffer | undefined;
  /** True when the body was larger than BODY_LIMIT_BYTES (it was not kept). */
  bodyTooLarge: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Per-request context every route handler receives. */
export interface RequestContext {
  id: string;
  log: Logger;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  ip: string;
  params: Record<string, string>;
  /** Parsed JSON body (undefined when there was none). Validate it with zod before use. */
  body: unknown;
  /** True when the request came over TLS (directly or via a trusted proxy). */
  secure: boolean;
  /** The signed-in caller; set for every route whose access is not "public". */
  actor?: Actor;
}

/** A budget: `points` requests per `seconds`. */
export interface Quota {
  points: number;
  seconds: number;
}

/** Every mutating route declares one: per client IP always, per signed-in user when there is one. */
export interface RouteLimit {
  perIp: Quota;
  perUser?: Quota;
}

/** Who may call a route. Anything but "public" needs a session; roles are ranked user < moderator < admin. */
export type Access = "public" | Role;

export interface Route {
  method: Method;
  /** Path pattern with `:name` segments, e.g. `/api/users/:username`. */
  path: string;
  access: Access;
  /** Required on POST, PUT, PATCH and DELETE (the router refuses a mutation without one). */
  limit?: RouteLimit;
  /**
   * Largest body this route reads, bytes (default ROUTE_BODY_BYTES). The transports cap every
   * body at BODY_LIMIT_BYTES first; a route may only lower what it takes below that.
   */
  bodyLimit?: number;
  /**
   * "inert": the route serves bytes people uploaded (a script's preview PNG), so its
   * successful replies get a policy that runs and loads nothing instead of the app's.
   */
  policy?: "inert";
  handler: (ctx: RequestContext) => Promise<HttpResponse>;
}

/** What a route reads when it names no `bodyLimit`: the old global limit, 64 KiB. */
export const ROUTE_BODY_BYTES = 65_536;
