/**
 * Headers on every response. helmet is express middleware and our gateway is
 * transport-neutral (uWS and node http feed it the same RawRequest), so the same policy
 * is written here once, following helmet's defaults where they apply.
 */

type Directives = Readonly<Record<string, readonly string[]>>;

/** The page's policy: no inline script or style, no framing, sockets only to ourselves. */
const APP_DIRECTIVES: Directives = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'"],
  "img-src": ["'self'", "data:", "blob:"],
  "connect-src": ["'self'"],
  "worker-src": ["'self'", "blob:"],
  "font-src": ["'self'"],
  // The Codeground sandbox (/sandbox/frame.html) is the only thing this page frames.
  "frame-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "frame-ancestors": ["'none'"],
  "form-action": ["'self'"],
};

/**
 * Inline `<style>` elements the prebuilt @colyseus/monitor page (React + MUI) creates, by
 * the SHA-256 of their text. Hashes rather than 'unsafe-inline': exactly these two and no
 * other inline style may apply, even on a page only operators see.
 * tests/unit/monitor-page.test.ts recomputes both from the installed bundle.
 */
export const MONITOR_STYLE_HASHES = {
  /** Emotion (MUI's CSS-in-JS) appends empty `<style>` elements and fills them through
   * CSSOM `insertRule`, which CSP does not govern; the empty element itself needs this. */
  emptyStyleElement: "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
  /** json-edit-react (the inspector's state view) injects its fixed 4,697-byte stylesheet. */
  jsonEditReact: "'sha256-OrELo0alOoOSMdBr3e1Ajqn3sJsfuVlOTvo8Xu42jYk='",
} as const;

/**
 * The monitor's pages (behind operator credentials): the app's policy with those two
 * inline styles allowed. Still no inline or eval'd script (its data grid falls back from
 * `new Function` by itself), and nothing from another host: the icon font it links from a
 * CDN is served from our own package copy instead (monitor-page.ts).
 */
const MONITOR_DIRECTIVES: Directives = {
  ...APP_DIRECTIVES,
  "style-src": ["'self'", ...Object.values(MONITOR_STYLE_HASHES)],
};

/**
 * The Codeground sandbox document (/sandbox/...), where other people's scripts run. It
 * may load only its own bundle from here, compile the QuickJS wasm (inlined in that
 * bundle) and start its worker from a blob; it may request nothing else: no fetch, XHR,
 * WebSocket, EventSource, images or fonts from anywhere but data:/blob:, no form posts,
 * no nested frames. `sandbox allow-scripts` gives it an opaque origin even when opened
 * directly (no cookies, storage, top navigation or pop-ups); only our own pages may frame it.
 */
const SANDBOX_DIRECTIVES: Directives = {
  "default-src": ["'none'"],
  "script-src": ["'self'", "'wasm-unsafe-eval'"],
  "worker-src": ["blob:"],
  "style-src": ["'self'"],
  "img-src": ["data:", "blob:"],
  "connect-src": ["'none'"],
  "font-src": ["'none'"],
  "media-src": ["'none'"],
  "object-src": ["'none'"],
  "frame-src": ["'none'"],
  "manifest-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
  "frame-ancestors": ["'self'"],
  sandbox: ["allow-scripts"],
};

/**
 * Bytes people uploaded (a script's still preview PNG), served from our origin. Should a
 * browser ever treat one as a document (opened directly, in a new tab), it may run
 * nothing, load nothing, be framed by nobody, and gets a unique opaque origin (`sandbox`
 * with no allowances), so not even a crafted file could read our cookies or storage.
 */
const INERT_DIRECTIVES: Directives = {
  "default-src": ["'none'"],
  "frame-ancestors": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
  sandbox: [],
};

function serialise(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(" "))
    .join("; ");
}

/**
 * Which policy a response gets: the monitor's area and the sandbox have their own, routes
 * that serve uploaded bytes the inert one, everything else the app's.
 */
export type PagePolicy = "app" | "monitor" | "sandbox" | "inert";

export const CONTENT_SECURITY_POLICY: Readonly<Record<PagePolicy, string>> = {
  app: serialise(APP_DIRECTIVES),
  monitor: serialise(MONITOR_DIRECTIVES),
  sandbox: serialise(SANDBOX_DIRECTIVES),
  inert: serialise(INERT_DIRECTIVES),
};

/** Where the sandbox document lives; every path under it gets the sandbox policy. */
export const SANDBOX_PREFIX = "/sandbox/";

export function securityHeaders(secure: boolean, policy: PagePolicy): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": CONTENT_SECURITY_POLICY[policy],
    "x-content-type-options": "nosniff",
    // The sandbox is framed by our own pages (its CSP says frame-ancestors 'self'); nothing else is.
    "x-frame-options": policy === "sandbox" ? "SAMEORIGIN" : "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "x-dns-prefetch-control": "off",
  };
  if (secure) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  return headers;
}
