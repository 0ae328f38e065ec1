/** Reads the server's /metrics and monitor API with the operator token (what an operator would watch). */
import { TEST_OPERATOR_TOKEN, type TestServer } from "../../tests/helpers/server.ts";

const auth = { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` };

/** Every sample of /metrics, keyed by name plus labels as printed (`name{label="v"}`). */
export async function scrapeMetrics(server: TestServer): Promise<Map<string, number>> {
  const res = await fetch(`${server.baseUrl}/metrics`, { headers: auth });
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

/** Sum of every sample of a family (all label sets). */
export function family(samples: Map<string, number>, name: string): number {
  let sum = 0;
  for (const [key, value] of samples) if (key === name || key.startsWith(`${name}{`)) sum += value;
  return sum;
}

/** Rooms and connections as the Colyseus monitor lists them (GET /colyseus/api). */
export async function monitorRooms(server: TestServer): Promise<{ rooms: number; connections: number }> {
  const res = await fetch(`${server.baseUrl}/colyseus/api`, { headers: auth });
  const body = (await res.json()) as { rooms: unknown[]; connections: number };
  return { rooms: body.rooms.length, connections: body.connections };
}
