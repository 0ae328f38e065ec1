import type { Metrics } from "../../core/metrics.ts";

/** A room's gauges and counters: one room and its clients, patches and broadcasts sent. */
export class RoomMetrics {
  constructor(
    private readonly metrics: Metrics,
    readonly roomType: string,
  ) {}

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
    this.metrics.messagesOut.inc({ room: this.roomType, type }, count);
  }

  received(type: string): void {
    this.metrics.messagesIn.inc({ room: this.roomType, type });
  }

  /** One space step's phase took `ms` (the histogram is in seconds). */
  ticked(phase: "simulate" | "patch", ms: number): void {
    this.metrics.spaceTickDuration.observe({ phase }, ms / 1000);
  }

  refused(type: string, code: string): void {
    this.metrics.messagesRefused.inc({ room: this.roomType, type, code });
  }
}
