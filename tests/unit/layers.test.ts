import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const SERVER = path.resolve(import.meta.dirname, "../../server");

/** Every .ts file under a server folder, with the server-relative paths it imports. */
function importsUnder(folder: string): { file: string; imports: string[] }[] {
  const root = path.join(SERVER, folder);
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts"))
    .map((f) => {
      const file = path.join(root, f);
      const text = readFileSync(file, "utf8");
      const imports = [...text.matchAll(/from "([^"]+)"/g)].map((m) => {
        const spec = m[1] as string;
        return spec.startsWith(".") ? path.relative(SERVER, path.resolve(path.dirname(file), spec)) : spec;
      });
      return { file: path.relative(SERVER, file), imports };
    });
}

function crossings(folder: string, forbidden: (spec: string) => boolean): string[] {
  return importsUnder(folder).flatMap(({ file, imports }) => imports.filter(forbidden).map((spec) => `${file} → ${spec}`));
}

/** Issue 9 point 6: the layer crossings that were removed stay removed. */
describe("layers", () => {
  it("[LY1] domain/ is pure: no Colyseus core, no I/O layers (auth, http, rooms, store, transport)", () => {
    const bad = (s: string) => s === "@colyseus/core" || /^(auth|http|rooms|store|transport|social)\//.test(s);
    assert.deepEqual(crossings("domain", bad), []);
  });

  it("[LY2] rooms/ and transport/ read credentials from auth/, not http/authn.ts", () => {
    const bad = (s: string) => s === "http/authn.ts";
    assert.deepEqual([...crossings("rooms", bad), ...crossings("transport", bad)], []);
  });

  it("[LY3] handlers/ see rooms only through their context interface (no imports from rooms/)", () => {
    assert.deepEqual(crossings("handlers", (s) => s.startsWith("rooms/")), []);
  });

  it("[LY4] http/ does not parse what rooms/ wrote: join refusals come from core/errors.ts", () => {
    assert.deepEqual(crossings("http", (s) => s.startsWith("rooms/")), []);
  });
});
