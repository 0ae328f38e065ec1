import type { ConsoleLine, SourcePosition, StopReason, ViewerMood } from "#schema/codeground/sandbox.ts";

/**
 * Between the sandbox frame and its worker (both inside the sandbox, both our code). The
 * frame drives the clock: it sends one tick, the worker answers `frame-done`, and only
 * then comes the next tick, so a slow script never builds a queue and a silent worker is
 * noticed (the frame terminates it).
 */

export interface PointerState {
  x: number;
  y: number;
  /** Bit mask as in PointerEvent.buttons (1 primary, 2 secondary, 4 middle). */
  buttons: number;
}

export type FrameToWorker =
  | {
      type: "run";
      module: WebAssembly.Module;
      canvas: OffscreenCanvas;
      source: string;
      mood: ViewerMood;
    }
  | { type: "tick"; t: number; dt: number; pointer: PointerState; keys: string[]; mood: ViewerMood }
  /** Encode a still of the canvas as it is now (scaled down to the preview size). */
  | { type: "capture" };

export type WorkerToFrame =
  | { type: "console"; lines: ConsoleLine[] }
  /** The top level ran; `animated` when it registered an onFrame callback. */
  | { type: "started"; animated: boolean }
  | { type: "frame-done" }
  | { type: "ended"; reason: StopReason; message: string; at?: SourcePosition }
  | { type: "captured"; png: ArrayBuffer }
  | { type: "capture-failed"; message: string };
