import assert from "node:assert/strict";
import WebSocket from "ws";
import { PROTOCOL_VERSION } from "../../schema/protocol.ts";
import { register, type TestAccount } from "../helpers/accounts.ts";
import { startTestServer, TEST_OPERATOR_TOKEN, TEST_TRANSPORTS, type TestServer } from "../helpers/server.ts";

const JOIN_ROOM = 10;
const LEAVE_ROOM = 12;
const ROOM_STATE = 14;
const CODE_MASK = 0x1f;
const ACCOUNTS = 5;
const CYCLES_PER_ACCOUNT = 20;
const MAX_SEATS = 3;
/**
 * No reconnection grace, so a socket that vanishes frees its seat at once, like a consented
 * leave. Reservations keep their default 5 s: a shorter one expires for real on a loaded
 * machine (a socket late by a second), which is not what this test is about.
 */
const ENV = {
  RECONNECT_GRACE_SECONDS: "0",
  MAX_SEATS_PER_USER: String(MAX_SEATS),
  MATCHMAKE_PER_IP_PER_MINUTE: "10000",
  MATCHMAKE_PER_USER_PER_MINUTE: "10000",
};

/**
 * How a churning client ends: a consented leave, a close frame or a vanished socket once
 * joined, a socket dropped as soon as it opens (before JOIN_ROOM), or one dropped on
 * JOIN_ROOM without acknowledging it. The last two race the room's own join.
 */
const ENDINGS = ["leave", "close", "vanish", "drop-on-open", "drop-on-join"] as const;
type Ending = (typeof ENDINGS)[number];

interface Seat {
  roomId: string;
  sessionId: string;
  processId?: string;
}

async function reserve(server: TestServer, who: TestAccount): Promise<Seat> {
  const res = await fetch(`${server.baseUrl}/matchmake/joinOrCreate/space`, {
    method: "POST",
    headers: { authorization: `Bearer ${who.token}`, "content-type": "application/json" },
    body: JSON.stringify({ protocol: PROTOCOL_VERSION }),
  });
  assert.equal(res.status, 200, `matchmaking refused: ${await res.clone().text()}`);
  return (await res.json()) as Seat;
}

function socketOf(server: TestServer, who: TestAccount, seat: Seat): WebSocket {
  return new WebSocket(`${server.wsUrl}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}&skipHandshake=1`, {
    perMessageDeflate: false,
    headers: { authorization: `Bearer ${who.token}` },
  });
}

/** One client's whole visit; resolves when its socket has closed. */
async function visit(server: TestServer, who: TestAccount, ending: Ending): Promise<void> {
  const ws = socketOf(server, who, await reserve(server, who));
  const closed = new Promise<number>((resolve) => ws.once("close", resolve));
  ws.on("error", () => undefined); // a dropped socket may report its own abort
  ws.once("open", () => {
    if (ending === "drop-on-open") ws.terminate();
  });
  ws.on("message", (data: Buffer) => {
    const code = (data[0] ?? 0) & CODE_MASK;
    if (code === JOIN_ROOM) {
      if (ending === "drop-on-join") return ws.terminate();
      ws.send(Buffer.from([JOIN_ROOM]));
    } else if (code === ROOM_STATE) {
      // Joined and sent the room: stay no longer, end as asked.
      if (ending === "leave") ws.send(Buffer.from([LEAVE_ROOM]));
      else if (ending === "close") ws.close();
      else if (ending === "vanish") ws.terminate();
    }
  });
  await closed;
}

/** Holds `n` seats of one account at once (every join must succeed), then leaves them all. */
async function holdSeats(server: TestServer, who: TestAccount, n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, () => visit(server, who, "leave")));
}

async function operatorGet(server: TestServer, path: string): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } });
}

/** Rooms and seats (reserved or connected) as the monitor lists them. */
async function monitor(server: TestServer): Promise<{ rooms: number; seats: number }> {
  const body = (await (await operatorGet(server, "/colyseus/api")).json()) as { rooms: unknown[]; connections: number };
  return { rooms: body.rooms.length, seats: body.connections };
}

/** The sum of a metric family's samples whose labels include `labels` (e.g. `outcome="expired"`). */
async function metric(server: TestServer, name: string, labels = ""): Promise<number> {
  const text = await (await operatorGet(server, "/metrics")).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    if ((line.startsWith(`${name} `) || line.startsWith(`${name}{`)) && line.includes(labels)) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

/** Retries `attempt` until it resolves; bounded (rooms dispose and seats free asynchronously). */
async function eventually<T>(attempt: () => Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const OUTCOMES = ["granted", "consumed", "expired", "late", "refused"] as const;

/** Seat reservations by outcome, over every room type (neospace_seat_reservations_total). */
async function reservations(server: TestServer): Promise<Record<(typeof OUTCOMES)[number], number>> {
  const counts = await Promise.all(OUTCOMES.map((o) => metric(server, "neospace_seat_reservations_total", `outcome="${o}"`)));
  return Object.fromEntries(OUTCOMES.map((o, i) => [o, counts[i] ?? 0])) as Record<(typeof OUTCOMES)[number], number>;
}

async function untilEmpty(server: TestServer): Promise<void> {
  await eventually(async () => {
    const seen = await monitor(server);
    if (seen.rooms !== 0 || seen.seats !== 0) throw new Error(`still listed: ${JSON.stringify(seen)}`);
  });
}

describe("join churn: joins and leaves leak no room, seat or reservation (scenario E)", function () {
  this.timeout(120_000);

  for (const transport of TEST_TRANSPORTS) {
    describe(`over ${transport}`, () => {
      let server: TestServer;
      let accounts: TestAccount[];
      before(async () => {
        server = await startTestServer({ transport, env: ENV });
        accounts = await Promise.all(Array.from({ length: ACCOUNTS }, () => register(server)));
      });
      after(async () => {
        await server.stop();
      });

      it(`[JC4-${transport}] 100 joins and leaves, every way a client can end, leave no room, seat, ledger seat or expired reservation`, async () => {
        await Promise.all(
          accounts.map(async (who, a) => {
            for (let i = 0; i < CYCLES_PER_ACCOUNT; i++) await visit(server, who, ENDINGS[(a + i) % ENDINGS.length] as Ending);
          }),
        );
        await untilEmpty(server);
        assert.equal(await metric(server, "neospace_rooms"), 0, "rooms gauge");
        assert.equal(await metric(server, "neospace_room_clients"), 0, "clients gauge");
        // A probe reservation nobody takes: its expiry check runs after every earlier one
        // (same delay, later start), so once it is counted, any other expiry would be too.
        const probeOwner = accounts[0] as TestAccount;
        const probe = await reserve(server, probeOwner);
        await eventually(async () => {
          if ((await reservations(server)).expired < 1) throw new Error("probe not expired yet");
        }, 15_000);
        assert.deepEqual(
          await reservations(server),
          { granted: ACCOUNTS * CYCLES_PER_ACCOUNT + 1, consumed: ACCOUNTS * CYCLES_PER_ACCOUNT, expired: 1, late: 0, refused: 0 },
          "every churning client's seat was taken by its socket in time; only the probe expired",
        );
        // The account ledgers kept nothing: each account can hold its full allowance again.
        await untilEmpty(server);
        await Promise.all(accounts.map((who) => holdSeats(server, who, MAX_SEATS)));
        await untilEmpty(server);
        // The probe's socket, now late, is refused by Colyseus and counted.
        const late = socketOf(server, probeOwner, probe);
        late.on("error", () => undefined);
        const code = await new Promise<number>((resolve) => late.once("close", resolve));
        assert.equal(code, 4002, "Colyseus closes a late socket WITH_ERROR");
        assert.equal((await reservations(server)).late, 1);
      });
    });
  }
});
