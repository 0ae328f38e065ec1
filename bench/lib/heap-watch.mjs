// Preloaded into a bench's server child (NODE_OPTIONS=--import): for comparing heap
// behaviour between runs.
//   BENCH_V8_FLAGS="--flag ..."  V8 flags set at start (NODE_OPTIONS refuses most of them);
//   BENCH_GC_LOG=<file>          one JSON line per collection: seconds since start, kind,
//                                pause ms, RSS MiB and each heap space's [used, held] MiB;
//   BENCH_HEAP_SAMPLE=<file>:<from s>:<to s>
//                                V8's sampling heap profile of what the server allocates
//                                between those seconds after start, garbage included
//                                (a .heapprofile for Chrome's DevTools).
import { appendFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { constants, PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";
import { isMainThread } from "node:worker_threads";

for (const flag of (process.env.BENCH_V8_FLAGS ?? "").split(" ").filter(Boolean)) setFlagsFromString(flag);

// NODE_OPTIONS reaches worker threads too (the store's checkpointer): watch the main one.
const file = isMainThread ? process.env.BENCH_GC_LOG : undefined;
if (file) {
  const startedAt = performance.now();
  const kinds = {
    [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
    [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weak",
  };
  const mib = (n) => Math.round(n / 1048576);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name.replace(/_space$/, ""), [mib(s.space_used_size), mib(s.space_size)]]));
      const line = { s: Math.round(entry.startTime - startedAt) / 1000, kind: kinds[entry.detail?.kind] ?? "other", ms: Math.round(entry.duration * 10) / 10, rss: mib(process.memoryUsage.rss()), spaces };
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    }
  }).observe({ entryTypes: ["gc"] });
}

const sample = isMainThread ? process.env.BENCH_HEAP_SAMPLE?.split(":") : undefined;
if (sample) {
  const [out, from, to] = [sample[0], Number(sample[1]) * 1000, Number(sample[2]) * 1000];
  const session = new Session();
  session.connect();
  setTimeout(() => {
    session.post("HeapProfiler.enable");
    session.post("HeapProfiler.startSampling", { samplingInterval: 8192, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }, from).unref();
  setTimeout(() => {
    session.post("HeapProfiler.stopSampling", (err, result) => {
      if (!err) writeFileSync(out, JSON.stringify(result.profile));
    });
  }, to).unref();
}
