/**
 * `npm run spec:ids`: lists what tests/unit/spec-ids.test.ts would refuse. With `--write`,
 * adds a definition line to docs/SPEC.md for every test id of a family defined there that
 * has none yet (the line is the first test's title: edit it into a rule if it reads badly).
 * Families defined in their own doc (MOOD.md, SONG.md) are never written: write the rule.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  badDefinitions,
  byId,
  definitionLine,
  duplicateIds,
  readRegistry,
  ROOT,
  SPEC_DOC,
  type TestSite,
  uncoveredIds,
  undefinedIds,
  unknownFamilies,
} from "../tests/helpers/spec-ids.ts";

const registry = readRegistry();

if (process.argv.includes("--write")) {
  const defined = new Set(registry.definitions.map((d) => d.id));
  const own = new Set(registry.families.filter((f) => f.doc === SPEC_DOC).map((f) => f.prefix));
  const missing = new Map<string, TestSite>();
  for (const s of registry.sites) if (own.has(s.prefix) && !defined.has(s.id) && !missing.has(s.id)) missing.set(s.id, s);
  const file = path.join(ROOT, SPEC_DOC);
  writeFileSync(file, addDefinitions(readFileSync(file, "utf8"), [...missing.values()]));
  console.log(`${SPEC_DOC}: ${missing.size} definition line(s) added`);
}

const after = readRegistry();
const problems = [
  ...after.malformed.map((m) => `${m.label} at ${m.file}:${m.line} is not [PREFIX<number>] or [PREFIX<number>-variant]`),
  ...unknownFamilies(after),
  ...duplicateIds(after),
  ...badDefinitions(after),
  ...undefinedIds(after),
  ...uncoveredIds(after),
];
for (const p of problems) console.log(p);
console.log(problems.length === 0 ? "spec ids: all defined, unique and covered" : `spec ids: ${problems.length} problem(s)`);
process.exitCode = problems.length === 0 ? 0 : 1;

/** Inserts each line at the end of its family's `## PREFIX` section, in id order. */
function addDefinitions(doc: string, sites: TestSite[]): string {
  const lines = doc.split("\n");
  for (const site of [...sites].sort((a, b) => byId(b.id, a.id))) {
    const heading = lines.findIndex((l) => new RegExp(`^## ${site.prefix}\\b`).test(l));
    if (heading < 0) throw new Error(`${SPEC_DOC} has no "## ${site.prefix}" section for [${site.id}]`);
    let at = heading + 1;
    while (at < lines.length && !lines[at]!.startsWith("## ")) at++;
    while (at > heading + 1 && lines[at - 1]!.trim() === "") at--;
    // keep the section in id order: step back over definitions with a later id
    while (at > heading + 1 && laterDefinition(lines[at - 1]!, site.id)) at--;
    if (at === heading + 1) lines.splice(at, 0, "", definitionLine(site));
    else lines.splice(at, 0, definitionLine(site));
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function laterDefinition(line: string, id: string): boolean {
  const m = /^- \*\*\[([A-Z]+\d+)\]\*\*/.exec(line);
  return m !== null && byId(m[1]!, id) > 0;
}
