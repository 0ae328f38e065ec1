import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The spec-id registry (docs/SPEC.md): which id families exist, where each family's ids
 * are defined, and which ids the tests carry. Read by tests/unit/spec-ids.test.ts (the
 * checks) and scripts/spec-ids.ts (prints, or writes, the definition lines a test needs).
 */

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const SPEC_DOC = "docs/SPEC.md";

/** `rules`: ids name spec rules; several tests may check one rule. `tests`: one it() per id. */
export type FamilyKind = "rules" | "tests";

export interface Family {
  prefix: string;
  /** Repository-relative path of the doc that defines the family's ids. */
  doc: string;
  kind: FamilyKind;
  area: string;
}

export interface Definition {
  id: string;
  doc: string;
  line: number;
  text: string;
}

/** One `it("[ID] ...")` call site (a loop that makes several tests is still one site). */
export interface TestSite {
  id: string;
  prefix: string;
  /** What follows the id inside the brackets, e.g. `-uws` or `-${transport}`; "" when none. */
  variant: string;
  title: string;
  file: string;
  line: number;
}

/** A bracket at the start of a test title that is not `[PREFIX<number>]` or `[PREFIX<number>-variant]`. */
export interface Malformed {
  label: string;
  file: string;
  line: number;
}

const FAMILY_ROW = /^\|\s*([A-Z]+)\s*\|\s*([^|]+?)\s*\|\s*(rules|tests)\s*\|\s*([^|]*?)\s*\|\s*$/;
const DEFINITION = /^\s*[-*] \*\*\[([A-Z]+\d+)\]\*\*\s*(.*)$/;
const TITLED_TEST = /\bit(?:\.only|\.skip)?\(\s*(["'`])\[([^\]\n]*)\](.*)/g;
const LABEL = /^([A-Z]+)(\d+)((?:-[^\]]*)?)$/;

export function readFamilies(root = ROOT): Family[] {
  const families: Family[] = [];
  for (const line of readFileSync(path.join(root, SPEC_DOC), "utf8").split("\n")) {
    const m = FAMILY_ROW.exec(line);
    if (m) families.push({ prefix: m[1]!, doc: m[2]!.replace(/`/g, ""), kind: m[3] as FamilyKind, area: m[4]! });
  }
  return families;
}

/** Every `- **[ID]** text` line in the given docs (outside fenced examples). */
export function readDefinitions(docs: readonly string[], root = ROOT): Definition[] {
  const found: Definition[] = [];
  for (const doc of new Set(docs)) {
    let fenced = false;
    readFileSync(path.join(root, doc), "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (line.trimStart().startsWith("```")) fenced = !fenced;
        const m = fenced ? null : DEFINITION.exec(line);
        if (m) found.push({ id: m[1]!, doc, line: i + 1, text: m[2]! });
      });
  }
  return found;
}

/** Every test file (and contract case file) under tests/, repository-relative. */
export function testFiles(root = ROOT): string[] {
  const files: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "helpers" && entry.name !== "artifacts") visit(rel);
      } else if (entry.name.endsWith(".ts")) files.push(rel);
    }
  };
  visit("tests");
  return files.sort();
}

export function scanTests(root = ROOT): { sites: TestSite[]; malformed: Malformed[] } {
  const sites: TestSite[] = [];
  const malformed: Malformed[] = [];
  for (const file of testFiles(root)) {
    const source = readFileSync(path.join(root, file), "utf8");
    for (const m of source.matchAll(TITLED_TEST)) {
      const line = source.slice(0, m.index).split("\n").length;
      const label = LABEL.exec(m[2]!);
      if (!label) {
        malformed.push({ label: `[${m[2]}]`, file, line });
        continue;
      }
      const title = titleOf(m[3]!, m[1]!);
      sites.push({ id: `${label[1]}${label[2]}`, prefix: label[1]!, variant: label[3]!, title, file, line });
    }
  }
  return { sites, malformed };
}

/** The rest of the title after the id, up to its closing quote, `${x}` shown as `<x>`. */
function titleOf(rest: string, quote: string): string {
  const end = rest.indexOf(quote);
  return (end < 0 ? rest : rest.slice(0, end)).replace(/\$\{([^}]*)\}/g, "<$1>").trim();
}

/** Natural order: SC2 before SC10. */
export function byId(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** The definition line a test family needs for an id, derived from its first test's title. */
export function definitionLine(site: TestSite): string {
  return `- **[${site.id}]** ${site.title}`;
}

export interface Registry {
  families: Family[];
  definitions: Definition[];
  sites: TestSite[];
  malformed: Malformed[];
}

export function readRegistry(root = ROOT): Registry {
  const families = readFamilies(root);
  const { sites, malformed } = scanTests(root);
  return { families, definitions: readDefinitions(families.map((f) => f.doc), root), sites, malformed };
}

const where = (s: { file: string; line: number } | Definition) => `${"doc" in s ? s.doc : s.file}:${s.line}`;

/** Test ids whose family is not in docs/SPEC.md's table. */
export function unknownFamilies(r: Registry): string[] {
  const known = new Set(r.families.map((f) => f.prefix));
  return r.sites.filter((s) => !known.has(s.prefix)).map((s) => `[${s.id}] at ${where(s)}: add a row for ${s.prefix} to ${SPEC_DOC}`);
}

/** Ids of a `tests` family carried by more than one it() (unless each site is a distinct variant). */
export function duplicateIds(r: Registry): string[] {
  const kindOf = new Map(r.families.map((f) => [f.prefix, f.kind]));
  const byIdSites = new Map<string, TestSite[]>();
  for (const s of r.sites) byIdSites.set(s.id, [...(byIdSites.get(s.id) ?? []), s]);
  const problems: string[] = [];
  for (const [id, sites] of byIdSites) {
    if (sites.length < 2 || kindOf.get(sites[0]!.prefix) === "rules") continue;
    const variants = sites.map((s) => s.variant);
    if (variants.every((v) => v !== "") && new Set(variants).size === variants.length) continue;
    problems.push(`[${id}] is carried by ${sites.length} tests: ${sites.map(where).join(", ")}`);
  }
  return problems;
}

/** Test ids that no spec line defines (in their family's doc). */
export function undefinedIds(r: Registry): string[] {
  const docOf = new Map(r.families.map((f) => [f.prefix, f.doc]));
  const defined = new Set(r.definitions.filter((d) => docOf.get(d.id.replace(/\d+$/, "")) === d.doc).map((d) => d.id));
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const s of r.sites) {
    const doc = docOf.get(s.prefix);
    if (!doc || defined.has(s.id) || seen.has(s.id)) continue;
    seen.add(s.id);
    problems.push(`[${s.id}] (${where(s)}) is not defined in ${doc}: add \`${definitionLine(s)}\``);
  }
  return problems;
}

/** Spec lines that define an id twice, or an id outside the families their doc holds. */
export function badDefinitions(r: Registry): string[] {
  const docOf = new Map(r.families.map((f) => [f.prefix, f.doc]));
  const problems: string[] = [];
  const first = new Map<string, Definition>();
  for (const d of r.definitions) {
    const prefix = d.id.replace(/\d+$/, "");
    const prior = first.get(d.id);
    if (prior) problems.push(`[${d.id}] is defined twice: ${where(prior)} and ${where(d)}`);
    else first.set(d.id, d);
    if (docOf.get(prefix) !== d.doc) problems.push(`[${d.id}] at ${where(d)}: family ${prefix} is defined in ${docOf.get(prefix) ?? "(no family row)"}`);
  }
  return problems;
}

/** Defined ids that no test carries. */
export function uncoveredIds(r: Registry): string[] {
  const carried = new Set(r.sites.map((s) => s.id));
  return r.definitions.filter((d) => !carried.has(d.id)).map((d) => `[${d.id}] (${where(d)}) has no test`);
}
