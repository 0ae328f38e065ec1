/**
 * What the account routes answer: the wire shapes, declared once for server and client.
 * Types only (no Node or Phaser imports: the browser bundle includes this file).
 */

export type UserRole = "user" | "moderator" | "admin";

/** The signed-in person as replies describe them. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
}

/**
 * The "session reply": POST /api/auth/register, /api/auth/login, /api/me/password and
 * GET /api/me. `token` only for callers that asked for a bearer token (`bearer: true`).
 */
export interface SessionReply {
  user: SessionUser;
  sessionId: string;
  csrfToken: string;
  token?: string;
}

/** GET /api/auth/session: what a page asks at load; "not signed in" is an answer, not an error. */
export type SessionStatusReply = { signedIn: false } | ({ signedIn: true } & SessionReply);
