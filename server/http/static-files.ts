import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
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
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves the built client. The client folder is indexed once, at the first request: only
 * files in that index are ever read, and each is kept in memory after its first read (the
 * bundle is small and immutable for the life of the process). A path outside the index
 * costs a map lookup and is never remembered, so the cache is bounded by the build itself
 * (issue 8 #4: 20,000 distinct missing paths used to keep 58 MiB).
 */
export class StaticFiles {
  readonly #root: string;
  #index: Promise<Map<string, string>> | undefined;
  readonly #cache = new Map<string, HttpResponse>();

  constructor(root: string) {
    this.#root = path.resolve(root);
  }

  /** The response for a GET of `urlPath`, the SPA shell for unknown extension-less paths, or null. */
  async get(urlPath: string): Promise<HttpResponse | null> {
    const direct = await this.#file(urlPath === "/" ? "/index.html" : urlPath);
    if (direct) return direct;
    return path.extname(urlPath) === "" ? this.#file("/index.html") : null;
  }

  /** How many responses are held in memory (tests). */
  get cachedCount(): number {
    return this.#cache.size;
  }

  async #file(urlPath: string): Promise<HttpResponse | null> {
    const key = decodedPath(urlPath);
    if (key === null) return null;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const file = (await this.#files()).get(key);
    const response = file ? await load(file) : null;
    if (response) this.#cache.set(key, response);
    return response;
  }

  #files(): Promise<Map<string, string>> {
    this.#index ??= indexFolder(this.#root);
    return this.#index;
  }
}

/** `/a/b.js` → the decoded, normalised key the index uses; null for undecodable paths. */
function decodedPath(urlPath: string): string | null {
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

async function load(file: string): Promise<HttpResponse | null> {
  try {
    if (!(await stat(file)).isFile()) return null;
    const body = await readFile(file);
    const isHtml = file.endsWith(".html");
    const headers: Record<string, string> = {
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
      // Vite fingerprints assets; the HTML shell must always be revalidated.
      "cache-control": isHtml ? "no-cache" : "public, max-age=31536000, immutable",
    };
    // The Codeground sandbox has an opaque origin, so its module scripts are cross-origin
    // CORS loads (Origin: null). The built assets are public and credential-free; pages
    // (HTML) never get this header.
    if (!isHtml) headers["access-control-allow-origin"] = "*";
    return { status: 200, headers, body };
  } catch {
    return null;
  }
}
