/**
 * `npm start`: builds the client when dist/client is missing or older than its sources,
 * then runs the server. Scripts may print; the server logs through pino.
 */
import { ensureClientBuilt } from "./client-build.ts";

if (process.env.CLIENT_DIR === undefined) {
  ensureClientBuilt("production", () => console.log("building the client (vite)..."));
}

await import("../server/main.ts");
