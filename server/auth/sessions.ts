import { wellFormed } from "#schema/rules/text.ts";
import { Sessions } from "../store/collections.ts";
import { UserRepository } from "../store/repositories/users.ts";
import { VerdictCache } from "./verdict-cache.ts";
import type { Collection, DocStore } from "../store/types.ts";
import { type SessionTimes, sessionVerdict, type Verdict } from "./session-verdict.ts";
import { hashToken, looksLikeToken, newId, newToken } from "./tokens.ts";
import type { Actor, RevokeReason, Role, SessionDoc, UserDoc } from "./types.ts";

export interface SessionPolicy extends SessionTimes {
  /** Absolute lifetime of a session (ms). */
  absoluteMs: number;
  /** lastSeenAt is written at most this often, so busy sessions do not write on every request (ms). */
  touchEveryMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 7 * 24 * 3600_000,
  absoluteMs: 30 * 24 * 3600_000,
  touchEveryMs: 60_000,
};

/** What a room learns about one of its clients' sessions in a re-auth round. */
export interface SessionCheck {
  verdict: Verdict;
  role: Role | undefined;
  /** The session's owner; undefined when the session does not exist. */
  userId: string | undefined;
}

/** A verdict's fields, and the owner and role a re-auth round compares with the seat's. */
const VERDICT_FIELDS = { userId: 1, role: 1, expiresAt: 1, lastSeenAt: 1, revokedAt: 1, revokedReason: 1 } as const satisfies Partial<Record<keyof SessionDoc, 1>>;

export interface NewSession {
  token: string;
  session: SessionDoc;
}

/** Sessions: opaque tokens stored as hashes, idle and absolute expiry, revocation. */
export class SessionService {
  readonly #sessions: Collection<SessionDoc>;
  readonly #users: UserRepository;
  /** What the last rounds read, while no session was written (verdict-cache.ts). */
  readonly #verdictDocs = new VerdictCache<SessionDoc>();

  constructor(
    store: DocStore,
    readonly policy: SessionPolicy,
    private readonly now: () => number,
  ) {
    this.#sessions = Sessions.in(store);
    this.#users = new UserRepository(store);
  }

  async create(user: UserDoc, meta: { userAgent: string; ip: string }): Promise<NewSession> {
    const now = this.now();
    const token = newToken();
    const session: SessionDoc = {
      _id: newId(),
      tokenHash: hashToken(token),
      userId: user._id,
      role: user.role,
      csrfToken: newToken(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.policy.absoluteMs,
      revokedAt: null,
      revokedReason: null,
      userAgent: meta.userAgent.slice(0, 200),
      ip: meta.ip,
    };
    await this.#sessions.insertOne(session);
    return { token, session };
  }

  /** The actor behind a token, or null when it is unknown, revoked, expired or its user is gone. */
  async resolve(token: string): Promise<{ actor: Actor; session: SessionDoc } | null> {
    if (!looksLikeToken(token)) return null;
    const session = await this.#sessions.findOne({ tokenHash: hashToken(token) });
    const now = this.now();
    if (!sessionVerdict(session, now, this.policy).ok || !session) return null;
    const user = await this.#users.findById(session.userId);
    if (!user) return null;
    if (now - session.lastSeenAt >= this.policy.touchEveryMs) {
      await this.#sessions.updateOne({ _id: session._id }, { $set: { lastSeenAt: now } });
    }
    return { actor: sessionActor(user, session), session };
  }

  /**
   * One query for a room's whole re-auth round: `each(i, check)` with the i-th session's
   * verdict, current role and owner. Callers must compare `userId` with the user they
   * seated: a valid session of someone else proves nothing about this client. One check
   * object is reused for every call (read it there, do not keep it), so a round that reads
   * nothing new makes no object per client. An id the read could not answer (the cache was
   * cleared under it by a concurrent write) is left out: it is judged next round.
   */
  async eachCheck(sessionIds: readonly string[], each: (i: number, check: Readonly<SessionCheck>) => void): Promise<void> {
    // Only what a verdict reads: every seated client's session is read each round, and the
    // rest of a session (token hash, CSRF token, user agent) was most of an idle server's
    // garbage. SQLite reads these fields in SQL (engine.ts, selectFields), Mongo on its side.
    const stamp = this.#sessions.changeStamp?.();
    const byId = await this.#verdictDocs.read(sessionIds, stamp, (ids) => this.#sessions.find({ _id: { $in: ids } }, { projection: VERDICT_FIELDS }));
    const now = this.now();
    const check: SessionCheck = { verdict: sessionVerdict(null, now, this.policy), role: undefined, userId: undefined };
    sessionIds.forEach((id, i) => {
      const s = byId.get(id);
      if (s === undefined) return;
      check.verdict = sessionVerdict(s, now, this.policy);
      check.role = s?.role;
      check.userId = s?.userId;
      each(i, check);
    });
  }

  /** The verdict, role and owner of one session (reconnections). */
  async checkOf(sessionId: string): Promise<SessionCheck> {
    let out: SessionCheck | undefined;
    await this.eachCheck([sessionId], (_i, check) => {
      out = { ...check };
    });
    // Unanswered only if a concurrent write cleared the cache under the read: refuse, safely.
    return out ?? { verdict: sessionVerdict(null, this.now(), this.policy), role: undefined, userId: undefined };
  }

  async byId(sessionId: string): Promise<SessionDoc | null> {
    return this.#sessions.findOne({ _id: sessionId });
  }

  async listActive(userId: string): Promise<SessionDoc[]> {
    const all = await this.#sessions.find({ userId, revokedAt: null }, { sort: { lastSeenAt: -1 }, limit: 100 });
    const now = this.now();
    return all.filter((s) => sessionVerdict(s, now, this.policy).ok);
  }

  async revoke(sessionId: string, reason: RevokeReason): Promise<boolean> {
    const r = await this.#sessions.updateOne(
      { _id: sessionId, revokedAt: null },
      { $set: { revokedAt: this.now(), revokedReason: reason } },
    );
    return r.modifiedCount > 0;
  }

  /** Revokes every live session of a user, optionally keeping one; returns the ids revoked. */
  async revokeAll(userId: string, reason: RevokeReason, keepSessionId?: string): Promise<string[]> {
    const live = await this.#sessions.find({ userId, revokedAt: null }, { projection: { _id: 1 } });
    const ids = live.map((s) => s._id).filter((id) => id !== keepSessionId);
    if (ids.length > 0) {
      await this.#sessions.updateMany({ _id: { $in: ids } }, { $set: { revokedAt: this.now(), revokedReason: reason } });
    }
    return ids;
  }

  async setRole(userId: string, role: Role): Promise<void> {
    await this.#sessions.updateMany({ userId, revokedAt: null }, { $set: { role } });
  }
}

/** The Actor a signed-in session stands for (HTTP reads it with `actorOf(ctx)`, rooms with `actorOfClient`). */
export function sessionActor(user: UserDoc, session: SessionDoc): Actor {
  return {
    userId: user._id,
    username: user.username,
    // Rooms put it into their state, where a lone surrogate breaks every patch (wellFormed).
    displayName: wellFormed(user.displayName),
    role: user.role,
    sessionId: session._id,
  };
}
