import assert from "node:assert/strict";
import { type LabelColumn, stackLabels } from "../../client/src/scenes/label-stack.ts";

/** A tag 20 px tall and 80 wide; with a bubble, 44 px tall and 160 wide (relative to the feet). */
const tag = { left: -40, right: 40, top: -60, bottom: -40 };
const withBubble = { left: -80, right: 80, top: -84, bottom: -40 };

function boxes(columns: LabelColumn[], lifts: number[]) {
  return columns.map((c, i) => ({
    left: c.x + c.bounds.left,
    right: c.x + c.bounds.right,
    top: c.y + c.bounds.top - (lifts[i] ?? 0),
    bottom: c.y + c.bounds.bottom - (lifts[i] ?? 0),
  }));
}

const overlap = (a: ReturnType<typeof boxes>[number], b: ReturnType<typeof boxes>[number]) =>
  a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;

describe("labels over heads", () => {
  it("[CH7] people standing close get name tags and bubbles that never overlap; people apart are not lifted; the front one stays put", () => {
    const crowd: LabelColumn[] = [
      { x: 100, y: 100, bounds: withBubble },
      { x: 110, y: 104, bounds: tag },
      { x: 96, y: 98, bounds: withBubble },
      { x: 120, y: 100, bounds: tag },
    ];
    const lifts = stackLabels(crowd);
    const drawn = boxes(crowd, lifts);
    for (let i = 0; i < drawn.length; i++) {
      for (let j = i + 1; j < drawn.length; j++) assert.ok(!overlap(drawn[i]!, drawn[j]!), `labels ${i} and ${j} overlap: ${JSON.stringify(lifts)}`);
    }
    assert.equal(lifts[1], 0, "the avatar nearest the front keeps its tag over its head");
    assert.deepEqual(stackLabels(crowd), lifts, "the same scene gives the same stack");

    const apart: LabelColumn[] = [
      { x: 100, y: 100, bounds: withBubble },
      { x: 400, y: 100, bounds: withBubble },
    ];
    assert.deepEqual(stackLabels(apart), [0, 0]);
  });
});
