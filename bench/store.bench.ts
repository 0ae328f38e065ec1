/**
 * npm run bench:store — the sqlite engine on 100,000 documents in a temp dir:
 * insert rate, findOne by a unique indexed key vs by an unindexed field, and a cursor
 * page (range + sort + limit) over an indexed field. Prints one JSON line and writes
 * it to bench/results/store-<date>.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pino from "pino";
import { openSqliteStore } from "../server/store/sqlite/store.ts";
import type { Doc } from "../server/store/types.ts";

const DOCS = 100_000;
const BATCH = 1_000;
const INDEXED_LOOKUPS = 5_000;
const UNINDEXED_LOOKUPS = 50;
const PAGE_QUERIES = 1_000;

type User = Doc & { usernameKey: string; email: string; createdAt: number; bio: string };

function makeUser(i: number): User {
  return {
    _id: `user-${i}`,
    usernameKey: `name${i}`,
    // Unique but unindexed: the same lookup without an index to use.
    email: `person${i}@example.test`,
    createdAt: 1_700_000_000_000 + i * 1_000,
    bio: `bio of user ${i} `.repeat(4),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)] ?? 0;
}

async function timeEach(n: number, op: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const found = await op(i);
    times.push(performance.now() - t);
    if (found === null) throw new Error("lookup found nothing: the benchmark data is wrong");
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)) };
}

const round = (ms: number) => Math.round(ms * 1_000) / 1_000;
const randomIndex = () => Math.floor(Math.random() * DOCS);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "neospace-bench-"));
  const store = openSqliteStore({ file: path.join(dir, "bench.db"), logger: pino({ level: "warn" }) });
  try {
    const users = store.collection<User>("users");
    await users.createIndex({ fields: { usernameKey: 1 }, unique: true });
    await users.createIndex({ fields: { createdAt: 1 } });

    const insertStart = performance.now();
    for (let from = 0; from < DOCS; from += BATCH) {
      await users.insertMany(Array.from({ length: BATCH }, (_, k) => makeUser(from + k)));
    }
    const insertSeconds = (performance.now() - insertStart) / 1_000;

    const indexed = await timeEach(INDEXED_LOOKUPS, () => users.findOne({ usernameKey: `name${randomIndex()}` }));
    const unindexed = await timeEach(UNINDEXED_LOOKUPS, () =>
      users.findOne({ email: `person${randomIndex()}@example.test` }),
    );
    const pageFilter = (i: number) => ({ createdAt: { $lt: 1_700_000_000_000 + ((i * 7919) % DOCS) * 1_000 + 1 } });
    const page = await timeEach(PAGE_QUERIES, (i) => users.find(pageFilter(i), { sort: { createdAt: -1 }, limit: 20 }));

    const result = {
      bench: "store",
      engine: "sqlite",
      at: new Date().toISOString(),
      docs: DOCS,
      insertDocsPerSec: Math.round(DOCS / insertSeconds),
      findOneIndexedMs: { ...indexed, lookups: INDEXED_LOOKUPS },
      findOneUnindexedMs: { ...unindexed, lookups: UNINDEXED_LOOKUPS },
      ratioUnindexedP99OverIndexedP99: Math.round(unindexed.p99 / indexed.p99),
      cursorPage20Ms: { ...page, queries: PAGE_QUERIES },
      plans: {
        indexed: store.explainFind("users", { usernameKey: "name1" }),
        unindexed: store.explainFind("users", { email: "person1@example.test" }),
        cursorPage: store.explainFind("users", pageFilter(1), { sort: { createdAt: -1 }, limit: 20 }),
      },
      machine: {
        cpu: os.cpus()[0]?.model ?? "unknown",
        cores: os.cpus().length,
        node: process.version,
        sqlite: String(new Database(":memory:").prepare("SELECT sqlite_version()").pluck().get()),
        platform: `${os.platform()} ${os.release()}`,
      },
    };
    const line = JSON.stringify(result);
    console.log(line);
    const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, `store-${result.at.replaceAll(":", "-")}.json`), `${line}\n`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
