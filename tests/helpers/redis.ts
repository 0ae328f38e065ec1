import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { freePort } from "./ports.ts";

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/** A throw-away redis-server on its own port, stopped by PID. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await answers(port))) {
    if (Date.now() > deadline) throw new Error("redis-server did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) process.kill(child.pid as number, "SIGTERM");
      await exited;
    },
  };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write("PING\r\n");
    });
    socket.once("data", (d) => {
      socket.destroy();
      resolve(d.toString().includes("PONG"));
    });
    socket.once("error", () => resolve(false));
  });
}
