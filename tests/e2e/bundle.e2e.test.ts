import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ensureClientBuilt } from "../../scripts/client-build.ts";

/** Every JavaScript file of a built client, concatenated. */
function scriptsOf(dir: string): string {
  const assets = path.join(dir, "assets");
  return readdirSync(assets)
    .filter((f) => f.endsWith(".js"))
    .map((f) => readFileSync(path.join(assets, f), "utf8"))
    .join("\n");
}

describe("the built client bundles", function () {
  this.timeout(180_000); // up to two cold client builds

  it("[CB1] the production build (what `npm start` serves) has no test hook; the e2e build has it", () => {
    const production = scriptsOf(ensureClientBuilt("production"));
    const e2e = scriptsOf(ensureClientBuilt("e2e"));
    assert.ok(e2e.includes("__neospace"), "the e2e build installs window.__neospace");
    assert.ok(!production.includes("__neospace"), "the production build must not carry the test hook");
  });
});
