/**
 * A set that remembers at most `capacity` ids, forgetting the oldest first: enough to recognise a
 * call seen again (in `response.done`, in a duplicated event) without growing for a session's life.
 */
export class RecentIds {
  readonly #ids = new Set<string>();

  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  add(id: string): void {
    this.#ids.delete(id);
    this.#ids.add(id);
    // A Set iterates in insertion order: the first id is the oldest.
    if (this.#ids.size > this.#capacity) this.#ids.delete(this.#ids.values().next().value as string);
  }

  get size(): number {
    return this.#ids.size;
  }

  clear(): void {
    this.#ids.clear();
  }
}
