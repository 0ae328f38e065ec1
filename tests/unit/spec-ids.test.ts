import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import {
  badDefinitions,
  duplicateIds,
  readRegistry,
  ROOT,
  type Registry,
  uncoveredIds,
  undefinedIds,
  unknownFamilies,
} from "../helpers/spec-ids.ts";

/** docs/SPEC.md: every test id is well-formed, unique, defined by a spec line, and every spec line is tested. */
describe("spec ids (docs/SPEC.md)", () => {
  let registry: Registry;
  before(() => {
    registry = readRegistry();
  });
  const fix = "\n(npm run spec:ids lists these; `-- --write` adds lines for families defined in docs/SPEC.md)";

  it("[SPEC1] every test id is [PREFIX<n>] or [PREFIX<n>-variant] of a family in the table", () => {
    assert.ok(registry.sites.length > 300, `only ${registry.sites.length} ids found: is the scan broken?`);
    for (const f of registry.families) assert.ok(existsSync(path.join(ROOT, f.doc)), `${f.prefix}: ${f.doc} does not exist`);
    const malformed = registry.malformed.map((m) => `${m.label} at ${m.file}:${m.line}`);
    assert.deepEqual([...malformed, ...unknownFamilies(registry)], [], fix);
  });

  it("[SPEC2] an id of a tests family is carried by one it() only, variants aside", () => {
    assert.deepEqual(duplicateIds(registry), [], fix);
  });

  it("[SPEC3] every test id is defined in its family's doc, once", () => {
    assert.deepEqual([...badDefinitions(registry), ...undefinedIds(registry)], [], fix);
  });

  it("[SPEC4] every defined id is carried by at least one test", () => {
    assert.deepEqual(uncoveredIds(registry), [], fix);
  });
});
