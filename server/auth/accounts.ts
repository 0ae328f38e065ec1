import { CloseCode, ErrorCode } from "#schema/protocol.ts";
import { usernameKey } from "#schema/rules/username.ts";
import { isCommonPassword } from "../core/common-passwords.ts";
import { DomainError } from "../core/errors.ts";
import { HashQueue } from "../core/hash-queue.ts";
import { DEFAULT_PASSWORD_POLICY, dummyVerify, hashPassword, needsRehash, type PasswordPolicy, verifyPassword } from "../core/passwords.ts";
import { DuplicateKeyError } from "../store/errors.ts";
import { assertNotAnotherUsername } from "./display-names.ts";
import type { UserRepository } from "../store/repositories/users.ts";
import type { Kicker } from "./kicker.ts";
import type { LoginThrottle } from "./login-throttle.ts";
import { type NewSession, type SessionService, sessionActor } from "./sessions.ts";
import { newId } from "./tokens.ts";
import type { Actor, UserDoc } from "./types.ts";

export interface ClientMeta {
  ip: string;
  userAgent: string;
}

export interface SignedIn extends NewSession {
  actor: Actor;
}

const WRONG = "wrong username or password";

export interface AccountDeps {
  users: UserRepository;
  sessions: SessionService;
  throttle: LoginThrottle;
  kicker: Kicker;
  now: () => number;
  /** Algorithm and cost for new hashes (default: argon2id at OWASP's setting). */
  password?: PasswordPolicy;
  /** Bounds hashes in flight; full → 503 BUSY. Default: 2 at a time, 32 waiting. */
  hashing?: HashQueue;
}

/** Sign-up, sign-in, sign-out and password changes. Rules for input live in schema/rules. */
export class AccountService {
  readonly #users: UserRepository;
  readonly #hashing: HashQueue;
  readonly #params: PasswordPolicy;

  constructor(private readonly deps: AccountDeps) {
    this.#users = deps.users;
    this.#params = deps.password ?? DEFAULT_PASSWORD_POLICY;
    this.#hashing = deps.hashing ?? new HashQueue({ concurrency: 2, maxWaiting: 32 });
  }

  async register(input: { username: string; password: string; displayName?: string }, meta: ClientMeta) {
    if (isCommonPassword(input.password)) {
      throw new DomainError(ErrorCode.BAD_INPUT, "that password is too common; choose another");
    }
    const key = usernameKey(input.username);
    if (input.displayName) await assertNotAnotherUsername(this.#users, input.displayName, key);
    const user: UserDoc = {
      _id: newId(),
      username: input.username,
      usernameKey: key,
      displayName: input.displayName || input.username,
      passwordHash: await this.#hashing.run(() => hashPassword(input.password, this.#params)),
      role: "user",
      createdAt: this.deps.now(),
      ban: null,
    };
    try {
      await this.#users.insert(user);
    } catch (err) {
      if (err instanceof DuplicateKeyError) throw new DomainError(ErrorCode.CONFLICT, "that username is taken");
      throw err;
    }
    return this.#signIn(user, meta);
  }

  /** Same answer, status and (within noise) time for an unknown user and a wrong password. */
  async login(input: { username: string; password: string }, meta: ClientMeta): Promise<SignedIn> {
    const key = usernameKey(input.username);
    // The try is paid for before the (slow) verification, so concurrent tries cannot all pass.
    await this.deps.throttle.reserve(key, meta.ip);
    const user = await this.#users.findByUsernameKey(key);
    const ok = await this.#hashing.run(() =>
      user ? verifyPassword(input.password, user.passwordHash) : dummyVerify(input.password, this.#params),
    );
    if (!user || !ok) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, WRONG);
    }
    await this.deps.throttle.succeeded(key, meta.ip);
    assertNotBanned(user, this.deps.now());
    if (needsRehash(user.passwordHash, this.#params)) await this.#upgradeHash(user, input.password);
    return this.#signIn(user, meta);
  }

  /**
   * Re-hashes a password stored under older settings (verified just now with those).
   * Best effort: when the hash queue is full the sign-in still succeeds and the upgrade
   * waits for the next one.
   */
  async #upgradeHash(user: UserDoc, password: string): Promise<void> {
    try {
      await this.#setPassword(user, password);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === ErrorCode.BUSY)) throw err;
    }
  }

  async logout(actor: Actor): Promise<void> {
    await this.deps.sessions.revoke(actor.sessionId, "logout");
    this.deps.kicker.kick({ sessionIds: [actor.sessionId], closeCode: CloseCode.SESSION_REVOKED, reason: "signed out" });
  }

  async logoutAll(actor: Actor): Promise<void> {
    await this.deps.sessions.revokeAll(actor.userId, "logout-all");
    this.deps.kicker.kick({ userId: actor.userId, closeCode: CloseCode.SESSION_REVOKED, reason: "signed out everywhere" });
  }

  /** Verifies the current password, revokes every session (this one too) and signs in afresh: rotation. */
  async changePassword(actor: Actor, current: string, next: string, meta: ClientMeta): Promise<SignedIn> {
    const user = await this.#users.findById(actor.userId);
    if (!user || !(await this.#hashing.run(() => verifyPassword(current, user.passwordHash)))) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, "the current password is wrong");
    }
    if (isCommonPassword(next)) throw new DomainError(ErrorCode.BAD_INPUT, "that password is too common; choose another");
    await this.#setPassword(user, next);
    await this.deps.sessions.revokeAll(user._id, "password-change");
    this.deps.kicker.kick({ userId: user._id, closeCode: CloseCode.SESSION_REVOKED, reason: "password changed" });
    return this.#signIn(user, meta);
  }

  async #setPassword(user: UserDoc, password: string): Promise<void> {
    const passwordHash = await this.#hashing.run(() => hashPassword(password, this.#params));
    await this.#users.setPasswordHash(user._id, passwordHash);
  }

  async #signIn(user: UserDoc, meta: ClientMeta): Promise<SignedIn> {
    const created = await this.deps.sessions.create(user, meta);
    return { ...created, actor: sessionActor(user, created.session) };
  }
}

export function isBanned(user: UserDoc, now: number): boolean {
  return Boolean(user.ban && (user.ban.until === null || user.ban.until > now));
}

function assertNotBanned(user: UserDoc, now: number): void {
  if (!isBanned(user, now)) return;
  const until = user.ban?.until ? ` until ${new Date(user.ban.until).toISOString()}` : "";
  throw new DomainError(ErrorCode.BANNED, `this account is banned${until}: ${user.ban?.reason ?? ""}`.trim());
}
