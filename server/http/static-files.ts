import { readFile, stat } from "node:fs/promises";
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
 * Serves the built client. Files are read once and kept in memory (the bundle is small
 * and immutable for the life of the process). Paths are resolved inside the root only.
 */
export class StaticFiles {
  readonly #root: string;
  readonly #cache = new Map<string, HttpResponse | null>();

  constructor(root: string) {
    this.#root = path.resolve(root);
  }

  /** The response for a GET of `urlPath`, the SPA shell for unknown extension-less paths, or null. */
  async get(urlPath: string): Promise<HttpResponse | null> {
    const direct = await this.#file(urlPath === "/" ? "/index.html" : urlPath);
    if (direct) return direct;
    return path.extname(urlPath) === "" ? this.#file("/index.html") : null;
  }

  async #file(urlPath: string): Promise<HttpResponse | null> {
    if (this.#cache.has(urlPath)) return this.#cache.get(urlPath) ?? null;
    const resolved = this.#resolve(urlPath);
    const response = resolved ? await load(resolved) : null;
    this.#cache.set(urlPath, response);
    return response;
  }

  #resolve(urlPath: string): string | null {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return null;
    }
    if (decoded.includes("\0")) return null;
    const full = path.resolve(this.#root, `.${path.posix.normalize(decoded)}`);
    return full.startsWith(this.#root + path.sep) ? full : null;
  }
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
