/**
 * The abusive account of bench:guard's matchmaking figure, in its own process (so the
 * `/healthz` probe in the parent never waits behind the flood's own client work).
 * What the outside review sent, in rotation: joinOrCreate over every map with a nonce,
 * `create`, wall owners in several spellings; a new spoofed address per request.
 */
import { PROTOCOL_VERSION } from "../schema/protocol.ts";
import { fakeIp } from "../tests/helpers/accounts.ts";

export interface FloodJob {
  baseUrl: string;
  token: string;
  owner: string;
  ms: number;
  concurrency: number;
}

export interface FloodResult {
  requests: number;
  statuses: Record<string, number>;
}

const MAPS = ["plaza", "garden", "room"];

function abusiveRequest(i: number, owner: string): { path: string; body: unknown } {
  const spellings = [owner, owner.toUpperCase(), owner.toLowerCase()];
  // i % 3 picks the kind of request; the round number picks the map and the spelling.
  const round = Math.floor(i / 3);
  const map = MAPS[round % MAPS.length];
  if (i % 3 === 0) return { path: "joinOrCreate/space", body: { protocol: PROTOCOL_VERSION, map, nonce: i } };
  if (i % 3 === 1) return { path: "create/space", body: { protocol: PROTOCOL_VERSION, map } };
  return { path: "joinOrCreate/wall", body: { protocol: PROTOCOL_VERSION, owner: spellings[round % spellings.length] } };
}

process.once("message", async (job: FloodJob) => {
  const statuses: Record<string, number> = {};
  let next = 0;
  const deadline = performance.now() + job.ms;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (performance.now() < deadline) {
        const { path, body } = abusiveRequest(next++, job.owner);
        const res = await fetch(`${job.baseUrl}/matchmake/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${job.token}`, "x-forwarded-for": fakeIp() },
          body: JSON.stringify(body),
        });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  const result: FloodResult = { requests: next, statuses };
  process.send?.(result);
  process.exit(0);
});
