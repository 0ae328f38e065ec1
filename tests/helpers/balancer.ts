import net from "node:net";

/**
 * A loopback stand-in for the proxy in front of several processes (Caddy in
 * docker-compose.yml): each TCP connection goes to the next backend in turn, and to the
 * one after when that one refuses (a process that is down or restarting). Page, API and
 * matchmaking go through it; room sockets go straight to a process's PUBLIC_ADDRESS.
 */
export interface TestBalancer {
  port: number;
  baseUrl: string;
  /** The backend ports from now on (a restarted process comes back on a new port). */
  setBackends(ports: readonly number[]): void;
  stop(): Promise<void>;
}

export async function startBalancer(ports: readonly number[]): Promise<TestBalancer> {
  let backends = [...ports];
  let next = 0;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.once("close", () => open.delete(client));
    client.on("error", () => client.destroy());
    client.pause();
    const order = backends.map((_, i) => backends[(next + i) % backends.length] as number);
    next = (next + 1) % Math.max(1, backends.length);
    connectFirst(order, (upstream) => {
      if (!upstream) {
        client.destroy();
        return;
      }
      open.add(upstream);
      upstream.once("close", () => {
        open.delete(upstream);
        client.destroy();
      });
      client.once("close", () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    setBackends: (list) => {
      backends = [...list];
    },
    stop: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The first backend that accepts a connection, or null when none does. */
function connectFirst(ports: readonly number[], done: (socket: net.Socket | null) => void): void {
  const [port, ...rest] = ports;
  if (port === undefined) {
    done(null);
    return;
  }
  const socket = net.connect(port, "127.0.0.1");
  socket.once("connect", () => {
    socket.removeAllListeners("error");
    socket.on("error", () => socket.destroy());
    done(socket);
  });
  socket.once("error", () => {
    socket.destroy();
    connectFirst(rest, done);
  });
}
