import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The two client builds and when to (re)build them. `npm start`, the integration and fuzz
 * suites (their servers serve dist/client) and the e2e suite (dist/client-e2e) all call
 * this, so every npm script works on a fresh checkout; scripts/ensure-client.ts is its CLI.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const CLIENT_SOURCES = [path.join(ROOT, "client"), path.join(ROOT, "schema")];

/** The e2e build (`npm run build:client:e2e`): the client plus its read-only test hook. */
export const E2E_CLIENT_DIR = path.join(ROOT, "dist/client-e2e");
/** The production build (`npm run build:client`, what `npm start` serves): no test hook. */
export const PRODUCTION_CLIENT_DIR = path.join(ROOT, "dist/client");

export type ClientBuild = "e2e" | "production";

/**
 * Builds the e2e client (or with `"production"`, the production one) when its folder is
 * missing or older than any file under client/ or schema/, so a run never tests a stale
 * bundle. Returns the folder to serve (a server's CLIENT_DIR).
 */
export function ensureClientBuilt(which: ClientBuild = "e2e", onBuild?: (which: ClientBuild) => void): string {
  const dir = which === "e2e" ? E2E_CLIENT_DIR : PRODUCTION_CLIENT_DIR;
  const shell = path.join(dir, "index.html");
  if (existsSync(shell) && statSync(shell).mtimeMs >= newestMtime(CLIENT_SOURCES)) return dir;
  onBuild?.(which);
  const script = which === "e2e" ? "build:client:e2e" : "build:client";
  execFileSync("npm", ["run", "--silent", script, "--", "--logLevel", "warn"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  return dir;
}

function newestMtime(dirs: string[]): number {
  let newest = 0;
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of dirs) if (existsSync(dir)) visit(dir);
  return newest;
}
