import {
  type ConsoleLine,
  type FrameToHost,
  type HostToFrame,
  MAX_SCRIPT_SOURCE,
  NEUTRAL_MOOD,
  parseFrameMessage,
  SANDBOX_LIMITS,
  type SourcePosition,
  type StopReason,
  type ViewerMood,
} from "#schema/codeground/sandbox.ts";
import { PREVIEW_LIMITS } from "#schema/codeground/preview.ts";
import { Heartbeat } from "./heartbeat.ts";

/** Where the sandbox document is served (server/http/gateway.ts gives /sandbox/ its own CSP). */
export const SANDBOX_FRAME_PATH = "/sandbox/frame.html";

export type SandboxStatus =
  | { kind: "loading" }
  | { kind: "idle" }
  | { kind: "running"; runId: number }
  | { kind: "ended"; runId: number; reason: StopReason; message: string; at?: SourcePosition };

export interface SandboxOptions {
  mood?: ViewerMood;
  /** Accessible name of the frame. */
  title?: string;
}

type Listener<T> = (value: T) => void;

/**
 * The one way NeoSpace runs a script (editor, feed card, profile):
 * `const box = new Sandbox(container, { mood }); box.onConsole(show); box.run(source); box.stop();`
 *
 * It mounts an iframe with `sandbox="allow-scripts"` (opaque origin: no cookies, storage,
 * DOM of ours, top navigation or pop-ups) loaded from /sandbox/frame.html, whose own CSP
 * forbids every network request. It talks to it only by postMessage: outgoing messages
 * follow schema/codeground/sandbox.ts; incoming ones count only when they come from this
 * iframe's window and parse against the same schema. A frame that stops answering its
 * heartbeat is removed and replaced.
 */
export class Sandbox {
  readonly #container: HTMLElement;
  readonly #title: string;
  readonly #heartbeat: Heartbeat;
  readonly #consoleListeners = new Set<Listener<ConsoleLine[]>>();
  readonly #statusListeners = new Set<Listener<SandboxStatus>>();
  readonly #firstFrameListeners = new Set<Listener<number>>();
  readonly #timer: ReturnType<typeof setInterval>;
  #frame: HTMLIFrameElement;
  #ready = false;
  #pending: HostToFrame | null = null;
  /** A capture asked for before the frame was ready: sent right after the pending run. */
  #pendingCapture: HostToFrame | null = null;
  /** Captures in flight, by run id: each resolves with the checked PNG or null. */
  readonly #captures = new Map<number, (png: Uint8Array | null) => void>();
  #mood: ViewerMood;
  #runId = 0;
  #status: SandboxStatus = { kind: "loading" };
  #destroyed = false;

  constructor(container: HTMLElement, options: SandboxOptions = {}) {
    this.#container = container;
    this.#title = options.title ?? "Script output";
    this.#mood = options.mood ?? NEUTRAL_MOOD;
    this.#heartbeat = new Heartbeat(SANDBOX_LIMITS.frameSilenceMs, performance.now());
    this.#frame = this.#mount();
    window.addEventListener("message", this.#onMessage);
    this.#timer = setInterval(() => this.#beat(), SANDBOX_LIMITS.heartbeatMs);
  }

  /** Runs `source` (replacing any run in progress). */
  run(source: string): number {
    if (source.length > MAX_SCRIPT_SOURCE) {
      this.#emitConsole([{ level: "system", text: `The script is longer than ${MAX_SCRIPT_SOURCE} characters.` }]);
      return this.#runId;
    }
    this.#runId++;
    this.#send({ type: "run", runId: this.#runId, source, mood: this.#mood });
    this.#setStatus({ kind: "running", runId: this.#runId });
    return this.#runId;
  }

  stop(): void {
    if (this.#status.kind === "running") this.#send({ type: "stop", runId: this.#runId });
  }

  /**
   * A still of the current run, taken inside the sandbox (after PREVIEW_LIMITS.frames
   * frames, when the run ends, or at the frame's deadline) and checked on arrival (the
   * frame schema runs the same PNG check as the server). Null when it could not be taken:
   * the run stopped, the frame was replaced, or nothing came back in time.
   */
  capture(): Promise<Uint8Array | null> {
    const runId = this.#runId;
    if (this.#destroyed || runId === 0 || this.#captures.has(runId)) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(null), PREVIEW_LIMITS.deadlineMs + 3000);
      const settle = (png: Uint8Array | null) => {
        clearTimeout(timer);
        this.#captures.delete(runId);
        resolve(png);
      };
      this.#captures.set(runId, settle);
      this.#send({ type: "capture", runId });
    });
  }

  setMood(mood: ViewerMood): void {
    this.#mood = mood;
    this.#send({ type: "mood", mood });
  }

  get status(): SandboxStatus {
    return this.#status;
  }

  /** The frame element (for layout; never reach into it). */
  get element(): HTMLIFrameElement {
    return this.#frame;
  }

  onConsole(listener: Listener<ConsoleLine[]>): () => void {
    this.#consoleListeners.add(listener);
    return () => this.#consoleListeners.delete(listener);
  }

  onStatus(listener: Listener<SandboxStatus>): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Called with the run id when a run drew its first animation frame. */
  onFirstFrame(listener: Listener<number>): () => void {
    this.#firstFrameListeners.add(listener);
    return () => this.#firstFrameListeners.delete(listener);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    clearInterval(this.#timer);
    window.removeEventListener("message", this.#onMessage);
    for (const settle of [...this.#captures.values()]) settle(null);
    this.#frame.remove();
    this.#consoleListeners.clear();
    this.#statusListeners.clear();
    this.#firstFrameListeners.clear();
  }

  #mount(): HTMLIFrameElement {
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-scripts");
    // No powerful feature may be delegated to it.
    frame.setAttribute("allow", "camera 'none'; microphone 'none'; geolocation 'none'; fullscreen 'none'; payment 'none'");
    frame.referrerPolicy = "no-referrer";
    frame.title = this.#title;
    frame.className = "sandbox-frame";
    frame.src = SANDBOX_FRAME_PATH;
    this.#container.append(frame);
    this.#ready = false;
    this.#heartbeat.reset(performance.now());
    return frame;
  }

  #send(message: HostToFrame): void {
    if (this.#destroyed) return;
    if (!this.#ready) {
      // Only what matters once the frame is up: the latest run (or stop), mood rides along with it.
      if (message.type === "run") this.#pending = message;
      else if (message.type === "stop") this.#pending = null;
      if (message.type === "capture") this.#pendingCapture = message;
      else if (message.type === "run" || message.type === "stop") this.#pendingCapture = null;
      return;
    }
    // An opaque origin cannot be named as a target; the message holds only the script and the mood.
    this.#frame.contentWindow?.postMessage(message, "*");
  }

  readonly #onMessage = (event: MessageEvent): void => {
    if (this.#destroyed || event.source === null || event.source !== this.#frame.contentWindow) return;
    if (event.origin !== "null") return;
    const message = parseFrameMessage(event.data);
    if (message) this.#handle(message);
  };

  #handle(message: FrameToHost): void {
    const now = performance.now();
    switch (message.type) {
      case "ready":
        this.#ready = true;
        this.#heartbeat.reset(now);
        if (this.#status.kind === "loading") this.#setStatus({ kind: "idle" });
        if (this.#pending) {
          const pending = { ...this.#pending, ...(this.#pending.type === "run" ? { mood: this.#mood } : {}) } as HostToFrame;
          this.#pending = null;
          this.#send(pending);
        }
        if (this.#pendingCapture) {
          const capture = this.#pendingCapture;
          this.#pendingCapture = null;
          this.#send(capture);
        }
        return;
      case "pong":
        this.#heartbeat.answered(message.seq, now);
        return;
      case "console":
        if (message.runId === this.#runId) this.#emitConsole(message.lines);
        return;
      case "started":
        return;
      case "first-frame":
        if (message.runId === this.#runId) for (const l of this.#firstFrameListeners) l(message.runId);
        return;
      case "preview":
        this.#captures.get(message.runId)?.(message.png);
        return;
      case "preview-failed":
        this.#captures.get(message.runId)?.(null);
        return;
      case "ended":
        if (message.runId !== this.#runId && message.runId !== 0) return;
        this.#emitConsole([{ level: message.reason === "finished" || message.reason === "stopped" ? "system" : "error", text: withPosition(message.message, message.at) }]);
        this.#setStatus({ kind: "ended", runId: message.runId, reason: message.reason, message: message.message, ...(message.at ? { at: message.at } : {}) });
        return;
    }
  }

  #beat(): void {
    const now = performance.now();
    if (this.#ready && this.#heartbeat.isDead(now)) {
      this.#replaceFrame();
      return;
    }
    if (this.#ready) this.#send({ type: "ping", seq: this.#heartbeat.nextPing() });
  }

  /** The frame stopped answering: throw it away (its worker and all) and load a fresh one. */
  #replaceFrame(): void {
    this.#frame.remove();
    this.#frame = this.#mount();
    const text = `Stopped: the sandbox did not answer for ${SANDBOX_LIMITS.frameSilenceMs} ms and was restarted.`;
    this.#emitConsole([{ level: "error", text }]);
    if (this.#status.kind === "running") this.#setStatus({ kind: "ended", runId: this.#runId, reason: "unresponsive", message: text });
  }

  #emitConsole(lines: ConsoleLine[]): void {
    for (const l of this.#consoleListeners) l(lines);
  }

  #setStatus(status: SandboxStatus): void {
    this.#status = status;
    for (const l of this.#statusListeners) l(status);
  }
}

/** "ReferenceError: x is not defined (line 3, column 5)". */
export function withPosition(message: string, at: SourcePosition | undefined): string {
  return at ? `${message} (line ${at.line}, column ${at.column})` : message;
}
