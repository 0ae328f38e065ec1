// Preloaded into a bench's server child (NODE_OPTIONS=--import): for comparing heap
// behaviour between runs.
//   BENCH_V8_FLAGS="--flag ..."  V8 flags set at start (NODE_OPTIONS refuses most of them);
//   BENCH_GC_LOG=<file>          one JSON line per collection: seconds since start, kind,
//                                pause ms, RSS MiB and each heap space's [used, held] MiB.
import { appendFileSync } from "node:fs";
import { constants, PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

for (const flag of (process.env.BENCH_V8_FLAGS ?? "").split(" ").filter(Boolean)) setFlagsFromString(flag);

const file = process.env.BENCH_GC_LOG;
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
