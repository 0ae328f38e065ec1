import assert from "node:assert/strict";
import { decode, Encoder } from "@colyseus/schema";
import { unpack } from "msgpackr";
import { Avatar, SpaceState } from "../../schema/state/space.ts";
import { uniqueTs, walkFrame } from "../../bench/lib/thin-bot.ts";

/** The bench's thin bots speak the wire protocol by hand; these pin what they write and read. */
describe("bench thin bot", () => {
  it("[TB1] a walk frame decodes as Room.send's: ROOM_DATA, the type as a string, a msgpack payload", () => {
    const ts = uniqueTs(7, 3);
    const frame = walkFrame(0.6, -0.8, ts);
    assert.equal(frame[0], 13);
    const it = { offset: 1 };
    assert.equal(decode.stringCheck(frame, it), true);
    assert.equal(decode.string(frame, it), "space:walk");
    assert.deepEqual(unpack(frame.subarray(it.offset)), { dx: 0.6, dy: -0.8, ts });
  });

  it("[TB2] input stamps are distinct across bots and inputs, and within the zod bound (1e15)", () => {
    const seen = new Set<number>();
    for (let bot = 1; bot <= 300; bot++) for (let seq = 1; seq <= 300; seq++) seen.add(uniqueTs(bot, seq));
    assert.equal(seen.size, 300 * 300);
    assert.ok(uniqueTs(100_000, 999_999) < 1e15);
  });

  it("[TB3] the stamp's 8 bytes are found in the patch that carries it, and not in one that does not", () => {
    const state = new SpaceState({ map: "plaza" });
    const encoder = new Encoder(state);
    const avatars = Array.from({ length: 50 }, (_, i) => {
      const a = new Avatar({ userId: `u${i}`, x: i, y: i });
      state.avatars.set(`s${i}`, a);
      return a;
    });
    encoder.encodeAll();
    encoder.discardChanges();
    const ts = uniqueTs(42, 5);
    const pattern = Buffer.alloc(8);
    pattern.writeDoubleLE(ts);
    for (const a of avatars) a.x += 1;
    const without = Buffer.from(encoder.encode());
    encoder.discardChanges();
    (avatars[17] as Avatar).inputTs = ts;
    for (const a of avatars) a.x += 1;
    const withIt = Buffer.from(encoder.encode());
    assert.equal(without.indexOf(pattern), -1);
    assert.notEqual(withIt.indexOf(pattern), -1);
  });
});
