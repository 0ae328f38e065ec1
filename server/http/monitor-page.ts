import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Logger } from "../core/logger.ts";
import { MONITOR_PREFIX } from "./colyseus-bridge.ts";
import type { HttpResponse } from "./types.ts";

/**
 * The Colyseus monitor is a prebuilt page (@colyseus/monitor's build/static). Its index
 * links one stylesheet from another host (Google Fonts' Material Icons), which no
 * locked-down deployment reaches and our CSP refuses anyway. The gateway rewrites that
 * link, on the way out, to a copy served here from the `material-icons` registry package
 * (its `filled.css` declares the same "Material Icons" face and `.material-icons` class),
 * so no request of the monitor page leaves this server.
 */
export const MONITOR_VENDOR_PREFIX = `${MONITOR_PREFIX}/vendor/`;

const ICONS_DIR = `${MONITOR_VENDOR_PREFIX}material-icons/`;

/** Outside URL in the monitor's HTML → our own path serving the same thing. */
export const MONITOR_OUTSIDE_ASSETS: ReadonlyMap<string, string> = new Map([
  ["https://fonts.googleapis.com/icon?family=Material+Icons", `${ICONS_DIR}filled.css`],
]);

interface VendorFile {
  /** Module specifier of the file inside its package. */
  specifier: string;
  contentType: string;
}

/** The only files served under MONITOR_VENDOR_PREFIX (a fixed table: no path from the request touches the disk). */
const VENDOR_FILES: ReadonlyMap<string, VendorFile> = new Map([
  [`${ICONS_DIR}filled.css`, { specifier: "material-icons/iconfont/filled.css", contentType: "text/css; charset=utf-8" }],
  [`${ICONS_DIR}material-icons.woff2`, { specifier: "material-icons/iconfont/material-icons.woff2", contentType: "font/woff2" }],
  [`${ICONS_DIR}material-icons.woff`, { specifier: "material-icons/iconfont/material-icons.woff", contentType: "font/woff" }],
]);

const resolveModule = createRequire(import.meta.url).resolve;
/** Read once per process (about 300 KB in all), on first use. */
const loaded = new Map<string, Promise<Uint8Array>>();

/** Our own copy of an outside asset of the monitor, or null when `path` is not one. */
export async function monitorVendorFile(path: string): Promise<HttpResponse | null> {
  const file = VENDOR_FILES.get(path);
  if (!file) return null;
  let body = loaded.get(path);
  if (!body) {
    body = readFile(resolveModule(file.specifier)).then((buf) => new Uint8Array(buf));
    // A failed read (package missing) is retried next time rather than cached.
    body.catch(() => loaded.delete(path));
    loaded.set(path, body);
  }
  // Versioned by the pinned package, not by URL: a day's cache, private (operators only).
  return { status: 200, headers: { "content-type": file.contentType, "cache-control": "private, max-age=86400" }, body: await body };
}

const OUTSIDE_REFERENCE = /\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i;

/**
 * Points the monitor page's outside links at our copies. Any outside reference left
 * (a newer monitor build adding one) is logged: the CSP will refuse it in the browser.
 */
export function rewriteMonitorHtml(response: HttpResponse, log: Logger): HttpResponse {
  if (!(response.headers["content-type"] ?? "").startsWith("text/html") || response.body === undefined) return response;
  let html = typeof response.body === "string" ? response.body : new TextDecoder().decode(response.body);
  for (const [outside, ours] of MONITOR_OUTSIDE_ASSETS) html = html.replaceAll(outside, ours);
  if (OUTSIDE_REFERENCE.test(html)) log.warn("the monitor page still references another host; the CSP will refuse it");
  return { ...response, body: html };
}
