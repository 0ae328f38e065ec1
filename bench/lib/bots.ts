import { spawnSync } from "node:child_process";
import { Client, type Room } from "@colyseus/sdk";
import { PROTOCOL_VERSION } from "../../schema/protocol.ts";
import { register } from "../../tests/helpers/accounts.ts";
import type { TestServer } from "../../tests/helpers/server.ts";

// biome-ignore lint/suspicious/noExplicitAny: the SDK's room state is schema-typed only at run time
export type BotRoom = Room<any, any>;

export interface Bot {
  room: BotRoom;
  latencies: number[];
  bytes: number;
  /** Starts walking (a move every `periodMs`); 0 stops. */
  walk(periodMs: number): void;
}

/**
 * Registers accounts, `concurrency` at a time, each from its own fake address, until
 * `tokens` holds `n` (pass the tokens of an earlier server on the same data folder to reuse them).
 */
export async function accounts(server: TestServer, n: number, concurrency = 8, tokens: string[] = []): Promise<string[]> {
  let next = tokens.length;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        tokens.push((await register(server)).token);
      }
    }),
  );
  return tokens;
}

/** A thin bot: joins with a bearer header, counts received bytes, measures input→patch latency. */
export async function joinBot(server: TestServer, token: string, map = "plaza"): Promise<Bot> {
  const client = new Client(server.baseUrl, { headers: { authorization: `Bearer ${token}` } });
  const room: BotRoom = await client.joinOrCreate("space", { protocol: PROTOCOL_VERSION, map });
  room.reconnection.enabled = false;
  room.onMessage("*", () => undefined); // bots ignore chat, emotes and refusals
  const bot: Bot = { room, latencies: [], bytes: 0, walk: () => undefined };
  const ws = (room.connection.transport as unknown as { ws: { on(e: string, f: (d: Buffer) => void): void } }).ws;
  ws.on("message", (data) => {
    bot.bytes += data.byteLength;
  });
  const pending = new Map<number, number>();
  room.onStateChange(() => {
    const me = room.state?.avatars?.get(room.sessionId);
    const sent = me ? pending.get(me.inputTs) : undefined;
    if (sent !== undefined && me) {
      bot.latencies.push(performance.now() - sent);
      pending.delete(me.inputTs);
    }
  });
  let seq = 0;
  bot.walk = walker(room, pending, () => ++seq);
  return bot;
}

/** Walks toward a random nearby point every `periodMs`, stamping each input with a sequence number. */
function walker(room: BotRoom, pending: Map<number, number>, nextSeq: () => number): (periodMs: number) => void {
  let timer: NodeJS.Timeout | undefined;
  const walk = () => {
    const me = room.state?.avatars?.get(room.sessionId);
    if (me && room.connection.isOpen) {
      const ts = nextSeq();
      pending.set(ts, performance.now());
      if (pending.size > 50) pending.delete(pending.keys().next().value as number);
      room.send("space:move", { x: me.x + (Math.random() - 0.5) * 96, y: me.y + (Math.random() - 0.5) * 96, ts });
    }
  };
  return (periodMs) => {
    if (timer) clearInterval(timer);
    if (periodMs > 0) timer = setInterval(walk, periodMs);
  };
}

/**
 * Pins a process, every thread of it (a server's SQLite checkpoint worker too), to a core
 * when taskset exists; returns whether it did.
 */
export function pin(pid: number, core: number): boolean {
  const r = spawnSync("taskset", ["-a", "-cp", String(core), String(pid)], { encoding: "utf8" });
  return r.status === 0;
}
