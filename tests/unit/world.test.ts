import assert from "node:assert/strict";
import { SpaceState } from "../../schema/state/space.ts";
import type { Actor } from "../../server/auth/types.ts";
import { isBlockedAt } from "../../server/domain/maps.ts";
import { loadMaps } from "../../server/map-files.ts";
import { walkStep } from "../../server/domain/walk.ts";
import { IDLE_AFTER_MS, SpaceWorld } from "../../server/domain/space/world.ts";

const maps = loadMaps();
const plaza = maps.get("plaza")!;
const actor: Actor = { userId: "u1", username: "ada", displayName: "Ada", role: "user", sessionId: "s1" };

function worldOn(name = "plaza") {
  const map = maps.get(name)!;
  return new SpaceWorld(new SpaceState({ map: map.name, width: map.width, height: map.height }), map);
}

describe("space world", () => {
  it("[WD1] loads the three map files with walkable spawns", () => {
    assert.deepEqual([...maps.keys()].sort(), ["garden", "plaza", "room"]);
    for (const map of maps.values()) {
      for (const s of map.spawns) assert.equal(isBlockedAt(map, s), false, `${map.name} spawn ${s.x},${s.y}`);
      assert.ok(map.capacity > 0 && map.width === map.cols * map.tileSize);
    }
  });

  it("[WD2] never walks into a blocked tile (the plaza fountain), even when aimed straight at it", () => {
    const world = worldOn();
    const avatar = world.spawn("s1", actor, 0, () => 0);
    world.setTarget("s1", { x: 15 * 32 + 16, y: 10 * 32 + 16 }, 0);
    for (let t = 1; t <= 400; t++) {
      world.tick(50, t * 50);
      assert.equal(isBlockedAt(plaza, avatar), false, `step ${t} at ${avatar.x},${avatar.y}`);
    }
    assert.ok(Math.hypot(avatar.x - (15 * 32 + 16), avatar.y - (10 * 32 + 16)) > 32, "stopped outside the water");
  });

  it("[WD3] moves at most WALK_SPEED per step and lands on reachable targets", () => {
    const world = worldOn();
    const avatar = world.spawn("s1", actor, 0, () => 0);
    const start = { x: avatar.x, y: avatar.y };
    world.setTarget("s1", { x: start.x - 100, y: start.y }, 0);
    world.tick(50, 50);
    assert.ok(Math.abs(Math.hypot(avatar.x - start.x, avatar.y - start.y) - 8) < 1e-3, "160 px/s × 50 ms = 8 px");
    for (let t = 2; t < 40; t++) world.tick(50, t * 50);
    assert.deepEqual({ x: Math.round(avatar.x), y: Math.round(avatar.y) }, { x: Math.round(start.x - 100), y: Math.round(start.y) });
  });

  it("[WD4] held directions keep walking; (0, 0) stops; idle after a minute without input", () => {
    const world = worldOn();
    const avatar = world.spawn("s1", actor, 0, () => 0);
    world.setDirection("s1", 0, 1, 0);
    const y0 = avatar.y;
    for (let t = 1; t <= 10; t++) world.tick(50, t * 50);
    assert.ok(avatar.y > y0 + 70, "walked down about 80 px in 0.5 s");
    world.setDirection("s1", 0, 0, 600);
    const stoppedAt = avatar.y;
    world.tick(50, 650);
    assert.equal(avatar.y, stoppedAt);
    world.tick(50, 600 + IDLE_AFTER_MS + 1);
    assert.equal(avatar.idle, true);
  });

  it("[WD9] an emote or a chat line counts as presence: someone who only emotes is never marked idle", () => {
    const world = worldOn();
    const avatar = world.spawn("s1", actor, 0, () => 0);
    world.tick(50, IDLE_AFTER_MS + 1);
    assert.equal(avatar.idle, true, "a minute standing still without a word");
    world.noteActivity("s1", IDLE_AFTER_MS + 2);
    assert.equal(avatar.idle, false, "back at once");
    for (let t = IDLE_AFTER_MS; t <= 3 * IDLE_AFTER_MS; t += 4_000) {
      world.noteActivity("s1", t);
      world.tick(50, t + 50);
      assert.equal(avatar.idle, false, `emoting every 4 s, at ${t} ms`);
    }
  });

  it("[WD10] idle flags turn on only at the room's pass (flagIdle), and any input turns them off at once", () => {
    const world = worldOn();
    const avatar = world.spawn("s1", actor, 0, () => 0);
    world.tick(50, IDLE_AFTER_MS + 1, false);
    assert.equal(avatar.idle, false, "a step between passes leaves the flag alone");
    world.tick(50, IDLE_AFTER_MS + 51, true);
    assert.equal(avatar.idle, true, "the pass flags a minute without input");
    world.setDirection("s1", 1, 0, IDLE_AFTER_MS + 60);
    assert.equal(avatar.idle, false, "walking clears it before any step");
    world.tick(50, 3 * IDLE_AFTER_MS, false);
    assert.equal(avatar.idle, false, "and no step between passes sets it again");
    world.sit("s1", "bench-1", { x: avatar.x, y: avatar.y }, 3 * IDLE_AFTER_MS);
    world.tick(50, 4 * IDLE_AFTER_MS + 100, true);
    assert.equal(avatar.idle, true);
    world.stand("s1", 4 * IDLE_AFTER_MS + 200);
    assert.equal(avatar.idle, false, "standing up from a seat is input too");
  });

  it("[WD5] a step into a wall at an angle slides along it", () => {
    const r = walkStep(plaza, { x: 40, y: 200 }, { x: 0, y: 260 }, 8);
    assert.ok(r.at.y > 200 && !isBlockedAt(plaza, r.at));
  });
});
