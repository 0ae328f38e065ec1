/**
 * The clock the persistence helper runs on. Injected so tests drive it by hand (no fake
 * timer library, no sleeps); production uses Node's timers.
 */
export interface Scheduler {
  /** Milliseconds, monotonic enough for durations and debounce windows. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Opaque to callers: whatever the scheduler needs to cancel a timer. */
export type TimerHandle = { readonly __timer: unique symbol } | object;

export const realScheduler: Scheduler = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Resolves after `ms` on the scheduler's clock. */
export function delay(scheduler: Scheduler, ms: number): Promise<void> {
  return new Promise((resolve) => {
    scheduler.setTimeout(resolve, ms);
  });
}
