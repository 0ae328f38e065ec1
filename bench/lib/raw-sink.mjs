// bench:transport's clients for the raw floor (raw-broadcast.mjs): opens CLIENTS sockets to
// URL, counts the frames they receive, and reports over IPC when asked.
//   ← {type: "mark"}  starts counting;  ← {type: "stop"} → {type: "result", frames, bytes}
import WebSocket from "ws";

const url = process.env.URL;
const clients = Number(process.env.CLIENTS ?? 1000);
let counting = false;
let frames = 0;
let bytes = 0;
const sockets = [];

for (let i = 0; i < clients; i += 50) {
  const batch = [];
  for (let j = i; j < Math.min(clients, i + 50); j++) {
    const ws = new WebSocket(url);
    ws.on("message", (data) => {
      if (!counting) return;
      frames++;
      bytes += data.length;
    });
    sockets.push(ws);
    batch.push(new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject)));
  }
  await Promise.all(batch);
}
process.send?.({ type: "open", clients: sockets.length });
process.on("message", (message) => {
  if (message.type === "mark") {
    counting = true;
    frames = 0;
    bytes = 0;
  }
  if (message.type === "stop") {
    counting = false;
    process.send?.({ type: "result", frames, bytes });
    for (const ws of sockets) ws.terminate();
    process.disconnect();
  }
});
