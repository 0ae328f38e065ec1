/// <reference types="vite/client" />

/** The QuickJS wasm as base64 (client/vite.config.ts, quickjsWasmInline). */
declare module "virtual:quickjs-wasm" {
  const base64: string;
  export default base64;
}
