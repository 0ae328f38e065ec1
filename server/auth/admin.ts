import { CloseCode, ErrorCode } from "#schema/protocol.ts";
import { usernameKey } from "#schema/rules/username.ts";
import { DomainError } from "../core/errors.ts";
import type { UserRepository } from "../store/repositories/users.ts";
import type { AuditLog } from "./audit.ts";
import type { Kicker } from "./kicker.ts";
import type { SessionService } from "./sessions.ts";
import { type Actor, type Role, roleRank, type SessionDoc, type UserDoc } from "./types.ts";

export interface AdminDeps {
  users: UserRepository;
  sessions: SessionService;
  audit: AuditLog;
  kicker: Kicker;
  now: () => number;
}

/** Moderation: bans, sessions, roles. Every action lands in the audit log. */
export class AdminService {
  readonly #users: UserRepository;

  constructor(private readonly deps: AdminDeps) {
    this.#users = deps.users;
  }

  async userNamed(username: string): Promise<UserDoc> {
    const user = await this.#users.findByUsernameKey(usernameKey(username));
    if (!user) throw new DomainError(ErrorCode.NOT_FOUND, "no such user");
    return user;
  }

  async ban(actor: Actor, username: string, reason: string, until: number | null): Promise<void> {
    // A ban that ended before it began would revoke every session and audit a ban, yet ban nobody.
    if (until !== null && until <= this.deps.now()) {
      const message = "a ban must end in the future (or be permanent: null)";
      throw new DomainError(ErrorCode.BAD_INPUT, message, { details: [{ path: "until", message }] });
    }
    const user = await this.userNamed(username);
    if (user._id === actor.userId) throw new DomainError(ErrorCode.FORBIDDEN, "you cannot ban yourself");
    if (roleRank(user.role) >= roleRank(actor.role)) {
      throw new DomainError(ErrorCode.FORBIDDEN, "you cannot ban someone of your rank or above");
    }
    const ban = { reason, until, by: actor.userId, byRole: actor.role, at: this.deps.now() };
    await this.#users.setBan(user._id, ban);
    await this.deps.sessions.revokeAll(user._id, "banned");
    this.deps.kicker.kick({ userId: user._id, closeCode: CloseCode.BANNED, reason: `banned: ${reason}` });
    await this.#audit(actor, "ban", user, reason, { until });
  }

  /** Lifting a ban needs at least the banner's rank: a moderator cannot undo an admin's ban. */
  async unban(actor: Actor, username: string, reason: string): Promise<void> {
    const user = await this.userNamed(username);
    const ban = user.ban;
    if (ban) {
      const needed = await this.#bannerRole(ban);
      if (roleRank(actor.role) < roleRank(needed)) {
        throw new DomainError(ErrorCode.FORBIDDEN, `this ban was made by an ${needed}; only an ${needed} can lift it`);
      }
    }
    // Matching the ban we checked: a ban re-issued meanwhile by a higher rank is not lifted.
    await this.#users.clearBan(user._id, ban);
    await this.#audit(actor, "unban", user, reason, ban ? { bannedBy: ban.by, bannedByRole: await this.#bannerRole(ban) } : undefined);
  }

  /** The banner's rank when they banned; for bans stored before that was kept, their role now (admin if gone). */
  async #bannerRole(ban: NonNullable<UserDoc["ban"]>): Promise<Role> {
    if (ban.byRole) return ban.byRole;
    return (await this.#users.findById(ban.by))?.role ?? "admin";
  }

  async sessionsOf(username: string): Promise<SessionDoc[]> {
    return this.deps.sessions.listActive((await this.userNamed(username))._id);
  }

  async revokeSessions(actor: Actor, username: string, reason: string, sessionId?: string): Promise<void> {
    const user = await this.userNamed(username);
    if (sessionId) {
      const session = await this.deps.sessions.byId(sessionId);
      if (!session || session.userId !== user._id) throw new DomainError(ErrorCode.NOT_FOUND, "no such session");
      await this.deps.sessions.revoke(sessionId, "admin");
      this.deps.kicker.kick({ sessionIds: [sessionId], closeCode: CloseCode.SESSION_REVOKED, reason });
      await this.#audit(actor, "revoke-session", user, reason, { sessionId });
      return;
    }
    await this.deps.sessions.revokeAll(user._id, "admin");
    this.deps.kicker.kick({ userId: user._id, closeCode: CloseCode.SESSION_REVOKED, reason });
    await this.#audit(actor, "revoke-all-sessions", user, reason);
  }

  async setRole(actor: Actor, username: string, role: Role, reason: string): Promise<void> {
    const user = await this.userNamed(username);
    if (user._id === actor.userId) throw new DomainError(ErrorCode.FORBIDDEN, "you cannot change your own role");
    await this.#users.setRole(user._id, role);
    await this.deps.sessions.setRole(user._id, role);
    if (roleRank(role) < roleRank(user.role)) {
      this.deps.kicker.kick({ userId: user._id, closeCode: CloseCode.ROLE_CHANGED, reason: `role is now ${role}` });
    }
    await this.#audit(actor, "set-role", user, reason, { from: user.role, to: role });
  }

  async #audit(actor: Actor, action: Parameters<AuditLog["record"]>[0]["action"], user: UserDoc, reason: string, details?: Record<string, unknown>) {
    await this.deps.audit.record({
      actorId: actor.userId,
      actorName: actor.username,
      action,
      targetId: user._id,
      targetName: user.username,
      reason,
      ...(details ? { details } : {}),
    });
  }
}
