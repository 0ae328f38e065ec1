import type { Router as ColyseusRouter } from "@colyseus/core";
import type { HttpResponse, RawRequest } from "./types.ts";

export const MONITOR_PREFIX = "/colyseus";
const MATCHMAKE_PREFIX = "/matchmake/";

/**
 * Colyseus's own HTTP endpoints (matchmaking and the monitor) live on its router. The
 * gateway owns the socket and every policy; it forwards only these paths, through here.
 */
export class ColyseusBridge {
  #router: ColyseusRouter | undefined;

  attach(router: ColyseusRouter): void {
    this.#router = router;
  }

  /** Which Colyseus area a path belongs to, if any. */
  areaOf(path: string): "matchmake" | "monitor" | null {
    if (path.startsWith(MATCHMAKE_PREFIX)) return "matchmake";
    if (path === MONITOR_PREFIX || path.startsWith(`${MONITOR_PREFIX}/`)) return "monitor";
    return null;
  }

  get ready(): boolean {
    return this.#router !== undefined;
  }

  async forward(raw: RawRequest): Promise<HttpResponse> {
    if (!this.#router) return { status: 503, headers: {}, body: "" };
    const hasBody = raw.method !== "GET" && raw.method !== "HEAD" && raw.body !== undefined;
    const request = new Request(`http://${raw.headers.get("host") ?? "localhost"}${raw.url}`, {
      method: raw.method,
      headers: raw.headers,
      body: hasBody ? new Uint8Array(raw.body as Buffer) : undefined,
    });
    const response = await this.#router.handler(request);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      if (key !== "content-length") headers[key] = value;
    });
    return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
  }
}
