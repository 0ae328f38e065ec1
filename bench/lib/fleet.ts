/** The parent's side of bench/space-worker.ts: bot worker processes driven through one window. */
import { type ChildProcess, fork } from "node:child_process";
import type { Job, Order, WorkerMessage, WorkerResult } from "../space-worker.ts";
import { pin } from "./bots.ts";
import { cpuSplitOf, percentile, round } from "./stats.ts";

export interface FleetOptions {
  baseUrl: string;
  tokens: string[];
  workers: number;
  map?: string;
  /** SDK probe bots per worker. */
  probesPerWorker?: number;
  walkEvery?: number;
  walkPeriodMs?: number;
  joinBatch?: number;
  /** Core the workers are pinned to (taskset); null: not pinned. */
  core?: number | null;
}

export interface Window {
  seconds: number;
  serverCpuS: number;
  /** Of serverCpuS, the time in the kernel (its sockets' system calls). */
  serverKernelS: number;
  results: WorkerResult[];
}

export class Fleet {
  private constructor(
    readonly children: ChildProcess[],
    readonly joined: number,
    readonly failures: number,
    readonly firstError: string | undefined,
  ) {}

  /** Forks the workers, hands each its share of tokens, resolves once all have joined. */
  static async start(o: FleetOptions): Promise<Fleet> {
    const per = Math.ceil(o.tokens.length / o.workers);
    const children: ChildProcess[] = [];
    const joined = await Promise.all(
      Array.from({ length: o.workers }, (_, i) => {
        const child = fork(new URL("../space-worker.ts", import.meta.url).pathname, [], { execArgv: ["--import", "tsx"] });
        children.push(child);
        if (o.core !== null) pin(child.pid as number, o.core ?? 1);
        const job: Job = {
          baseUrl: o.baseUrl,
          tokens: o.tokens.slice(i * per, (i + 1) * per),
          offset: i * per,
          map: o.map ?? "plaza",
          probes: o.probesPerWorker ?? 0,
          walkEvery: o.walkEvery ?? 1,
          walkPeriodMs: o.walkPeriodMs ?? 100,
          joinBatch: o.joinBatch ?? 10,
        };
        child.send(job);
        return nextMessage<WorkerMessage>(child, "joined");
      }),
    );
    const firstError = joined.map((j) => (j.type === "joined" ? j.firstError : undefined)).find(Boolean);
    return new Fleet(
      children,
      joined.reduce((n, j) => n + (j.type === "joined" ? j.joined : 0), 0),
      joined.reduce((n, j) => n + (j.type === "joined" ? j.failures : 0), 0),
      firstError,
    );
  }

  order(order: Order): void {
    for (const c of this.children) c.send(order);
  }

  /** Walk, warm up, then measure `seconds` in every worker and in the server at once. */
  async measure(serverPid: number, warmupS: number, seconds: number, during?: () => Promise<void>): Promise<Window> {
    this.order({ type: "start" });
    await sleep(warmupS * 1000);
    this.order({ type: "mark" });
    const at = performance.now();
    const cpu0 = cpuSplitOf(serverPid);
    await Promise.all([sleep(seconds * 1000), during?.()]);
    const cpu1 = cpuSplitOf(serverPid);
    const elapsed = (performance.now() - at) / 1000;
    const results = await Promise.all(
      this.children.map((c) => {
        const r = nextMessage<WorkerMessage>(c, "result");
        c.send({ type: "stop" } satisfies Order);
        return r;
      }),
    );
    const serverKernelS = cpu1.system - cpu0.system;
    return { seconds: elapsed, serverCpuS: cpu1.user - cpu0.user + serverKernelS, serverKernelS, results: results as unknown as WorkerResult[] };
  }

  /** Consented leaves in every worker; resolves when all workers have exited. */
  async leave(): Promise<void> {
    await Promise.all(
      this.children.map((c) => {
        const exited = new Promise<void>((resolve) => c.once("exit", () => resolve()));
        if (c.exitCode === null) c.send({ type: "leave" } satisfies Order);
        return exited;
      }),
    );
  }
}

/** The child's next IPC message of `type`; rejects if the child exits or fails first. */
export function nextMessage<M extends { type: string }>(child: ChildProcess, type: M["type"]): Promise<M> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: M) => {
      if (m.type !== type) return;
      child.off("message", onMessage);
      resolve(m);
    };
    child.on("message", onMessage);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`child ${child.pid} exited (${code}) before "${type}"`)));
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The figures every bench prints for one window of a fleet. */
export function summarize(w: Window, joined: number) {
  const latencies = w.results.flatMap((r) => r.latencies);
  const probe = w.results.flatMap((r) => r.probeLatencies);
  const sum = (f: (r: WorkerResult) => number) => w.results.reduce((n, r) => n + f(r), 0);
  return {
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    samples: latencies.length,
    probeP50Ms: probe.length ? round(percentile(probe, 50)) : null,
    probeP99Ms: probe.length ? round(percentile(probe, 99)) : null,
    probeSamples: probe.length,
    serverCpuPctOfCore: round((w.serverCpuS / w.seconds) * 100, 1),
    botCpuPctOfCore: round((sum((r) => r.cpuS) / w.seconds) * 100, 1),
    bytesPerClientPerSecond: round(sum((r) => r.bytes) / Math.max(joined, 1) / w.seconds, 0),
    patchFramesPerSecond: round(sum((r) => r.patches) / w.seconds, 0),
    closedWhileMeasuring: sum((r) => r.closed),
    rooms: new Set(w.results.flatMap((r) => r.roomIds)).size,
  };
}
