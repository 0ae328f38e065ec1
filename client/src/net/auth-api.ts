import type { SessionReply, SessionStatusReply } from "#schema/replies/auth.ts";

/** The signed-in person as the server describes them (the session reply; browsers never get `token`). */
export type Me = SessionReply;

/** One field's problem in a 400 BAD_INPUT reply: `path` is the body field ("username", "password", ...). */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * A refusal from the server: its problem+json (RFC 9457 plus `code`), kept whole so the
 * page can show `detail`, the per-field `errors`, and when to try again.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly fieldErrors: FieldError[] = [],
    /** From Retry-After on 429 (seconds), if the server sent it. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(detail);
    this.name = "ProblemError";
  }
}

/** The server could not be reached, or answered with something that is not JSON. */
export class NetworkError extends Error {
  override name = "NetworkError";
}

/** One JSON call to our own API (cookie session, optional CSRF header); refusals throw ProblemError. */
export async function call<T>(method: string, path: string, body?: unknown, csrfToken?: string): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      cache: "no-store",
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw problemFrom(res, data);
  if (data === undefined) throw new NetworkError(`unreadable reply from ${path} (${res.status})`);
  return data as T;
}

function problemFrom(res: Response, data: unknown): ProblemError {
  const p = (typeof data === "object" && data !== null ? data : {}) as Record<string, unknown>;
  const errors = Array.isArray(p.errors)
    ? p.errors
        .filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null)
        .map((e) => ({ path: String(e.path ?? ""), message: String(e.message ?? "") }))
    : [];
  const retryAfter = Number.parseInt(res.headers.get("retry-after") ?? "", 10);
  return new ProblemError(
    res.status,
    typeof p.code === "string" ? p.code : "UNKNOWN",
    typeof p.detail === "string" && p.detail ? p.detail : `request failed (${res.status})`,
    errors,
    Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null,
  );
}

/** The HTTP calls the page makes for accounts. The session itself lives in an HttpOnly cookie. */
export const authApi = {
  /**
   * Who is signed in on this browser, or null. Asks `/api/auth/session`, which answers
   * "not signed in" with 200 (`/api/me` would answer 401, a console error on every fresh page).
   */
  async me(): Promise<Me | null> {
    const s = await call<SessionStatusReply>("GET", "/api/auth/session");
    return s.signedIn ? { user: s.user, sessionId: s.sessionId, csrfToken: s.csrfToken } : null;
  },
  register(username: string, password: string, displayName?: string): Promise<Me> {
    return call<SessionReply>("POST", "/api/auth/register", { username, password, ...(displayName ? { displayName } : {}) });
  },
  login(username: string, password: string): Promise<Me> {
    return call<SessionReply>("POST", "/api/auth/login", { username, password });
  },
  /** Ends this browser's session (the server clears the cookie and closes its sockets with 4401). */
  logout(csrfToken: string): Promise<void> {
    return call<void>("POST", "/api/auth/logout", undefined, csrfToken);
  },
};
