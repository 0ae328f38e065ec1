/**
 * npm run bench:wall — (1) 200 viewers watch one wall (the `wall` room) while 20 writers
 * post at 1 post/s each: post→visible-to-all p50/p99 and the post acknowledgement p99
 * (the write is stored before the ack); (2) a feed page (20 items) over 100,000 posts on
 * the sqlite engine: p50/p99 and the query plan, which must walk an index.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@colyseus/sdk";
import { PROTOCOL_VERSION } from "../schema/protocol.ts";
import { createLogger } from "../server/core/logger.ts";
import { FeedService } from "../server/social/feed.ts";
import type { FeedItemDoc, PostDoc } from "../server/social/types.ts";
import { createMigrator } from "../server/store/migrations/index.ts";
import { openSqliteStore } from "../server/store/sqlite/store.ts";
import { fakeIp, register, type TestAccount } from "../tests/helpers/accounts.ts";
import { startTestServer, type TestServer } from "../tests/helpers/server.ts";
import { pin } from "./lib/bots.ts";
import { percentile, report, round } from "./lib/stats.ts";

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
        room.onMessage("wall:event", (e: { kind: string; post?: { text: string } }) => {
          const key = e.post?.text;
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
    const posts = store.collection<PostDoc>("posts");
    const feed = store.collection<FeedItemDoc>("feed");
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
    const service = new FeedService(store);
    const pages: number[] = [];
    for (let i = 0; i < 500; i++) {
      const before = 1 + Math.floor(Math.random() * 100_000);
      const t = performance.now();
      const page = await service.page("everyone", before);
      pages.push(performance.now() - t);
      if (page.items.length !== 20 && before > 21) throw new Error(`short page at ${before}`);
    }
    const plan = store.explainFind("feed", { createdAt: { $lt: 50_000 } }, { sort: { createdAt: -1 }, limit: 20 });
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

const live = await viewersAndWriters();
const feedPage = await feedOver100k();
report("wall", { live, feedPage });
process.exit(0);
