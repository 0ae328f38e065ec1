import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, EnvSchema, loadConfig } from "../../server/config.ts";
import { renderConfigTable } from "../../server/config-doc.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("config", () => {
  it("[CF1] gives defaults for an empty environment", () => {
    const c = loadConfig({});
    assert.equal(c.port, 2567);
    assert.equal(c.transport, "auto");
    assert.equal(c.mongodbUrl, undefined);
    assert.equal(c.migrateOnStart, true, "embedded store migrates on start by default");
    assert.equal(c.operatorToken, undefined);
    assert.ok(Object.isFrozen(c));
  });

  it("[CF2] lists every problem at once", () => {
    try {
      loadConfig({ PORT: "99999", TRANSPORT: "carrier-pigeon", OPERATOR_TOKEN: "short", LOG_LEVEL: "loud" });
      assert.fail("should throw");
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      const joined = err.problems.join("\n");
      for (const name of ["PORT", "TRANSPORT", "OPERATOR_TOKEN", "LOG_LEVEL"]) assert.match(joined, new RegExp(name));
      assert.equal(err.problems.length, 4);
    }
  });

  it("[CF3] MongoDB turns migrate-on-start off unless asked", () => {
    assert.equal(loadConfig({ MONGODB_URL: "mongodb://db:27017/neo" }).migrateOnStart, false);
    assert.equal(loadConfig({ MONGODB_URL: "mongodb://db:27017/neo", MIGRATE_ON_START: "true" }).migrateOnStart, true);
    assert.throws(() => loadConfig({ MONGODB_URL: "postgres://x" }), ConfigError);
  });

  it("[CF4] parses lists and booleans", () => {
    const c = loadConfig({ ALLOWED_ORIGINS: "https://a.example, https://b.example", TRUST_PROXY: "1" });
    assert.deepEqual(c.allowedOrigins, ["https://a.example", "https://b.example"]);
    assert.equal(c.trustProxy, 1, "true and 1 both mean one proxy");
    assert.equal(loadConfig({ TRUST_PROXY: "2" }).trustProxy, 2);
    assert.equal(loadConfig({ TRUST_PROXY: "false" }).trustProxy, 0);
    assert.throws(() => loadConfig({ TRUST_PROXY: "maybe" }), ConfigError);
  });

  it("[CF5] docs/OPERATIONS.md carries the generated variable table, so it never drifts", () => {
    const doc = readFileSync(path.join(ROOT, "docs/OPERATIONS.md"), "utf8");
    assert.ok(doc.includes(renderConfigTable()), "run `npm run docs:config` to regenerate the table");
    for (const name of Object.keys(EnvSchema.shape)) assert.match(doc, new RegExp(`\`${name}\``));
  });
});
