import type { Router as ColyseusRouter } from "@colyseus/core";
import { INTERNAL_ORIGIN, pathAndQuery } from "./request-target.ts";
import type { HttpResponse, RawRequest } from "./types.ts";

export const MONITOR_PREFIX = "/colyseus";
const MATCHMAKE_PREFIX = "/matchmake/";

/**
 * Colyseus's own HTTP endpoints (matchmaking and the monitor) live on its router. The
 * gateway owns the socket and every policy; it forwards only these paths, through here.
 */
export class ColyseusBridge {
  #router: ColyseusRouter | undefined;
  #draining = false;

  attach(router: ColyseusRouter): void {
    this.#router = router;
  }

  /**
   * The process is stopping: matchmaking answers 503 (NOT_READY, Retry-After 1) from now
   * on, so a client (or the proxy) rejoining after the restart notice goes to a process
   * that will keep its room, instead of getting a seat in a room about to close here.
   */
  drain(): void {
    this.#draining = true;
  }

  /** Which Colyseus area a path belongs to, if any. */
  areaOf(path: string): "matchmake" | "monitor" | null {
    if (path.startsWith(MATCHMAKE_PREFIX)) return "matchmake";
    if (path === MONITOR_PREFIX || path.startsWith(`${MONITOR_PREFIX}/`)) return "monitor";
    return null;
  }

  /**
   * Hands Colyseus the request at `target`, the URL the gateway parsed and checked, on our
   * fixed internal origin. Its scheme says whether the client came over TLS (the monitor's
   * own guard reads it); the client's Host never takes part. `X-Real-IP` carries the
   * client IP the gateway resolved (TRUST_PROXY hops): Colyseus reads the first hop of
   * X-Real-IP / X-Forwarded-For into `AuthContext.ip`, which a client could otherwise set.
   */
  async forward(raw: RawRequest, target: URL, via: { secure: boolean; clientIp: string }): Promise<HttpResponse> {
    if (!this.#router) return { status: 503, headers: {}, body: "" };
    if (this.#draining && this.areaOf(target.pathname) === "matchmake") return { status: 503, headers: { "retry-after": "1" }, body: "" };
    const hasBody = raw.method !== "GET" && raw.method !== "HEAD" && raw.body !== undefined;
    const origin = via.secure ? INTERNAL_ORIGIN.replace(/^http:/, "https:") : INTERNAL_ORIGIN;
    const headers = new Headers(raw.headers);
    headers.set("host", new URL(INTERNAL_ORIGIN).host);
    headers.set("x-real-ip", via.clientIp);
    const request = new Request(`${origin}${pathAndQuery(target)}`, {
      method: raw.method,
      headers,
      body: hasBody ? new Uint8Array(raw.body as Buffer) : undefined,
    });
    const response = await this.#router.handler(request);
    const answered: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      if (key !== "content-length") answered[key] = value;
    });
    return { status: response.status, headers: answered, body: new Uint8Array(await response.arrayBuffer()) };
  }
}
