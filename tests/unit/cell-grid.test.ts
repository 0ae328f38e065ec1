import assert from "node:assert/strict";
import { CellGrid } from "../../server/domain/space/cell-grid.ts";

type P = { id: number; x: number; y: number };

/** A small deterministic generator, so a failure replays the same points. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("CellGrid: who is near without every pair", () => {
  it("[GRID1] near and anyNear find exactly what a test of every pair finds (strictly closer than the radius, never the point itself)", () => {
    const rnd = random(7);
    const grid = new CellGrid<P>(256);
    for (let round = 0; round < 20; round++) {
      // Clustered and spread points, some exactly on cell borders and at the radius.
      const points: P[] = Array.from({ length: 300 }, (_, id) => ({ id, x: Math.floor(rnd() * 3_000) - (round % 3) * 256, y: Math.floor(rnd() * 2_000) }));
      points.push({ id: 1_000, x: 512, y: 512 }, { id: 1_001, x: 768, y: 512 }, { id: 1_002, x: 767, y: 512 });
      const keep = (p: P) => p.id % 3 !== 0;
      grid.fill(points, keep);
      const into: P[] = [];
      for (const me of points) {
        const brute = points.filter((o) => o !== me && keep(o) && Math.hypot(o.x - me.x, o.y - me.y) < 256).map((o) => o.id);
        const found = grid.near(me, 256, into).map((o) => o.id);
        assert.deepEqual([...found].sort((a, b) => a - b), brute.sort((a, b) => a - b), `round ${round}, point ${me.id}`);
        assert.equal(grid.anyNear(me, 256), brute.length > 0);
      }
    }
  });

  it("[GRID2] a refill forgets the last fill's points", () => {
    const grid = new CellGrid<P>(100);
    const a = { id: 1, x: 10, y: 10 };
    const b = { id: 2, x: 20, y: 10 };
    grid.fill([a, b], () => true);
    assert.equal(grid.anyNear(a, 100), true);
    grid.fill([a, b], (p) => p.id === 1);
    assert.equal(grid.anyNear(a, 100), false, "b was left out of this fill");
    assert.equal(grid.anyNear(b, 100), true, "a is still in it");
  });
});
