import assert from "node:assert/strict";
import type { SongOp } from "../../schema/song/ops.ts";
import { mirrorOp } from "../../client/src/song/song-model.ts";
import { applyOp, emptySong } from "../../server/domain/song/index.ts";

/**
 * The client replays the room's broadcast ops on its copy of the Song (client/src/song/
 * song-model.ts). After any sequence the engine accepted, the copy must equal the engine's
 * Song, or the editor would draw a graph the room does not have.
 */
const OPS: SongOp[] = [
  { op: "verse.add", id: "a", title: "Shore", x: 0, y: 0 },
  { op: "verse.add", id: "b", title: "Moon", x: 200, y: 0, ending: true },
  { op: "verse.add", id: "c", title: "Cave", x: 400, y: 0 },
  { op: "var.declare", name: "gold", spec: { type: "number", default: 1, min: 0, max: 9 } },
  { op: "var.declare", name: "lamp", spec: { type: "boolean", default: false } },
  { op: "choice.add", verse: "a", id: "x", label: "Walk", target: "b" },
  { op: "choice.add", verse: "a", id: "y", label: "Dig", target: "c", condition: "gold > 0", effects: ["gold -= 1"] },
  { op: "choice.add", verse: "a", id: "z", label: "Wait", target: "a", index: 0 },
  { op: "choice.reorder", verse: "a", order: ["x", "y", "z"] },
  { op: "choice.label", id: "x", label: "Walk on" },
  { op: "choice.target", id: "x", target: "c" },
  { op: "choice.condition", id: "x", condition: "mood.p < 0.3" },
  { op: "choice.effects", id: "x", effects: ["toggle lamp"] },
  { op: "verse.retitle", id: "b", title: "The Moon" },
  { op: "verse.move", id: "b", x: 10, y: 90 },
  { op: "verse.ending", id: "c", ending: true },
  { op: "verse.tone", id: "c", tone: { emotion: "joy", intensity: 0.5 } },
  { op: "song.retitle", title: "Tides" },
  { op: "var.edit", name: "gold", spec: { type: "number", default: 2, min: null, max: null } },
  { op: "choice.delete", id: "z" },
  { op: "song.start", id: "c" },
  { op: "verse.delete", id: "b" },
  { op: "verse.delete", id: "a" },
  { op: "var.delete", name: "lamp" },
];

describe("the client's Song mirror", () => {
  it("[SGC1] replaying every accepted op on the client copy gives the engine's Song, op after op", () => {
    let engine = emptySong("Song");
    let client = emptySong("Song");
    for (const op of OPS) {
      engine = applyOp(engine, op).song;
      client = mirrorOp(client, op);
      assert.deepEqual(client, engine, `after ${op.op}`);
    }
  });
});
