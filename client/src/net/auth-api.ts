/** The signed-in person as the server describes them. */
export interface Me {
  user: { id: string; username: string; displayName: string; role: string };
  sessionId: string;
  csrfToken: string;
}

/** A refusal from the server: its problem+json, kept whole so the page can show `detail` and field errors. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly fieldErrors: Array<{ path: string; message: string }> = [],
  ) {
    super(detail);
    this.name = "ProblemError";
  }
}

export async function call<T>(method: string, path: string, body?: unknown, csrfToken?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => ({}));
  if (!res.ok) throw problemFrom(res.status, data);
  return data as T;
}

function problemFrom(status: number, data: unknown): ProblemError {
  const p = (typeof data === "object" && data !== null ? data : {}) as Record<string, unknown>;
  const errors = Array.isArray(p.errors) ? (p.errors as Array<{ path: string; message: string }>) : [];
  return new ProblemError(status, String(p.code ?? "UNKNOWN"), String(p.detail ?? `request failed (${status})`), errors);
}

/** The HTTP calls the page makes for accounts. The session itself lives in an HttpOnly cookie. */
export const authApi = {
  /** Who is signed in on this browser, or null. */
  async me(): Promise<Me | null> {
    const s = await call<{ signedIn: boolean } & Partial<Me>>("GET", "/api/auth/session");
    return s.signedIn && s.user && s.sessionId && s.csrfToken
      ? { user: s.user, sessionId: s.sessionId, csrfToken: s.csrfToken }
      : null;
  },
  register(username: string, password: string, displayName?: string): Promise<Me> {
    return call<Me>("POST", "/api/auth/register", { username, password, ...(displayName ? { displayName } : {}) });
  },
  login(username: string, password: string): Promise<Me> {
    return call<Me>("POST", "/api/auth/login", { username, password });
  },
  logout(csrfToken: string): Promise<void> {
    return call<void>("POST", "/api/auth/logout", undefined, csrfToken);
  },
};
