import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BUILT_SHELL = path.join(ROOT, "dist/client/index.html");
const CLIENT_SOURCES = [path.join(ROOT, "client"), path.join(ROOT, "schema")];

/**
 * Builds the client (`npm run build:client`) when dist/client is missing or older than
 * any file under client/ or schema/, so an e2e run never tests a stale bundle.
 */
export function ensureClientBuilt(): void {
  if (existsSync(BUILT_SHELL) && statSync(BUILT_SHELL).mtimeMs >= newestMtime(CLIENT_SOURCES)) return;
  execFileSync("npm", ["run", "--silent", "build:client"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
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
