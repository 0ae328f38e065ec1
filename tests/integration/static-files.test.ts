import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { type RawAnswer, rawRequest } from "../helpers/raw-http.ts";
import { startTestServer, TEST_TRANSPORTS, type TestServer } from "../helpers/server.ts";

/**
 * The static server of issue 12 #14 over both transports, against a small build of its own
 * (a shell, a hashed asset with the .br/.gz siblings client/precompress.ts writes, a secret
 * beside the build folder): content coding by Accept-Encoding, caching headers, ETags and
 * 304s, HEAD, and no way out of the build folder.
 */

const SCRIPT = `export const greeting = ${JSON.stringify("hello ".repeat(400))};\n`;
const SHELL = `<!doctype html><title>shell</title>${"<!-- padding -->".repeat(100)}`;

function makeBuild(): { parent: string; root: string } {
  const parent = mkdtempSync(path.join(tmpdir(), "neospace-static-"));
  const root = path.join(parent, "client");
  mkdirSync(path.join(root, "assets"), { recursive: true });
  writeFileSync(path.join(parent, "secret.txt"), "do not serve");
  writeFileSync(path.join(root, "index.html"), SHELL);
  writeFileSync(path.join(root, "index.html.br"), brotliCompressSync(SHELL));
  writeFileSync(path.join(root, "index.html.gz"), gzipSync(SHELL));
  const asset = path.join(root, "assets", "app-AbC123.js");
  writeFileSync(asset, SCRIPT);
  writeFileSync(`${asset}.br`, brotliCompressSync(SCRIPT));
  writeFileSync(`${asset}.gz`, gzipSync(SCRIPT));
  writeFileSync(path.join(root, "assets", "plain-XyZ.css"), "body{color:red}");
  return { parent, root };
}

/** Header name (lower case) → every value sent under it, in order. */
function headersOf(answer: RawAnswer): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of answer.head.split("\r\n").slice(1)) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim().toLowerCase();
    out.set(name, [...(out.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return out;
}

/** The one value of a header; fails on a repeated one (two Content-Lengths are a framing error). */
function one(answer: RawAnswer, name: string): string | undefined {
  const values = headersOf(answer).get(name);
  assert.ok(!values || values.length === 1, `${name} sent ${values?.length} times:\n${answer.head}`);
  return values?.[0];
}

for (const transport of TEST_TRANSPORTS) {
  describe(`static files over ${transport}`, function () {
    this.timeout(60_000);
    let server: TestServer;
    let build: { parent: string; root: string };
    const get = (p: string, headers: string[] = [], method = "GET") =>
      rawRequest(server.port, { method, path: p, host: `127.0.0.1:${server.port}`, headers, framed: true });

    before(async () => {
      build = makeBuild();
      server = await startTestServer({ transport, env: { CLIENT_DIR: build.root } });
    });
    after(async () => {
      await server?.stop();
      rmSync(build.parent, { recursive: true, force: true });
    });

    it(`[SF1-${transport}] Accept-Encoding picks the precompressed br or gzip file, identity without it; Vary and lengths are right`, async () => {
      const cases: Array<[string | null, string | undefined, (b: Buffer) => Buffer]> = [
        ["gzip, deflate, br, zstd", "br", brotliDecompressSync],
        ["gzip", "gzip", gunzipSync],
        ["br;q=0, gzip;q=0.8", "gzip", gunzipSync],
        ["gzip;q=0.5, identity", undefined, (b) => b],
        [null, undefined, (b) => b],
      ];
      for (const [accept, coding, decode] of cases) {
        const answer = await get("/assets/app-AbC123.js", accept === null ? [] : [`Accept-Encoding: ${accept}`]);
        const what = `Accept-Encoding ${accept}`;
        assert.equal(answer.status, 200, what);
        assert.equal(one(answer, "content-encoding"), coding, what);
        assert.equal(one(answer, "vary"), "Accept-Encoding", what);
        assert.equal(one(answer, "content-type"), "text/javascript; charset=utf-8", what);
        const body = Buffer.from(answer.body, "latin1");
        assert.equal(Number(one(answer, "content-length")), body.length, what);
        assert.equal(decode(body).toString("utf8"), SCRIPT, what);
        if (coding) assert.ok(body.length < SCRIPT.length / 4, `${what}: ${body.length} bytes`);
      }
    });

    it(`[SF2-${transport}] hashed assets are immutable for a year; the shell and SPA paths are no-cache; each coding has its own ETag and a match is a 304`, async () => {
      const asset = await get("/assets/app-AbC123.js", ["Accept-Encoding: br"]);
      assert.equal(one(asset, "cache-control"), "public, max-age=31536000, immutable");
      for (const p of ["/", "/index.html", "/some/spa/path"]) {
        const shell = await get(p, ["Accept-Encoding: gzip"]);
        assert.equal(shell.status, 200, p);
        assert.equal(one(shell, "cache-control"), "no-cache", p);
        assert.equal(one(shell, "content-encoding"), "gzip", p);
      }
      const br = one(asset, "etag") ?? "";
      const gzip = one(await get("/assets/app-AbC123.js", ["Accept-Encoding: gzip"]), "etag") ?? "";
      const plain = one(await get("/assets/app-AbC123.js"), "etag") ?? "";
      assert.equal(new Set([br, gzip, plain]).size, 3, `${br} ${gzip} ${plain}`);
      const revalidated = await get("/assets/app-AbC123.js", ["Accept-Encoding: br", `If-None-Match: "nope", W/${br}`]);
      assert.equal(revalidated.status, 304, revalidated.head);
      assert.equal(revalidated.body, "");
      assert.equal(one(revalidated, "etag"), br);
      assert.equal(one(revalidated, "vary"), "Accept-Encoding");
      // The br tag does not validate the gzip representation.
      const other = await get("/assets/app-AbC123.js", ["Accept-Encoding: gzip", `If-None-Match: ${br}`]);
      assert.equal(other.status, 200);
      const shellTag = one(await get("/"), "etag") ?? "";
      assert.equal((await get("/", [`If-None-Match: ${shellTag}`])).status, 304);
      // A file the build did not precompress is served as it is.
      const css = await get("/assets/plain-XyZ.css", ["Accept-Encoding: br, gzip"]);
      assert.equal(css.status, 200);
      assert.equal(one(css, "content-encoding"), undefined);
      assert.equal(css.body, "body{color:red}");
    });

    it(`[SF3-${transport}] HEAD answers with GET's headers, the length a GET would carry, and no body`, async () => {
      for (const accept of ["br", "gzip", ""]) {
        const headers = accept ? [`Accept-Encoding: ${accept}`] : [];
        const got = await get("/assets/app-AbC123.js", headers);
        const head = await get("/assets/app-AbC123.js", headers, "HEAD");
        assert.equal(head.status, 200, head.head);
        assert.equal(head.body, "", `HEAD with ${accept}`);
        for (const name of ["content-length", "content-encoding", "content-type", "etag", "cache-control", "vary"]) {
          assert.equal(one(head, name), one(got, name), `${name} with Accept-Encoding ${accept}`);
        }
      }
    });

    it(`[SF4-${transport}] nothing outside the build is reachable, and the .br/.gz siblings are no addresses of their own`, async () => {
      const attempts = [
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/assets/..%2F..%2Fsecret.txt",
        "/%2e%2e/secret.txt",
        "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/assets/app-AbC123.js.br",
        "/assets/app-AbC123.js.gz",
        "/index.html.gz",
      ];
      for (const p of attempts) {
        const answer = await get(p, ["Accept-Encoding: br, gzip"]);
        assert.ok(answer.status === 404 || answer.status === 400, `${p}: ${answer.head}`);
        assert.doesNotMatch(answer.body, /do not serve/, p);
      }
    });
  });
}
