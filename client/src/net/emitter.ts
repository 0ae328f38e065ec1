/**
 * A small typed event emitter: `Events` maps each event name to its listener signature.
 * Listeners that throw are reported and do not stop the others (a bad renderer must not
 * break the connection adapter that feeds it).
 */
// biome-ignore lint/suspicious/noExplicitAny: listener signatures are user-defined
type Listener = (...args: any[]) => void;

export class Emitter<Events extends { [K in keyof Events]: Listener }> {
  readonly #listeners = new Map<keyof Events, Set<Listener>>();

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof Events>(event: K, listener: Events[K]): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        listener(...args);
      } catch (error) {
        console.error(`listener for "${String(event)}" failed`, error);
      }
    }
  }

  removeAllListeners(): void {
    this.#listeners.clear();
  }
}
