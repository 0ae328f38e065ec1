import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { setFlagsFromString } from "node:v8";
import { type Client, ClientState, Protocol, Room } from "@colyseus/core";
import { WebSocketClient } from "@colyseus/ws-transport";
import { loadConfig } from "../../server/config.ts";
import { Evictions } from "../../server/rooms/parts/evictions.ts";
import { MessageGuard } from "../../server/rooms/parts/message-guard.ts";
import { RoomMetrics } from "../../server/rooms/parts/room-metrics.ts";
import { keepJoinQueueInShape } from "../../server/transport/join-queue.ts";
import { nativeUwsProblem } from "../../server/transport/select.ts";
import { fakeRoom, silentLog, testMetrics } from "../helpers/fake-room.ts";

setFlagsFromString("--allow-natives-syntax");
/** V8's own answer: is the object still a shaped (fast) object, not a hash table? */
const hasFastProperties = new Function("o", "return %HasFastProperties(o)") as (o: object) => boolean;

type ClientClass = new (id: string, ref: EventEmitter) => Client;

/** A room whose frames go through our guard to Colyseus's own `Room._onMessage` (its join branch runs for real). */
function guardedRoom() {
  const { room } = fakeRoom();
  const log = silentLog();
  const real = Object.assign(room, {
    clock: { ...room.clock, currentTime: 0, elapsedTime: 0 },
    maxMessagesPerSecond: 100,
    state: undefined,
    // Colyseus's own frame entry (private in its types)
    _onMessage: (Room.prototype as unknown as { _onMessage: unknown })._onMessage,
  });
  new MessageGuard(real as never, {}, { log, metrics: new RoomMetrics(testMetrics(), "test"), evictions: new Evictions(log), now: () => 0, maxFrameBytes: 1 << 16 }).install();
  return real as unknown as { _onMessage(client: Client, buffer: Buffer): void };
}

const JOIN_FRAME = Buffer.from([Protocol.JOIN_ROOM]);

async function clientClasses(): Promise<[string, ClientClass][]> {
  const classes: [string, ClientClass][] = [["ws", WebSocketClient as unknown as ClientClass]];
  if (nativeUwsProblem() === null) {
    const { uWebSocketClient } = await import("@colyseus/uwebsockets-transport");
    classes.push(["uws", uWebSocketClient as unknown as ClientClass]);
  }
  return classes;
}

describe("a transport client's join queue", () => {
  it("[IC8] a client stays a fast object through Colyseus's join (which deletes its queue), sends what was queued, and has no queue once joined", async () => {
    for (const [name, Class] of await clientClasses()) {
      keepJoinQueueInShape(Class);
      const ref = Object.assign(new EventEmitter(), { send: () => undefined, ws: { send: () => undefined } });
      const client = new Class(`s-${name}`, ref);
      const sent: unknown[] = [];
      client.raw = (data: Uint8Array) => void sent.push(data);
      client.enqueueRaw(new Uint8Array([1, 2, 3])); // sent before the join frame: queued
      assert.equal(sent.length, 0, name);
      guardedRoom()._onMessage(client, JOIN_FRAME);
      assert.equal(client.state, ClientState.JOINED, name);
      assert.deepEqual(sent, [new Uint8Array([1, 2, 3])], `${name}: the queued message went out with the join`);
      assert.equal((client as unknown as { _enqueuedMessages?: unknown })._enqueuedMessages, undefined, `${name}: joined (allowReconnection reads this)`);
      assert.equal(hasFastProperties(client), true, `${name}: still a fast object`);
    }
  });

  it("[IC10] without the accessor, the same delete makes a client a hash table (what the accessor prevents)", () => {
    class Plain {
      state = ClientState.JOINING;
      _enqueuedMessages: unknown[] | undefined = [];
      sessionId = "s";
      id = "s";
      _joinedAt = 0;
    }
    const plain = new Plain();
    delete plain._enqueuedMessages;
    assert.equal(hasFastProperties(plain), false);
  });
});

describe("a uWS socket's upgrade data", () => {
  it("[IC9] once its join has started, a socket no longer holds the upgrade request's headers and query (Colyseus read them already)", async function () {
    if (nativeUwsProblem() !== null) this.skip(); // no uWS on this Node: the ws transport keeps no such copy
    const { GatewayUwsTransport } = await import("../../server/transport/uws.ts");
    const transport = new GatewayUwsTransport({ config: loadConfig({}), log: silentLog(), gateway: undefined as never, bridge: undefined as never, beforeUpgrade: undefined as never });
    const socket = { url: "/", searchParams: { _authToken: "t" }, context: { headers: new Headers({ cookie: "c" }) }, close: () => undefined, send: () => undefined };
    const started = (transport as unknown as { onConnection(raw: unknown): Promise<void> }).onConnection(socket);
    assert.equal(socket.context, undefined);
    assert.equal(socket.searchParams, undefined);
    assert.equal(socket.url, "/", "the path stays (uWS's own close handler needs nothing else)");
    await started;
  });
});
