/** Query options of a connection string that can carry secrets. */
const SECRET_OPTION = /pass|secret|token|key|authMechanismProperties/i;

const MASK = "***";

/**
 * A MongoDB connection string safe to log or put in an error: the password (and any
 * secret-looking option) replaced by `***`, the user name and hosts kept so an operator
 * can tell which server was meant. Over-redacts rather than leak when the string is
 * malformed.
 */
export function redactMongoUrl(url: string): string {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(url);
  if (!scheme) return MASK;
  const rest = url.slice(scheme[0].length);
  const queryAt = rest.indexOf("?");
  const beforeQuery = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const query = queryAt === -1 ? "" : rest.slice(queryAt + 1);
  // Hosts never contain "@", so everything up to the last one is user info, even when
  // an unescaped "@" or "/" sits in the password.
  const at = beforeQuery.lastIndexOf("@");
  const userInfo = at === -1 ? "" : beforeQuery.slice(0, at);
  const hostPart = at === -1 ? beforeQuery : beforeQuery.slice(at + 1);
  const user = userInfo === "" ? "" : `${redactUserInfo(userInfo)}@`;
  const options = query === "" ? "" : `?${redactQuery(query)}`;
  return `${scheme[0]}${user}${hostPart}${options}`;
}

function redactUserInfo(userInfo: string): string {
  const colon = userInfo.indexOf(":");
  return colon === -1 ? userInfo : `${userInfo.slice(0, colon)}:${MASK}`;
}

function redactQuery(query: string): string {
  return query
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq === -1) return pair;
      const key = pair.slice(0, eq);
      return SECRET_OPTION.test(key) ? `${key}=${MASK}` : pair;
    })
    .join("&");
}

/**
 * Scrubs the password out of free text (a driver error message may echo the URL or a
 * part of it).
 */
export function scrubSecret(text: string, url: string): string {
  const secrets = new Set<string>();
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(url);
  const rest = scheme ? url.slice(scheme[0].length) : url;
  const at = rest.split("?")[0]?.lastIndexOf("@") ?? -1;
  if (at > 0) {
    const userInfo = rest.slice(0, at);
    const colon = userInfo.indexOf(":");
    if (colon !== -1) {
      const password = userInfo.slice(colon + 1);
      secrets.add(password);
      secrets.add(safeDecode(password));
    }
  }
  let out = text.split(url).join(redactMongoUrl(url));
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join(MASK);
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
