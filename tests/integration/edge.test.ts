import assert from "node:assert/strict";
import { rawRequest } from "../helpers/raw-http.ts";
import { startTestServer, TEST_OPERATOR_TOKEN, type TestServer } from "../helpers/server.ts";

/** The monitor's room list: what the Host-header exploit of issue 8 #1 used to return. */
const ROOM_LIST = /"columns"\s*:|"rooms"\s*:/;

const ROUTE_FAMILIES: Array<{ method: string; path: string; body?: string }> = [
  { method: "GET", path: "/matchmake/x" },
  { method: "POST", path: "/matchmake/joinOrCreate/space", body: "{}" },
  { method: "GET", path: "/colyseus/api" },
  { method: "GET", path: "/api/auth/session" },
  { method: "POST", path: "/api/auth/login", body: "{}" },
  { method: "GET", path: "/" },
  { method: "GET", path: "/assets/missing.js" },
  { method: "GET", path: "/healthz" },
];

function hostileHosts(port: number): Array<string | null> {
  return [
    `127.0.0.1:${port}\\colyseus\\api?x=`,
    `127.0.0.1:${port}/colyseus/api?x=`,
    `127.0.0.1:${port}?x=`,
    `127.0.0.1:${port}#x`,
    `operator@127.0.0.1:${port}`,
    `127.0.0.1 :${port}`,
    "a b",
    "",
    `${"h".repeat(300)}:${port}`,
    `${"h".repeat(6000)}`,
    null,
  ];
}

for (const transport of ["uws", "ws"] as const) {
  describe(`hostile Host headers (${transport})`, function () {
    this.timeout(120_000);
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ transport });
    });
    after(async () => {
      await server.stop();
    });

    it(`[EDGE1-${transport}] the Host-header path smuggling of issue 8 is a 400 problem, not the monitor's room list`, async () => {
      const answer = await rawRequest(server.port, { path: "/matchmake/x", host: `127.0.0.1:${server.port}\\colyseus\\api?x=` });
      assert.equal(answer.status, 400, answer.head);
      assert.match(answer.head, /application\/problem\+json/i);
      assert.doesNotMatch(answer.body, ROOM_LIST);
    });

    it(`[EDGE2-${transport}] no hostile Host reaches the monitor or a 5xx, on any route family`, async () => {
      for (const host of hostileHosts(server.port)) {
        for (const route of ROUTE_FAMILIES) {
          const answer = await rawRequest(server.port, { ...route, host });
          const what = `${route.method} ${route.path} with Host ${JSON.stringify(host?.slice(0, 60))}`;
          assert.ok(answer.status < 500, `${what}: ${answer.head}`);
          assert.doesNotMatch(answer.body, ROOM_LIST, what);
          // Anything that reached our gateway was refused there (0: the HTTP parser closed it first).
          assert.ok(answer.status === 0 || answer.status === 400 || answer.status === 431, `${what}: ${answer.head}`);
        }
      }
    });

    it(`[EDGE3-${transport}] a well-formed Host still reaches everything, the monitor with credentials`, async () => {
      const host = `127.0.0.1:${server.port}`;
      assert.equal((await rawRequest(server.port, { path: "/healthz", host })).status, 200);
      const monitor = await rawRequest(server.port, {
        path: "/colyseus/api",
        host,
        headers: [`Authorization: Bearer ${TEST_OPERATOR_TOKEN}`],
      });
      assert.equal(monitor.status, 200, monitor.head);
      assert.match(monitor.body, ROOM_LIST);
      assert.equal((await rawRequest(server.port, { path: "/colyseus/api", host: "[::1]:80" })).status, 401);
    });
  });
}
