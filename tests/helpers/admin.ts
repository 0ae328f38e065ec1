import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import type { TestAccount } from "./accounts.ts";
import { ROOT, type TestServer } from "./server.ts";

/**
 * `npm run admin -- grant <name>` against the running server's data folder. Async, so
 * this process's event loop keeps running meanwhile: a blocking spawn left pooled
 * keep-alive sockets that the server closed meanwhile unnoticed, and the next fetch
 * failed with "other side closed" (seen on the ws transport under load).
 */
export async function grantAdmin(server: TestServer, account: TestAccount): Promise<void> {
  const args = ["--import", "tsx", path.join(ROOT, "scripts/admin.ts"), "grant", account.username];
  const env = { PATH: process.env.PATH ?? "", DATA_DIR: server.dataDir, LOG_LEVEL: "warn" };
  try {
    await promisify(execFile)(process.execPath, args, { cwd: ROOT, env, encoding: "utf8" });
  } catch (err) {
    assert.fail(`admin grant failed: ${(err as { stderr?: string }).stderr ?? String(err)}`);
  }
}
