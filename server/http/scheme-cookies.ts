import { OPERATOR_COOKIE } from "../core/operator.ts";
import { SESSION_COOKIE } from "../auth/credentials.ts";

/** Cookies that exist in two spellings: `__Host-name` over https, plain `name` over http. */
const SCHEME_BOUND = [SESSION_COOKIE, OPERATOR_COOKIE];

/**
 * The headers with the credential cookies of the other scheme removed. Over https only
 * `__Host-` cookies count: a plain-named cookie can be planted by a sibling subdomain or
 * a plain-http response (cookie tossing), which `__Host-` forbids. Over http a `__Host-`
 * cookie cannot have come from a browser. Done once at the gateway (and the upgrade
 * policy), so every reader behind it (sessions, operators, room onAuth) sees the same.
 */
export function schemeCookies(headers: Headers, secure: boolean): Headers {
  const cookie = headers.get("cookie");
  if (cookie === null) return headers;
  const refused = new Set(SCHEME_BOUND.map((name) => (secure ? name : `__Host-${name}`)));
  const parts = cookie.split(";");
  const kept = parts.filter((part) => !refused.has(part.slice(0, Math.max(0, part.indexOf("="))).trim()));
  if (kept.length === parts.length) return headers;
  const copy = new Headers(headers);
  if (kept.length > 0) copy.set("cookie", kept.join(";"));
  else copy.delete("cookie");
  return copy;
}
