import { cpus } from "node:os";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function machine() {
  return { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, node: process.version };
}

/** Prints one JSON line and writes it to bench/results/<name>-<date>.json. */
export function report(name: string, result: Record<string, unknown>): void {
  const line = JSON.stringify({ bench: name, at: new Date().toISOString(), machine: machine(), ...result });
  const dir = path.resolve(import.meta.dirname, "../results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}-${new Date().toISOString().replace(/[:]/g, "-")}.json`), `${line}\n`);
  console.log(line);
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSecondsOf(pid: number): number {
  const { user, system } = cpuSplitOf(pid);
  return user + system;
}

/** CPU seconds a process has used so far in user space and in the kernel (its sockets' system calls), from /proc. */
export function cpuSplitOf(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}
