/**
 * Snapshot interpolation for one moving thing. Positions arrive in schema patches at
 * the server's patch rate; we draw them `delayMs` in the past, so there is almost
 * always a sample on each side of the drawn instant and motion is a straight,
 * constant-speed line between patches instead of a jump per patch.
 */
export interface Sample {
  t: number;
  x: number;
  y: number;
}

export interface InterpolationOptions {
  /** How far behind the newest sample we draw. About two patch intervals. */
  delayMs: number;
  /** The server's usual patch interval; used to restart cleanly after a still spell. */
  patchIntervalMs: number;
}

export const DEFAULT_INTERPOLATION: InterpolationOptions = { delayMs: 100, patchIntervalMs: 50 };

export class InterpolationBuffer {
  readonly #samples: Sample[] = [];
  readonly #options: InterpolationOptions;

  constructor(t: number, x: number, y: number, options: InterpolationOptions = DEFAULT_INTERPOLATION) {
    this.#options = options;
    this.#samples.push({ t, x, y });
  }

  /** Records the position the server reported on arrival at local time `arrival` (ms, monotonic). */
  push(arrival: number, x: number, y: number): void {
    const last = this.#samples[this.#samples.length - 1]!;
    const interval = this.#options.patchIntervalMs;
    // After standing still no samples arrive. Interpolating from that old sample would
    // jump most of the way at once; instead start the move one patch interval ago.
    if (arrival - last.t > this.#options.delayMs) {
      this.#samples.push({ t: arrival - interval, x: last.x, y: last.y });
      this.#samples.push({ t: arrival, x, y });
      return;
    }
    // Patches the network delivered in a burst are spread out again, so one late patch
    // does not show as a sudden spurt of speed.
    this.#samples.push({ t: Math.max(arrival, last.t + interval * 0.75), x, y });
  }

  /** The position to draw at local time `now`; drops samples that can no longer matter. */
  sample(now: number): { x: number; y: number } {
    const renderTime = now - this.#options.delayMs;
    const samples = this.#samples;
    while (samples.length > 1 && samples[1]!.t <= renderTime) samples.shift();
    const a = samples[0]!;
    const b = samples[1];
    if (!b || renderTime <= a.t) return { x: a.x, y: a.y };
    const f = (renderTime - a.t) / (b.t - a.t);
    return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
  }
}
