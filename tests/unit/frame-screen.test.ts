import assert from "node:assert/strict";
import { Protocol } from "@colyseus/core";
import { pack } from "msgpackr";
import { screenFrame } from "../../server/rooms/frame-screen.ts";

/** A short string as @colyseus/schema encodes a message type (msgpack fixstr). */
function str(s: string): number[] {
  const bytes = [...Buffer.from(s, "utf8")];
  return [0xa0 | bytes.length, ...bytes];
}

const frame = (...parts: Array<number | number[] | Uint8Array>) => Uint8Array.from(parts.flatMap((p) => (typeof p === "number" ? [p] : [...p])));

/** msgpack arrays nested `depth` deep: a few bytes each, enough to overflow a recursive decoder's stack. */
const nested = (depth: number) => [...new Array<number>(depth).fill(0x91), 0x00];

describe("raw frames screened before Colyseus decodes them", () => {
  it("[FR9] data and request frames whose type or msgpack payload does not decode are undecodable; good ones pass", () => {
    const max = 70_000;
    assert.deepEqual(screenFrame(frame(Protocol.ROOM_DATA, str("space:chat"), pack({ text: "hi" })), max), { kind: "pass" });
    assert.deepEqual(screenFrame(frame(Protocol.ROOM_DATA, str("space:chat")), max), { kind: "pass" }, "no payload");
    assert.deepEqual(screenFrame(frame(Protocol.ROOM_REQUEST, 7, str("space:chat"), pack({ text: "hi" })), max), {
      kind: "request",
      type: "space:chat",
      requestId: 7,
    });
    const bad: Array<[string, Uint8Array]> = [
      ["reserved bytes", frame(Protocol.ROOM_DATA, str("space:chat"), 0xc1, 0xc1)],
      ["a truncated map", frame(Protocol.ROOM_DATA, str("space:chat"), 0x82, 0xa1, 0x61)],
      ["a string longer than the frame", frame(Protocol.ROOM_DATA, str("space:chat"), 0xdb, 0x7f, 0xff, 0xff, 0xff, 0x61)],
      ["nesting 60,000 deep", frame(Protocol.ROOM_DATA, str("space:chat"), nested(60_000))],
      ["a request's truncated payload", frame(Protocol.ROOM_REQUEST, 7, str("space:chat"), 0x82, 0xa1, 0x61)],
      ["a request nested deep", frame(Protocol.ROOM_REQUEST, 7, str("space:chat"), nested(60_000))],
    ];
    for (const [what, bytes] of bad) assert.deepEqual(screenFrame(bytes, max), { kind: "undecodable" }, what);
    assert.deepEqual(screenFrame(frame(Protocol.ROOM_DATA_BYTES, str("song:y"), 0xc1), max), { kind: "pass" }, "bytes rows carry no msgpack");
  });
});
