/**
 * The DocStore contract: one set of cases, run against every engine this machine can
 * reach. sqlite always; mongo when MONGODB_URL is set, otherwise listed as pending with
 * the reason in its title (never reported as passed).
 */
import { batchCases } from "./cases/batch.ts";
import { crudCases } from "./cases/crud.ts";
import { durabilityCases, planCases } from "./cases/durability-plans.ts";
import { filterCases } from "./cases/filters.ts";
import { indexCases } from "./cases/indexes.ts";
import { sortPageCases } from "./cases/sort-page.ts";
import { updateCases } from "./cases/updates.ts";
import { binaryCases, notStorableCases } from "./cases/values.ts";
import { type ContractContext, type Engine, mongoEngine, sqliteEngine } from "./harness.ts";

const engines: Engine[] = [sqliteEngine(), mongoEngine(process.env.MONGODB_URL)];

for (const engine of engines) {
  const title = engine.skipReason ? `${engine.name} engine (skipped: ${engine.skipReason})` : `${engine.name} engine`;

  describe(title, function () {
    // Only the mongo engine talks to a network; sqlite cases take milliseconds.
    this.timeout(30_000);
    const ctx = { engine } as ContractContext;

    before(function () {
      if (engine.skipReason) this.skip();
    });
    beforeEach(async () => {
      ctx.store = await engine.fresh();
    });
    afterEach(async () => {
      await ctx.store?.close();
    });
    after(async () => {
      if (!engine.skipReason) await engine.teardown();
    });

    describe("documents", () => crudCases(ctx));
    describe("filters", () => filterCases(ctx));
    describe("sort, skip, limit, projection", () => sortPageCases(ctx));
    describe("update operators and upsert", () => updateCases(ctx));
    describe("indexes", () => indexCases(ctx));
    describe("batch atomicity", () => batchCases(ctx));
    describe("durability", () => durabilityCases(ctx));
    describe("query plans (pushdown)", () => planCases(ctx));
    describe("bytes and Dates", () => binaryCases(ctx));
    describe("values that are not storable", () => notStorableCases(ctx));
  });
}
