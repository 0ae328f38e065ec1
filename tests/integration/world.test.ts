import assert from "node:assert/strict";
import type { ChatBroadcast, EmoteBroadcast, YourPersonality } from "../../schema/messages/space.ts";
import { ErrorCode, type ErrorMessage } from "../../schema/protocol.ts";
import { register, uniqueName } from "../helpers/accounts.ts";
import { type AnyRoom, joinSpace, leaveQuietly, nextMessage, untilState } from "../helpers/sdk.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

describe("the world (real server)", function () {
  this.timeout(60_000);
  let server: TestServer;
  const rooms: AnyRoom[] = [];
  const join = async (prefix: string, map?: string) => {
    const account = await register(server, uniqueName(prefix));
    const room = await joinSpace(server, account.token, map ? { map } : {});
    rooms.push(room);
    await untilState(room, () => room.state?.avatars?.has(room.sessionId) === true);
    return room;
  };

  before(async () => {
    server = await startTestServer({ transport: "uws", env: { SPACE_CAPACITY: "3" } });
  });
  afterEach(async () => {
    await Promise.all(rooms.splice(0).map(leaveQuietly));
  });
  after(async () => {
    await server.stop();
  });

  it("[WO1] the space carries its map: tiles, size and title", async () => {
    const a = await join("map", "garden");
    assert.equal(a.state.map, "garden");
    assert.equal(a.state.tiles.length * a.state.tileSize, a.state.height);
    assert.match(a.state.title, /Garden/);
  });

  it("[WO2] chat reaches everyone cleaned of bidi and control characters; empty chat is refused", async () => {
    const a = await join("talk");
    const b = await join("hear");
    const heard = nextMessage<ChatBroadcast>(b, "space:chat");
    a.send("space:chat", { text: "  hello\u202E there\u0000  " });
    const msg = await heard;
    assert.equal(msg.text, "hello there");
    assert.equal(msg.sessionId, a.sessionId);
    const refused = nextMessage<ErrorMessage>(a, "error");
    a.send("space:chat", { text: "\u200B\u202E", requestId: "c1" });
    assert.deepEqual(await refused, { code: ErrorCode.BAD_INPUT, message: "text: say something", requestId: "c1" });
  });

  it("[WO3] a targeted emote is seen by everyone and changes both moods", async () => {
    const a = await join("hugger");
    const b = await join("hugged");
    const seen = nextMessage<EmoteBroadcast>(b, "space:emote");
    a.send("space:emote", { emote: "hug", target: b.sessionId });
    assert.deepEqual(await seen, { from: a.sessionId, emote: "hug", target: b.sessionId });
    await untilState(
      b,
      () => {
        const me = b.state.avatars.get(b.sessionId);
        const them = b.state.avatars.get(a.sessionId);
        return me?.emotionSeq > 0 && them?.emotionSeq > 0 && me.p > 0 && them.p > 0;
      },
      10_000,
      "both avatars show an expression and feel better",
    );
    const bad = nextMessage<ErrorMessage>(a, "error");
    a.send("space:emote", { emote: "cry", target: b.sessionId });
    assert.equal((await bad).code, ErrorCode.BAD_INPUT);
    const nobody = nextMessage<ErrorMessage>(a, "error");
    a.send("space:emote", { emote: "poke", target: "nobody-here" });
    assert.equal((await nobody).code, ErrorCode.NOT_FOUND);
  });

  it("[WO4] a full space hands the next joiner a new instance of the same map", async () => {
    const first = await join("cap", "room");
    await join("cap", "room");
    await join("cap", "room");
    const fourth = await join("cap", "room");
    assert.equal(fourth.state.map, "room");
    assert.notEqual(fourth.roomId, first.roomId);
  });

  it("[WO5] the personality sliders move the resting mood and are kept for the next visit, where the joiner is told them", async () => {
    const account = await register(server, uniqueName("calm"));
    const room = await joinSpace(server, account.token);
    rooms.push(room);
    const first = await nextMessage<YourPersonality>(room, "space:personality");
    assert.deepEqual(first.traits, { openness: 0, conscientiousness: 0, extraversion: 0, agreeableness: 0, neuroticism: 0 });
    await untilState(room, () => room.state?.avatars?.has(room.sessionId) === true);
    const chosen = { openness: 0.5, conscientiousness: 0.5, extraversion: 1, agreeableness: 1, neuroticism: -1 };
    room.send("space:personality", chosen);
    await untilState(room, () => (room.state.avatars.get(room.sessionId)?.p ?? 0) > 0.3, 20_000, "pleasure rises toward baseline");
    await leaveQuietly(room);
    const again = await joinSpace(server, account.token);
    rooms.push(again);
    assert.deepEqual((await nextMessage<YourPersonality>(again, "space:personality")).traits, chosen, "the sliders start where they were left");
    await untilState(again, () => (again.state?.avatars?.get(again.sessionId)?.p ?? 0) > 0.3, 10_000, "baseline remembered");
  });

  it("[WO7] however fast a client sends targets, its avatar moves at most the walking speed per step", async () => {
    const runner = await join("runner");
    const watcher = await join("watcher");
    await untilState(watcher, () => watcher.state.avatars.has(runner.sessionId));
    const steps: number[] = [];
    let last = { ...watcher.state.avatars.get(runner.sessionId) };
    const record = () => {
      const a = watcher.state.avatars.get(runner.sessionId);
      if (!a) return;
      steps.push(Math.hypot(a.x - last.x, a.y - last.y));
      last = { x: a.x, y: a.y };
    };
    watcher.onStateChange(record);
    // 41 targets at once, each far away in alternating directions (a client trying to "teleport").
    const sentAt = performance.now();
    for (let i = 0; i <= 40; i++) runner.send("space:move", { x: i % 2 ? 5_000 : -5_000, y: last.y });
    await untilState(watcher, () => steps.length >= 10, 10_000, "ten patches");
    const elapsedS = (performance.now() - sentAt) / 1_000;
    watcher.onStateChange.remove(record);
    // 160 px/s (8 px per 50 ms step). A loaded server catches up several steps in one patch,
    // so the bound is the walking speed over the wall time since the targets were sent (the
    // avatar cannot have moved before), plus one step: a teleport breaks it by thousands.
    const bound = 160 * elapsedS + 8;
    const total = steps.reduce((a, b) => a + b, 0);
    assert.ok(Math.max(...steps) <= bound, `largest move between patches: ${Math.max(...steps).toFixed(2)} px (bound ${bound.toFixed(1)})`);
    assert.ok(total <= bound, `moved ${total.toFixed(1)} px in ${elapsedS.toFixed(2)} s (bound ${bound.toFixed(1)})`);
  });

  it("[WO8] two tabs on one sign-in get two seats; one leaving keeps the other's avatar (fuzz finding FZR7)", async () => {
    const account = await register(server, uniqueName("tabs"));
    const tab1 = await joinSpace(server, account.token, { map: "garden" });
    const tab2 = await joinSpace(server, account.token, { map: "garden" });
    rooms.push(tab1, tab2);
    assert.notEqual(tab1.sessionId, tab2.sessionId);
    assert.notEqual(tab1.sessionId, account.sessionId, "the login session id is not exposed as the seat id");
    await untilState(tab2, () => tab2.state?.avatars?.has(tab1.sessionId) && tab2.state.avatars.has(tab2.sessionId));
    await leaveQuietly(tab1);
    await untilState(tab2, () => !tab2.state.avatars.has(tab1.sessionId));
    assert.ok(tab2.state.avatars.has(tab2.sessionId));
  });

  it("[WO6] the room mood aggregates everyone", async () => {
    const a = await join("glad");
    a.send("space:emote", { emote: "cheer" });
    await untilState(a, () => (a.state.roomMood?.p ?? 0) > 0, 10_000, "room mood follows");
    assert.ok(["neutral", "exuberant", "dependent", "relaxed", "docile", "bored", "disdainful", "anxious", "hostile"].includes(a.state.roomMood.mood));
    assert.equal(a.state.roomMood.spread, 0, "one person agrees with themself");
  });
});
