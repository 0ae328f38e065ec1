// Scratch: heap snapshots of the server empty and with N idle connections (not committed).
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startBenchServer } from "./lib/server.ts";
import { accounts } from "./lib/bots.ts";
import { Fleet, sleep } from "./lib/fleet.ts";

const N = Number(process.env.N ?? 1000);
const CAP = process.env.CAP;
const outDir = "/work/scratch/heap";
const dataDir = mkdtempSync(path.join(tmpdir(), "neospace-heap-"));
const env: Record<string, string> = { LOG_LEVEL: "warn", MATCHMAKE_PER_IP_PER_MINUTE: "100000", NODE_OPTIONS: "--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=" + outDir };
if (CAP) env.SPACE_CAPACITY = CAP;
const server = await startBenchServer({ transport: "uws", env, dataDir });
const snap = async (label: string) => {
  const before = new Set(readdirSync(outDir));
  process.kill(server.pid, "SIGUSR2");
  for (;;) {
    await sleep(1000);
    const now = readdirSync(outDir).filter((f) => !before.has(f));
    if (now.length > 0) { await sleep(3000); console.log(label, now[0]); return; }
  }
};
try {
  const tokens = await accounts(server, N, 16);
  await sleep(3000);
  await snap("empty");
  const fleet = await Fleet.start({ baseUrl: server.baseUrl, tokens, workers: 1, joinBatch: 50 });
  console.log("joined", fleet.joined, "failures", fleet.failures);
  await sleep(8000);
  await snap("full");
  await fleet.leave();
} finally {
  await server.stop();
}
process.exit(0);
