import assert from "node:assert/strict";
import path from "node:path";
import type { ChatBroadcast } from "../../schema/messages/space.ts";
import { register, uniqueName } from "../helpers/accounts.ts";
import { type AnyRoom, dropConnection, joinSpace, leaveQuietly, nextMessage, sdkClient, untilState } from "../helpers/sdk.ts";
import { ROOT, startTestServer, type TestServer } from "../helpers/server.ts";

/**
 * Interest management with real sockets (SPACE_VIEW_RADIUS): on "field", a 1536×320 px
 * open floor whose one spawn is at its west end (tests/fixtures/maps/field.json), a client
 * receives the avatars within 160 px of its own (kept up to 224 px), and everyone's name.
 */
describe("crowded spaces: each client receives the avatars near it (real server)", function () {
  this.timeout(90_000);
  let server: TestServer;
  const rooms: AnyRoom[] = [];
  const WEST = { x: 150, y: 176 };
  const EAST = { x: 1400, y: 176 };

  const join = async (prefix: string, account?: { token: string }): Promise<AnyRoom> => {
    account ??= await register(server, uniqueName(prefix));
    const room = await joinSpace(server, account.token, { map: "field" });
    rooms.push(room);
    await untilState(room, () => room.state?.avatars?.has(room.sessionId) === true, 5_000, "own avatar");
    return room;
  };
  /** Walks `room`'s avatar to `to` and resolves once its own state shows it there. */
  const walkTo = async (room: AnyRoom, to: { x: number; y: number }): Promise<void> => {
    room.send("space:move", to);
    await untilState(
      room,
      () => {
        const me = room.state.avatars.get(room.sessionId);
        return me !== undefined && Math.hypot(me.x - to.x, me.y - to.y) < 2;
      },
      20_000,
      `own avatar at ${to.x},${to.y}`,
    );
  };
  const sees = (viewer: AnyRoom, other: AnyRoom) => viewer.state?.avatars?.has(other.sessionId) === true;

  before(async () => {
    server = await startTestServer({
      transport: "uws",
      env: { SPACE_VIEW_RADIUS: "160", EXTRA_MAPS_DIR: path.join(ROOT, "tests/fixtures/maps") },
    });
  });
  afterEach(async () => {
    await Promise.all(rooms.splice(0).map(leaveQuietly));
  });
  after(async () => {
    await server.stop();
  });

  it("[IM5] a far avatar's state never reaches a client; walking into range makes it appear, walking out removes it", async () => {
    const far = await join("far");
    await walkTo(far, EAST);
    const me = await join("walker");
    await untilState(me, () => me.state.people?.size === 2, 5_000, "both in the roster");
    assert.equal(sees(me, far), false, "the far avatar is not in my state");
    assert.equal(sees(far, me), false, "nor am I in theirs");
    assert.deepEqual([...me.state.avatars.keys()], [me.sessionId]);

    me.send("space:move", { x: EAST.x - 60, y: EAST.y });
    await untilState(me, () => sees(me, far), 20_000, "the far avatar appears as I arrive");
    await untilState(far, () => sees(far, me), 5_000, "and I appear to them");
    const them = me.state.avatars.get(far.sessionId);
    assert.ok(Math.hypot(them.x - EAST.x, them.y - EAST.y) < 2, "its state arrives whole (position included)");
    assert.equal(them.name.length > 0, true);

    me.send("space:move", WEST);
    await untilState(me, () => !sees(me, far), 20_000, "the far avatar disappears as I walk away");
    await untilState(far, () => !sees(far, me), 5_000, "and I disappear for them");
    assert.equal(me.state.people.size, 2, "the roster still lists both");
  });

  it("[IM6] the summary counts everyone (roster and room mood) while each client holds only the avatars near it", async () => {
    const east = await join("east");
    await walkTo(east, EAST);
    const a = await join("westa");
    const b = await join("westb");
    for (const r of [a, b, east]) await untilState(r, () => r.state.people?.size === 3, 5_000, "three in the roster");
    await untilState(a, () => sees(a, b), 5_000, "the two neighbours see each other");
    assert.equal(sees(a, east), false);
    assert.equal(east.state.avatars.size, 1, "the far one holds only itself");
    const names = [...east.state.people.values()].map((p: { username: string }) => p.username).sort();
    assert.equal(names.length, 3);
    assert.ok(east.state.roomMood, "the room mood reaches the far one too");
  });

  it("[IM7] a whisper keeps its two people in each other's view, however far apart", async () => {
    const far = await join("whisperee");
    await walkTo(far, EAST);
    const me = await join("whisperer");
    assert.equal(sees(me, far), false);
    const heard = nextMessage<ChatBroadcast>(far, "space:chat");
    me.send("space:whisper", { to: far.sessionId, text: "over here" });
    assert.equal((await heard).text, "over here");
    await untilState(me, () => sees(me, far), 5_000, "the whisper's target comes into my view");
    await untilState(far, () => sees(far, me), 5_000, "and I come into theirs");
  });

  it("[IM10] a dropped client that reconnects keeps its view: itself and its neighbours, and walking still changes it", async () => {
    const neighbour = await join("stayer");
    const account = await register(server, uniqueName("dropper"));
    const me = await join("dropper", account);
    await untilState(me, () => sees(me, neighbour), 5_000, "the neighbour in view before the drop");
    const token = me.reconnectionToken;
    dropConnection(me);
    const back = await sdkClient(server, account.token).reconnect(token);
    rooms.push(back);
    await untilState(back, () => sees(back, back) && sees(back, neighbour), 10_000, "itself and the neighbour after the reconnect");
    back.send("space:move", EAST);
    await untilState(back, () => !sees(back, neighbour), 20_000, "the neighbour leaves the view as I walk away");
    assert.equal(back.state.people.size, 2);
  });
});
