import assert from "node:assert/strict";
import { SCRIPT_SOURCE_MAX_BYTES } from "../../schema/messages/codeground.ts";
import type { DraftView, RemixTree, ScriptPage, VersionView } from "../../schema/replies/codeground.ts";
import type { FeedPage, WallPage } from "../../schema/replies/social.ts";
import { fakeIp, register, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { grantAdmin } from "../helpers/admin.ts";
import { api } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

describe("Codeground routes (real server)", function () {
  this.timeout(90_000);
  let server: TestServer;
  let ana: TestAccount;
  let ben: TestAccount;
  let cat: TestAccount;

  const call = async <T>(method: string, path: string, who?: TestAccount, body?: unknown) => {
    const r = await api(server, method, path, who, body);
    return { status: r.status, body: r.body as unknown as T };
  };
  const newDraft = async (who: TestAccount, title = "orbit", source = "frame(() => circle(50, 50, 10));") =>
    (await call<DraftView>("POST", "/api/scripts", who, { title, source })).body;

  before(async () => {
    server = await startTestServer({ transport: "uws" });
    [ana, ben, cat] = await Promise.all([register(server, uniqueName("ana")), register(server, uniqueName("ben")), register(server, uniqueName("cat"))]);
  });
  after(async () => {
    await server.stop();
  });

  it("[CGR1] drafts are private: only the owner reads, saves, lists and restores them", async () => {
    const d = await newDraft(ana);
    assert.equal((await call("GET", `/api/scripts/${d.id}`, ben)).status, 404);
    assert.equal((await call("GET", `/api/scripts/${d.id}`)).status, 404);
    assert.equal((await call("PUT", `/api/scripts/${d.id}/draft`, ben, { title: "x", source: "y" })).status, 404);
    assert.equal((await call("GET", `/api/scripts/${d.id}/history`, ben)).status, 404);
    const saved = await call<{ seq: number }>("PUT", `/api/scripts/${d.id}/draft`, ana, { title: "orbit", source: "// two" });
    assert.deepEqual([saved.status, saved.body.seq], [200, 2]);
    const mine = (await call<{ drafts: Array<{ id: string }> }>("GET", "/api/scripts/mine", ana)).body;
    assert.ok(mine.drafts.some((x) => x.id === d.id));
    assert.ok(!(await call<{ drafts: Array<{ id: string }> }>("GET", "/api/scripts/mine", ben)).body.drafts.some((x) => x.id === d.id));
    const restored = await call<DraftView>("POST", `/api/scripts/${d.id}/history/1/restore`, ana);
    assert.deepEqual([restored.status, restored.body.source, restored.body.seq], [200, "frame(() => circle(50, 50, 10));", 3]);
  });

  it("[CGR2] validation: source over 64 KiB, empty titles and unknown fields are refused; titles are cleaned", async () => {
    const big = "x".repeat(SCRIPT_SOURCE_MAX_BYTES + 1);
    assert.equal((await call("POST", "/api/scripts", ana, { title: "big", source: big })).status, 400);
    const multibyte = "é".repeat(SCRIPT_SOURCE_MAX_BYTES / 2 + 1); // fewer characters than the limit, more bytes
    assert.equal((await call("POST", "/api/scripts", ana, { title: "big", source: multibyte })).status, 400);
    assert.equal((await call("POST", "/api/scripts", ana, { title: "fits", source: "x".repeat(SCRIPT_SOURCE_MAX_BYTES) })).status, 201);
    assert.equal((await call("POST", "/api/scripts", ana, { title: " \u202E ", source: "" })).status, 400);
    assert.equal((await call("POST", "/api/scripts", ana, { title: "t", source: "", owner: ben.userId })).status, 400);
    const d = await newDraft(ana, "<img src=x onerror=alert(1)>\u202Egnp.exe");
    assert.equal(d.title, "<img src=x onerror=alert(1)>gnp.exe", "kept as text (the client renders it inert), bidi removed");
    // Other routes still take 64 KiB bodies at most.
    const padded = { text: "x", pad: "y".repeat(70_000) };
    assert.equal((await call("POST", `/api/walls/${ana.username}/posts`, ana, padded)).status, 413);
  });

  it("[CGR3] publish makes a version announced as a script card on the wall and in the feed", async () => {
    const d = await newDraft(ana, "orbit");
    const v = await call<VersionView>("POST", `/api/scripts/${d.id}/publish`, ana);
    assert.equal(v.status, 201);
    assert.equal(v.body.number, 1);
    assert.match(v.body.hash, /^[0-9a-f]{64}$/);
    assert.equal((await call("POST", `/api/scripts/${d.id}/publish`, ana)).status, 409, "nothing changed");
    const feed = (await call<FeedPage>("GET", "/api/feed")).body;
    const item = feed.items.find((i) => i.ref?.id === v.body.id);
    assert.ok(item, "the card is in the feed");
    assert.deepEqual(
      { kind: item.ref?.kind, title: item.script?.title, author: item.script?.author, forks: item.script?.forkCount, removed: item.script?.removed },
      { kind: "script", title: "orbit", author: ana.username, forks: 0, removed: false },
    );
    const wall = (await call<WallPage>("GET", `/api/walls/${ana.username}/posts`)).body;
    assert.equal(wall.posts.find((p) => p.ref?.id === v.body.id)?.script?.versionId, v.body.id);
    const page = (await call<ScriptPage>("GET", `/api/scripts/${d.id}`, ben)).body;
    assert.deepEqual([page.draft, page.latest?.number, page.latest?.source], [null, 1, d.source]);
  });

  it("[CGR4] fork lineage, credit and remix tree; unpublish keeps the forks' credit", async () => {
    const orbit = await newDraft(ana, "orbit");
    const v1 = (await call<VersionView>("POST", `/api/scripts/${orbit.id}/publish`, ana)).body;
    const benFork = await call<DraftView>("POST", `/api/script-versions/${v1.id}/fork`, ben);
    assert.equal(benFork.status, 201);
    assert.equal(benFork.body.credit?.line, `forked from @${ana.username}/orbit v1`);
    await call("PUT", `/api/scripts/${benFork.body.id}/draft`, ben, { title: "orbit remix", source: "// ben" });
    const b1 = (await call<VersionView>("POST", `/api/scripts/${benFork.body.id}/publish`, ben)).body;
    assert.equal(b1.credit?.line, `forked from @${ana.username}/orbit v1`);
    const catFork = (await call<DraftView>("POST", `/api/script-versions/${b1.id}/fork`, cat)).body;
    assert.deepEqual([catFork.depth, catFork.rootId], [2, orbit.id]);
    const card = (await call<FeedPage>("GET", "/api/feed")).body.items.find((i) => i.ref?.id === v1.id);
    assert.equal(card?.script?.forkCount, 1);
    const tree = (await call<RemixTree>("GET", `/api/scripts/${orbit.id}/tree`)).body;
    assert.deepEqual(
      tree.nodes.map((n) => [n.id, n.parentId, n.fromVersion, n.author]),
      [
        [orbit.id, null, null, ana.username],
        [benFork.body.id, orbit.id, 1, ben.username],
        [catFork.id, benFork.body.id, 1, null],
      ],
      "cat's fork is a private draft: in the tree, without title or author",
    );
    assert.equal((await call("POST", `/api/scripts/${orbit.id}/unpublish`, ana)).status, 204);
    assert.equal((await call<FeedPage>("GET", "/api/feed")).body.items.find((i) => i.ref?.id === v1.id), undefined, "the card left the feed");
    assert.equal((await call("GET", `/api/script-versions/${v1.id}`, ben)).status, 404);
    assert.equal((await call("POST", `/api/script-versions/${v1.id}/fork`, cat)).status, 404);
    const credit = (await call<VersionView>("GET", `/api/script-versions/${b1.id}`, cat)).body.credit;
    assert.equal(credit?.line, `forked from @${ana.username}/orbit v1 (original removed)`);
    const after = (await call<RemixTree>("GET", `/api/scripts/${benFork.body.id}/tree`)).body;
    assert.deepEqual([after.nodes[0]?.visible, after.nodes[0]?.title], [false, null]);
    assert.equal((await call("GET", `/api/scripts/${orbit.id}/tree`)).status, 404, "the unpublished original's own tree is its owner's");
    assert.equal((await call("GET", `/api/scripts/${orbit.id}/tree`, ana)).status, 200);
  });

  it("[CGR5] moderators hide a published script, audited; its card leaves the feed and its versions stop running", async () => {
    const mod = await register(server, uniqueName("mod"));
    await grantAdmin(server, mod);
    const d = await newDraft(ben, "spam");
    const v = (await call<VersionView>("POST", `/api/scripts/${d.id}/publish`, ben)).body;
    assert.equal((await call("POST", `/api/scripts/${d.id}/hide`, cat, { reason: "x" })).status, 403);
    assert.equal((await call("POST", `/api/scripts/${d.id}/hide`, mod, { reason: "spam" })).status, 204);
    assert.equal((await call<FeedPage>("GET", "/api/feed")).body.items.find((i) => i.ref?.id === v.id), undefined);
    assert.equal((await call("GET", `/api/script-versions/${v.id}`, cat)).status, 404);
    assert.equal((await call("POST", `/api/scripts/${d.id}/publish`, ben)).status, 403, "a hidden script cannot be published again");
    const wallPost = (await call<WallPage>("GET", `/api/walls/${ben.username}/posts`, cat)).body.posts.find((p) => p.ref?.id === v.id);
    assert.deepEqual([wallPost?.hidden, wallPost?.script?.removed], [true, true]);
    const audit = (await call<{ entries: Array<{ action: string; targetName: string; details?: { scriptId?: string } }> }>("GET", "/api/admin/audit", mod)).body;
    const entry = audit.entries.find((e) => e.action === "hide-script" && e.details?.scriptId === d.id);
    assert.equal(entry?.targetName, ben.username, "the owner by username, as every audit entry names its target");
  });

  it("[CGR6] budgets: publishes per user are limited (429 past the 10th in the window)", async () => {
    const who = await register(server, uniqueName("pub"));
    const d = await newDraft(who, "many");
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      await fetch(`${server.baseUrl}/api/scripts/${d.id}/draft`, {
        method: "PUT",
        headers: { "content-type": "application/json", authorization: `Bearer ${who.token}`, "x-forwarded-for": fakeIp() },
        body: JSON.stringify({ title: "many", source: `// ${i}` }),
      });
      const r = await fetch(`${server.baseUrl}/api/scripts/${d.id}/publish`, {
        method: "POST",
        headers: { authorization: `Bearer ${who.token}`, "x-forwarded-for": fakeIp() },
      });
      statuses.push(r.status);
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(201));
    assert.equal(statuses[10], 429);
  });

  it("[CGR7] the drafts list pages with the opaque cursor of its `next`; any other `before` is 400 problem+json naming the field", async () => {
    const who = await register(server, uniqueName("pager"));
    await newDraft(who, "one");
    const first = await api(server, "GET", "/api/scripts/mine?before=", who);
    assert.deepEqual([first.status, first.body.next], [200, null], "an empty cursor means the first page");
    for (const bad of ["0", "-1", "abc", "1700000000000", "1e3"]) {
      const res = await fetch(`${server.baseUrl}/api/scripts/mine?before=${bad}`, { headers: { authorization: `Bearer ${who.token}` } });
      assert.equal(res.status, 400, `before=${bad}`);
      assert.match(res.headers.get("content-type") ?? "", /^application\/problem\+json/);
      const problem = (await res.json()) as { code: string; errors: Array<{ path: string }> };
      assert.equal(problem.code, "BAD_INPUT");
      assert.deepEqual(problem.errors.map((e) => e.path), ["before"], `before=${bad}`);
    }
  });

  it("[CGR9] the remix tree pages with its `next`; any other `after` is 400 problem+json naming the field, never the first page again", async () => {
    const who = await register(server, uniqueName("treer"));
    const d = await newDraft(who, "family");
    for (const ok of ["", `${Date.now()}.${"ab".repeat(8)}`]) {
      const res = await call<RemixTree>("GET", `/api/scripts/${d.id}/tree?after=${ok}`, who);
      assert.equal(res.status, 200, `after=${ok}`);
    }
    for (const bad of ["abc", "0x1.ab", "1.", ".ab", "1.AB", `1.${"a".repeat(65)}`, "12345678901234567.ab"]) {
      const res = await fetch(`${server.baseUrl}/api/scripts/${d.id}/tree?after=${encodeURIComponent(bad)}`, { headers: { authorization: `Bearer ${who.token}` } });
      assert.equal(res.status, 400, `after=${bad}`);
      assert.match(res.headers.get("content-type") ?? "", /^application\/problem\+json/);
      const problem = (await res.json()) as { code: string; errors: Array<{ path: string }> };
      assert.deepEqual([problem.code, problem.errors.map((e) => e.path)], ["BAD_INPUT", ["after"]], `after=${bad}`);
    }
  });

  it("[CGR8] a save number in the path is plain decimal digits: 0x1, 1e0, +1, 1.0 and the like are 400 naming `seq`, never read as 1", async () => {
    const who = await register(server, uniqueName("restorer"));
    const d = await newDraft(who, "digits");
    for (const bad of ["0x1", "1e0", "+1", "1.0", "%201", "0b1", "0", "99999999999999999999"]) {
      const res = await fetch(`${server.baseUrl}/api/scripts/${d.id}/history/${bad}/restore`, { method: "POST", headers: { authorization: `Bearer ${who.token}` } });
      assert.equal(res.status, 400, `seq ${bad}`);
      assert.match(res.headers.get("content-type") ?? "", /^application\/problem\+json/);
      const problem = (await res.json()) as { code: string; errors: Array<{ path: string }> };
      assert.deepEqual([problem.code, problem.errors.map((e) => e.path)], ["BAD_INPUT", ["seq"]], `seq ${bad}`);
    }
    assert.equal((await call<DraftView>("GET", `/api/scripts/${d.id}/history`, who)).status, 200);
    const restored = await call<DraftView>("POST", `/api/scripts/${d.id}/history/1/restore`, who);
    assert.deepEqual([restored.status, restored.body.seq], [200, 2], "plain digits still restore");
  });
});
