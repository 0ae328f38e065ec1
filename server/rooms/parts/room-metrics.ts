import type { Metrics } from "../../core/metrics.ts";

/** A room's gauges and counters: one room and its clients, patches and broadcasts sent. */
export class RoomMetrics {
  /** Labelled children made once: a space sends and ticks every second even when idle. */
  readonly #sentByType = new Map<string, { inc(count: number): void }>();
  readonly #tickPhases: Record<"simulate" | "patch", { observe(seconds: number): void }>;

  constructor(
    private readonly metrics: Metrics,
    readonly roomType: string,
  ) {
    const phase = (name: "simulate" | "patch") => metrics.spaceTickDuration.labels({ phase: name });
    this.#tickPhases = { simulate: phase("simulate"), patch: phase("patch") };
  }

  created(): void {
    this.metrics.rooms.inc({ type: this.roomType });
  }

  joined(): void {
    this.metrics.clients.inc({ type: this.roomType });
    this.metrics.seatReservations.inc({ room: this.roomType, outcome: "consumed" });
  }

  left(): void {
    this.metrics.clients.dec({ type: this.roomType });
  }

  disposed(): void {
    this.metrics.rooms.dec({ type: this.roomType });
  }

  /** Messages sent: `count` recipients of one broadcast, or one direct message. */
  sent(type: string, count = 1): void {
    let counter = this.#sentByType.get(type);
    if (!counter) {
      counter = this.metrics.messagesOut.labels({ room: this.roomType, type });
      this.#sentByType.set(type, counter);
    }
    counter.inc(count);
  }

  received(type: string): void {
    this.metrics.messagesIn.inc({ room: this.roomType, type });
  }

  /** One space step's phase took `ms` (the histogram is in seconds). */
  ticked(phase: "simulate" | "patch", ms: number): void {
    this.#tickPhases[phase].observe(ms / 1000);
  }

  refused(type: string, code: string): void {
    this.metrics.messagesRefused.inc({ room: this.roomType, type, code });
  }
}
