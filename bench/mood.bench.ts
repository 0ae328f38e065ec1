/**
 * npm run bench:mood — the PAD engine's trajectories for issue 12's scripted sequences
 * (one wave, three waves, a minute of laughing, crying every 4 s for 2 minutes, a
 * cheerful person laughing, an idle room for 10 minutes), 50 ms ticks of pure domain code
 * on a simulated clock. Prints a readable table per sequence (PAD and label every 10 s,
 * every label change, each target and whether the tuning meets it), then one JSON line,
 * also written to bench/results/. The unit tests (PAD10) assert the same targets.
 */
import { DEFAULT_SPEEDS, idleRoom, type Sample, SIM_TICK_MS, socialScenarios } from "../server/domain/pad/index.ts";
import { report, round } from "./lib/stats.ts";

const PRINT_EVERY_MS = 10_000;
const fmt = (x: number) => (x >= 0 ? " " : "") + x.toFixed(2);
const clock = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, "0")}`;
const out = (line: string) => process.stdout.write(`${line}\n`);

const started = performance.now();
const scenarios = socialScenarios();
const idle = idleRoom();
const simMs = performance.now() - started;

for (const s of scenarios) {
  out(`\n== ${s.name}: ${s.description}`);
  out("  time    P      A      D     label");
  // Until shortly after the last label change (the JSON has every sample).
  const until = Math.max(s.trajectory.lastEventAt, s.trajectory.changes.at(-1)?.t ?? 0) + 20_000;
  for (const x of s.trajectory.samples.filter((x: Sample) => x.t % PRINT_EVERY_MS === 0 && x.t <= until)) {
    out(`  ${clock(x.t).padStart(5)} ${fmt(x.p)}  ${fmt(x.a)}  ${fmt(x.d)}   ${x.label}`);
  }
  out(`  label changes: ${s.trajectory.changes.map((c) => `${clock(c.t)} ${c.label}`).join(" → ")}`);
  for (const t of s.targets) out(`  [${t.met ? "met" : "MISSED"}] ${t.statement}: ${typeof t.value === "number" ? round(t.value, 3) : t.value}`);
}
out(`\n== idle room: ${idle.description}`);
for (const p of idle.people) out(`  ${p.name.padEnd(16)} ${p.label.padEnd(20)} label changes ${p.changes}, felt ignored ${p.ignored}`);
for (const t of idle.targets) out(`  [${t.met ? "met" : "MISSED"}] ${t.statement}: ${t.value}`);
out("");

const allMet = [...scenarios.flatMap((s) => s.targets), ...idle.targets].every((t) => t.met);
report("mood", {
  tickMs: SIM_TICK_MS,
  speeds: DEFAULT_SPEEDS,
  simulatedMinutes: round(scenarios.reduce((n, s) => n + (s.trajectory.path.length * SIM_TICK_MS) / 60_000, 0) + 10),
  wallMs: round(simMs),
  allTargetsMet: allMet,
  scenarios: scenarios.map((s) => ({
    name: s.name,
    changes: s.trajectory.changes,
    samples: s.trajectory.samples.map((x) => ({ t: x.t, p: round(x.p, 3), a: round(x.a, 3), d: round(x.d, 3), label: x.label })),
    targets: s.targets.map((t) => ({ ...t, value: typeof t.value === "number" ? round(t.value, 3) : t.value })),
  })),
  idleRoom: idle,
});
if (!allMet) process.exitCode = 1;
