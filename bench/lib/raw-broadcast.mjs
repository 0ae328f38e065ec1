// The transport floor for bench:transport: a bare WebSocket server with no Colyseus and no
// NeoSpace that sends every connected socket one binary frame of FRAME_BYTES at HZ, one
// send per socket, as a Colyseus room sends its patch. What a frame costs here is what the
// socket library and the kernel cost on this machine; what bench:transport measures above
// it is Colyseus and NeoSpace.
//   TRANSPORT=uws|ws  PORT  FRAME_BYTES  HZ
// Prints "ready" once listening; runs until killed.
import { WebSocketServer } from "ws";

const transport = process.env.TRANSPORT ?? "uws";
const port = Number(process.env.PORT);
const frame = Buffer.alloc(Number(process.env.FRAME_BYTES ?? 27), 7);
const hz = Number(process.env.HZ ?? 20);
const sockets = new Set();

if (transport === "uws") {
  const { default: uws } = await import("uWebSockets.js");
  uws
    .App()
    .ws("/*", {
      idleTimeout: 0,
      open: (ws) => sockets.add(ws),
      close: (ws) => sockets.delete(ws),
    })
    .listen(port, (listening) => {
      if (!listening) throw new Error(`could not listen on ${port}`);
      process.stdout.write("ready\n");
    });
  setInterval(() => {
    for (const ws of sockets) ws.send(frame, true);
  }, 1000 / hz);
} else {
  const server = new WebSocketServer({ port }, () => process.stdout.write("ready\n"));
  server.on("connection", (ws) => {
    sockets.add(ws);
    ws.on("close", () => sockets.delete(ws));
  });
  setInterval(() => {
    for (const ws of sockets) ws.send(frame, { binary: true });
  }, 1000 / hz);
}
