import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { TestAccount } from "./accounts.ts";
import { ROOT, type TestServer } from "./server.ts";

/** `npm run admin -- grant <name>` against the running server's data folder. */
export function grantAdmin(server: TestServer, account: TestAccount): void {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/admin.ts"), "grant", account.username], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", DATA_DIR: server.dataDir, LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
}
