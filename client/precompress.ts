import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Plugin } from "vite";

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text-like outputs worth compressing; source maps are left alone (only tools fetch them). */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|wasm|txt)$/;
/** Files smaller than this gain nothing a response's headers would not eat again. */
const MIN_BYTES = 1024;

/**
 * Writes `file.br` and `file.gz` next to every compressible build output, so the static
 * server (server/http/static-files.ts) can pick one by Accept-Encoding without compressing
 * per request. Only variants that are actually smaller are written; brotli at its highest
 * quality costs build time once, never request time.
 */
export function precompress(): Plugin {
  return {
    name: "neospace:precompress",
    apply: "build",
    async writeBundle(options, bundle) {
      const outDir = options.dir ?? "";
      const files = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name));
      await Promise.all(files.map((name) => compressFile(path.join(outDir, name))));
    },
  };
}

async function compressFile(file: string): Promise<void> {
  const body = await readFile(file);
  if (body.length < MIN_BYTES) return;
  const [br, gzipped] = await Promise.all([
    brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        [constants.BROTLI_PARAM_MODE]: file.endsWith(".wasm") ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
      },
    }),
    gz(body, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  const writes: Promise<void>[] = [];
  if (br.length < body.length) writes.push(writeFile(`${file}.br`, br));
  if (gzipped.length < body.length) writes.push(writeFile(`${file}.gz`, gzipped));
  await Promise.all(writes);
}
