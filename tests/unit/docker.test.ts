import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { EnvSchema, loadConfig } from "../../server/config.ts";
import { healthRoutes } from "../../server/http/routes/health.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name: string | undefined;
  steps: Instruction[];
}

/** A small Dockerfile reader: joins `\` continuations, drops comments, splits into stages. */
function readDockerfile(text: string): { args: Instruction[]; stages: Stage[] } {
  const lines = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const args: Instruction[] = [];
  const stages: Stage[] = [];
  for (const line of lines) {
    const [op = "", ...rest] = line.split(/\s+/);
    const step = { op: op.toUpperCase(), args: rest.join(" ") };
    if (step.op === "FROM") {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(step.args);
      stages.push({ from: m?.[1] ?? "", name: m?.[2], steps: [] });
    } else if (stages.length === 0) args.push(step);
    else stages.at(-1)?.steps.push(step);
  }
  return { args, stages };
}

const execForm = (args: string): string[] => JSON.parse(args.replace(/^(--\S+\s+)*(CMD\s+)?/, "")) as string[];

describe("Dockerfile", () => {
  const { args, stages } = readDockerfile(readFileSync(path.join(ROOT, "Dockerfile"), "utf8"));
  const runtime = stages.at(-1) as Stage;
  const build = stages.find((s) => s.name === "build") as Stage;
  const stepsOf = (stage: Stage, op: string) => stage.steps.filter((s) => s.op === op).map((s) => s.args);

  it("[DK1] is multi-stage: dependencies and the client are built once in a build stage, dev dependencies pruned", () => {
    assert.ok(stages.length >= 2 && build, "a build stage and a runtime stage");
    const runs = stepsOf(build, "RUN").join("\n");
    assert.match(runs, /npm ci\b/);
    assert.match(runs, /vite build --config client\/vite\.config\.ts --outDir dist\/client/);
    assert.match(runs, /npm prune --omit=dev/);
    assert.deepEqual(stepsOf(runtime, "RUN").filter((r) => /npm|vite/.test(r)), [], "nothing installs or builds at runtime");
    const copies = stepsOf(runtime, "COPY").join("\n");
    assert.match(copies, /--from=build .*\/app\/node_modules/);
    assert.match(copies, /--from=build .*\/app\/dist\/client/);
  });

  it("[DK2] copies every folder the server imports at run time (package.json imports, maps)", () => {
    const copies = stepsOf(runtime, "COPY").join("\n");
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { imports: Record<string, string> };
    for (const target of Object.values(pkg.imports)) {
      const folder = target.replace(/^\.\//, "").split("/")[0] as string;
      assert.match(copies, new RegExp(`\\b${folder}\\b`), folder);
    }
    assert.match(copies, /package\.json/);
    assert.match(copies, /\bscripts\b/, "migrate and healthcheck scripts");
  });

  it("[DK3] runs as a non-root user, Node as PID 1 in exec form (SIGTERM reaches it), no npm wrapper", () => {
    const users = stepsOf(runtime, "USER");
    assert.ok(users.length > 0 && !["root", "0"].includes(users.at(-1) as string), `USER ${users.at(-1)}`);
    const cmd = execForm(stepsOf(runtime, "CMD").at(-1) ?? "");
    assert.deepEqual(cmd, ["node", "--import", "tsx", "server/main.ts"]);
    assert.deepEqual(stepsOf(runtime, "ENTRYPOINT"), [], "no shell or npm entrypoint in front of node");
  });

  it("[DK4] HEALTHCHECK probes /readyz on the configured port, and the route exists", () => {
    const health = stepsOf(runtime, "HEALTHCHECK").at(-1) ?? "";
    assert.deepEqual(execForm(health.replace(/^.*?CMD\s+/, "")), ["node", "scripts/healthcheck.mjs"]);
    const script = readFileSync(path.join(ROOT, "scripts/healthcheck.mjs"), "utf8");
    assert.match(script, /process\.env\.PORT \?\? "2567"/);
    assert.match(script, /\/readyz/);
    const paths = healthRoutes(async () => ({ ready: true, checks: {} }) as never).map((r) => r.path);
    assert.ok(paths.includes("/readyz"), paths.join(","));
  });

  it("[DK5] its ENV names exist in the config, parse, and EXPOSE matches PORT", () => {
    const known = new Set(Object.keys(EnvSchema.shape).concat("NODE_ENV"));
    const env: Record<string, string> = {};
    for (const line of stepsOf(runtime, "ENV")) {
      for (const m of line.matchAll(/([A-Z_]+)=(\S+)/g)) env[m[1] as string] = m[2] as string;
    }
    assert.deepEqual(Object.keys(env).filter((k) => !known.has(k)), []);
    const config = loadConfig(env);
    assert.deepEqual(stepsOf(runtime, "EXPOSE"), [String(config.port)]);
    assert.equal(config.dataDir, "/data");
    assert.match(stepsOf(runtime, "RUN").join("\n"), /chown node:node \/data/, "the data folder is the user's");
  });

  it("[DK6] one Node major for both stages, from an ARG, on the libc the native modules are built against", () => {
    const major = args.find((a) => a.op === "ARG" && a.args.startsWith("NODE_MAJOR="))?.args.split("=")[1];
    assert.equal(major, "22");
    const arg = "$" + "{NODE_MAJOR}"; // the Dockerfile's own ${...}, not a template literal
    assert.deepEqual(stages.map((s) => s.from), [`node:${arg}-bookworm`, `node:${arg}-bookworm-slim`]);
    const ignored = readFileSync(path.join(ROOT, ".dockerignore"), "utf8").split("\n");
    for (const entry of ["node_modules", "dist", "data", ".git"]) assert.ok(ignored.includes(entry), `.dockerignore ${entry}`);
  });
});
