import quickjsWasm from "virtual:quickjs-wasm";
import { clipLine } from "#schema/codeground/console.ts";
import { inspectPng, PREVIEW_LIMITS } from "#schema/codeground/preview.ts";
import {
  type FrameToHost,
  type HostToFrame,
  NEUTRAL_MOOD,
  parseHostMessage,
  SANDBOX_CANVAS,
  SANDBOX_LIMITS,
  type ViewerMood,
} from "#schema/codeground/sandbox.ts";
import "../zod-csp.ts";
import SandboxWorker from "./sandbox-worker.ts?worker&inline";
import type { FrameToWorker, PointerState, WorkerToFrame } from "./worker-protocol.ts";

/**
 * The sandbox document (/sandbox/frame.html): an opaque-origin iframe under its own CSP
 * (no network at all). It listens only to its parent, through the schema in
 * schema/codeground/sandbox.ts; it runs each script in a fresh worker (sandbox-worker.ts),
 * drives its frame clock, forwards pointer and keys, and terminates a worker that stops
 * answering.
 *
 * The QuickJS wasm is compiled here once, from bytes inlined in this bundle: the CSP's
 * `connect-src 'none'` forbids fetching it, and the compiled module is handed to every
 * worker (same agent cluster), so a restart costs no recompile.
 */
const stage = document.getElementById("stage") as HTMLElement;
document.documentElement.style.cssText = "margin:0;height:100%;background:#0d1117";
document.body.style.cssText = "margin:0;height:100%;overflow:hidden;display:flex;align-items:center;justify-content:center";
stage.style.cssText = "width:100%;height:100%;display:flex;align-items:center;justify-content:center";

const modulePromise = WebAssembly.compile(base64Bytes(quickjsWasm));

function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** To the parent only. Its origin is not knowable from an opaque origin in every browser; nothing sent is secret (the script's own output). */
function toHost(message: FrameToHost): void {
  window.parent.postMessage(message, "*");
}

interface Active {
  runId: number;
  worker: Worker;
  canvas: HTMLCanvasElement;
  /** When the frame started waiting for the worker's answer (run or tick), or null when idle. */
  waitingSince: number | null;
  animated: boolean;
  framesDone: number;
  lastTick: number;
  ended: boolean;
  /** The top level ran (the worker said `started`). */
  started: boolean;
  /** The worker was terminated: nothing more can be drawn or captured. */
  terminated: boolean;
  /** A still was asked for: waiting for enough frames ("wanted"), or for the worker's encoding ("asked"). */
  capture: "none" | "wanted" | "asked";
  captureDeadline: ReturnType<typeof setTimeout> | null;
}

let active: Active | null = null;
/** The newest run the host started (set before its worker exists) and a capture that came for it early. */
let latestRunId = 0;
let earlyCapture: number | null = null;
let mood: ViewerMood = NEUTRAL_MOOD;
const pointer: PointerState = { x: 0, y: 0, buttons: 0 };
const keys = new Set<string>();
const MAX_KEYS = 16;

window.addEventListener("message", (event) => {
  if (event.source !== window.parent) return;
  const message = parseHostMessage(event.data);
  if (message) void handle(message);
});

async function handle(message: HostToFrame): Promise<void> {
  switch (message.type) {
    case "ping":
      toHost({ type: "pong", seq: message.seq });
      return;
    case "mood":
      mood = message.mood;
      return;
    case "stop":
      if (active && active.runId === message.runId) end(active, "stopped", "Stopped");
      return;
    case "run":
      mood = message.mood;
      latestRunId = message.runId;
      await start(message.runId, message.source);
      return;
    case "capture":
      if (active && active.runId === message.runId) requestCapture(active);
      else if (message.runId === latestRunId) earlyCapture = message.runId;
      else toHost({ type: "preview-failed", runId: message.runId, message: "that run is not on the canvas" });
      return;
  }
}

/**
 * A still of the run's canvas, for the card of a script being published: taken after
 * PREVIEW_LIMITS.frames frames of an animated script, when the run ended (a script that
 * drew once and finished), or at the deadline, whatever it shows by then.
 */
function requestCapture(run: Active): void {
  if (run.capture !== "none") return;
  run.capture = "wanted";
  run.captureDeadline = setTimeout(() => captureNow(run), PREVIEW_LIMITS.deadlineMs);
  maybeCapture(run);
}

function maybeCapture(run: Active): void {
  if (run.capture !== "wanted") return;
  if (run.ended || (run.started && !run.animated) || run.framesDone >= PREVIEW_LIMITS.frames) captureNow(run);
}

function captureNow(run: Active): void {
  if (run.capture !== "wanted") return;
  run.capture = "asked";
  if (run.captureDeadline !== null) clearTimeout(run.captureDeadline);
  if (run.terminated) {
    toHost({ type: "preview-failed", runId: run.runId, message: "the run was stopped before its picture could be taken" });
    return;
  }
  const message: FrameToWorker = { type: "capture" };
  run.worker.postMessage(message);
}

/** The worker's PNG goes out only if it passes the same check the host and the server run. */
function captured(run: Active, message: Extract<WorkerToFrame, { type: "captured" | "capture-failed" }>): void {
  if (run.capture !== "asked") return;
  run.capture = "none";
  if (message.type === "capture-failed") {
    toHost({ type: "preview-failed", runId: run.runId, message: clipLine(message.message) });
    return;
  }
  const png = new Uint8Array(message.png);
  const check = inspectPng(png);
  if (check.ok) toHost({ type: "preview", runId: run.runId, png });
  else toHost({ type: "preview-failed", runId: run.runId, message: check.detail });
}

async function start(runId: number, source: string): Promise<void> {
  if (active) end(active, "stopped", "Stopped: a new run began");
  const module = await modulePromise;
  const canvas = freshCanvas();
  const worker = new SandboxWorker();
  const run: Active = {
    runId,
    worker,
    canvas,
    waitingSince: performance.now(),
    animated: false,
    framesDone: 0,
    lastTick: 0,
    ended: false,
    started: false,
    terminated: false,
    capture: "none",
    captureDeadline: null,
  };
  active = run;
  if (earlyCapture === runId) requestCapture(run);
  earlyCapture = null;
  worker.onmessage = (event: MessageEvent<WorkerToFrame>) => fromWorker(run, event.data);
  worker.onerror = () => end(run, "error", "The sandbox's worker failed to start.");
  const offscreen = canvas.transferControlToOffscreen();
  const message: FrameToWorker = { type: "run", module, canvas: offscreen, source, mood };
  worker.postMessage(message, [offscreen]);
}

function fromWorker(run: Active, message: WorkerToFrame): void {
  if (run !== active) return;
  if (message.type === "captured" || message.type === "capture-failed") {
    captured(run, message);
    return;
  }
  if (run.ended) return;
  switch (message.type) {
    case "console":
      toHost({ type: "console", runId: run.runId, lines: message.lines.map((l) => ({ level: l.level, text: clipLine(l.text) })) });
      return;
    case "started":
      run.waitingSince = null;
      run.animated = message.animated;
      run.started = true;
      toHost({ type: "started", runId: run.runId });
      if (message.animated) requestAnimationFrame((t) => tick(run, t));
      maybeCapture(run);
      return;
    case "frame-done":
      run.waitingSince = null;
      run.framesDone++;
      if (run.framesDone === 1) toHost({ type: "first-frame", runId: run.runId });
      requestAnimationFrame((t) => tick(run, t));
      maybeCapture(run);
      return;
    case "ended":
      run.waitingSince = null;
      run.ended = true;
      toHost({ type: "ended", runId: run.runId, reason: message.reason, message: clipLine(message.message), ...(message.at ? { at: message.at } : {}) });
      maybeCapture(run);
      return;
  }
}

function tick(run: Active, now: number): void {
  if (run !== active || run.ended) return;
  const t = now / 1000;
  const dt = run.lastTick === 0 ? 1 / 60 : Math.min(0.25, t - run.lastTick);
  run.lastTick = t;
  run.waitingSince = performance.now();
  const message: FrameToWorker = { type: "tick", t, dt, pointer: { ...pointer }, keys: [...keys], mood };
  run.worker.postMessage(message);
}

/** Ends a run: the worker is terminated (its memory freed); the canvas keeps the last picture. */
function end(run: Active, reason: "stopped" | "unresponsive" | "error", message: string): void {
  run.worker.terminate();
  run.terminated = true;
  if (run.capture !== "none") {
    if (run.captureDeadline !== null) clearTimeout(run.captureDeadline);
    run.capture = "none";
    toHost({ type: "preview-failed", runId: run.runId, message: "the run was stopped before its picture could be taken" });
  }
  if (run.ended) return;
  run.ended = true;
  toHost({ type: "ended", runId: run.runId, reason, message });
}

// The watchdog: QuickJS's interrupt handler stops loops in the script; this catches what
// it cannot (a long native operation, a wasm that stopped answering).
setInterval(() => {
  const run = active;
  if (!run || run.ended || run.waitingSince === null) return;
  if (performance.now() - run.waitingSince > SANDBOX_LIMITS.workerSilenceMs) {
    end(run, "unresponsive", `Stopped: the script did not answer for ${SANDBOX_LIMITS.workerSilenceMs} ms (an endless loop or a runaway allocation?) and was shut down`);
  }
}, 100);

function freshCanvas(): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = SANDBOX_CANVAS.width;
  canvas.height = SANDBOX_CANVAS.height;
  canvas.tabIndex = 0;
  canvas.style.cssText = "max-width:100%;max-height:100%;aspect-ratio:4/3;display:block;touch-action:none;outline:none";
  canvas.addEventListener("pointermove", (e) => trackPointer(canvas, e));
  canvas.addEventListener("pointerdown", (e) => {
    // No scroll: a click on a canvas half out of view must not move the page under the pointer.
    canvas.focus({ preventScroll: true });
    trackPointer(canvas, e);
  });
  canvas.addEventListener("pointerup", (e) => trackPointer(canvas, e));
  stage.replaceChildren(canvas);
  return canvas;
}

function trackPointer(canvas: HTMLCanvasElement, e: PointerEvent): void {
  const box = canvas.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return;
  pointer.x = ((e.clientX - box.left) / box.width) * SANDBOX_CANVAS.width;
  pointer.y = ((e.clientY - box.top) / box.height) * SANDBOX_CANVAS.height;
  pointer.buttons = e.buttons & 7;
}

window.addEventListener("keydown", (e) => {
  if (keys.size < MAX_KEYS && e.key.length <= 20) keys.add(e.key);
});
window.addEventListener("keyup", (e) => keys.delete(e.key));
window.addEventListener("blur", () => keys.clear());

/**
 * Once this bundle is loaded the frame needs no more script from anywhere: a meta policy
 * added now (enforced together with the header's) leaves only the wasm compile and blob
 * workers, so even code running in this frame could not import or importScripts a URL.
 */
function lockScripts(): void {
  const meta = document.createElement("meta");
  meta.httpEquiv = "Content-Security-Policy";
  meta.content = "script-src 'wasm-unsafe-eval'; worker-src blob:; connect-src 'none'";
  document.head.append(meta);
}

lockScripts();
freshCanvas();
void modulePromise.then(
  () => toHost({ type: "ready" }),
  () => toHost({ type: "ended", runId: 0, reason: "error", message: "The sandbox could not load its JavaScript engine." }),
);
