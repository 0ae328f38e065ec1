import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { EnvSchema, loadConfig } from "../../server/config.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

interface Compose {
  services: Record<string, { environment?: Record<string, string>; depends_on?: unknown; command?: unknown }>;
}

describe("docker-compose.yml", () => {
  const compose = parse(readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8"), { merge: true }) as Compose;

  const neospace = ["neospace-1", "neospace-2", "migrate"];

  it("[DC1] every variable it sets for NeoSpace exists in the config schema, and parses", () => {
    const known = new Set(Object.keys(EnvSchema.shape));
    for (const name of neospace) {
      const env = compose.services[name]?.environment ?? {};
      assert.deepEqual(Object.keys(env).filter((k) => !known.has(k)), [], name);
      assert.ok(Object.keys(env).length > 0, name);
      const concrete = { ...env, OPERATOR_TOKEN: "x".repeat(32) };
      assert.doesNotThrow(() => loadConfig(concrete), name);
    }
  });

  it("[DC2] runs MongoDB as a replica set, Redis, and two processes sharing both", () => {
    assert.match(JSON.stringify(compose.services.mongo?.command), /--replSet/);
    for (const name of ["neospace-1", "neospace-2"]) {
      const env = compose.services[name]?.environment ?? {};
      assert.match(env.MONGODB_URL ?? "", /^mongodb:\/\/mongo:27017\/.*replicaSet=/, name);
      assert.equal(env.REDIS_URL, "redis://redis:6379", name);
    }
    assert.notEqual(compose.services["neospace-1"]?.environment?.PORT, compose.services["neospace-2"]?.environment?.PORT);
  });
});
