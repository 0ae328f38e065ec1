/** What the pace needs of a Colyseus room: its simulation interval and its patch rate. */
export interface PacedRoom {
  setSimulationInterval(onTick: (deltaMs: number) => void, delayMs: number): void;
  patchRate: number | null;
}

/**
 * How often a space room runs. Awake: a simulation step every `stepMs` and a patch every
 * patch interval, for walking and settling moods. Asleep (nothing moves, no mood settles,
 * no view is due): one step and one patch every `sleepMs`, which is all an idle room
 * needs (its once-a-second pass: idle flags, contact, moods published). Idle rooms were
 * most of an idle process's CPU at 40 timer callbacks a second each (bench:idle); asleep
 * they make two.
 *
 * Whatever can give a sleeping room work (a message, a join, a leave, a drop, an event
 * felt from elsewhere) calls `wake()` first: the intervals restart, so the next step comes
 * `stepMs` later, not up to a second later. The first step after waking is given at most
 * `stepMs` of elapsed time, so nobody's first stride is a second long.
 */
export class SpacePace {
  readonly #awakePatchMs: number | null;
  #asleep = false;
  #justWoke = false;
  #wakes = 0;
  #passedAt = Number.NEGATIVE_INFINITY;
  /** The wake count when the last pass found the room quiet; -1 when it did not. */
  #quietAtWakes = -1;

  /**
   * `sleepMs` is also the pass interval (a room's once-a-second work: idle flags, contact,
   * moods published); `quietMs` the pass interval of a quiet room (see `passed`).
   */
  constructor(
    private readonly room: PacedRoom,
    private readonly onTick: (deltaMs: number) => void,
    private readonly stepMs: number,
    private readonly sleepMs: number,
    private readonly quietMs: number = sleepMs,
  ) {
    this.#awakePatchMs = room.patchRate;
  }

  /**
   * Whether the step at `now` is a pass. Awake, one every `sleepMs`. Asleep, every step
   * is one (they come `sleepMs` apart, give or take the timer), unless the last pass found
   * the room quiet and nothing woke it since: then one every `quietMs` (with half a step
   * of slack, so the timer's jitter never costs a whole step).
   */
  passDue(now: number): boolean {
    if (!this.#asleep) return now - this.#passedAt >= this.sleepMs;
    if (this.#quietAtWakes !== this.#wakes) return true;
    return now - this.#passedAt >= this.quietMs - this.sleepMs / 2;
  }

  /**
   * A pass ran at `now`. `quiet`: the room found nothing in it that time alone can change
   * (nobody present, no pin to expire); until something wakes it, its passes may be
   * `quietMs` apart.
   */
  passed(now: number, quiet: boolean): void {
    this.#passedAt = now;
    this.#quietAtWakes = quiet ? this.#wakes : -1;
  }

  get asleep(): boolean {
    return this.#asleep;
  }

  start(): void {
    this.#run(this.stepMs);
  }

  /** Something happened that may give the room work (counted even awake: it ends a quiet spell). */
  wake(): void {
    this.#wakes++;
    if (!this.#asleep) return;
    this.#asleep = false;
    this.#justWoke = true;
    this.#run(this.stepMs);
    this.room.patchRate = this.#awakePatchMs;
  }

  sleep(): void {
    if (this.#asleep) return;
    this.#asleep = true;
    this.#run(this.sleepMs);
    this.room.patchRate = this.sleepMs;
  }

  #run(delayMs: number): void {
    this.room.setSimulationInterval((deltaMs) => {
      const elapsed = this.#justWoke ? Math.min(deltaMs, this.stepMs) : deltaMs;
      this.#justWoke = false;
      this.onTick(elapsed);
    }, delayMs);
  }
}
