import assert from "node:assert/strict";
import type { Client } from "@colyseus/core";
import { CloseCode } from "../../schema/protocol.ts";
import { type SessionPolicy, SessionService } from "../../server/auth/sessions.ts";
import type { Actor, UserDoc } from "../../server/auth/types.ts";
import { createLogger } from "../../server/core/logger.ts";
import { VerdictCache } from "../../server/auth/verdict-cache.ts";
import { clientsNamedBy, reauthRound, refusalOf } from "../../server/rooms/session-watch.ts";
import { openSqliteStore } from "../../server/store/sqlite/store.ts";
import type { DocStore } from "../../server/store/types.ts";

const POLICY: SessionPolicy = { idleMs: 60_000, absoluteMs: 3_600_000, touchEveryMs: 1_000 };

function user(id: string, role: UserDoc["role"] = "user"): UserDoc {
  return { _id: id, username: id, usernameKey: id, displayName: id, passwordHash: "x", role, createdAt: 0, ban: null };
}

/** A room client as the re-auth round sees it: only `auth` and `sessionId` matter. */
function clientOf(actor: Actor): Client {
  const { sessionId, ...rest } = actor;
  return { sessionId: `s-${sessionId}`, auth: { ...rest, loginSessionId: sessionId } } as unknown as Client;
}

describe("re-auth rounds on a fake clock", () => {
  let store: DocStore;
  let now: number;
  let sessions: SessionService;
  const log = createLogger({ level: "silent" });

  beforeEach(() => {
    store = openSqliteStore({ file: ":memory:", logger: log });
    now = 1_000_000;
    sessions = new SessionService(store, POLICY, () => now);
  });
  afterEach(() => store.close());

  async function signedIn(id: string, role: UserDoc["role"] = "user"): Promise<Client> {
    const u = user(id, role);
    await store.collection<UserDoc>("users").insertOne(u);
    const { session } = await sessions.create(u, { ip: "127.0.0.1", userAgent: "test" });
    return clientOf({ userId: id, username: id, displayName: id, role, sessionId: session._id });
  }

  it("[RA1] keeps good sessions; drops revoked, banned, idle-expired and demoted ones with distinct codes", async () => {
    const good = await signedIn("good");
    const revoked = await signedIn("gone");
    const banned = await signedIn("banned");
    const demoted = await signedIn("mod", "moderator");
    await sessions.revoke((revoked.auth as { loginSessionId: string }).loginSessionId, "logout");
    await sessions.revokeAll("banned", "banned");
    await sessions.setRole("mod", "user");
    const first = await reauthRound([good, revoked, banned, demoted], sessions);
    assert.deepEqual(
      first.map((e) => [e.client, e.closeCode]),
      [
        [revoked, CloseCode.SESSION_REVOKED],
        [banned, CloseCode.BANNED],
        [demoted, CloseCode.ROLE_CHANGED],
      ],
    );
    now += POLICY.idleMs;
    const later = await reauthRound([good], sessions);
    assert.deepEqual(later.map((e) => e.closeCode), [CloseCode.SESSION_EXPIRED], "idle past the limit: expired at the next check");
  });

  it("[RA2] one round is one store query, whatever the number of clients", async () => {
    const clients = await Promise.all(Array.from({ length: 50 }, (_, i) => signedIn(`u${i}`)));
    const table = store.collection("sessions");
    const find = table.find.bind(table);
    let finds = 0;
    table.find = (...args: Parameters<typeof find>) => {
      finds++;
      return find(...args);
    };
    assert.deepEqual(await reauthRound(clients, sessions), []);
    assert.equal(finds, 1);
  });

  it("[RA3] kick orders name clients by user or by session; malformed orders are ignored", async () => {
    const a = await signedIn("a");
    const b = await signedIn("b");
    const byUser = clientsNamedBy({ userId: "a", closeCode: 4403, reason: "ban" }, [a, b], log);
    assert.deepEqual(byUser.map((e) => e.client), [a]);
    const bySession = clientsNamedBy({ sessionIds: [(b.auth as { loginSessionId: string }).loginSessionId], closeCode: 4401, reason: "x" }, [a, b], log);
    assert.deepEqual(bySession.map((e) => e.client), [b]);
    assert.deepEqual(clientsNamedBy({ userId: "a" }, [a, b], log), []);
    assert.deepEqual(clientsNamedBy("junk", [a, b], log), []);
  });

  it("[RA5] rounds read no session while none was written, and see a revocation, a ban, a demotion or an expiry at the very next round", async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, (_, i) => signedIn(`u${i}`, i === 7 ? "moderator" : "user")));
    const table = store.collection("sessions");
    const find = table.find.bind(table);
    let finds = 0;
    table.find = (...args: Parameters<typeof find>) => {
      finds++;
      return find(...args);
    };
    const round = async () => {
      const before = finds;
      const evicted = (await reauthRound(clients, sessions)).map((e) => [clients.indexOf(e.client), e.closeCode]);
      return { reads: finds - before, evicted };
    };
    assert.deepEqual(await round(), { reads: 1, evicted: [] });
    assert.deepEqual(await round(), { reads: 0, evicted: [] }, "nothing written since: nothing read");
    await sessions.revoke(((clients[3] as Client).auth as { loginSessionId: string }).loginSessionId, "logout");
    assert.deepEqual(await round(), { reads: 1, evicted: [[3, CloseCode.SESSION_REVOKED]] });
    await sessions.revokeAll("u5", "banned");
    assert.deepEqual((await round()).evicted, [[3, CloseCode.SESSION_REVOKED], [5, CloseCode.BANNED]]);
    await sessions.setRole("u7", "user");
    assert.deepEqual((await round()).evicted, [[3, CloseCode.SESSION_REVOKED], [5, CloseCode.BANNED], [7, CloseCode.ROLE_CHANGED]]);
    assert.deepEqual((await round()).reads, 0);
    now += POLICY.idleMs;
    const expired = await round();
    assert.equal(expired.reads, 0, "expiry is the clock's, read from what the round kept");
    assert.equal(expired.evicted.filter(([, code]) => code === CloseCode.SESSION_EXPIRED).length, 18, "all but the revoked and the banned (the demoted one expired too)");
  });

  it("[RA4] a seat whose valid session belongs to another user is evicted (forged reservation, issue 8 finding 1)", async () => {
    const victim = await signedIn("victim");
    const attacker = await signedIn("attacker");
    const attackerSession = (attacker.auth as { loginSessionId: string }).loginSessionId;
    // A forged seat: the victim's identity on the attacker's (perfectly valid) session.
    const forged = clientOf({ userId: "victim", username: "victim", displayName: "victim", role: "user", sessionId: attackerSession });
    const evictions = await reauthRound([victim, attacker, forged], sessions);
    assert.deepEqual(evictions.map((e) => [e.client, e.closeCode, e.reason]), [[forged, CloseCode.SESSION_REVOKED, "session belongs to another user"]]);
    const check = await sessions.checkOf(attackerSession);
    assert.equal(refusalOf({ userId: "victim", role: "user" }, check)?.closeCode, CloseCode.SESSION_REVOKED, "reconnection uses the same rule");
    assert.equal(refusalOf({ userId: "attacker", role: "user" }, check), null);
  });

  it("[RA6] a read the cache was cleared under still answers every id it was asked, and keeps nothing under the new stamp", async () => {
    const cache = new VerdictCache<{ _id: string; v: number }>();
    const loads: string[][] = [];
    const load = async (ids: string[]) => {
      loads.push(ids);
      return ids.filter((id) => id !== "gone").map((id) => ({ _id: id, v: 1 }));
    };
    await cache.read(["a", "b"], "s1", load);
    let release: () => void = () => {};
    const slow = cache.read(["a", "b", "c", "gone"], "s1", async (ids) => {
      await new Promise<void>((r) => {
        release = r;
      });
      return load(ids);
    });
    await cache.read(["a"], "s2", load); // a write moved the stamp: the cache is cleared and refilled
    release();
    const answered = await slow;
    assert.deepEqual(["a", "b", "c", "gone"].map((id) => answered.get(id)?.v ?? answered.get(id)), [1, 1, 1, null], "a and b from before the clear; gone is known missing");
    loads.length = 0;
    await cache.read(["c"], "s2", load);
    assert.deepEqual(loads, [["c"]], "what was read under s1 is not kept under s2");
    loads.length = 0;
    const kept = await cache.read(["a", "c"], "s2", load);
    assert.deepEqual(loads, [], "nothing written since: nothing read");
    assert.equal(kept.get("a")?.v, 1);
  });
});
