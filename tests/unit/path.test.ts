import assert from "node:assert/strict";
import { SpaceState } from "../../schema/state/space.ts";
import type { Actor } from "../../server/auth/types.ts";
import { isBlockedAt } from "../../server/domain/maps.ts";
import { loadMaps } from "../../server/map-files.ts";
import { findPath, lineIsClear, type TileGrid } from "../../server/domain/path.ts";
import { walkStep } from "../../server/domain/walk.ts";
import { SpaceWorld } from "../../server/domain/space/world.ts";

/** Issue 12 item 8: paths around obstacles, computed and walked by the server. */
const at = (col: number, row: number) => ({ x: col * 32 + 16, y: row * 32 + 16 });
const grid = (...tiles: string[]): TileGrid => ({ tiles, tileSize: 32 });

/** Every waypoint leg stays on walkable tiles. */
function assertWalkable(g: TileGrid, from: { x: number; y: number }, points: Array<{ x: number; y: number }>): void {
  let a = from;
  for (const p of points) {
    assert.ok(lineIsClear(g, a, p), `leg ${JSON.stringify(a)} → ${JSON.stringify(p)} crosses a blocked tile`);
    a = p;
  }
}

describe("path finding (A* on the tile grid)", () => {
  it("[PF1] goes around a wall and ends exactly on the target", () => {
    const g = grid("#######", "#..#..#", "#..#..#", "#.....#", "#######");
    const from = at(1, 1);
    const to = { x: 5 * 32 + 5, y: 32 + 9 };
    const r = findPath(g, from, to);
    assert.equal(r.reached, true);
    assert.deepEqual(r.waypoints.at(-1), to);
    assert.ok(r.waypoints.length >= 2, "it turns at least once");
    assertWalkable(g, from, r.waypoints);
    assert.ok(r.waypoints.some((p) => p.y >= 3 * 32), "it passes below the wall");
  });

  it("[PF2] a straight clear line is one waypoint; already there is none", () => {
    const g = grid("#####", "#...#", "#####");
    assert.deepEqual(findPath(g, at(1, 1), at(3, 1)).waypoints, [at(3, 1)]);
    assert.deepEqual(findPath(g, at(1, 1), at(1, 1)).waypoints, []);
  });

  it("[PF3] an unreachable target (in water, or walled off) leads to the nearest reachable tile", () => {
    const g = grid("#########", "#...~~~.#", "#...~~~.#", "#########");
    const r = findPath(g, at(1, 1), at(5, 1));
    assert.equal(r.reached, false);
    assert.deepEqual(r.waypoints.at(-1), at(3, 1), "the near shore");
    const island = grid("#######", "#..#..#", "#..#..#", "#######");
    const s = findPath(island, at(1, 1), at(5, 2));
    assert.equal(s.reached, false);
    assert.deepEqual(s.waypoints.at(-1), at(2, 2));
  });

  it("[PF4] the work is bounded: never more tiles than the map has, and never more than asked", () => {
    const rows = ["#".repeat(60), ...Array.from({ length: 58 }, () => `#${".".repeat(58)}#`), "#".repeat(60)];
    rows[30] = `#${"#".repeat(58)}#`; // a wall right across: the bottom half is out of reach
    const g = grid(...rows);
    const r = findPath(g, at(1, 1), at(58, 58));
    assert.equal(r.reached, false);
    assert.ok(r.expanded <= 60 * 60, `expanded ${r.expanded}`);
    assert.deepEqual(r.waypoints.at(-1), at(58, 29), "the nearest reachable tile to the corner");
    const capped = findPath(g, at(1, 1), at(58, 58), 50);
    assert.ok(capped.expanded <= 50);
    assertWalkable(g, at(1, 1), capped.waypoints);
  });

  it("[PF5] never cuts a blocked corner diagonally", () => {
    const g = grid("#####", "#.#.#", "##..#", "#####");
    const r = findPath(g, at(1, 1), at(3, 1));
    assert.equal(r.reached, false, "(1,1) is closed in: the corner gap is not a way through");
    assert.deepEqual(r.waypoints, []);
  });

  it("[WD6] the server walks a click beyond the plaza pool around it to the far side", () => {
    const maps = loadMaps();
    const plaza = maps.get("plaza")!;
    const world = new SpaceWorld(new SpaceState({ map: "plaza", width: plaza.width, height: plaza.height }), plaza);
    const actor: Actor = { userId: "u1", username: "ada", displayName: "Ada", role: "user", sessionId: "s1" };
    const avatar = world.spawn("s1", actor, 0, () => 0);
    avatar.x = at(10, 9).x;
    avatar.y = at(10, 9).y;
    avatar.targetX = avatar.x;
    avatar.targetY = avatar.y;
    const target = at(19, 10);
    world.setTarget("s1", target, 0);
    assert.ok(!lineIsClear(plaza, avatar, target), "the straight line crosses the water");
    for (let t = 1; t <= 200; t++) {
      world.tick(50, t * 50);
      assert.equal(isBlockedAt(plaza, avatar), false);
    }
    assert.deepEqual({ x: avatar.x, y: avatar.y }, target, "arrived on the far side");
    // Without the path, the old straight walk stops at the pool's edge.
    let p = at(10, 9);
    for (let i = 0; i < 200; i++) p = walkStep(plaza, p, target, 8).at;
    assert.notDeepEqual(p, target);
  });
});

describe("arrivals (issue 12 item 12)", () => {
  it("[WD7] people arriving one after another never stand on each other, nor on blocked tiles", () => {
    const maps = loadMaps();
    for (const map of maps.values()) {
      const world = new SpaceWorld(new SpaceState({ map: map.name, width: map.width, height: map.height }), map);
      const placed: Array<{ x: number; y: number }> = [];
      for (let i = 0; i < 12; i++) {
        const actor = { userId: `u${i}`, username: `p${i}`, displayName: `P ${i}` };
        const a = world.spawn(`s${i}`, actor, 0, () => 0); // the same "random" every time: the worst case
        assert.equal(isBlockedAt(map, a), false);
        for (const p of placed) assert.ok(Math.hypot(p.x - a.x, p.y - a.y) >= 28, `${map.name}: arrival ${i} at ${a.x},${a.y} on top of ${p.x},${p.y}`);
        placed.push({ x: a.x, y: a.y });
      }
    }
  });

  it("[WD8] a dropped avatar is marked reconnecting and unmarked when it comes back", () => {
    const maps = loadMaps();
    const plaza = maps.get("plaza")!;
    const world = new SpaceWorld(new SpaceState({ map: "plaza", width: plaza.width, height: plaza.height }), plaza);
    const a = world.spawn("s1", { userId: "u1", username: "a", displayName: "A" }, 0);
    assert.equal(a.reconnecting, false);
    world.setReconnecting("s1", true);
    assert.equal(a.reconnecting, true);
    world.setReconnecting("s1", false);
    assert.equal(a.reconnecting, false);
  });
});
