import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { EnvSchema, loadConfig } from "../../server/config.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  command?: unknown;
  ports?: string[];
  init?: boolean;
}
interface Compose {
  services: Record<string, Service>;
}

/** What `docker compose` makes of `${NAME:-default}` and `${NAME:?message}` with these variables set. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)(:-([^}]*)|:\?([^}]*))?\}/g, (_, name: string, _op, fallback?: string, required?: string) => {
    const set = vars[name];
    if (set !== undefined && set !== "") return set;
    if (required !== undefined) throw new Error(`${name} is required: ${required}`);
    return fallback ?? "";
  });
}

const VARS = { OPERATOR_TOKEN: "x".repeat(32) };
const concrete = (env: Record<string, string>) => Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v, VARS)]));

describe("docker-compose.yml", () => {
  const compose = parse(readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8"), { merge: true }) as Compose;
  const caddyfile = readFileSync(path.join(ROOT, "deploy/Caddyfile"), "utf8");
  const processes = ["neospace-1", "neospace-2"];
  const neospace = [...processes, "migrate"];
  const envOf = (name: string) => concrete(compose.services[name]?.environment ?? {});

  it("[DC1] every variable it sets for NeoSpace exists in the config schema, and parses", () => {
    const known = new Set(Object.keys(EnvSchema.shape));
    for (const name of neospace) {
      const env = envOf(name);
      assert.deepEqual(Object.keys(env).filter((k) => !known.has(k)), [], name);
      assert.ok(Object.keys(env).length > 0, name);
      assert.doesNotThrow(() => loadConfig(env), name);
    }
    assert.throws(() => interpolate(compose.services["neospace-1"]?.environment?.OPERATOR_TOKEN ?? "", {}), /required/);
  });

  it("[DC2] runs MongoDB as a replica set, Redis, and two processes sharing both", () => {
    assert.match(JSON.stringify(compose.services.mongo?.command), /--replSet/);
    for (const name of processes) {
      const env = envOf(name);
      assert.match(env.MONGODB_URL ?? "", /^mongodb:\/\/mongo:27017\/.*replicaSet=/, name);
      assert.equal(env.REDIS_URL, "redis://redis:6379", name);
      assert.equal(loadConfig(env).migrateOnStart, false, `${name}: the migrate job runs them once`);
    }
    assert.notEqual(envOf("neospace-1").PORT, envOf("neospace-2").PORT);
  });

  it("[DC3] the processes run the built image (no source mount, no npm at boot), with an init for signals", () => {
    for (const name of neospace) {
      const service = compose.services[name] as Service;
      assert.equal(service.image, "neospace:latest", name);
      assert.equal(service.build, ".", name);
      assert.equal(service.init, true, name);
      assert.ok(!JSON.stringify(service).includes("npm"), `${name} must not run npm`);
      assert.ok(!JSON.stringify(service).includes(".:/app"), `${name} must not mount the source`);
    }
    assert.deepEqual(compose.services.migrate?.command, ["node", "--import", "tsx", "scripts/migrate.ts", "up"]);
    for (const name of processes) assert.equal(compose.services[name]?.depends_on?.migrate?.condition, "service_completed_successfully");
  });

  it("[DC4] one proxy publishes ports, routes each process's PUBLIC_ADDRESS path to that process, and the processes trust one hop", () => {
    const published = Object.entries(compose.services).filter(([, s]) => (s.ports ?? []).length > 0).map(([n]) => n);
    assert.deepEqual(published, ["proxy"]);
    assert.match(compose.services.proxy?.image ?? "", /^caddy:/);
    assert.ok(compose.services.proxy?.ports?.includes("443:443"));
    for (const name of processes) {
      const env = envOf(name);
      const config = loadConfig(env);
      assert.equal(env.TRUST_PROXY, "1", `${name}: exactly one proxy in front`);
      const prefix = /^[^/]+(\/p\d+)$/.exec(config.publicAddress ?? "")?.[1];
      assert.ok(prefix, `${name}: PUBLIC_ADDRESS is <site>/p<n>, got ${config.publicAddress}`);
      const route = new RegExp(`handle_path ${prefix}/\\* \\{\\s*reverse_proxy ${name}:(\\d+)\\s*\\}`).exec(caddyfile);
      assert.ok(route, `Caddyfile routes ${prefix}/* to ${name}`);
      assert.equal(Number(route[1]), config.port, `${name}: the proxy targets the port it listens on`);
      assert.ok(caddyfile.includes(`${name}:${config.port}`), name);
      assert.ok(config.allowedOrigins.every((o) => o.startsWith("https://")), "browsers come through TLS");
    }
    assert.match(caddyfile, /health_uri \/readyz/);
  });
});
