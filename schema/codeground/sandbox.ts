import { z } from "zod";
import { inspectPng, PREVIEW_LIMITS } from "./preview.ts";

/**
 * The Codeground sandbox's wire: what the host page (editor, feed card, profile) and the
 * sandbox frame (an opaque-origin iframe served from /sandbox/) may say to each other
 * through postMessage. Both sides parse every message with these schemas and drop
 * anything else (docs/SECURITY.md, "Codeground sandbox").
 */

/** Largest script source, in UTF-16 code units (the product card says 64 KiB). */
export const MAX_SCRIPT_SOURCE = 64 * 1024;

/** What a script may take from the VM and from the clock (enforced inside the frame's worker). */
export const SANDBOX_LIMITS = {
  /** QuickJS heap cap (setMemoryLimit). */
  memoryBytes: 32 * 1024 * 1024,
  /** QuickJS stack cap: below the wasm's own stack, so deep recursion is a catchable error. */
  stackBytes: 128 * 1024,
  /** One entry into the script (top level, or one frame callback) may run this long. */
  sliceMs: 700,
  /**
   * The frame terminates a worker that has not answered for this long. QuickJS polls its
   * interrupt handler only every few thousand back-edges, so a loop whose every turn is a
   * slow native call (allocating near the memory cap) can outlast sliceMs; this catches it.
   */
  workerSilenceMs: 1200,
  /** The host re-creates a frame that has not answered its heartbeat for this long. */
  frameSilenceMs: 3000,
  /** How often the host sends a heartbeat. */
  heartbeatMs: 500,
} as const;

/** Bounds of the console panel: what one line and the whole panel may hold. */
export const CONSOLE_LIMITS = {
  /** Characters per line; longer lines are cut with an ellipsis. */
  lineChars: 500,
  /** Lines kept by the panel; older ones scroll away. */
  panelLines: 200,
  /** Lines one batch (one frame of the script) may send; the rest are counted as dropped. */
  batchLines: 50,
} as const;

/** The canvas the script draws on, in CSS pixels (the frame scales it to fit). */
export const SANDBOX_CANVAS = { width: 480, height: 360 } as const;

/** Mehrabian's PAD octant names, as the world's `Avatar.mood` carries them. */
export const OCTANTS = ["exuberant", "dependent", "relaxed", "docile", "bored", "disdainful", "anxious", "hostile"] as const;
export const Octant = z.enum(OCTANTS);
export type Octant = z.infer<typeof Octant>;

const Axis = z.number().min(-1).max(1);

/** An avatar's mood label: an octant, or "neutral" near the personality's rest point. */
export const MoodLabel = z.enum([...OCTANTS, "neutral"]);
export type MoodLabel = z.infer<typeof MoodLabel>;

/** The viewer's mood, passed in by the host: their avatar's PAD values and mood label. */
export const ViewerMood = z.strictObject({ p: Axis, a: Axis, d: Axis, octant: MoodLabel });
export type ViewerMood = z.infer<typeof ViewerMood>;

/** A calm default for viewers without an avatar in the world. */
export const NEUTRAL_MOOD: ViewerMood = { p: 0.1, a: -0.1, d: 0.1, octant: "relaxed" };

const Seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Host → frame. */
export const HostToFrame = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("run"), runId: Seq, source: z.string().max(MAX_SCRIPT_SOURCE), mood: ViewerMood }),
  z.strictObject({ type: z.literal("stop"), runId: Seq }),
  z.strictObject({ type: z.literal("mood"), mood: ViewerMood }),
  z.strictObject({ type: z.literal("ping"), seq: Seq }),
  /** Capture a still of this run's canvas (after PREVIEW_LIMITS.frames frames, or when it ended, or at the deadline). */
  z.strictObject({ type: z.literal("capture"), runId: Seq }),
]);
export type HostToFrame = z.infer<typeof HostToFrame>;

export const ConsoleLevel = z.enum(["log", "warn", "error", "system"]);
export type ConsoleLevel = z.infer<typeof ConsoleLevel>;

export const ConsoleLine = z.strictObject({ level: ConsoleLevel, text: z.string().max(CONSOLE_LIMITS.lineChars) });
export type ConsoleLine = z.infer<typeof ConsoleLine>;

/** Where in the user's source an error points (1-based). */
export const SourcePosition = z.strictObject({ line: z.number().int().min(1), column: z.number().int().min(1) });
export type SourcePosition = z.infer<typeof SourcePosition>;

/** Why a run ended. */
export const StopReason = z.enum(["finished", "stopped", "error", "timeout", "memory", "unresponsive"]);
export type StopReason = z.infer<typeof StopReason>;

/** A preview's bytes as they cross postMessage: a byte array within the cap that is a well-formed, bounded PNG. */
const PreviewPng = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array && v.byteLength <= PREVIEW_LIMITS.maxBytes, "a Uint8Array within the byte cap")
  .refine((v) => inspectPng(v).ok, "a well-formed PNG within the preview bounds");

/** Frame → host. */
export const FrameToHost = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("ready") }),
  z.strictObject({ type: z.literal("pong"), seq: Seq }),
  z.strictObject({ type: z.literal("console"), runId: Seq, lines: z.array(ConsoleLine).max(CONSOLE_LIMITS.batchLines + 1) }),
  z.strictObject({ type: z.literal("started"), runId: Seq }),
  z.strictObject({ type: z.literal("first-frame"), runId: Seq }),
  z.strictObject({
    type: z.literal("ended"),
    runId: Seq,
    reason: StopReason,
    message: z.string().max(CONSOLE_LIMITS.lineChars),
    at: SourcePosition.optional(),
  }),
  /** The still: a Uint8Array that passes the same PNG check the server runs (nothing else crosses). */
  z.strictObject({ type: z.literal("preview"), runId: Seq, png: PreviewPng }),
  z.strictObject({ type: z.literal("preview-failed"), runId: Seq, message: z.string().max(CONSOLE_LIMITS.lineChars) }),
]);
export type FrameToHost = z.infer<typeof FrameToHost>;

/** The parsed message, or null for anything that is not exactly one of ours. */
export function parseHostMessage(data: unknown): HostToFrame | null {
  const parsed = HostToFrame.safeParse(data);
  return parsed.success ? parsed.data : null;
}

export function parseFrameMessage(data: unknown): FrameToHost | null {
  const parsed = FrameToHost.safeParse(data);
  return parsed.success ? parsed.data : null;
}
