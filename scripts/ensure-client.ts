/**
 * `node --import tsx scripts/ensure-client.ts [production] [e2e]`: builds each named client
 * build that is missing or stale (the npm test scripts run it before mocha, so a build's
 * time is never spent under a test timeout). Scripts may print.
 */
import { type ClientBuild, ensureClientBuilt } from "./client-build.ts";

const wanted = process.argv.slice(2);
for (const which of wanted.length > 0 ? wanted : ["production"]) {
  if (which !== "production" && which !== "e2e") throw new Error(`unknown client build "${which}" (production or e2e)`);
  ensureClientBuilt(which as ClientBuild, (w) => console.log(`building the ${w} client (vite)...`));
}
