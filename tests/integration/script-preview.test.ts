import assert from "node:assert/strict";
import { PREVIEW_LIMITS } from "../../schema/codeground/preview.ts";
import type { DraftView, ScriptPage, VersionView } from "../../schema/replies/codeground.ts";
import type { FeedPage, WallPage } from "../../schema/replies/social.ts";
import { fakeIp, register, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { grantAdmin } from "../helpers/admin.ts";
import { api } from "../helpers/http.ts";
import { hugeHeaderPng, makePng } from "../helpers/png.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

/**
 * Still previews of published scripts over HTTP: the publisher's PNG rides with the
 * publish, is checked strictly, stored with the immutable version and served inert, to
 * exactly those who may see the script.
 */
describe("Script previews (real server)", function () {
  this.timeout(60_000);
  let server: TestServer;
  let ana: TestAccount;
  let ben: TestAccount;

  const call = async <T>(method: string, path: string, who?: TestAccount, body?: unknown) => {
    const r = await api(server, method, path, who, body);
    return { status: r.status, body: r.body as unknown as T };
  };
  const newDraft = async (who: TestAccount, title = "orbit") =>
    (await call<DraftView>("POST", "/api/scripts", who, { title, source: `onFrame(() => circle(50, 50, 10)); // ${uniqueName()}` })).body;
  /** Publishes from its own address, so the per-IP budget never decides a test here. */
  const publish = async (who: TestAccount, scriptId: string, body?: unknown) => {
    const r = await fetch(`${server.baseUrl}/api/scripts/${scriptId}/publish`, {
      method: "POST",
      headers: { authorization: `Bearer ${who.token}`, "x-forwarded-for": fakeIp(), ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, type: r.headers.get("content-type") ?? "", body: (text ? JSON.parse(text) : {}) as VersionView & { code?: string; detail?: string } };
  };
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
  const fetchPreview = (path: string, who?: TestAccount, headers: Record<string, string> = {}, method = "GET") =>
    fetch(`${server.baseUrl}${path}`, { method, headers: { ...headers, ...(who ? { authorization: `Bearer ${who.token}` } : {}) } });

  before(async function () {
    // The first suite after a client change also builds the client it serves.
    this.timeout(180_000);
    server = await startTestServer({ transport: "uws" });
    [ana, ben] = await Promise.all([register(server, uniqueName("ana")), register(server, uniqueName("ben"))]);
  });
  after(async () => {
    await server.stop();
  });

  it("[CGP1] a valid PNG is stored with its version and served as an inert, cacheable image to everyone who sees the script", async () => {
    const png = makePng(320, 240, { stripes: [20, 220, 180] });
    const d = await newDraft(ana);
    const v = await publish(ana, d.id, { preview: b64(png) });
    assert.equal(v.status, 201, JSON.stringify(v.body));
    assert.deepEqual(v.body.preview, { url: `/api/script-versions/${v.body.id}/preview.png`, width: 320, height: 240 });
    const url = v.body.preview?.url as string;

    const res = await fetchPreview(url);
    assert.equal(res.status, 200);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), png, "the bytes as uploaded");
    assert.equal(res.headers.get("content-type"), "image/png");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("content-disposition"), 'inline; filename="preview.png"');
    assert.equal(res.headers.get("cache-control"), "private, max-age=31536000, immutable");
    assert.equal(res.headers.get("cross-origin-resource-policy"), "same-origin");
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /(^|; )default-src 'none'(;|$)/);
    assert.match(csp, /(^|; )sandbox(;|$)/, "a bare sandbox: an opaque origin, no scripts, should it ever be a document");
    assert.doesNotMatch(csp, /'self'|'unsafe|https?:|\*/);
    const etag = res.headers.get("etag") ?? "";
    assert.match(etag, /^"[A-Za-z0-9_-]{27}"$/);

    const again = await fetchPreview(url, undefined, { "if-none-match": etag });
    assert.deepEqual([again.status, (await again.arrayBuffer()).byteLength, again.headers.get("etag")], [304, 0, etag]);
    const head = await fetchPreview(url, ben, {}, "HEAD");
    assert.deepEqual([head.status, head.headers.get("content-type")], [200, "image/png"]);

    // The page may show it: its img-src is our origin (plus data: and blob:, Phaser's own textures), nothing more.
    const page = await fetch(`${server.baseUrl}/`);
    const imgSrc = (page.headers.get("content-security-policy") ?? "").split("; ").find((d) => d.startsWith("img-src "));
    assert.equal(imgSrc, "img-src 'self' data: blob:");

    const feedCard = (await call<FeedPage>("GET", "/api/feed", ben)).body.items.find((i) => i.ref?.id === v.body.id)?.script;
    assert.deepEqual(feedCard?.preview, v.body.preview, "the feed's card names the preview");
    const wallCard = (await call<WallPage>("GET", `/api/walls/${ana.username}/posts`)).body.posts.find((p) => p.ref?.id === v.body.id)?.script;
    assert.deepEqual(wallCard?.preview, v.body.preview, "so does the wall's");
    assert.deepEqual((await call<ScriptPage>("GET", `/api/scripts/${d.id}`, ben)).body.latest?.preview, v.body.preview);

    // A version published without a preview keeps the old card look, and its image is a 404.
    await call("PUT", `/api/scripts/${d.id}/draft`, ana, { title: "orbit", source: "// v2" });
    const plain = await publish(ana, d.id);
    assert.deepEqual([plain.status, plain.body.number, plain.body.preview], [201, 2, null]);
    const missing = await fetchPreview(`/api/script-versions/${plain.body.id}/preview.png`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get("content-type") ?? "", /^application\/problem\+json/);
    assert.equal(((await missing.json()) as { code: string }).code, "NOT_FOUND");
    assert.equal((await fetchPreview(url)).status, 200, "v1's preview is unchanged by v2");
  });

  it("[CGP2] anything but a small well-formed PNG is refused with problem+json, and nothing is published", async () => {
    const gif = Buffer.from("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;", "latin1");
    const html = Buffer.from("<html><script>alert(1)</script></html>".padEnd(200, " "));
    const big = makePng(PREVIEW_LIMITS.maxWidth, PREVIEW_LIMITS.maxHeight, { extra: [["IDAT", new Uint8Array(PREVIEW_LIMITS.maxBytes)]] });
    const good = makePng(32, 24);
    const badCrc = Buffer.from(good);
    badCrc[good.length - 20] = (badCrc[good.length - 20] as number) ^ 0xff;
    const cases: Array<[string, unknown, number]> = [
      ["not a PNG (GIF)", { preview: b64(gif) }, 415],
      ["not a PNG (HTML)", { preview: b64(html) }, 415],
      ["over 64 KiB", { preview: b64(big) }, 413],
      ["a body over the route's cap", { preview: "A".repeat(140 * 1024) }, 413],
      ["huge dimensions", { preview: b64(hugeHeaderPng(20_000, 20_000)) }, 400],
      ["one side too large", { preview: b64(makePng(PREVIEW_LIMITS.maxWidth + 1, 10)) }, 400],
      ["a text chunk", { preview: b64(makePng(32, 24, { extra: [["tEXt", Buffer.from("Comment\0<script>")]] })) }, 400],
      ["bytes after IEND", { preview: b64(makePng(32, 24, { tail: Buffer.from("<html>") })) }, 400],
      ["a wrong CRC", { preview: b64(badCrc) }, 400],
      ["not base64", { preview: "<svg onload=alert(1)>" }, 400],
      ["an unknown field", { preview: b64(good), url: "https://evil.example/x.png" }, 400],
    ];
    // A refused preview still spends a publish (10 per person per window): one person per case.
    for (const [what, body, status] of cases) {
      const who = await register(server, uniqueName("pub"));
      const d = await newDraft(who, "strict");
      const r = await publish(who, d.id, body);
      assert.equal(r.status, status, `${what}: ${JSON.stringify(r.body)}`);
      assert.match(r.type, /^application\/problem\+json/, what);
      const page = (await call<ScriptPage>("GET", `/api/scripts/${d.id}`, who)).body;
      assert.deepEqual([page.draft?.published, page.draft?.latestVersion], [false, 0], `${what}: no version was made`);
      if (what === "a wrong CRC") assert.equal((await publish(who, d.id, { preview: b64(good) })).status, 201, "the same draft publishes with a good preview");
    }
  });

  it("[CGP3] nobody can publish (or attach a preview to) another person's script", async () => {
    const d = await newDraft(ana, "mine");
    const r = await publish(ben, d.id, { preview: b64(makePng(32, 24)) });
    assert.equal(r.status, 404);
    assert.match(r.type, /^application\/problem\+json/);
    const page = (await call<ScriptPage>("GET", `/api/scripts/${d.id}`, ana)).body;
    assert.equal(page.draft?.latestVersion, 0);
  });

  it("[CGP4] an unpublished or hidden script's preview is served to nobody who cannot see the script", async () => {
    const d = await newDraft(ben, "shy");
    const v = (await publish(ben, d.id, { preview: b64(makePng(64, 48)) })).body;
    const url = `/api/script-versions/${v.id}/preview.png`;
    assert.equal((await fetchPreview(url, ana)).status, 200);
    assert.equal((await call("POST", `/api/scripts/${d.id}/unpublish`, ben)).status, 204);
    assert.equal((await fetchPreview(url)).status, 404, "anonymous");
    assert.equal((await fetchPreview(url, ana)).status, 404, "another person");
    assert.equal((await fetchPreview(url, ben)).status, 200, "the owner still sees their own");

    const loud = await newDraft(ben, "loud");
    const lv = (await publish(ben, loud.id, { preview: b64(makePng(64, 48)) })).body;
    const mod = await register(server, uniqueName("mod"));
    await grantAdmin(server, mod);
    assert.equal((await call("POST", `/api/scripts/${loud.id}/hide`, mod, { reason: "spam" })).status, 204);
    const hidden = await fetchPreview(`/api/script-versions/${lv.id}/preview.png`, ana);
    assert.equal(hidden.status, 404);
    assert.match(hidden.headers.get("content-type") ?? "", /^application\/problem\+json/);
    assert.equal((await fetchPreview("/api/script-versions/0123456789abcdef/preview.png")).status, 404, "no such version");
  });
});
