import assert from "node:assert/strict";
import type { Room, Router as ColyseusRouter } from "@colyseus/core";
import { CloseCode, NoticeKind, RESTART_WORDS, ServerMessage } from "../../schema/protocol.ts";
import { createLogger } from "../../server/core/logger.ts";
import { ColyseusBridge } from "../../server/http/colyseus-bridge.ts";
import { matchmakeProblem } from "../../server/http/matchmake-errors.ts";
import type { RawRequest } from "../../server/http/types.ts";
import { installShutdown } from "../../server/rooms/parts/shutdown.ts";

/** The pieces of a graceful restart that need no process: the room's order of steps, and matchmaking draining. */
describe("graceful restart (units)", () => {
  it("[SO8] a room tells its clients, waits for the saves in flight, then closes them with 4503", async () => {
    const events: string[] = [];
    let settled!: () => void;
    const saves = new Promise<void>((resolve) => {
      settled = resolve;
    });
    let closed!: () => void;
    const disconnected = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const room = {
      clients: [{}, {}],
      broadcast: (type: string, payload: { kind: string; message: string }) => events.push(`${type} ${payload.kind} ${payload.message}`),
      disconnect: async (code: number) => {
        events.push(`disconnect ${code}`);
        closed();
      },
    };
    installShutdown(room as unknown as Room, createLogger({ level: "silent" }), () =>
      saves.then(() => {
        events.push("saved");
      }),
    );
    (room as unknown as { onBeforeShutdown(): void }).onBeforeShutdown();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(events, [`${ServerMessage.SERVER_NOTICE} ${NoticeKind.RESTARTING} ${RESTART_WORDS}`], "told at once, not closed before the saves");
    settled();
    await disconnected;
    assert.deepEqual(events.slice(1), ["saved", `disconnect ${CloseCode.SERVER_SHUTDOWN}`]);
  });

  it("[SO9] a draining process answers matchmaking 503 NOT_READY with Retry-After, and still serves the monitor", async () => {
    const bridge = new ColyseusBridge();
    bridge.attach({ handler: async () => new Response("{}", { status: 200 }) } as unknown as ColyseusRouter);
    const raw: RawRequest = { method: "POST", url: "", headers: new Headers(), remoteAddress: "127.0.0.1", body: Buffer.from("{}"), bodyTooLarge: false };
    const via = { secure: false, clientIp: "127.0.0.1" };
    const matchmake = new URL("http://x/matchmake/joinOrCreate/space");
    assert.equal((await bridge.forward(raw, matchmake, via)).status, 200);
    bridge.drain();
    const drained = matchmakeProblem(await bridge.forward(raw, matchmake, via), "req-1");
    assert.equal(drained.status, 503);
    assert.equal(drained.headers["retry-after"], "1");
    assert.equal((JSON.parse(String(drained.body)) as { code: string }).code, "NOT_READY");
    assert.equal((await bridge.forward({ ...raw, method: "GET" }, new URL("http://x/colyseus/api"), via)).status, 200);
  });
});
