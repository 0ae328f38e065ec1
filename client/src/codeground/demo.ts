import { OCTANTS, type ViewerMood } from "#schema/codeground/sandbox.ts";
import "../zod-csp.ts";
import { ConsolePanel } from "./console-panel.ts";
import "./demo.css";
import { EXAMPLE_SCRIPTS } from "./examples.ts";
import { Sandbox } from "./sandbox-host.ts";

/**
 * /sandbox-demo.html: a bare host for the sandbox (tests and manual checks) until the
 * Codeground view exists. Mounts a Sandbox, a console panel, the example scripts and a
 * mood picker, exactly as a view would.
 */
const byId = <T extends HTMLElement>(id: string, type: new () => T): T => {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`#${id} is missing`);
  return el;
};

/** A representative PAD point per octant (signs of p, a, d). */
const OCTANT_MOODS: Record<(typeof OCTANTS)[number], ViewerMood> = {
  exuberant: { p: 0.8, a: 0.7, d: 0.6, octant: "exuberant" },
  dependent: { p: 0.6, a: 0.5, d: -0.6, octant: "dependent" },
  relaxed: { p: 0.7, a: -0.6, d: 0.5, octant: "relaxed" },
  docile: { p: 0.5, a: -0.5, d: -0.5, octant: "docile" },
  bored: { p: -0.6, a: -0.7, d: -0.5, octant: "bored" },
  disdainful: { p: -0.5, a: -0.4, d: 0.6, octant: "disdainful" },
  anxious: { p: -0.7, a: 0.7, d: -0.6, octant: "anxious" },
  hostile: { p: -0.8, a: 0.8, d: 0.7, octant: "hostile" },
};

const source = byId("source", HTMLTextAreaElement);
const examples = byId("example-select", HTMLSelectElement);
const moods = byId("mood-select", HTMLSelectElement);
const status = byId("status", HTMLSpanElement);
const pokes = byId("pokes", HTMLOutputElement);
const panel = new ConsolePanel(byId("console", HTMLDivElement));
const box = new Sandbox(byId("sandbox", HTMLDivElement), { mood: OCTANT_MOODS.relaxed, title: "Script output" });

for (const example of EXAMPLE_SCRIPTS) examples.add(new Option(example.title, example.id));
for (const octant of OCTANTS) moods.add(new Option(octant, octant, false, octant === "relaxed"));
source.value = EXAMPLE_SCRIPTS[0]?.source ?? "";

examples.addEventListener("change", () => {
  source.value = EXAMPLE_SCRIPTS.find((e) => e.id === examples.value)?.source ?? "";
});
moods.addEventListener("change", () => box.setMood(OCTANT_MOODS[moods.value as keyof typeof OCTANT_MOODS]));
byId("run", HTMLButtonElement).addEventListener("click", () => {
  panel.clear();
  box.run(source.value);
});
byId("stop", HTMLButtonElement).addEventListener("click", () => box.stop());
byId("poke", HTMLButtonElement).addEventListener("click", () => {
  pokes.value = String(Number(pokes.value) + 1);
});
box.onConsole((lines) => panel.append(lines));
box.onStatus((s) => {
  status.textContent = s.kind;
  status.dataset.state = s.kind === "ended" ? `ended:${s.reason}` : s.kind;
});
box.onFirstFrame(() => {
  status.dataset.frames = "drawn";
});
