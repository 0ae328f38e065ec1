import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { testConfig } from "../../server/config.ts";
import { createLogger } from "../../server/core/logger.ts";
import { checkReadiness } from "../../server/readiness-check.ts";
import { openStore } from "../../server/store/index.ts";
import { prepareMigrations } from "../../server/store/prepare.ts";

describe("readiness", () => {
  const log = createLogger({ level: "silent" });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "neospace-ready-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("[RD1] ready with a live store, current migrations and a listening transport; not ready without each", async () => {
    const store = await openStore({ dataDir: dir, logger: log });
    const migrator = await prepareMigrations(store, testConfig({ migrateOnStart: true }), log);
    let listening = true;
    const check = () => checkReadiness({ store, migrator, transport: { name: "uws", up: () => listening } });
    assert.equal((await check()).ready, true);
    listening = false;
    const down = await check();
    assert.equal(down.ready, false);
    assert.equal(down.checks.transport.ok, false);
    listening = true;
    await store.close();
    const closed = await check();
    assert.equal(closed.ready, false, "a store that cannot answer makes the process not ready");
    assert.equal(closed.checks.store.ok, false);
    assert.ok(closed.checks.store.error);
  });

  it("[RD2] pending migrations make the process not ready", async () => {
    const store = await openStore({ dataDir: dir, logger: log });
    try {
      await assert.rejects(prepareMigrations(store, testConfig({ migrateOnStart: false }), log), /pending migrations/);
      const migrator = await prepareMigrations(store, testConfig({ migrateOnStart: true }), log);
      const r = await checkReadiness({ store, migrator, transport: { name: "ws", up: () => true } });
      assert.deepEqual(r.checks.migrations, { ok: true, pending: [] });
    } finally {
      await store.close();
    }
  });
});
