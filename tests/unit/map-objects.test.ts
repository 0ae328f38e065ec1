import assert from "node:assert/strict";
import { SpaceState } from "../../schema/state/space.ts";
import { buildMaps, type SpaceMap } from "../../server/domain/maps.ts";
import { findSeat, seatHolder, withinReach } from "../../server/domain/space/seats.ts";
import { SpaceWorld } from "../../server/domain/space/world.ts";
import { loadMaps } from "../../server/map-files.ts";
import { nearestFreeSeat } from "../../client/src/scenes/map-objects.ts";

/** A small map file: a board on the top wall, a two-seat bench in the middle. */
function file(overrides: Record<string, unknown> = {}) {
  return {
    name: "plaza",
    title: "Test",
    tileSize: 32,
    capacity: 5,
    tiles: ["###B###", "#.....#", "#..==.#", "#.....#", "#######"],
    spawns: [{ x: 1, y: 1 }],
    objects: [
      { id: "board", kind: "board", x: 3, y: 0 },
      { id: "bench", kind: "bench", x: 3, y: 2, width: 2 },
    ],
    ...overrides,
  };
}
const build = (content: unknown) => buildMaps([{ source: "test.json", content }]).get("plaza") as SpaceMap;
const problems = (content: unknown): string => {
  try {
    build(content);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
};

describe("map objects: boards and benches in the map files", () => {
  it("[MO1] the shipped maps load, each with a notice board and at least one bench, every bench tile a seat", () => {
    for (const [name, map] of loadMaps()) {
      assert.ok(map.objects.some((o) => o.kind === "board"), `${name} has a board`);
      const benches = map.objects.filter((o) => o.kind === "bench");
      assert.ok(benches.length > 0, `${name} has a bench`);
      const seats = benches.reduce((n, b) => n + b.width, 0);
      const benchTiles = map.tiles.join("").split("=").length - 1;
      assert.equal(seats, benchTiles, `${name}: one seat per bench tile`);
    }
  });

  it("[MO2] a valid file gets defaults (width 1, a label per kind)", () => {
    const map = build(file());
    assert.deepEqual(map.objects, [
      { id: "board", kind: "board", x: 3, y: 0, width: 1, label: "Notice board" },
      { id: "bench", kind: "bench", x: 3, y: 2, width: 2, label: "Bench" },
    ]);
  });

  it("[MO3] an object off its tile, outside the map, overlapping another or with a duplicate id stops the load, naming it", () => {
    const objects = (extra: object[]) => file({ objects: [{ id: "board", kind: "board", x: 3, y: 0 }, ...extra] });
    assert.match(problems(objects([{ id: "bench", kind: "bench", x: 2, y: 2, width: 2 }])), /bench at \(2, 2\) lies on "\."/);
    assert.match(problems(objects([{ id: "bench", kind: "bench", x: 3, y: 9, width: 2 }])), /outside the map/);
    assert.match(problems(objects([{ id: "board", kind: "bench", x: 3, y: 2, width: 2 }])), /board is used twice/);
    assert.match(
      problems(objects([{ id: "bench", kind: "bench", x: 3, y: 2, width: 2 }, { id: "again", kind: "bench", x: 4, y: 2 }])),
      /again at \(4, 2\) overlaps bench/,
    );
    assert.match(problems(objects([{ id: "bench", kind: "board", x: 3, y: 2, width: 2 }])), /not on a board tile "B"/);
  });

  it("[MO4] every drawn bench and board belongs to an object (nothing looks usable that is not), and must be reachable", () => {
    assert.match(problems(file({ objects: [{ id: "board", kind: "board", x: 3, y: 0 }] })), /bench tile at \(3, 2\) belongs to no bench object/);
    assert.match(problems(file({ objects: [{ id: "bench", kind: "bench", x: 3, y: 2, width: 2 }] })), /board tile at \(3, 0\) belongs to no board object/);
    const walledIn = file({ tiles: ["#######", "#..#..#", "#.#=#.#", "#..#..#", "###B###"], objects: [{ id: "s", kind: "bench", x: 3, y: 2 }, { id: "b", kind: "board", x: 3, y: 4 }] });
    assert.match(problems(walledIn), /s at \(3, 2\) cannot be reached/);
  });

  it("[MO5] the file's shape is checked by zod: unknown kinds, bad ids, keys or widths and unknown tiles are refused", () => {
    assert.match(problems(file({ objects: [{ id: "x", kind: "fountain", x: 1, y: 1 }] })), /bad map file test\.json/);
    assert.match(problems(file({ objects: [{ id: "Bad Id", kind: "board", x: 3, y: 0 }] })), /object id/);
    assert.match(problems(file({ objects: [{ id: "b", kind: "board", x: 3, y: 0, onClick: "alert(1)" }] })), /bad map file/);
    assert.match(problems(file({ objects: [{ id: "b", kind: "bench", x: 3, y: 2, width: 9 }] })), /bad map file/);
    assert.match(problems(file({ tiles: ["###B###", "#..X..#", "#..==.#", "#.....#", "#######"] })), /tile the legend does not know/);
  });
});

describe("sitting rules (pure)", () => {
  const map = build(file());
  const world = () => {
    const state = new SpaceState({ map: "plaza", width: map.width, height: map.height });
    return { state, world: new SpaceWorld(state, map) };
  };
  const person = (id: string) => ({ userId: id, username: id, displayName: id });

  it("[MO6] a seat is found by bench id and index, only on benches; reach is from a tile beside it, not two away", () => {
    assert.deepEqual(findSeat(map, "bench", 1), { id: "bench:1", at: { x: 144, y: 80 } });
    assert.equal(findSeat(map, "bench", 2), null);
    assert.equal(findSeat(map, "board", 0), null, "a board has no seats");
    const seat = findSeat(map, "bench", 0)!;
    assert.equal(withinReach(map, { x: 112, y: 48 }, seat.at), true, "the tile above");
    assert.equal(withinReach(map, { x: 80, y: 48 }, seat.at), true, "the tile diagonally above");
    assert.equal(withinReach(map, { x: 48, y: 80 }, seat.at), false, "two tiles to the left");
  });

  it("[MO7] sitting puts the feet on the seat; letting go of keys keeps one seated; a direction or a move stands one up where one sat down from", () => {
    const { state, world: w } = world();
    const avatar = w.spawn("a", person("a"), 0, () => 0);
    avatar.x = 112;
    avatar.y = 48;
    w.sit("a", "bench:0", { x: 112, y: 80 }, 1);
    assert.equal(seatHolder(state, "bench:0"), "a");
    assert.deepEqual([avatar.x, avatar.y, avatar.seat], [112, 80, "bench:0"]);
    w.setDirection("a", 0, 0, 2);
    assert.equal(avatar.seat, "bench:0", "releasing keys is no reason to stand");
    w.sit("a", "bench:1", { x: 144, y: 80 }, 3);
    assert.deepEqual(w.standingPoint("a"), { x: 112, y: 48 }, "sliding along keeps the first standing point");
    w.setDirection("a", 1, 0, 4);
    assert.deepEqual([avatar.x, avatar.y, avatar.seat], [112, 48, ""]);
    assert.equal(seatHolder(state, "bench:1"), undefined);
    w.sit("a", "bench:0", { x: 112, y: 80 }, 5);
    w.setTarget("a", { x: 48, y: 48 }, 6);
    assert.deepEqual([avatar.x, avatar.y, avatar.seat], [112, 48, ""], "a move steps off the bench first, then walks");
    w.remove("a");
    assert.equal(seatHolder(state, "bench:0"), undefined, "leaving frees the seat");
  });

  it("[MO8] the interact key picks the nearest free seat within reach: taken seats are skipped, nothing beyond reach", () => {
    const grid = { tiles: map.tiles, tileSize: map.tileSize, objects: map.objects };
    const above = { x: 112, y: 48 }; // the tile above seat 0 (seats at (112, 80) and (144, 80))
    const pick = (at: { x: number; y: number }, taken: string[] = [], reach?: number) => {
      const seat = nearestFreeSeat(grid, at, new Set(taken), reach);
      return seat ? `${seat.bench.id}:${seat.index}` : null;
    };
    assert.equal(pick(above), "bench:0");
    assert.equal(pick(above, ["bench:0"]), "bench:1", "someone sits on the nearer one");
    assert.equal(pick(above, ["bench:0", "bench:1"]), null, "all taken");
    assert.equal(pick({ x: 48, y: 48 }, [], 1), null, "nothing within one tile");
    assert.equal(pick({ x: 48, y: 48 }), "bench:0", "within three tiles");
  });
});
