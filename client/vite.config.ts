import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { precompress } from "./precompress.ts";

const clientRoot = fileURLToPath(new URL(".", import.meta.url));
/** The end-to-end build (`--mode e2e`): the same client plus the read-only test hook, in its own folder. */
export const E2E_MODE = "e2e";
const page = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * The browser client. Root is client/; the build lands in dist/client at the repo root,
 * which the server serves at `/` under a strict CSP (no inline script or style), so the
 * build must not inline anything into index.html. `--mode e2e` builds into dist/client-e2e
 * with the test hook (client/src/test-hook.ts) compiled in; every other build leaves it
 * out (main.ts tests `import.meta.env.MODE`, which Vite replaces with a constant).
 *
 * Three pages: the app (index.html); the Codeground sandbox document
 * (sandbox/frame.html → /sandbox/frame.html, served under the sandbox's own CSP), whose
 * worker is inlined into its bundle as a blob (an opaque-origin frame may not start a
 * worker from a URL) and which carries the QuickJS wasm inline (its CSP forbids fetching
 * anything); and a small host page for tests (sandbox-demo.html).
 */
const QUICKJS_WASM_ID = "virtual:quickjs-wasm";

/**
 * `import wasm from "virtual:quickjs-wasm"`: the QuickJS release wasm (from the installed
 * @jitl/quickjs-wasmfile-release-sync) as a base64 string, so the sandbox, whose CSP has
 * `connect-src 'none'`, can compile it without a request.
 */
function quickjsWasmInline(): Plugin {
  const resolved = `\0${QUICKJS_WASM_ID}`;
  return {
    name: "neospace:quickjs-wasm-inline",
    resolveId: (id) => (id === QUICKJS_WASM_ID ? resolved : undefined),
    load(id) {
      if (id !== resolved) return undefined;
      const file = createRequire(import.meta.url).resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
      return `export default ${JSON.stringify(readFileSync(file).toString("base64"))};`;
    },
  };
}

export default defineConfig(({ mode }) => ({
  plugins: [quickjsWasmInline(), precompress()],
  root: clientRoot,
  base: "/",
  publicDir: false,
  worker: { format: "iife" },
  build: {
    outDir: fileURLToPath(new URL(mode === E2E_MODE ? "../dist/client-e2e" : "../dist/client", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    // Never turn assets into data: URLs or inline CSS/JS into the HTML shell.
    assetsInlineLimit: 0,
    // Phaser alone is about 1.3 MB minified; it gets its own long-cached chunk.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      input: {
        main: page("index.html"),
        sandbox: page("sandbox/frame.html"),
        "sandbox-demo": page("sandbox-demo.html"),
      },
      output: {
        manualChunks: (id: string) => (id.includes("/node_modules/phaser/") ? "phaser" : undefined),
      },
    },
  },
}));
