/** A minimal typed listener registry: `on(type, fn)` returns the function that removes it. */
export class Listeners<Events extends object> {
  readonly #byType = new Map<keyof Events, Set<(value: never) => void>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(type: K, listener: (value: Events[K]) => void): () => void {
    let set = this.#byType.get(type);
    if (!set) {
      set = new Set();
      this.#byType.set(type, set);
    }
    const entry = listener as (value: never) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  /** Calls every listener of `type`; a listener that throws does not stop the others. */
  emit<K extends keyof Events>(type: K, value: Events[K]): void {
    for (const listener of [...(this.#byType.get(type) ?? [])]) {
      try {
        (listener as (value: Events[K]) => void)(value);
      } catch (error) {
        // Report without breaking the call: the page's handler is at fault, not the call.
        setTimeout(() => {
          throw error;
        });
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.#byType.clear();
  }
}
