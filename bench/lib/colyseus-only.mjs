// The Colyseus layer for bench:transport: Colyseus 0.18 on its stock transport (uWS or ws)
// with the smallest room that still does a space's work on the wire, and nothing of
// NeoSpace (no gateway, re-auth, guard, zod, metrics, simulation or mood). The same thin
// bots join it as join a space: POST /matchmake/joinOrCreate/space, then the socket; each
// "space:walk" {dx, dy, ts} sets the walker's direction and echoes its ts, a 20 Hz step
// moves the walking dots, and Colyseus sends the changes to everyone in the room at its
// default patch rate (20 Hz).
// Its cost per frame sits between the bare library's (raw-broadcast.mjs) and the space
// room's: it is the transport ceiling through Colyseus itself.
//   TRANSPORT=uws|ws  PORT  ROOM_SIZE
// Prints "ready" once listening; runs until killed.
import { defineRoom, defineServer, Room } from "@colyseus/core";
import { Encoder, MapSchema, schema, t } from "@colyseus/schema";

const transportName = process.env.TRANSPORT ?? "uws";
const port = Number(process.env.PORT);
const roomSize = Number(process.env.ROOM_SIZE ?? 500);

// A full state of 500 dots outgrows the default 8 KB buffer; the encoder grows it but warns on stdout.
Encoder.BUFFER_SIZE = 64 * 1024;

const Dot = schema({ x: t.float32().default(0), y: t.float32().default(0), inputTs: t.float64().default(0) }, "Dot");
const DotsState = schema({ dots: t.map(Dot) }, "DotsState");

/** Walking speed in px per second, as a space's avatars walk. */
const SPEED = 160;

class DotsRoom extends Room {
  maxClients = roomSize;
  state = new DotsState({ dots: new MapSchema() });
  /** Who walks and in which direction (not synced: only positions are). */
  walking = new Map();

  onCreate() {
    this.onMessage("space:walk", (client, message) => {
      const dot = this.state.dots.get(client.sessionId);
      if (!dot || typeof message?.dx !== "number" || typeof message?.dy !== "number") return;
      this.walking.set(client.sessionId, { dx: message.dx, dy: message.dy });
      if (typeof message.ts === "number") dot.inputTs = message.ts;
    });
    // A walker moves at every step, so every patch carries changes, as in a space.
    this.setSimulationInterval((dtMs) => {
      const step = (SPEED * dtMs) / 1000;
      this.walking.forEach((dir, sessionId) => {
        const dot = this.state.dots.get(sessionId);
        if (!dot) return;
        dot.x += dir.dx * step;
        dot.y += dir.dy * step;
      });
    }, 50);
  }

  onJoin(client) {
    this.state.dots.set(client.sessionId, new Dot());
  }

  onLeave(client) {
    this.walking.delete(client.sessionId);
    this.state.dots.delete(client.sessionId);
  }
}

async function stockTransport() {
  if (transportName === "uws") {
    const { uWebSocketsTransport } = await import("@colyseus/uwebsockets-transport");
    return new uWebSocketsTransport();
  }
  const { WebSocketTransport } = await import("@colyseus/ws-transport");
  return new WebSocketTransport();
}

const server = defineServer({
  transport: await stockTransport(),
  greet: false,
  gracefullyShutdown: false,
  rooms: { space: defineRoom(DotsRoom) },
});
await server.listen(port);
process.stdout.write("ready\n");
