import { createHash } from "node:crypto";
import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { CODING_SUFFIX, CODINGS, type Coding, chooseCoding, noneMatchHits } from "./content-coding.ts";
import type { HttpResponse } from "./types.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** Vite fingerprints everything under /assets/: a name never changes meaning, so browsers keep it a year. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** Everything else (the HTML shells) is revalidated on every load; the ETag makes that a 304. */
export const REVALIDATE = "no-cache";
/** Precompressed siblings are representations of their file, never addresses of their own. */
const VARIANT_SUFFIXES = Object.values(CODING_SUFFIX);

interface Representation {
  body: Buffer;
  etag: string;
}

/** One file of the build with every representation of it the build wrote. */
interface Entry {
  headers: Record<string, string>;
  variants: Map<Coding, Representation>;
}

/**
 * Serves the built client. The client folder is indexed once, at the first request: only
 * files in that index are ever read, and each is kept in memory after its first read (the
 * bundle is small and immutable for the life of the process). A path outside the index
 * costs a map lookup and is never remembered, so the cache is bounded by the build itself
 * (issue 8 #4: 20,000 distinct missing paths used to keep 58 MiB).
 *
 * The build writes `x.js.br` and `x.js.gz` beside `x.js` (client/precompress.ts); a request
 * gets the one its Accept-Encoding prefers (issue 12 #14: 1.67 MB went out uncompressed),
 * with `Vary: Accept-Encoding`, an ETag per representation and a 304 for a matching
 * If-None-Match.
 */
export class StaticFiles {
  readonly #root: string;
  #index: Promise<Map<string, string>> | undefined;
  readonly #cache = new Map<string, Entry>();

  constructor(root: string) {
    this.#root = path.resolve(root);
  }

  /**
   * The response for a GET (or HEAD) of `urlPath`, the SPA shell for unknown extension-less
   * paths, or null. `request` supplies Accept-Encoding and If-None-Match.
   */
  async get(urlPath: string, request: Headers = new Headers()): Promise<HttpResponse | null> {
    const entry = (await this.#entry(urlPath === "/" ? "/index.html" : urlPath)) ?? (path.extname(urlPath) === "" ? await this.#entry("/index.html") : null);
    return entry ? respond(entry, request) : null;
  }

  /** How many files are held in memory (tests). */
  get cachedCount(): number {
    return this.#cache.size;
  }

  async #entry(urlPath: string): Promise<Entry | null> {
    const key = decodedPath(urlPath);
    if (key === null || VARIANT_SUFFIXES.some((suffix) => key.endsWith(suffix))) return null;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const files = await this.#files();
    const file = files.get(key);
    const entry = file ? await load(key, file, files) : null;
    if (entry) this.#cache.set(key, entry);
    return entry;
  }

  #files(): Promise<Map<string, string>> {
    this.#index ??= indexFolder(this.#root);
    return this.#index;
  }
}

function respond(entry: Entry, request: Headers): HttpResponse {
  const coding = chooseCoding(request.get("accept-encoding"), new Set(entry.variants.keys()));
  const chosen = entry.variants.get(coding) ?? (entry.variants.get("identity") as Representation);
  const headers: Record<string, string> = { ...entry.headers, etag: chosen.etag };
  if (noneMatchHits(request.get("if-none-match"), chosen.etag)) {
    delete headers["content-type"];
    return { status: 304, headers };
  }
  headers["content-length"] = String(chosen.body.length);
  if (coding !== "identity") headers["content-encoding"] = coding;
  return { status: 200, headers, body: chosen.body };
}

/** `/a/b.js` → the decoded, normalised key the index uses; null for undecodable paths. */
export function decodedPath(urlPath: string): string | null {
  try {
    const decoded = decodeURIComponent(urlPath);
    return decoded.includes("\0") ? null : path.posix.normalize(decoded);
  } catch {
    return null;
  }
}

/** Every regular file under `root`, keyed by its URL path (`/assets/x.js`); empty when root is missing. */
async function indexFolder(root: string): Promise<Map<string, string>> {
  const index = new Map<string, string>();
  let entries: Dirent[];
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch {
    return index;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    index.set(`/${path.relative(root, full).split(path.sep).join("/")}`, full);
  }
  return index;
}

/** Reads a file and its precompressed siblings; a sibling that cannot be read is skipped. */
async function load(key: string, file: string, index: ReadonlyMap<string, string>): Promise<Entry | null> {
  const body = await readRegular(file);
  if (!body) return null;
  const tag = createHash("sha256").update(body).digest("base64url").slice(0, 22);
  const variants = new Map<Coding, Representation>([["identity", { body, etag: `"${tag}"` }]]);
  for (const coding of CODINGS) {
    const sibling = index.get(key + CODING_SUFFIX[coding]);
    const compressed = sibling ? await readRegular(sibling) : null;
    if (compressed) variants.set(coding, { body: compressed, etag: `"${tag}-${coding}"` });
  }
  const isHtml = file.endsWith(".html");
  const headers: Record<string, string> = {
    "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
    "cache-control": key.startsWith("/assets/") ? IMMUTABLE : REVALIDATE,
    vary: "Accept-Encoding",
  };
  // The Codeground sandbox has an opaque origin, so its module scripts are cross-origin
  // CORS loads (Origin: null). The built assets are public and credential-free; pages
  // (HTML) never get this header.
  if (!isHtml) headers["access-control-allow-origin"] = "*";
  return { headers, variants };
}

async function readRegular(file: string): Promise<Buffer | null> {
  try {
    return (await stat(file)).isFile() ? await readFile(file) : null;
  } catch {
    return null;
  }
}
