import assert from "node:assert/strict";
import { CHAT_NEARBY_RADIUS, type ChatBroadcast, type ChatHistory } from "../../schema/messages/space.ts";
import { ErrorCode, type ErrorMessage } from "../../schema/protocol.ts";
import { register, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { type AnyRoom, dropConnection, joinSpace, leaveQuietly, nextMessage, sdkClient, untilState } from "../helpers/sdk.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

/** Joins and resolves with the room and the history it was handed on join (registered before anything else arrives). */
async function joinWithHistory(server: TestServer, account: TestAccount, map: string): Promise<{ room: AnyRoom; history: ChatHistory }> {
  const room = await joinSpace(server, account.token, { map });
  const history = await nextMessage<ChatHistory>(room, "space:history");
  await untilState(room, () => room.state?.avatars?.has(room.sessionId) === true);
  return { room, history };
}

/** Walks the room's own avatar to a point and waits until it stands there. */
async function walkTo(room: AnyRoom, x: number, y: number): Promise<void> {
  room.send("space:move", { x, y });
  await untilState(
    room,
    () => {
      const me = room.state.avatars.get(room.sessionId);
      return Math.hypot(me.x - x, me.y - y) < 1;
    },
    20_000,
    `walked to ${x},${y}`,
  );
}

describe("chat: history, nearby and whispers (real server)", function () {
  this.timeout(60_000);
  let server: TestServer;
  const rooms: AnyRoom[] = [];
  const join = async (prefix: string, map = "plaza") => {
    const { room, history } = await joinWithHistory(server, await register(server, uniqueName(prefix)), map);
    rooms.push(room);
    return { room, history };
  };

  before(async () => {
    server = await startTestServer({ transport: "uws" });
  });
  afterEach(async () => {
    await Promise.all(rooms.splice(0).map(leaveQuietly));
  });
  after(async () => {
    await server.stop();
  });

  it("[CH1] a space line is kept: a later joiner and the speaker after a reload get it on join; nearby lines and whispers are not kept", async () => {
    const account = await register(server, uniqueName("keeper"));
    const first = await joinWithHistory(server, account, "garden");
    rooms.push(first.room);
    const other = await join("listener", "garden");
    const said = nextMessage<ChatBroadcast>(first.room, "space:chat");
    first.room.send("space:chat", { text: "hello \u202Egarden" });
    const line = await said;
    assert.equal(line.scope, "space");
    assert.equal(line.text, "hello garden");
    const near = nextMessage<ChatBroadcast>(first.room, "space:chat");
    first.room.send("space:chat", { text: "only near", scope: "nearby" });
    assert.equal((await near).scope, "nearby");
    const whispered = nextMessage<ChatBroadcast>(first.room, "space:chat");
    first.room.send("space:whisper", { to: other.room.sessionId, text: "a secret" });
    assert.equal((await whispered).scope, "whisper");

    const later = await join("later", "garden");
    const texts = later.history.lines.map((l) => l.text);
    assert.ok(texts.includes("hello garden"), JSON.stringify(texts));
    assert.ok(!texts.includes("only near") && !texts.includes("a secret"), JSON.stringify(texts));
    const kept = later.history.lines.find((l) => l.id === line.id);
    assert.deepEqual(kept, { id: line.id, userId: line.userId, name: line.name, text: "hello garden", at: line.at, scope: "space" });

    // A reload: the same person leaves and comes back.
    await leaveQuietly(first.room);
    const again = await joinWithHistory(server, account, "garden");
    rooms.push(again.room);
    assert.equal(again.history.lines.at(-1)?.id, line.id, "the newest kept line is the last one");
    // Another space has its own history.
    const elsewhere = await join("elsewhere", "room");
    assert.ok(!elsewhere.history.lines.some((l) => l.id === line.id));
  });

  it("[CH8] a client that reconnects after a dropped socket is sent the lines said while it was away", async () => {
    const account = await register(server, uniqueName("away"));
    const away = await joinWithHistory(server, account, "garden");
    const other = await join("talker", "garden");
    const token = away.room.reconnectionToken;
    dropConnection(away.room);
    const said = nextMessage<ChatBroadcast>(other.room, "space:chat");
    other.room.send("space:chat", { text: "said while you were away" });
    const line = await said;
    const back = await sdkClient(server, account.token).reconnect(token);
    rooms.push(back);
    const history = await nextMessage<ChatHistory>(back, "space:history");
    assert.ok(
      history.lines.some((l) => l.id === line.id),
      JSON.stringify(history.lines.map((l) => l.text)),
    );
  });

  it(`[CH2] a nearby line reaches only the avatars within ${CHAT_NEARBY_RADIUS} px of the speaker (and the speaker)`, async () => {
    const speaker = (await join("speaker")).room;
    const close = (await join("close")).room;
    const far = (await join("far")).room;
    await Promise.all([walkTo(speaker, 80, 80), walkTo(close, 144, 80), walkTo(far, 880, 560)]);
    const farHears = nextMessage<ChatBroadcast>(far, "space:chat");
    const closeHears = nextMessage<ChatBroadcast>(close, "space:chat");
    const echo = nextMessage<ChatBroadcast>(speaker, "space:chat");
    speaker.send("space:chat", { text: "psst, over here", scope: "nearby" });
    assert.equal((await closeHears).text, "psst, over here");
    assert.equal((await echo).scope, "nearby");
    // Lines reach each socket in order: the far client's first line is the space line sent after.
    speaker.send("space:chat", { text: "hello everyone" });
    const first = await farHears;
    assert.equal(first.text, "hello everyone");
    assert.equal(first.scope, "space");
  });

  it("[CH3] a whisper reaches its target and the sender only; a third client never gets it; self and absent targets are refused", async () => {
    const a = (await join("whisperer")).room;
    const b = (await join("target")).room;
    const c = (await join("bystander")).room;
    const cHears = nextMessage<ChatBroadcast>(c, "space:chat");
    const bHears = nextMessage<ChatBroadcast>(b, "space:chat");
    const echo = nextMessage<ChatBroadcast>(a, "space:chat");
    a.send("space:whisper", { to: b.sessionId, text: "meet me by the pool" });
    const got = await bHears;
    assert.equal(got.scope, "whisper");
    assert.equal(got.text, "meet me by the pool");
    assert.equal(got.sessionId, a.sessionId);
    assert.equal(got.to?.sessionId, b.sessionId);
    assert.deepEqual(await echo, got);
    a.send("space:chat", { text: "after the whisper" });
    assert.equal((await cHears).text, "after the whisper", "the bystander's first line is the one after the whisper");

    const self = nextMessage<ErrorMessage>(a, "error");
    a.send("space:whisper", { to: a.sessionId, text: "me", requestId: "w1" });
    assert.deepEqual(await self, { code: ErrorCode.BAD_INPUT, message: "you cannot whisper to yourself", requestId: "w1" });
    const absent = nextMessage<ErrorMessage>(a, "error");
    a.send("space:whisper", { to: "nobody-here", text: "hello?", requestId: "w2" });
    assert.deepEqual(await absent, { code: ErrorCode.NOT_FOUND, message: "no such avatar here", requestId: "w2" });
    const long = nextMessage<ErrorMessage>(a, "error");
    a.send("space:whisper", { to: b.sessionId, text: "x".repeat(201), requestId: "w3" });
    assert.equal((await long).code, ErrorCode.BAD_INPUT);
  });

  it("[CH4] whispers and chat lines past their budget are refused with RATE_LIMITED in the standard error format", async () => {
    const a = (await join("flood")).room;
    const b = (await join("flooded")).room;
    for (const [type, payload] of [
      ["space:whisper", { to: b.sessionId, text: "hi" }],
      ["space:chat", { text: "hi", scope: "nearby" }],
    ] as const) {
      const limited = new Promise<ErrorMessage>((resolve) => {
        const off = a.onMessage("error", (e: ErrorMessage) => {
          // The previous round's last refusals may still be arriving: each round waits for its own.
          if (e.code !== ErrorCode.RATE_LIMITED || !e.requestId?.startsWith(`${type}-`)) return;
          off();
          resolve(e);
        });
      });
      for (let i = 0; i < 8; i++) a.send(type, { ...payload, requestId: `${type}-${i}` });
      const refusal = await limited;
      assert.match(refusal.message, /slow down/);
      assert.match(refusal.requestId ?? "", new RegExp(`^${type}-`));
    }
  });
});
