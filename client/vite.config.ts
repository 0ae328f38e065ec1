import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const clientRoot = fileURLToPath(new URL(".", import.meta.url));
const outDir = fileURLToPath(new URL("../dist/client", import.meta.url));

/**
 * The browser client. Root is client/; the build lands in dist/client at the repo root,
 * which the server serves at `/` under a strict CSP (no inline script or style), so the
 * build must not inline anything into index.html.
 */
export default defineConfig({
  root: clientRoot,
  base: "/",
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    // Never turn assets into data: URLs or inline CSS/JS into the HTML shell.
    assetsInlineLimit: 0,
    // Phaser alone is about 1.3 MB minified; it gets its own long-cached chunk.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        manualChunks: (id: string) => (id.includes("/node_modules/phaser/") ? "phaser" : undefined),
      },
    },
  },
});
