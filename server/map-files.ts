import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { buildMaps, type SpaceMap } from "./domain/maps.ts";

/** Where the map files live: shared with the client, which draws the same tiles. */
export const MAPS_DIR = path.resolve(import.meta.dirname, "../schema/maps");

/**
 * The file side of maps: reads every `*.json` in `dir`, then in `extraDir` when given
 * (sorted, so the order never depends on the file system; a later file of the same name
 * wins), and hands the parsed contents to the pure domain/maps.ts.
 */
export function loadMaps(dir = MAPS_DIR, extraDir?: string): ReadonlyMap<string, SpaceMap> {
  return buildMaps([...readDir(dir), ...(extraDir ? readDir(extraDir) : [])]);
}

function readDir(dir: string): Array<{ source: string; content: unknown }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ source: path.join(dir, file), content: JSON.parse(readFileSync(path.join(dir, file), "utf8")) as unknown }));
}
