import assert from "node:assert/strict";
import { AccountService } from "../../server/auth/accounts.ts";
import { LoginThrottle } from "../../server/auth/login-throttle.ts";
import { createAuthServices, hashConcurrency, passwordPolicy } from "../../server/auth/services.ts";
import type { UserDoc } from "../../server/auth/types.ts";
import { testConfig } from "../../server/config.ts";
import { DomainError } from "../../server/core/errors.ts";
import { HashQueue } from "../../server/core/hash-queue.ts";
import { createLogger } from "../../server/core/logger.ts";
import { createMetrics } from "../../server/core/metrics.ts";
import { OperatorGuard } from "../../server/core/operator.ts";
import { type Argon2Params, hashParams, hashPassword, type ScryptParams, verifyPassword } from "../../server/core/passwords.ts";
import { ColyseusBridge } from "../../server/http/colyseus-bridge.ts";
import { createGateway } from "../../server/http/gateway.ts";
import { RateLimits } from "../../server/http/rate-limits.ts";
import { Router } from "../../server/http/router.ts";
import { allRoutes } from "../../server/http/routes/index.ts";
import { StaticFiles } from "../../server/http/static-files.ts";
import { createSongServices } from "../../server/song/services.ts";
import { createSocialServices } from "../../server/social/services.ts";
import { SocialNotifier } from "../../server/social/notifier.ts";
import { createCodegroundServices } from "../../server/codeground/services.ts";
import { createMigrator } from "../../server/store/migrations/index.ts";
import { openSqliteStore } from "../../server/store/sqlite/store.ts";
import type { DocStore } from "../../server/store/types.ts";

const CHEAP_ARGON2: Argon2Params = { algorithm: "argon2id", memoryKiB: 1_024, time: 1, parallelism: 1 };
const LEGACY: ScryptParams = { algorithm: "scrypt", N: 2 ** 14, r: 8, p: 1 };
const PASSWORD = "correct horse battery staple";
const META = { ip: "192.0.2.7", userAgent: "test" };
const log = createLogger({ level: "silent" });

/** A task that holds its queue slot until `release()` is called. */
function held() {
  let release = () => {};
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { task: () => done, release };
}

async function migratedStore(): Promise<DocStore> {
  const store = openSqliteStore({ file: ":memory:", logger: log });
  await createMigrator(store, log).up();
  return store;
}

function accountsOn(store: DocStore, hashing: HashQueue) {
  const auth = createAuthServices(store, testConfig(), Date.now);
  const deps = { users: auth.users, sessions: auth.sessions, throttle: new LoginThrottle(), kicker: auth.kicker, now: Date.now };
  const accounts = new AccountService({ ...deps, password: CHEAP_ARGON2, hashing });
  return { auth: { ...auth, accounts }, accounts };
}

async function insertUser(store: DocStore, username: string, passwordHash: string): Promise<void> {
  const user: UserDoc = { _id: `id-${username}`, username, usernameKey: username, displayName: username, passwordHash, role: "user", createdAt: 0, ban: null };
  await store.collection<UserDoc>("users").insertOne(user);
}

describe("login queue and hash upgrade", () => {
  it("[LQ1] the hash queue runs at most `concurrency` at once, queues `maxWaiting`, and refuses the next with BUSY + Retry-After", async () => {
    const queue = new HashQueue({ concurrency: 1, maxWaiting: 1 });
    const first = held();
    const order: string[] = [];
    const a = queue.run(async () => {
      await first.task();
      order.push("a");
    });
    const b = queue.run(async () => {
      order.push("b");
    });
    assert.equal(queue.active, 1);
    assert.equal(queue.waiting, 1);
    const refused = await queue.run(async () => "c").catch((err: unknown) => err);
    assert.ok(refused instanceof DomainError, String(refused));
    assert.equal(refused.code, "BUSY");
    assert.equal(refused.status, 503);
    assert.ok(Number(refused.extra.headers?.["retry-after"]) >= 1, JSON.stringify(refused.extra));
    first.release();
    await Promise.all([a, b]);
    assert.deepEqual(order, ["a", "b"], "waiting tasks run in order once a slot frees");
    assert.equal(await queue.run(async () => "d"), "d", "accepts again once drained");
  });

  it("[LQ2] a sign-in while the hash queue is full is a 503 problem+json BUSY with Retry-After", async () => {
    const store = await migratedStore();
    const hashing = new HashQueue({ concurrency: 1, maxWaiting: 0 });
    const { auth } = accountsOn(store, hashing);
    const router = new Router();
    const social = createSocialServices(store, Date.now);
    const routes = allRoutes({
      auth,
      social,
      codeground: createCodegroundServices(store, new SocialNotifier(undefined), Date.now),
      songs: createSongServices(store, social, log, Date.now),
      operators: new OperatorGuard(undefined),
      metrics: createMetrics(() => store.poolStats()),
      readiness: async () => ({ ready: true }) as never,
    });
    for (const route of routes) router.add(route);
    const gateway = createGateway({
      config: testConfig(),
      log,
      metrics: createMetrics(() => store.poolStats()),
      router,
      colyseus: new ColyseusBridge(),
      staticFiles: new StaticFiles("/nonexistent"),
      operators: new OperatorGuard(undefined),
      sessions: auth.sessions,
      limiter: new RateLimits(),
    });
    const slot = held();
    const busy = hashing.run(slot.task);
    const res = await gateway({
      method: "POST",
      url: "/api/auth/login",
      headers: new Headers({ host: "localhost", "content-type": "application/json" }),
      remoteAddress: "192.0.2.8",
      body: Buffer.from(JSON.stringify({ username: "nobody", password: PASSWORD })),
      bodyTooLarge: false,
    });
    slot.release();
    await busy;
    assert.equal(res.status, 503);
    assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);
    assert.equal(JSON.parse(String(res.body)).code, "BUSY");
    assert.ok(Number(res.headers["retry-after"]) >= 1, JSON.stringify(res.headers));
    await store.close();
  });

  it("[LQ3] a legacy scrypt hash signs in, is re-hashed with the current argon2id setting, and still verifies", async () => {
    const store = await migratedStore();
    const { accounts } = accountsOn(store, new HashQueue({ concurrency: 2, maxWaiting: 8 }));
    await insertUser(store, "legacy", await hashPassword(PASSWORD, LEGACY));
    await accounts.login({ username: "legacy", password: PASSWORD }, META);
    const after = await store.collection<UserDoc>("users").findOne({ usernameKey: "legacy" });
    assert.deepEqual(hashParams(after?.passwordHash ?? ""), CHEAP_ARGON2, "stored hash now records argon2id and its cost");
    assert.equal(await verifyPassword(PASSWORD, after?.passwordHash ?? ""), true);
    await accounts.login({ username: "legacy", password: PASSWORD }, META);
    const again = await store.collection<UserDoc>("users").findOne({ usernameKey: "legacy" });
    assert.equal(again?.passwordHash, after?.passwordHash, "an up-to-date hash is left alone");
    await store.close();
  });

  it("[LQ4] a sign-in whose upgrade finds the queue full still succeeds and keeps the old hash for next time", async () => {
    /** Lets the verify through and refuses the re-hash, as a queue filled in between would. */
    class FullAfterVerify extends HashQueue {
      calls = 0;
      override async run<T>(task: () => Promise<T>): Promise<T> {
        this.calls++;
        if (this.calls === 2) throw new DomainError("BUSY", "full");
        return super.run(task);
      }
    }
    const store = await migratedStore();
    const hashing = new FullAfterVerify({ concurrency: 1, maxWaiting: 0 });
    const { accounts } = accountsOn(store, hashing);
    const legacy = await hashPassword(PASSWORD, LEGACY);
    await insertUser(store, "legacy2", legacy);
    const signedIn = await accounts.login({ username: "legacy2", password: PASSWORD }, META);
    assert.equal(signedIn.actor.username, "legacy2");
    assert.equal(hashing.calls, 2, "verify, then the refused upgrade");
    const after = await store.collection<UserDoc>("users").findOne({ usernameKey: "legacy2" });
    assert.equal(after?.passwordHash, legacy);
    await store.close();
  });

  it("[LQ5] config picks the policy and leaves a core to the event loop by default", () => {
    assert.deepEqual(passwordPolicy(testConfig()), { algorithm: "argon2id", memoryKiB: 19_456, time: 2, parallelism: 1 });
    assert.deepEqual(passwordPolicy(testConfig({ passwordHash: "scrypt", scryptLog2N: 15 })), { algorithm: "scrypt", N: 2 ** 15, r: 8, p: 3 });
    assert.equal(hashConcurrency(3), 3);
    assert.ok(hashConcurrency(0) >= 1);
  });
});
