import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Router as ColyseusRouter } from "@colyseus/core";
import { WebSocketClient, WebSocketTransport } from "@colyseus/ws-transport";
import type { RawRequest } from "../http/types.ts";
import { keepJoinQueueInShape } from "./join-queue.ts";
import { heartbeatOf, type TransportDeps, transportFrameLimit } from "./types.ts";

/**
 * The `ws` transport on a node http server whose only request listener is our gateway.
 * Colyseus adds its own listener when routes are bound; we replace it so every request
 * gets the same limits, headers and errors as under uWS.
 */
export class GatewayWsTransport extends WebSocketTransport {
  readonly #deps: TransportDeps;
  readonly #http: http.Server;

  constructor(deps: TransportDeps) {
    const server = http.createServer();
    const heartbeat = heartbeatOf(deps.config);
    super({
      server,
      maxPayload: transportFrameLimit(deps.config),
      // Dead sockets: pinged every third of HEARTBEAT_SECONDS, dropped after 2 missed pongs.
      pingInterval: heartbeat.wsPingIntervalMs,
      pingMaxRetries: heartbeat.wsPingMaxRetries,
      beforeUpgrade: deps.beforeUpgrade,
    });
    this.#deps = deps;
    this.#http = server;
    keepJoinQueueInShape(WebSocketClient);
  }

  /** Called once Colyseus has bound its router; takes the request path back for the gateway. */
  takeOverRequests(router: ColyseusRouter): void {
    this.#deps.bridge.attach(router);
    this.#http.removeAllListeners("request");
    this.#http.on("request", (req, res) => this.#onRequest(req, res));
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const limit = this.#deps.config.bodyLimitBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers["content-length"] ?? 0) > limit;
    if (tooLarge) {
      void this.#respond(req, res, undefined, true);
      return;
    }
    req.on("data", (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        void this.#respond(req, res, undefined, true);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!tooLarge) void this.#respond(req, res, chunks.length ? Buffer.concat(chunks) : undefined, false);
    });
    req.on("error", () => res.destroy());
  }

  async #respond(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined, bodyTooLarge: boolean) {
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(key, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    }
    const raw: RawRequest = {
      method: (req.method ?? "GET").toUpperCase(),
      url: req.url ?? "/",
      headers,
      remoteAddress: req.socket.remoteAddress ?? "",
      body,
      bodyTooLarge,
    };
    try {
      const response = await this.#deps.gateway(raw);
      if (bodyTooLarge) response.headers.connection = "close";
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    } catch (err) {
      this.#deps.log.error({ err }, "gateway failed");
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  }
}
