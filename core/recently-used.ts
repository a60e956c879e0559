/**
 * A Map that keeps its most recently used entries within a limit: a count of
 * entries, or the sum of their weights when `weigh` is given (characters,
 * estimated bytes). Each entry's weight is measured once, when it is set. A
 * value heavier than the whole limit is not kept (and drops nothing).
 */
export class RecentlyUsed<K, V> {
  readonly #entries = new Map<K, { value: V; weight: number }>();
  #total = 0;

  constructor(
    private readonly limit: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  get(key: K, options: { touch?: boolean } = {}): V | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined && (options.touch ?? true)) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry?.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh(value);
    if (weight > this.limit) return;
    this.#entries.set(key, { value, weight });
    this.#total += weight;
    while (this.#total > this.limit) this.delete(this.#entries.keys().next().value as K);
  }

  delete(key: K): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#total -= entry.weight;
  }

  clear(): void {
    this.#entries.clear();
    this.#total = 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The sum of the kept entries' weights. */
  get total(): number {
    return this.#total;
  }
}
