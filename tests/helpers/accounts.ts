/** Any server a test reaches over HTTP: a child process (startTestServer) or in-process (startInProcess). */
export interface Reachable {
  baseUrl: string;
}

export interface TestAccount {
  username: string;
  password: string;
  token: string;
  csrfToken: string;
  userId: string;
  sessionId: string;
}

let counter = 0;

/**
 * A fresh unique username that passes the rules (letters and digits only). A letter ends
 * the counter: without it counter 475 with random 5380 and counter 4755 with random 380
 * made the same name (a 10,000-account bench met it).
 */
export function uniqueName(prefix = "user"): string {
  counter += 1;
  return `${prefix}${process.pid % 1000}x${counter}r${Math.floor(Math.random() * 1e4)}`.slice(0, 20);
}

/** A distinct client address per call, from TEST-NET-2 (never routed; only a header value). */
export function fakeIp(): string {
  counter += 1;
  return `198.51.${Math.floor(counter / 250) % 250}.${(counter % 250) + 1}`;
}

export const TEST_PASSWORD = "correct horse battery staple 42";

/** Registers over HTTP and returns the bearer session (bots and tests use `bearer: true`). */
export async function register(server: Reachable, username = uniqueName(), password = TEST_PASSWORD): Promise<TestAccount> {
  const res = await fetch(`${server.baseUrl}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": fakeIp() },
    body: JSON.stringify({ username, password, bearer: true }),
  });
  if (res.status !== 201) throw new Error(`register ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: string; csrfToken: string; sessionId: string; user: { id: string } };
  return { username, password, token: body.token, csrfToken: body.csrfToken, userId: body.user.id, sessionId: body.sessionId };
}

export async function login(server: Reachable, username: string, password = TEST_PASSWORD, ip?: string) {
  return fetch(`${server.baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(ip ? { "x-forwarded-for": ip } : {}) },
    body: JSON.stringify({ username, password, bearer: true }),
  });
}

export function bearer(account: { token: string }): Record<string, string> {
  return { authorization: `Bearer ${account.token}` };
}
