/**
 * npm run admin -- grant <username>
 * npm run admin -- revoke <username>   (back to "user")
 *
 * The first admin comes from here, never from the web: it needs shell access to the
 * machine and its configuration (DATA_DIR or MONGODB_URL). The change is audited, and
 * the user's live sessions take the new role at once.
 */
import pino from "pino";
import { AuditLog } from "../server/auth/audit.ts";
import { DEFAULT_SESSION_POLICY, SessionService } from "../server/auth/sessions.ts";
import type { Role } from "../server/auth/types.ts";
import { loadConfig } from "../server/config.ts";
import { REDACT_PATHS } from "../server/core/logger.ts";
import { openStore } from "../server/store/index.ts";
import { UserRepository } from "../server/store/repositories/users.ts";
import { usernameKey } from "../schema/rules/username.ts";

const USAGE = "usage: npm run admin -- grant <username> | revoke <username>";

async function main(): Promise<number> {
  const [command, username] = process.argv.slice(2);
  if ((command !== "grant" && command !== "revoke") || !username) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig(process.env);
  const logger = pino({ level: config.logLevel, redact: REDACT_PATHS }, pino.destination(2));
  const store = await openStore({ mongodbUrl: config.mongodbUrl, dataDir: config.dataDir, logger });
  try {
    const users = new UserRepository(store);
    const user = await users.findByUsernameKey(usernameKey(username));
    if (!user) {
      console.error(`no user named ${JSON.stringify(username)}`);
      return 1;
    }
    const role: Role = command === "grant" ? "admin" : "user";
    await users.setRole(user._id, role);
    await new SessionService(store, DEFAULT_SESSION_POLICY, Date.now).setRole(user._id, role);
    await new AuditLog(store, Date.now).record({
      actorId: "cli",
      actorName: `cli:${process.env.USER ?? "unknown"}`,
      action: "grant-admin",
      targetId: user._id,
      targetName: user.username,
      reason: `npm run admin -- ${command}`,
      details: { from: user.role, to: role },
    });
    console.log(JSON.stringify({ username: user.username, from: user.role, to: role }));
    return 0;
  } finally {
    await store.close();
  }
}

process.exitCode = await main();
