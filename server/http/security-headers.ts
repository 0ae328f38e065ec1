/**
 * Headers on every response. helmet is express middleware and our gateway is
 * transport-neutral (uWS and node http feed it the same RawRequest), so the same policy
 * is written here once, following helmet's defaults where they apply.
 */

/** The page's policy: no inline script or style, no framing, sockets only to ourselves. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join("; ");

export function securityHeaders(secure: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "x-dns-prefetch-control": "off",
  };
  if (secure) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  return headers;
}
