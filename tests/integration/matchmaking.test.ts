import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { ErrorCode, PROTOCOL_VERSION } from "../../schema/protocol.ts";
import { fakeIp, register, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { type AnyRoom, leaveQuietly } from "../helpers/sdk.ts";
import { startTestServer, TEST_OPERATOR_TOKEN, type TestServer } from "../helpers/server.ts";

const PER_IP = 40;
const PER_USER = 30;
const MAX_SEATS = 2;

/** An SDK client for one account, from its own fake address (so per-IP budgets stay out of the way). */
function clientOf(server: TestServer, who: TestAccount, ip = fakeIp()): Client {
  return new Client(server.baseUrl, { headers: { authorization: `Bearer ${who.token}`, "x-forwarded-for": ip } });
}

/** A raw matchmaking call: a seat reservation that nobody consumes. */
async function matchmake(server: TestServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.baseUrl}/matchmake/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": fakeIp(), ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, type, retryAfter: res.headers.get("retry-after"), body: JSON.parse(text) as Record<string, unknown> };
}

const space = (map = "plaza") => ({ protocol: PROTOCOL_VERSION, map });

describe("matchmaking abuse (real server)", function () {
  this.timeout(60_000);
  let server: TestServer;
  const rooms: AnyRoom[] = [];

  before(async () => {
    server = await startTestServer({
      transport: "uws",
      env: {
        MATCHMAKE_PER_IP_PER_MINUTE: String(PER_IP),
        MATCHMAKE_PER_USER_PER_MINUTE: String(PER_USER),
        MAX_SEATS_PER_USER: String(MAX_SEATS),
        SEAT_RESERVATION_SECONDS: "1",
      },
    });
  });
  afterEach(async () => {
    await Promise.all(rooms.splice(0).map(leaveQuietly));
  });
  after(async () => {
    await server.stop();
  });

  it("[MM1] `create` is refused with 403 problem+json (joinOrCreate is the contract); no room opens", async () => {
    const a = await register(server);
    const auth = { authorization: `Bearer ${a.token}` };
    for (const name of ["space", "wall"]) {
      const r = await matchmake(server, `create/${name}`, space(), auth);
      assert.equal(r.status, 403);
      assert.match(r.type, /application\/problem\+json/);
      assert.equal(r.body.code, ErrorCode.FORBIDDEN);
    }
    const listed = await fetch(`${server.baseUrl}/colyseus/api`, { headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } });
    const { rooms: open } = (await listed.json()) as { rooms: unknown[] };
    assert.equal(open.length, 0, "no room was created");
  });

  it("[MM6] join options past 4 KiB are refused 413 problem+json before any seat is reserved; a missing protocol is named", async () => {
    const a = await register(server);
    const auth = { authorization: `Bearer ${a.token}` };
    const big = await matchmake(server, "joinOrCreate/space", { ...space(), junk: "x".repeat(6_000) }, auth);
    assert.equal(big.status, 413);
    assert.match(big.type, /application\/problem\+json/);
    assert.equal(big.body.code, ErrorCode.PAYLOAD_TOO_LARGE);
    const bare = await matchmake(server, "joinOrCreate/space", { map: "plaza" }, auth);
    assert.equal(bare.body.code, ErrorCode.PROTOCOL_MISMATCH);
    assert.match(String(bare.body.detail), /sends no protocol version/);
    const ok = await matchmake(server, "joinOrCreate/space", space(), auth);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it("[MM2] /matchmake has a per-IP and a per-account budget (429 problem+json with Retry-After)", async () => {
    const ip = fakeIp();
    const statuses: number[] = [];
    for (let i = 0; i <= PER_IP; i++) statuses.push((await matchmake(server, "joinById/nope", {}, { "x-forwarded-for": ip })).status);
    assert.ok(statuses.slice(0, PER_IP).every((s) => s !== 429), "within the IP budget");
    assert.equal(statuses[PER_IP], 429, "one past the IP budget");
    const a = await register(server);
    let last = await matchmake(server, "joinById/nope", {});
    const headers = { authorization: `Bearer ${a.token}` };
    for (let i = 0; i <= PER_USER; i++) last = await matchmake(server, "joinById/nope", {}, headers); // a new IP each time
    assert.equal(last.status, 429, "one past the account budget, from fresh addresses");
    assert.equal(last.body.code, ErrorCode.RATE_LIMITED);
    assert.match(last.type, /application\/problem\+json/);
    assert.ok(Number(last.retryAfter) > 0, "Retry-After says when to come back");
  });

  it("[MM3] one account holds at most MAX_SEATS_PER_USER connected seats across rooms; leaving frees one", async () => {
    const a = await register(server);
    const first = await clientOf(server, a).joinOrCreate("space", space("plaza"));
    const second = await clientOf(server, a).joinOrCreate("space", space("garden"));
    rooms.push(first, second);
    await assert.rejects(clientOf(server, a).joinOrCreate("space", space("room")), (e: { code?: number; message: string }) => {
      assert.equal(e.code, 429);
      assert.match(e.message, /at most 2 seats/);
      return true;
    });
    await second.leave();
    const third = await eventually(() => clientOf(server, a).joinOrCreate("space", space("room")));
    rooms.push(third);
  });

  it("[MM4] unconsumed reservations count against the cap, expire after SEAT_RESERVATION_SECONDS and show in /metrics", async () => {
    const a = await register(server);
    const auth = { authorization: `Bearer ${a.token}` };
    for (let i = 0; i < MAX_SEATS; i++) assert.equal((await matchmake(server, "joinOrCreate/space", space(), auth)).status, 200);
    const over = await matchmake(server, "joinOrCreate/space", space(), auth);
    assert.equal(over.status, 429, "reservations without a socket hold seats too");
    const room = await eventually(() => clientOf(server, a).joinOrCreate("space", space()), 8_000);
    rooms.push(room);
    const expired = await eventually(async () => {
      const text = await (await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } })).text();
      const n = Number(/neospace_seat_reservations_total\{room="space",outcome="expired"\} (\d+)/.exec(text)?.[1] ?? 0);
      if (n < MAX_SEATS) throw new Error(`expired reservations counted: ${n}`);
      return n;
    });
    assert.ok(expired >= MAX_SEATS);
  });

  it("[MM5] wall owners are canonicalised to the username key: case spellings share one room; unknown owners are refused", async () => {
    const owner = await register(server, `Wall${uniqueName("o").slice(1, 12)}`);
    const spellings = [owner.username, owner.username.toLowerCase(), owner.username.toUpperCase()];
    const joined: AnyRoom[] = [];
    for (const spelling of spellings) {
      const viewer = await register(server);
      joined.push(await clientOf(server, viewer).joinOrCreate("wall", { protocol: PROTOCOL_VERSION, owner: spelling }));
    }
    rooms.push(...joined);
    assert.equal(new Set(joined.map((r) => r.roomId)).size, 1, `one wall room for ${spellings.join(", ")}`);
    const stranger = await register(server);
    await assert.rejects(
      clientOf(server, stranger).joinOrCreate("wall", { protocol: PROTOCOL_VERSION, owner: "nobodyhere42" }),
      (e: { code?: number }) => e.code === 404,
    );
  });
});

/** Retries `attempt` until it resolves (a released seat is freed asynchronously); bounded. */
async function eventually<T>(attempt: () => Promise<T>, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
