/**
 * The transport floor (raw-broadcast.mjs): the same sockets, frame size and rate as a
 * bench:transport scenario, through the bare socket library with nothing above it. Its cost
 * per frame is what the library and this machine's kernel take; the scenario's cost minus
 * this one is what Colyseus and NeoSpace add.
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import { freePort } from "../../tests/helpers/ports.ts";
import { pin } from "./bots.ts";
import { nextMessage, sleep } from "./fleet.ts";
import { cpuSplitOf, round } from "./stats.ts";

export interface FloorOptions {
  transport: "uws" | "ws";
  clients: number;
  frameBytes: number;
  hz: number;
  warmupS: number;
  seconds: number;
}

export async function rawFloor(o: FloorOptions) {
  const { child: server, port } = await startReadyScript(new URL("./raw-broadcast.mjs", import.meta.url), "raw broadcast server", {
    TRANSPORT: o.transport,
    FRAME_BYTES: String(o.frameBytes),
    HZ: String(o.hz),
  });
  let sink: ChildProcess | undefined;
  try {
    const pinned = pin(server.pid as number, 0);
    sink = fork(new URL("./raw-sink.mjs", import.meta.url).pathname, [], {
      env: { ...process.env, URL: `ws://127.0.0.1:${port}/`, CLIENTS: String(o.clients) },
    });
    pin(sink.pid as number, 1);
    await nextMessage(sink, "open");
    await sleep(o.warmupS * 1000);
    sink.send({ type: "mark" });
    const at = performance.now();
    const cpu0 = cpuSplitOf(server.pid as number);
    await sleep(o.seconds * 1000);
    const cpu1 = cpuSplitOf(server.pid as number);
    const seconds = (performance.now() - at) / 1000;
    sink.send({ type: "stop" });
    const { frames } = await nextMessage<{ type: "result"; frames: number }>(sink, "result");
    const perFrame = (s: number) => round((s * 1e6) / Math.max(frames, 1), 2);
    const user = cpu1.user - cpu0.user;
    const system = cpu1.system - cpu0.system;
    return {
      transport: o.transport,
      clients: o.clients,
      frameBytes: o.frameBytes,
      framesPerSecond: round(frames / seconds, 0),
      serverCpuPctOfCore: round(((user + system) / seconds) * 100, 1),
      serverCpuUsPerFrame: perFrame(user + system),
      userUsPerFrame: perFrame(user),
      kernelUsPerFrame: perFrame(system),
      framesPerSecondPerCore: round(frames / Math.max(user + system, 1e-9), 0),
      pinned,
    };
  } finally {
    sink?.kill();
    server.kill();
  }
}

/**
 * Starts a bench server script (plain node, `PORT` set to a free port) and resolves once it
 * prints "ready"; rejects if it exits first.
 */
export async function startReadyScript(script: URL, name: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [script.pathname], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await printedReady(child, name);
  return { child, port };
}

function printedReady(server: ChildProcess, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    server.stdout?.setEncoding("utf8");
    server.stdout?.on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("ready")) resolve();
    });
    server.once("exit", (code) => reject(new Error(`${name} exited (${code}) before it was ready: ${out}`)));
  });
}
