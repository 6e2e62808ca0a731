/**
 * A set that remembers at most `capacity` ids, forgetting the oldest first: enough to recognise a
 * call seen again (in `response.done`, in a duplicated event) without growing for a session's life.
 */
export class RecentIds {
  /** Made at the first id (a session keeps a few of these whether it sees any or not). */
  #ids: Set<string> | undefined;

  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  has(id: string): boolean {
    return this.#ids?.has(id) ?? false;
  }

  add(id: string): void {
    this.#ids ??= new Set();
    this.#ids.delete(id);
    this.#ids.add(id);
    // A Set iterates in insertion order: the first id is the oldest.
    if (this.#ids.size > this.#capacity) this.#ids.delete(this.#ids.values().next().value as string);
  }

  get size(): number {
    return this.#ids?.size ?? 0;
  }

  clear(): void {
    this.#ids?.clear();
  }
}
