/// <reference lib="webworker" />
import RELEASE_SYNC_MODULE from "@jitl/quickjs-wasmfile-release-sync";
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSSyncVariant,
  shouldInterruptAfterDeadline,
} from "quickjs-emscripten-core";
import { ConsoleBatch } from "#schema/codeground/console.ts";
import { positionOf, SCRIPT_FILE } from "#schema/codeground/error-position.ts";
import { PREVIEW_LIMITS } from "#schema/codeground/preview.ts";
import { SANDBOX_CANVAS, SANDBOX_LIMITS, type ViewerMood } from "#schema/codeground/sandbox.ts";
import { Painter } from "./painter.ts";
import { PRELUDE } from "./prelude.ts";
import type { FrameToWorker, PointerState, WorkerToFrame } from "./worker-protocol.ts";

/**
 * The sandbox's worker: runs one script in QuickJS (WebAssembly) and draws what it asks on
 * the OffscreenCanvas the frame handed over. The script sees only QuickJS's built-ins
 * plus the prelude's API: no fetch, no importScripts, no DOM, no timers. Each entry into
 * it (top level, each frame) runs under an interrupt deadline, the heap under a memory
 * cap. One worker serves one run; the frame makes a fresh one for the next.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
/** The package's default export is the variant (its CommonJS typings describe the module instead). */
const RELEASE_SYNC = RELEASE_SYNC_MODULE as unknown as QuickJSSyncVariant;

interface Run {
  canvas: OffscreenCanvas;
  vm: QuickJSContext;
  runtime: QuickJSRuntime;
  tick: QuickJSHandle;
  batch: ConsoleBatch;
  ended: boolean;
}

let run: Run | null = null;

function send(message: WorkerToFrame, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

scope.onmessage = (event: MessageEvent<FrameToWorker>) => {
  const message = event.data;
  if (message.type === "run" && run === null) void start(message);
  else if (message.type === "tick" && run && !run.ended) frame(run, message);
  // A finished (or failed) run still has its last picture: that is what a still shows.
  else if (message.type === "capture") void capture(run);
};

/**
 * The still preview: the canvas scaled down and encoded as PNG, here in the sandbox (the
 * page that asked never sees the canvas). A picture too noisy to fit the byte cap at the
 * preview size is tried once smaller.
 */
async function capture(current: Run | null): Promise<void> {
  if (!current) {
    send({ type: "capture-failed", message: "the script had not started" });
    return;
  }
  const sizes = [
    [PREVIEW_LIMITS.width, PREVIEW_LIMITS.height],
    [PREVIEW_LIMITS.fallbackWidth, PREVIEW_LIMITS.fallbackHeight],
  ] as const;
  try {
    for (const [width, height] of sizes) {
      const still = new OffscreenCanvas(width, height);
      const ctx = still.getContext("2d");
      if (!ctx) break;
      ctx.imageSmoothingQuality = "high";
      ctx.drawImage(current.canvas, 0, 0, width, height);
      const blob = await still.convertToBlob({ type: "image/png" });
      if (blob.size > PREVIEW_LIMITS.maxBytes) continue;
      const png = await blob.arrayBuffer();
      send({ type: "captured", png }, [png]);
      return;
    }
    send({ type: "capture-failed", message: `the picture does not fit in ${PREVIEW_LIMITS.maxBytes} bytes` });
  } catch (err) {
    send({ type: "capture-failed", message: err instanceof Error ? err.message : "the canvas could not be encoded" });
  }
}

async function start(message: Extract<FrameToWorker, { type: "run" }>): Promise<void> {
  const variant = newVariant(RELEASE_SYNC, {
    wasmModule: message.module,
    // Never used (the module is given); keeps Emscripten from deriving a URL from the blob.
    locateFile: (file: string) => file,
  });
  const quickjs = await newQuickJSWASMModuleFromVariant(variant);
  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(SANDBOX_LIMITS.memoryBytes);
  runtime.setMaxStackSize(SANDBOX_LIMITS.stackBytes);
  const vm = runtime.newContext();
  const batch = new ConsoleBatch();
  const painter = new Painter(message.canvas);
  const host = hostObject(vm, painter, batch);
  const factory = vm.unwrapResult(vm.evalCode(PRELUDE, "prelude.js"));
  const tick = vm.unwrapResult(
    vm.callFunction(factory, vm.undefined, host, vm.newNumber(SANDBOX_CANVAS.width), vm.newNumber(SANDBOX_CANVAS.height)),
  );
  factory.dispose();
  host.dispose();
  run = { canvas: message.canvas, vm, runtime, tick, batch, ended: false };
  const current = run;
  // The mood (and an idle pointer) are there before the top level runs.
  if (!enter(current, () => callTick(current, -1, 0, { x: 0, y: 0, buttons: 0 }, [], message.mood))) return;
  let animated = false;
  const ok = enter(current, () => {
    const result = vm.evalCode(message.source, SCRIPT_FILE, { type: "global", strict: false });
    if (result.error) return result;
    result.value.dispose();
    const probe = callTick(current, -1, 0, { x: 0, y: 0, buttons: 0 }, [], message.mood);
    if (probe.error) return probe;
    animated = vm.dump(probe.value) === true;
    probe.value.dispose();
    return { value: vm.undefined };
  });
  if (!ok) return;
  send({ type: "started", animated });
  if (!animated) finish(current, "finished", "The script finished (it set no onFrame callback)");
}

function frame(current: Run, message: Extract<FrameToWorker, { type: "tick" }>): void {
  const ok = enter(current, () => callTick(current, message.t, message.dt, message.pointer, message.keys, message.mood));
  if (ok) send({ type: "frame-done" });
}

type CallResult = { error: QuickJSHandle; value?: undefined } | { value: QuickJSHandle; error?: undefined };

function callTick(current: Run, t: number, dt: number, pointer: PointerState, keys: string[], mood: ViewerMood): CallResult {
  const { vm } = current;
  const args = [
    vm.newNumber(t),
    vm.newNumber(dt),
    vm.newNumber(pointer.x),
    vm.newNumber(pointer.y),
    vm.newNumber(pointer.buttons),
    vm.newString(keys.join("\n")),
    vm.newNumber(mood.p),
    vm.newNumber(mood.a),
    vm.newNumber(mood.d),
    vm.newString(mood.octant),
  ];
  const result = vm.callFunction(current.tick, vm.undefined, ...args);
  for (const arg of args) arg.dispose();
  return result as CallResult;
}

/**
 * One entry into the script under a fresh deadline, then its promise jobs under the same
 * one. Sends the console lines it printed; on an error ends the run. True when it went well.
 */
function enter(current: Run, body: () => CallResult): boolean {
  const { vm, runtime } = current;
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + SANDBOX_LIMITS.sliceMs));
  let failure: unknown = null;
  try {
    const result = body();
    if (result.error) failure = dumpError(vm, result.error);
    else {
      result.value.dispose();
      const jobs = runtime.executePendingJobs();
      if (jobs.error) failure = dumpError(vm, jobs.error);
    }
  } catch (err) {
    // The wasm itself failed (a trap): nothing more can run in this VM.
    failure = { name: "InternalError", message: err instanceof Error ? err.message : String(err) };
  }
  flushConsole(current);
  if (failure === null) return true;
  const { reason, message } = describe(failure);
  // QuickJS reports an interrupt at the start of the script, not where it looped: no position then.
  const at = reason === "timeout" ? undefined : positionOf(field(failure, "stack"), field(failure, "lineNumber"));
  finish(current, reason, message, at);
  return false;
}

function dumpError(vm: QuickJSContext, handle: QuickJSHandle): unknown {
  try {
    return vm.dump(handle);
  } finally {
    handle.dispose();
  }
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** The console message for an error the script raised or the limits imposed. */
function describe(error: unknown): { reason: "error" | "timeout" | "memory"; message: string } {
  if (typeof error !== "object" || error === null) {
    // QuickJS could not even build an error object: it is out of memory.
    return { reason: "memory", message: `Stopped: the script needed more than ${SANDBOX_LIMITS.memoryBytes / (1024 * 1024)} MB of memory` };
  }
  const name = String(field(error, "name") ?? "Error");
  const text = String(field(error, "message") ?? error);
  if (name === "InternalError" && text === "interrupted") {
    return { reason: "timeout", message: `Stopped: the script ran for more than ${SANDBOX_LIMITS.sliceMs} ms without returning (an endless loop?)` };
  }
  if (text === "out of memory" || /memory access out of bounds|Cannot enlarge memory/i.test(text)) {
    const mb = SANDBOX_LIMITS.memoryBytes / (1024 * 1024);
    return { reason: "memory", message: `Stopped: the script needed more than ${mb} MB of memory` };
  }
  return { reason: "error", message: `${name}: ${text}` };
}

function flushConsole(current: Run): void {
  if (!current.batch.isEmpty) send({ type: "console", lines: current.batch.take() });
}

function finish(current: Run, reason: Extract<WorkerToFrame, { type: "ended" }>["reason"], message: string, at?: { line: number; column: number }): void {
  current.ended = true;
  send({ type: "ended", reason, message, ...(at ? { at } : {}) });
}

/** The raw functions the prelude wraps: print(level, text) and draw(op, a, b, c, d, s). */
function hostObject(vm: QuickJSContext, painter: Painter, batch: ConsoleBatch): QuickJSHandle {
  const host = vm.newObject();
  const print = vm.newFunction("print", (level, text) => {
    const lvl = vm.getString(level);
    batch.add(lvl === "warn" || lvl === "error" ? lvl : "log", vm.getString(text));
  });
  const draw = vm.newFunction("draw", (op, a, b, c, d, s) => {
    painter.draw(vm.getNumber(op), vm.getNumber(a), vm.getNumber(b), vm.getNumber(c), vm.getNumber(d), vm.getString(s));
  });
  vm.setProp(host, "print", print);
  vm.setProp(host, "draw", draw);
  print.dispose();
  draw.dispose();
  return host;
}
