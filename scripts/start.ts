/**
 * `npm start`: builds the client when dist/client is missing or older than its sources,
 * then runs the server. Scripts may print; the server logs through pino.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const builtIndex = path.join(root, "dist/client/index.html");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function clientIsStale(): boolean {
  if (!existsSync(builtIndex)) return true;
  const built = statSync(builtIndex).mtimeMs;
  return newestMtime(path.join(root, "client")) > built || newestMtime(path.join(root, "schema")) > built;
}

if (process.env.CLIENT_DIR === undefined && clientIsStale()) {
  console.log("building the client (vite)...");
  const result = spawnSync("npx", ["vite", "build", "--config", "client/vite.config.ts"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

await import("../server/main.ts");
