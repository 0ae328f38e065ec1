import type { Client } from "@colyseus/core";
import { createLogger } from "../../server/core/logger.ts";
import { createMetrics, type Metrics } from "../../server/core/metrics.ts";

/** A sent message or a close, in the order the guard produced them. */
export interface FakeClient {
  sessionId: string;
  sent: { type: string | number; message: unknown }[];
  closes: number[];
  client: Client;
}

export function fakeClient(sessionId = "s1"): FakeClient {
  const fake: FakeClient = { sessionId, sent: [], closes: [], client: undefined as unknown as Client };
  fake.client = {
    sessionId,
    reconnectionToken: `${sessionId}-token`,
    send: (type: string | number, message: unknown) => fake.sent.push({ type, message }),
    leave: (code: number) => fake.closes.push(code),
  } as unknown as Client;
  return fake;
}

type Handler = (client: Client, ...args: unknown[]) => unknown;

/**
 * Just enough of a Colyseus Room for the parts: message registration, the raw frame
 * entry, presence, clock, clients and a patch that sends nothing. Handlers registered by the guard are called directly.
 */
export function fakeRoom() {
  const json = new Map<string, Handler>();
  const bytes = new Map<string, Handler>();
  const subscribed = new Set<string>();
  const room = {
    roomId: "room-1",
    clients: [] as Client[],
    seatReservationTimeout: 0,
    maxMessagesPerSecond: 0,
    presence: {
      subscribe: async (channel: string) => void subscribed.add(channel),
      unsubscribe: async (channel: string) => void subscribed.delete(channel),
    },
    clock: { setInterval: () => ({ clear: () => undefined }), setTimeout: () => ({ clear: () => undefined }) },
    onMessage: (type: string, cb: Handler) => void json.set(type, cb),
    onMessageBytes: (type: string, cb: Handler) => void bytes.set(type, cb),
    _onMessage: (_client: Client, _buffer: Buffer) => undefined,
    allowReconnection: () => undefined,
    broadcastPatch: () => false,
    checkReconnectionToken: () => undefined,
  };
  /** What Colyseus would do with a frame: a known JSON type, a known bytes type, or `*`. */
  const deliver = {
    json(client: Client, type: string, payload: unknown): unknown {
      const h = json.get(type);
      return h ? h(client, payload) : json.get("*")?.(client, type, payload);
    },
    bytes(client: Client, type: string, payload: Uint8Array): unknown {
      const h = bytes.get(type);
      return h ? h(client, payload) : json.get("*")?.(client, type, payload);
    },
  };
  return { room, deliver, subscribed };
}

export function silentLog() {
  return createLogger({ level: "silent" });
}

export function testMetrics(): Metrics {
  return createMetrics(() => ({ inUse: 0, waiting: 0, checkoutFailures: 0 }) as never);
}
