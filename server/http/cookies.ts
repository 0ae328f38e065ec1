import { sessionCookieName } from "../auth/credentials.ts";

/** The session cookie: HttpOnly, SameSite=Lax (top-level links keep you signed in), `__Host-` + Secure over https. */
export function sessionCookie(token: string, secure: boolean, maxAgeSeconds: number): string {
  const attrs = [`${sessionCookieName(secure)}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (secure) attrs.push("Secure");
  return attrs.join("; ");
}

export function clearSessionCookie(secure: boolean): string {
  return sessionCookie("", secure, 0);
}
