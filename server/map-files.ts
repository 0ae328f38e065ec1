import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { buildMaps, type SpaceMap } from "./domain/maps.ts";

/** Where the map files live: shared with the client, which draws the same tiles. */
export const MAPS_DIR = path.resolve(import.meta.dirname, "../schema/maps");

/**
 * The file side of maps: reads every `*.json` in `dir` (sorted, so the order never depends
 * on the file system) and hands the parsed contents to the pure domain/maps.ts.
 */
export function loadMaps(dir = MAPS_DIR): ReadonlyMap<string, SpaceMap> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ source: file, content: JSON.parse(readFileSync(path.join(dir, file), "utf8")) as unknown }));
  return buildMaps(files);
}
