import assert from "node:assert/strict";
import { BODY_BOX, pickAvatarAt } from "../../client/src/scenes/avatar-pick.ts";

const at = (id: string, x: number, y: number, pickable = true) => ({ id, x, y, pickable });

describe("which avatar a press means", () => {
  it("[AP1] a press on one body picks it; a press beside every box picks nobody", () => {
    const fay = at("fay", 100, 100);
    assert.equal(pickAvatarAt(100, 80, [fay])?.id, "fay");
    assert.equal(pickAvatarAt(100 + BODY_BOX.right + 1, 80, [fay]), null);
    assert.equal(pickAvatarAt(100, 100 + BODY_BOX.top - 1, [fay]), null);
  });

  it("[AP2] a press on the head of someone standing a tile behind another picks the one aimed at, whatever the draw order", () => {
    const fay = at("fay", 100, 100);
    const front = at("eve", 100, 132); // one tile lower: drawn in front, its box reaches over fay's head
    assert.equal(pickAvatarAt(100, 84, [fay, front])?.id, "fay");
    assert.equal(pickAvatarAt(100, 84, [front, fay])?.id, "fay");
    assert.equal(pickAvatarAt(100, 120, [fay, front])?.id, "eve", "a press on eve's body is still eve's");
  });

  it("[AP3] your own avatar (or anyone not pickable) in front never swallows a press on someone behind it", () => {
    const fay = at("fay", 100, 100);
    const me = at("me", 100, 110, false);
    assert.equal(pickAvatarAt(100, 90, [me, fay])?.id, "fay");
    assert.equal(pickAvatarAt(100, 110, [me]), null);
  });
});
