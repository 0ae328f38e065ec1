import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestServer } from "../helpers/server.ts";

/** Start-up failures: clear, structured, non-zero, and never a half-running server. */
describe("start-up failures", function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), "neospace-start-"));
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("[ST1] a corrupt SQLite file: exit 1 with an error naming the file", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "neospace.db"), "this is not a database, just garbage bytes ".repeat(200));
    const server = await startTestServer({ dataDir: dir, expectFailure: true });
    assert.equal(await server.exit, 1);
    const fatal = server.logs.find((l) => l.includes('"level":60'));
    assert.ok(fatal, "a fatal log line");
    assert.match(fatal, /neospace\.db/);
  });

  it("[ST2] an unreachable MongoDB: exit 1 naming the URL without its password", async () => {
    const server = await startTestServer({
      env: { MONGODB_URL: "mongodb://neo:s3cr3t-pw@127.0.0.1:9/neospace?serverSelectionTimeoutMS=1500" },
      expectFailure: true,
    });
    assert.equal(await server.exit, 1);
    const all = server.logs.join("\n");
    assert.ok(!all.includes("s3cr3t-pw"), "the password never reaches the logs");
    assert.match(all, /127\.0\.0\.1:9/);
  });

  it("[ST3] bad configuration: exit 2 listing every problem", async () => {
    const server = await startTestServer({ env: { TRANSPORT: "pigeon", BODY_LIMIT_BYTES: "-1" }, expectFailure: true });
    assert.equal(await server.exit, 2);
    const all = server.logs.join("\n");
    assert.match(all, /TRANSPORT/);
    assert.match(all, /BODY_LIMIT_BYTES/);
  });

  it("[ST4] pending migrations with MIGRATE_ON_START=false: exit 1 naming them", async () => {
    const server = await startTestServer({ env: { MIGRATE_ON_START: "false" }, expectFailure: true });
    assert.equal(await server.exit, 1);
    assert.match(server.logs.join("\n"), /pending migrations: 0001-users, 0002-sessions, 0003-posts, 0004-audit, 0005-social/);
  });
});
