import { STATUS_CODES } from "node:http";
import type { ParsedUrlQuery } from "node:querystring";
import type { AuthContext, Router as ColyseusRouter } from "@colyseus/core";
import { uWebSocketClient, uWebSocketsTransport } from "@colyseus/uwebsockets-transport";
import type { HttpRequest as UwsRequest, HttpResponse as UwsResponse, WebSocket as UwsSocket } from "uWebSockets.js";
import type { HttpResponse, RawRequest } from "../http/types.ts";
import { keepJoinQueueInShape } from "./join-queue.ts";
import { markRawCopies } from "./raw-copies.ts";
import { heartbeatOf, type TransportDeps, transportFrameLimit } from "./types.ts";

type AbortableResponse = UwsResponse & { aborted?: boolean };
/** What Colyseus's upgrade handler stores on each socket. */
type UpgradeData = { url: string; searchParams: ParsedUrlQuery; context: AuthContext };

/**
 * The uWebSockets.js transport with our gateway in front of every HTTP request: we read
 * the body with a hard size limit (Colyseus's own reader has none), then hand the
 * gateway a RawRequest. WebSocket upgrades stay with Colyseus.
 */
export class GatewayUwsTransport extends uWebSocketsTransport {
  readonly #deps: TransportDeps;

  constructor(deps: TransportDeps) {
    super({
      maxPayloadLength: transportFrameLimit(deps.config),
      // Dead sockets: uWS pings automatically and drops a socket silent this long (s).
      idleTimeout: heartbeatOf(deps.config).uwsIdleTimeoutS,
      beforeUpgrade: deps.beforeUpgrade,
    });
    this.#deps = deps;
    keepJoinQueueInShape(uWebSocketClient);
    markRawCopies(uWebSocketClient);
  }

  /**
   * Colyseus copies the upgrade request onto the socket (every header, as an object and as
   * a Headers, and the parsed query) and reads it only here, before its first await. A
   * socket then keeps it for its whole life: over a kilobyte per idle connection.
   */
  protected override onConnection(rawClient: UwsSocket<unknown> & UpgradeData): Promise<void> {
    const joining = super.onConnection(rawClient);
    const kept = rawClient as Partial<UpgradeData>;
    kept.context = undefined;
    kept.searchParams = undefined;
    return joining;
  }

  override bindRouter(router: ColyseusRouter): void {
    this.#deps.bridge.attach(router);
    this.app.any("/*", (res, req) => this.#onRequest(res as AbortableResponse, req));
  }

  override listen(port: number, _hostname?: string, _backlog?: number, listening?: (err?: Error) => void): this {
    this.app.listen(port, (socket) => {
      // uWS reports a failed bind as a falsy socket, not an error: turn it into one.
      (this as unknown as { _listeningSocket: unknown })._listeningSocket = socket;
      listening?.(socket ? undefined : new Error(`could not listen on port ${port}`));
    });
    return this;
  }

  #onRequest(res: AbortableResponse, req: UwsRequest): void {
    res.onAborted(() => {
      res.aborted = true;
    });
    // uWS request objects die at the first await: copy everything now.
    const headers = new Headers();
    req.forEach((key, value) => {
      headers.append(key, value);
    });
    const query = req.getQuery();
    const base: Omit<RawRequest, "body" | "bodyTooLarge"> = {
      method: req.getMethod().toUpperCase(),
      url: query ? `${req.getUrl()}?${query}` : req.getUrl(),
      headers,
      remoteAddress: Buffer.from(res.getRemoteAddressAsText()).toString(),
    };
    const limit = this.#deps.config.bodyLimitBytes;
    if (base.method === "GET" || base.method === "HEAD" || base.method === "OPTIONS") {
      void this.#respond(res, { ...base, body: undefined, bodyTooLarge: false });
      return;
    }
    if (Number(headers.get("content-length") ?? 0) > limit) {
      void this.#respond(res, { ...base, body: undefined, bodyTooLarge: true });
      return;
    }
    this.#readBody(res, limit, (body) => {
      void this.#respond(res, { ...base, body: body ?? undefined, bodyTooLarge: body === null });
    });
  }

  /** Collects the body; calls back with null as soon as it passes the limit. */
  #readBody(res: AbortableResponse, limit: number, done: (body: Buffer | null) => void): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    res.onData((chunk, isLast) => {
      if (finished) return;
      size += chunk.byteLength;
      if (size > limit) {
        finished = true;
        done(null);
        return;
      }
      chunks.push(Buffer.from(chunk.slice(0)));
      if (isLast) {
        finished = true;
        done(Buffer.concat(chunks));
      }
    });
  }

  async #respond(res: AbortableResponse, raw: RawRequest): Promise<void> {
    let response: HttpResponse;
    try {
      response = await this.#deps.gateway(raw);
    } catch (err) {
      this.#deps.log.error({ err }, "gateway failed");
      response = { status: 500, headers: {}, body: "" };
    }
    if (res.aborted) return;
    res.cork(() => {
      res.writeStatus(`${response.status} ${STATUS_CODES[response.status] ?? ""}`);
      // uWS writes Content-Length itself; a second one from the headers would be a framing error.
      const { "content-length": length, ...headers } = response.headers;
      for (const [key, value] of Object.entries(headers)) res.writeHeader(key, value);
      // Bodiless answers (304, HEAD) go out by endWithoutBody; this uWS build then keeps the
      // socket until its idle timeout even when asked to close (the answer itself is complete).
      const close = raw.headers.get("connection")?.toLowerCase() === "close";
      if (response.status === 304) res.endWithoutBody(undefined, close);
      // HEAD: report the length a GET would carry (the gateway dropped the body).
      else if (raw.method === "HEAD" && length !== undefined) res.endWithoutBody(Number(length), close);
      else res.end(response.body ?? "");
    });
  }
}
