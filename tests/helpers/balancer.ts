import net from "node:net";

/**
 * A loopback stand-in for the proxy in front of several processes (Caddy in
 * docker-compose.yml). A connection whose first request targets `/p<n>/…` goes to backend
 * n (1-based) with the prefix stripped, as Caddy's `handle_path /p<n>/*` does: that is how
 * a room socket reaches the process a seat names when PUBLIC_ADDRESS is `<balancer>/p<n>`
 * (same origin as the page, so the page's CSP `connect-src 'self'` allows it). Any other
 * connection goes to the next backend in turn, or the one after when that one refuses
 * (a process that is down or restarting).
 */
export interface TestBalancer {
  port: number;
  baseUrl: string;
  /** `127.0.0.1:<port>/p<n>`: the PUBLIC_ADDRESS of backend n (1-based). */
  publicAddressOf(n: number): string;
  /** The backend ports from now on, in /p<n> order (a restarted process comes back on a new port). */
  setBackends(ports: readonly number[]): void;
  stop(): Promise<void>;
}

const PREFIXED = /^([A-Z]+) \/p(\d+)(\/[^ ]*) HTTP\/1\.1\r\n/;

export async function startBalancer(ports: readonly number[]): Promise<TestBalancer> {
  let backends = [...ports];
  let next = 0;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.once("close", () => open.delete(client));
    client.on("error", () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (!head.includes("\r\n") && head.length < 8192) return; // the request line is not complete yet
      client.off("data", onData);
      client.pause();
      route(head);
    };
    const route = (first: Buffer) => {
      const text = first.toString("latin1");
      const m = PREFIXED.exec(text);
      let order: number[];
      let data = first;
      if (m) {
        const target = backends[Number(m[2]) - 1];
        order = target === undefined ? [] : [target];
        data = Buffer.from(`${m[1]} ${m[3]} HTTP/1.1\r\n${text.slice(m[0].length)}`, "latin1");
      } else {
        order = backends.map((_, i) => backends[(next + i) % backends.length] as number);
        next = (next + 1) % Math.max(1, backends.length);
      }
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
        upstream.write(data);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    client.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    publicAddressOf: (n) => `127.0.0.1:${port}/p${n}`,
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
