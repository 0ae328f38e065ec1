/** What the pace needs of a Colyseus room: its simulation interval and its patch rate. */
export interface PacedRoom {
  setSimulationInterval(onTick: (deltaMs: number) => void, delayMs: number): void;
  patchRate: number | null;
}

/**
 * How often a space room runs. Awake: a simulation step every `stepMs` and a patch every
 * patch interval, for walking and settling moods, and a pass (the room's once-a-second
 * work: idle flags, contact, moods published) every `sleepMs`. Asleep (nothing moves, no
 * mood settles, no view is due): one step, which is a pass, and one patch every `sleepMs`.
 * Idle rooms were most of an idle process's CPU at 40 timer callbacks a second each
 * (bench:idle); asleep they make two.
 *
 * Quiet: a pass found that time alone can change nothing in the room (nobody present, no
 * pin to expire), and nothing woke it since. A quiet sleeping room steps and patches every
 * `quietMs` instead; what its passes still do is renew the lease that keeps its moods live.
 *
 * Whatever can give a sleeping room work (a message, a join, a leave, a drop, an event
 * felt from elsewhere) calls `wake()` first: the intervals restart, so the next step comes
 * `stepMs` later, not up to a second later, and the quiet spell ends. The first step after
 * waking is given at most `stepMs` of elapsed time, so nobody's first stride is a second long.
 */
export class SpacePace {
  readonly #awakePatchMs: number | null;
  #asleep = false;
  #justWoke = false;
  #wakes = 0;
  #passedAt = Number.NEGATIVE_INFINITY;
  /** The wake count when the last pass found the room quiet; -1 when it did not. */
  #quietAtWakes = -1;
  /** The interval asleep now (sleepMs or quietMs); 0 awake. */
  #restMs = 0;
  /** Woken from sleep: the next step is a pass, whenever the last one was. */
  #passNext = false;

  constructor(
    private readonly room: PacedRoom,
    private readonly onTick: (deltaMs: number) => void,
    private readonly stepMs: number,
    private readonly sleepMs: number,
    private readonly quietMs: number = sleepMs,
  ) {
    this.#awakePatchMs = room.patchRate;
  }

  get asleep(): boolean {
    return this.#asleep;
  }

  start(): void {
    this.#run(this.stepMs);
  }

  /** Asleep in a quiet spell: a pass would change nothing but the moods' lease. */
  get quiet(): boolean {
    return this.#asleep && this.#quietAtWakes === this.#wakes;
  }

  /**
   * Whether the step at `now` is a pass: every step asleep, and the first after waking (what
   * woke the room shows in idle flags and presence at once); else one every `sleepMs`.
   */
  passDue(now: number): boolean {
    return this.#asleep || this.#passNext || now - this.#passedAt >= this.sleepMs;
  }

  /** A pass ran at `now`; `quiet`: it found nothing that time alone can change. */
  passed(now: number, quiet: boolean): void {
    this.#passedAt = now;
    this.#passNext = false;
    this.#quietAtWakes = quiet ? this.#wakes : -1;
    if (this.#asleep) this.#rest();
  }

  /** Something happened that may give the room work (counted even awake: it ends a quiet spell). */
  wake(): void {
    this.#wakes++;
    if (!this.#asleep) return;
    this.#asleep = false;
    this.#justWoke = true;
    this.#passNext = true;
    this.#restMs = 0;
    this.#run(this.stepMs);
    this.room.patchRate = this.#awakePatchMs;
  }

  sleep(): void {
    if (this.#asleep) return;
    this.#asleep = true;
    this.#rest();
  }

  /** Asleep: steps and patches every `quietMs` while quiet, else every `sleepMs` (intervals restart only on a change). */
  #rest(): void {
    const ms = this.quiet ? this.quietMs : this.sleepMs;
    if (ms === this.#restMs) return;
    this.#restMs = ms;
    this.#run(ms);
    this.room.patchRate = ms;
  }

  #run(delayMs: number): void {
    this.room.setSimulationInterval((deltaMs) => {
      const elapsed = this.#justWoke ? Math.min(deltaMs, this.stepMs) : deltaMs;
      this.#justWoke = false;
      this.onTick(elapsed);
    }, delayMs);
  }
}
