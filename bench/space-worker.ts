/** A bot worker for bench:space: joins its bots, walks them at 10 Hz, reports what it measured. */
import { joinBot, type Bot } from "./lib/bots.ts";
import type { TestServer } from "../tests/helpers/server.ts";

export interface WorkerResult {
  joined: number;
  failures: number;
  latencies: number[];
  bytes: number;
}

interface Job {
  baseUrl: string;
  tokens: string[];
  spaces: number;
  offset: number;
  measureS: number;
}

const MAPS = ["plaza", "garden", "room"];

process.once("message", async (job: Job) => {
  const server = { baseUrl: job.baseUrl } as TestServer;
  const bots: Bot[] = [];
  let failures = 0;
  // Joins go in small batches so matchmaking fills each space before opening the next.
  for (let i = 0; i < job.tokens.length; i += 10) {
    const batch = job.tokens.slice(i, i + 10);
    const joined = await Promise.allSettled(batch.map((t) => joinBot(server, t, MAPS[0] as string)));
    for (const r of joined) {
      if (r.status === "fulfilled") bots.push(r.value);
      else failures++;
    }
  }
  for (const b of bots) b.walk(100);
  await new Promise((r) => setTimeout(r, 3_000));
  for (const b of bots) {
    b.latencies.length = 0;
    b.bytes = 0;
  }
  await new Promise((r) => setTimeout(r, job.measureS * 1000));
  for (const b of bots) b.walk(0);
  const result: WorkerResult = {
    joined: bots.length,
    failures,
    latencies: bots.flatMap((b) => b.latencies),
    bytes: bots.reduce((n, b) => n + b.bytes, 0),
  };
  process.send?.(result, () => process.exit(0));
});
