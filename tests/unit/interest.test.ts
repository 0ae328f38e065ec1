import assert from "node:assert/strict";
import { InterestGrid, leaveRadiusOf, PIN_MS, type Placed } from "../../server/domain/space/interest.ts";

/** Who `viewer` sees after the changes so far (the grid's own answer). */
const seenBy = (grid: InterestGrid, viewer: string, all: readonly Placed[]) =>
  all
    .map((p) => p.sessionId)
    .filter((id) => grid.sees(viewer, id))
    .sort();

describe("interest grid (who receives whose avatar)", () => {
  const R = 200;
  const L = leaveRadiusOf(R);

  it("[IM1] a viewer sees itself at once and its neighbours within the radius after a pass, never the far ones", () => {
    const grid = new InterestGrid(R);
    const all = [
      { sessionId: "a", x: 1000, y: 1000 },
      { sessionId: "near", x: 1000 - (R - 1), y: 1000 },
      { sessionId: "far", x: 1000 + L + 1, y: 1000 },
    ];
    assert.deepEqual(grid.join("a"), [{ viewer: "a", target: "a", visible: true }]);
    grid.join("near");
    grid.join("far");
    grid.update(all, 0);
    assert.deepEqual(seenBy(grid, "a", all), ["a", "near"]);
    assert.deepEqual(seenBy(grid, "far", all), ["far"]);
    assert.deepEqual(grid.viewersOf("a").sort(), ["a", "near"]);
  });

  it("[IM2] hysteresis: someone seen stays seen up to the leave radius, and only then goes; re-entering needs the radius", () => {
    const grid = new InterestGrid(R);
    for (const id of ["a", "b"]) grid.join(id);
    const at = (x: number) => [
      { sessionId: "a", x: 0, y: 0 },
      { sessionId: "b", x, y: 0 },
    ];
    assert.deepEqual(grid.update(at(R), 0), [
      { viewer: "a", target: "b", visible: true },
      { viewer: "b", target: "a", visible: true },
    ]);
    assert.deepEqual(grid.update(at(L - 1), 0), [], "between radius and leave radius: no flapping");
    assert.deepEqual(grid.update(at(R + 10), 0), []);
    assert.deepEqual(grid.update(at(L + 1), 0), [
      { viewer: "a", target: "b", visible: false },
      { viewer: "b", target: "a", visible: false },
    ]);
    assert.deepEqual(grid.update(at(L - 1), 0), [], "coming back inside the leave radius is not enough");
    assert.equal(grid.update(at(R - 1), 0).length, 2);
  });

  it("[IM3] people who interacted stay in each other's view wherever they stand until the pin expires", () => {
    const grid = new InterestGrid(R);
    for (const id of ["a", "b"]) grid.join(id);
    const far = [
      { sessionId: "a", x: 0, y: 0 },
      { sessionId: "b", x: 10 * L, y: 10 * L },
    ];
    grid.update(far, 0);
    assert.equal(grid.sees("a", "b"), false);
    assert.deepEqual(grid.pin("a", "b", 1_000), [
      { viewer: "a", target: "b", visible: true },
      { viewer: "b", target: "a", visible: true },
    ]);
    assert.deepEqual(grid.update(far, 1_000 + PIN_MS - 1), []);
    assert.equal(grid.sees("b", "a"), true);
    assert.equal(grid.update(far, 1_000 + PIN_MS).length, 2, "expired: both drop out");
    assert.equal(grid.sees("a", "b"), false);
    assert.deepEqual(grid.pin("a", "a", 0), [], "nobody pins themselves");
    assert.deepEqual(grid.pin("a", "gone", 0), []);
  });

  it("[IM4] a leaver vanishes from every viewer's bookkeeping; a pass over a crowd only looks at neighbouring cells", () => {
    const grid = new InterestGrid(R);
    const crowd: Placed[] = [];
    for (let i = 0; i < 400; i++) crowd.push({ sessionId: `p${i}`, x: (i % 20) * 100, y: Math.floor(i / 20) * 100 });
    for (const p of crowd) grid.join(p.sessionId);
    grid.update(crowd, 0);
    const inRadius = (a: Placed) => crowd.filter((b) => Math.hypot(a.x - b.x, a.y - b.y) <= R).length;
    for (const p of crowd) assert.equal(grid.countSeenBy(p.sessionId), inRadius(p), p.sessionId);
    grid.leave("p21");
    assert.deepEqual(grid.viewersOf("p21"), []);
    assert.equal(grid.update(crowd.filter((p) => p.sessionId !== "p21"), 0).length, 0);
  });

  it("[IM9] a refresh spread over four passes (a quarter of the viewers each) ends where one full pass ends", () => {
    const crowd: Placed[] = [];
    for (let i = 0; i < 200; i++) crowd.push({ sessionId: `p${i}`, x: (i * 7919) % 1600, y: (i * 104729) % 1200 });
    const full = new InterestGrid(R);
    const spread = new InterestGrid(R);
    for (const p of crowd) {
      full.join(p.sessionId);
      spread.join(p.sessionId);
    }
    full.update(crowd, 0);
    const first = spread.update(crowd, 0, 1, 4);
    assert.ok(first.every((c) => crowd.findIndex((p) => p.sessionId === c.viewer) % 4 === 1), "a quarter pass changes only its own viewers");
    for (const part of [0, 2, 3]) spread.update(crowd, 0, part, 4);
    for (const p of crowd) assert.equal(spread.countSeenBy(p.sessionId), full.countSeenBy(p.sessionId), p.sessionId);
  });
});
