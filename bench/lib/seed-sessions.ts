/**
 * Accounts and signed-in bearer sessions written straight into a server's store, the way
 * `npm run admin` reaches a running server's data folder: no HTTP, no password hash per
 * account. For benches whose subject is what comes after sign-in (bench:churn), so
 * making thousands of sessions takes seconds and stays out of the measured window.
 * Every account shares one (cheap) password hash: nobody signs in with a password here.
 */
import pino from "pino";
import { DEFAULT_SESSION_POLICY, SessionService } from "../../server/auth/sessions.ts";
import { newId } from "../../server/auth/tokens.ts";
import type { UserDoc } from "../../server/auth/types.ts";
import { hashPassword } from "../../server/core/passwords.ts";
import { openStore } from "../../server/store/index.ts";
import { Users } from "../../server/store/collections.ts";
import { usernameKey } from "../../schema/rules/username.ts";
import { TEST_PASSWORD } from "../../tests/helpers/accounts.ts";

const BATCH = 500;

/** Creates `n` users with one bearer session each in `dataDir`'s store; returns the tokens. */
export async function seedSessions(dataDir: string, n: number, prefix = "churn"): Promise<string[]> {
  const store = await openStore({ dataDir, logger: pino({ level: "warn" }, pino.destination(2)) });
  try {
    const passwordHash = await hashPassword(TEST_PASSWORD, { algorithm: "argon2id", memoryKiB: 1024, time: 1, parallelism: 1 });
    const sessions = new SessionService(store, DEFAULT_SESSION_POLICY, Date.now);
    const users = Users.in(store);
    const tokens: string[] = [];
    for (let at = 0; at < n; at += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, n - at) }, (_, k) => userDoc(`${prefix}${at + k}`, passwordHash));
      await users.insertMany(batch);
      for (const user of batch) {
        tokens.push((await sessions.create(user, { userAgent: "bench", ip: "198.51.100.1" })).token);
      }
    }
    return tokens;
  } finally {
    await store.close();
  }
}

function userDoc(username: string, passwordHash: string): UserDoc {
  return {
    _id: newId(),
    username,
    usernameKey: usernameKey(username),
    displayName: username,
    passwordHash,
    role: "user",
    createdAt: Date.now(),
    ban: null,
  };
}
