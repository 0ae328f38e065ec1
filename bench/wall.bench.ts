/**
 * npm run bench:wall — (1) 200 viewers watch one wall (the `wall` room) while 20 writers
 * post at 1 post/s each: post→visible-to-all p50/p99 and the post acknowledgement p99
 * (the write is stored before the ack); (2) what a profile page does per `wall:event`:
 * the same viewers and writers run twice, once with each viewer refetching the wall per
 * event (what client/src/ui/profile-page.ts did before) and once applying the event to
 * its list with the page's own WallList (what it does now); HTTP requests per event,
 * server CPU and event→list-current latency, side by side; (3) a feed page (20 items)
 * over 100,000 posts on the sqlite engine: p50/p99 and the query plan, which must walk an index.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@colyseus/sdk";
import { WallList } from "../client/src/ui/wall-list.ts";
import { PROTOCOL_VERSION, ServerMessage } from "../schema/protocol.ts";
import type { WallEvent, WallPage } from "../schema/replies/social.ts";
import { createLogger } from "../server/core/logger.ts";
import { FeedService } from "../server/social/feed.ts";
import { Feed, Posts } from "../server/store/collections.ts";
import { pageAfter, newestFirst } from "../server/store/cursor.ts";
import { createMigrator } from "../server/store/migrations/index.ts";
import { UserRepository } from "../server/store/repositories/users.ts";
import { openSqliteStore } from "../server/store/sqlite/store.ts";
import { fakeIp, register, type TestAccount } from "../tests/helpers/accounts.ts";
import { startTestServer, TEST_OPERATOR_TOKEN, type TestServer } from "../tests/helpers/server.ts";
import { pin } from "./lib/bots.ts";
import { cpuSecondsOf, percentile, report, round } from "./lib/stats.ts";

const VIEWERS = 200;
const WRITERS = 20;
const SECONDS = 15;

async function viewersAndWriters() {
  const server: TestServer = await startTestServer({ transport: "uws", env: { LOG_LEVEL: "warn" } });
  const pinned = pin(server.pid, 0) && pin(process.pid, 1);
  try {
    const owner = await register(server);
    const people: TestAccount[] = [];
    for (let i = 0; i < VIEWERS + WRITERS; i += 10) {
      people.push(...(await Promise.all(Array.from({ length: Math.min(10, VIEWERS + WRITERS - i) }, () => register(server)))));
    }
    const sentAt = new Map<string, number>();
    const seenBy = new Map<string, number>();
    const allSeenAt = new Map<string, number>();
    const rooms = await Promise.all(
      people.slice(0, VIEWERS).map(async (v) => {
        const client = new Client(server.baseUrl, { headers: { authorization: `Bearer ${v.token}` } });
        const room = await client.joinOrCreate("wall", { protocol: PROTOCOL_VERSION, owner: owner.username });
        room.onMessage(ServerMessage.WALL_EVENT, (e: WallEvent) => {
          const key = e.kind === "post" ? e.post.text : undefined;
          if (!key || !sentAt.has(key)) return;
          const n = (seenBy.get(key) ?? 0) + 1;
          seenBy.set(key, n);
          if (n === VIEWERS) allSeenAt.set(key, performance.now());
        });
        return room;
      }),
    );
    const acks: number[] = [];
    const writers = people.slice(VIEWERS);
    await Promise.all(
      writers.map(async (w, i) => {
        const ip = fakeIp(); // each writer is its own client (the server trusts the proxy header in tests)
        for (let s = 0; s < SECONDS; s++) {
          const text = `w${i} post ${s}`;
          const started = performance.now();
          sentAt.set(text, started);
          const res = await fetch(`${server.baseUrl}/api/walls/${owner.username}/posts`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${w.token}`, "x-forwarded-for": ip },
            body: JSON.stringify({ text }),
          });
          await res.arrayBuffer();
          if (res.status !== 201) throw new Error(`post refused: ${res.status}`);
          acks.push(performance.now() - started);
          await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - started))));
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    const visible = [...allSeenAt].map(([k, t]) => t - (sentAt.get(k) ?? t));
    await Promise.all(rooms.map((r) => r.leave().catch(() => undefined)));
    return {
      viewers: VIEWERS,
      writers: WRITERS,
      posts: sentAt.size,
      seenByAll: visible.length,
      visibleToAllP50Ms: round(percentile(visible, 50)),
      visibleToAllP99Ms: round(percentile(visible, 99)),
      ackP50Ms: round(percentile(acks, 50)),
      ackP99Ms: round(percentile(acks, 99)),
      pinned,
    };
  } finally {
    await server.stop();
  }
}

async function feedOver100k() {
  const dir = mkdtempSync(path.join(tmpdir(), "neospace-wallbench-"));
  const log = createLogger({ level: "silent" });
  const store = openSqliteStore({ file: path.join(dir, "w.db"), logger: log });
  try {
    await createMigrator(store, log).up();
    const posts = Posts.in(store);
    const feed = Feed.in(store);
    for (let chunk = 0; chunk < 100_000; chunk += 5_000) {
      const batch = Array.from({ length: 5_000 }, (_, j) => chunk + j);
      await posts.insertMany(
        batch.map((i) => ({
          _id: `p${i}`, wallOwnerId: `u${i % 500}`, authorId: `u${(i * 7) % 500}`, authorName: "x", text: `post ${i}`,
          ref: null, public: true, createdAt: i + 1, editedAt: null, hidden: false, reactions: {}, replyCount: 0,
        })),
      );
      await feed.insertMany(batch.map((i) => ({ _id: `p${i}`, kind: "post", refId: `p${i}`, authorId: `u${(i * 7) % 500}`, createdAt: i + 1 })));
    }
    const writes: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      const t = performance.now();
      await store.batch([
        { op: "insertOne", collection: "posts", doc: { _id: `x${i}`, wallOwnerId: "u1", authorId: "u2", createdAt: 200_000 + i, text: "x", public: true } },
        { op: "insertOne", collection: "feed", doc: { _id: `x${i}`, kind: "post", refId: `x${i}`, authorId: "u2", createdAt: 200_000 + i } },
      ]);
      writes.push(performance.now() - t);
    }
    const service = new FeedService(store, new UserRepository(store));
    const pages: number[] = [];
    for (let i = 0; i < 500; i++) {
      const before = 1 + Math.floor(Math.random() * 100_000);
      const t = performance.now();
      // The cursor of the item at `before` (p{i} has createdAt i + 1): the page holds the 20 older ones.
      const page = await service.page("everyone", { at: before, id: `p${before - 1}` });
      pages.push(performance.now() - t);
      if (page.items.length !== 20 && before > 21) throw new Error(`short page at ${before}`);
    }
    const plan = store.explainFind(Feed.name, pageAfter("createdAt", { at: 50_000, id: "p49999" }), {
      sort: newestFirst("createdAt"),
      limit: 20,
    });
    return {
      posts: 100_000,
      feedPageP50Ms: round(percentile(pages, 50), 3),
      feedPageP99Ms: round(percentile(pages, 99), 3),
      storeWriteP99Ms: round(percentile(writes, 99), 3),
      queryPlan: plan,
      usesIndex: plan.some((l) => /USING INDEX/.test(l)) && !plan.some((l) => /SCAN feed(?! USING)/.test(l) || /TEMP B-TREE/.test(l)),
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const PAGE_VIEWERS = 50;
const PAGE_WRITERS = 5;
const PAGE_SECONDS = 6;

/** Server-side count of GET /api/walls/:username/posts so far, from /metrics. */
async function wallFetchesServed(server: TestServer): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } })).text();
  return text
    .split("\n")
    .filter((l) => l.startsWith("neospace_http_requests_total{") && l.includes('method="GET"') && l.includes("/api/walls/"))
    .reduce((sum, l) => sum + Number(l.split(" ").at(-1)), 0);
}

/**
 * One run of PAGE_VIEWERS pages watching a wall while PAGE_WRITERS post once a second.
 * `refetch`: each viewer GETs the whole wall on every event (the profile page before);
 * `apply`: each viewer applies the event to its WallList (the page now, same class).
 * A viewer's list is "current" for a post once the post is in it.
 */
async function pageUpdates(mode: "refetch" | "apply") {
  const server: TestServer = await startTestServer({ transport: "uws", env: { LOG_LEVEL: "warn" } });
  const pinned = pin(server.pid, 0) && pin(process.pid, 1);
  try {
    const owner = await register(server);
    const people: TestAccount[] = [];
    for (let i = 0; i < PAGE_VIEWERS + PAGE_WRITERS; i += 10) {
      people.push(...(await Promise.all(Array.from({ length: Math.min(10, PAGE_VIEWERS + PAGE_WRITERS - i) }, () => register(server)))));
    }
    const wallUrl = `${server.baseUrl}/api/walls/${owner.username}/posts`;
    const sentAt = new Map<string, number>();
    const currentAfter: number[] = [];
    let viewerRequests = 0;
    let events = 0;
    const rooms = await Promise.all(
      people.slice(0, PAGE_VIEWERS).map(async (v) => {
        const auth = { authorization: `Bearer ${v.token}` };
        viewerRequests++;
        const list = new WallList(((await (await fetch(wallUrl, { headers: auth })).json()) as WallPage).posts, false);
        const client = new Client(server.baseUrl, { headers: auth });
        const room = await client.joinOrCreate("wall", { protocol: PROTOCOL_VERSION, owner: owner.username });
        room.onMessage(ServerMessage.WALL_EVENT, async (e: WallEvent) => {
          events++;
          const text = e.kind === "post" ? e.post.text : "";
          let posts = list.posts;
          if (mode === "apply") {
            list.apply(e);
          } else {
            viewerRequests++;
            posts = ((await (await fetch(wallUrl, { headers: auth })).json()) as WallPage).posts;
          }
          const sent = sentAt.get(text);
          if (sent !== undefined && (mode === "refetch" ? posts : list.posts).some((p) => p.text === text)) {
            currentAfter.push(performance.now() - sent);
          }
        });
        return room;
      }),
    );
    const initialRequests = viewerRequests;
    const servedBefore = await wallFetchesServed(server);
    const cpuBefore = cpuSecondsOf(server.pid);
    await Promise.all(
      people.slice(PAGE_VIEWERS).map(async (w, i) => {
        const ip = fakeIp();
        for (let s = 0; s < PAGE_SECONDS; s++) {
          const text = `${mode} w${i} post ${s}`;
          const started = performance.now();
          sentAt.set(text, started);
          const res = await fetch(wallUrl, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${w.token}`, "x-forwarded-for": ip },
            body: JSON.stringify({ text }),
          });
          await res.arrayBuffer();
          if (res.status !== 201) throw new Error(`post refused: ${res.status}`);
          await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - started))));
        }
      }),
    );
    // Let refetches in flight finish (the refetch mode falls behind; that is what it shows).
    const deadline = performance.now() + 30_000;
    while (currentAfter.length < sentAt.size * PAGE_VIEWERS && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const cpu = cpuSecondsOf(server.pid) - cpuBefore;
    const served = (await wallFetchesServed(server)) - servedBefore;
    await Promise.all(rooms.map((r) => r.leave().catch(() => undefined)));
    const wallEvents = sentAt.size;
    return {
      mode,
      viewers: PAGE_VIEWERS,
      wallEvents,
      eventsReceived: events,
      /** Counted by the bench's viewers, after each viewer's one initial load. */
      viewerRequestsPerEvent: round((viewerRequests - initialRequests) / wallEvents, 2),
      /** Counted by the server (/metrics, GET /api/walls/...) over the same window. */
      serverWallFetchesPerEvent: round(served / wallEvents, 2),
      serverCpuSeconds: round(cpu, 2),
      listCurrentP50Ms: round(percentile(currentAfter, 50)),
      listCurrentP99Ms: round(percentile(currentAfter, 99)),
      listsCurrent: `${currentAfter.length}/${wallEvents * PAGE_VIEWERS}`,
      pinned,
    };
  } finally {
    await server.stop();
  }
}

const live = await viewersAndWriters();
const before = await pageUpdates("refetch");
const now = await pageUpdates("apply");
const pageUpdate = {
  what:
    "HTTP requests a profile page makes per wall:event. The viewers are SDK clients running the page's update path: " +
    "'before' refetches the wall per event (the old profile-page.ts), 'now' applies the event with client/src/ui/wall-list.ts " +
    "(the class the page uses); no browser is involved, so DOM redraw cost is not in these numbers.",
  before,
  now,
  cpuRatioBeforeOverNow: round(before.serverCpuSeconds / Math.max(now.serverCpuSeconds, 0.01), 1),
};
const feedPage = await feedOver100k();
report("wall", { live, pageUpdate, feedPage });
process.exit(0);
