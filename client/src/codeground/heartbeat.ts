/**
 * The host's view of whether its sandbox frame is alive: pings go out on a schedule, pongs
 * come back; a frame silent for longer than `silenceMs` is declared dead (the host then
 * replaces it). Pure: the clock is passed in, so tests drive it by hand.
 */
export class Heartbeat {
  readonly #silenceMs: number;
  #seq = 0;
  #lastAnswer: number;

  constructor(silenceMs: number, now: number) {
    this.#silenceMs = silenceMs;
    this.#lastAnswer = now;
  }

  /** The sequence number for the next ping. */
  nextPing(): number {
    this.#seq++;
    return this.#seq;
  }

  /** A pong arrived; only an answer to a ping we sent counts. */
  answered(seq: number, now: number): void {
    if (seq >= 1 && seq <= this.#seq) this.#lastAnswer = now;
  }

  /** Forget past silence (a new frame was just created). */
  reset(now: number): void {
    this.#lastAnswer = now;
  }

  isDead(now: number): boolean {
    return now - this.#lastAnswer > this.#silenceMs;
  }
}
