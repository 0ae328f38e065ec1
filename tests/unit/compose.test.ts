import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { EnvSchema } from "../../server/config.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

interface Compose {
  services: Record<string, { environment?: Record<string, string>; depends_on?: unknown; command?: unknown }>;
}

describe("docker-compose.yml", () => {
  const compose = parse(readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8")) as Compose;

  it("[DC1] every variable it sets for NeoSpace exists in the config schema", () => {
    const env = compose.services.neospace?.environment ?? {};
    const known = new Set(Object.keys(EnvSchema.shape));
    const unknown = Object.keys(env).filter((k) => !known.has(k));
    assert.deepEqual(unknown, []);
    assert.ok(Object.keys(env).length > 0);
  });

  it("[DC2] runs MongoDB as a replica set and points NeoSpace at it", () => {
    assert.match(JSON.stringify(compose.services.mongo?.command), /--replSet/);
    assert.match(compose.services.neospace?.environment?.MONGODB_URL ?? "", /^mongodb:\/\/mongo:27017\/.*replicaSet=/);
  });
});
