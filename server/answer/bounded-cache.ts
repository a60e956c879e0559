import { RecentlyUsed } from "../../core/recently-used.js";

/**
 * A least-recently-used cache (core/recently-used.ts) bounded by an estimate of its values' bytes
 * rather than by a count: the answerer's per-document term sets are ~0.2 MB
 * for a long document and a few KB for a short one, so a count (256
 * documents) bounded nothing useful, up to ~110 MB at 100k chunks. A value
 * larger than the whole budget is returned but not kept.
 */
export class BoundedCache<K, V> {
  private readonly entries: RecentlyUsed<K, V>;

  constructor(options: { maxBytes: number; sizeOf: (value: V) => number }) {
    this.entries = new RecentlyUsed(options.maxBytes, options.sizeOf);
  }

  /** The cached value, or `make()`'s, kept as the most recently used. */
  get(key: K, make: () => V): V {
    const known = this.entries.get(key);
    if (known !== undefined) return known;
    const value = make();
    this.entries.set(key, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The estimated bytes held. */
  get heldBytes(): number {
    return this.entries.total;
  }
}

/**
 * Estimated heap bytes of a set or map of strings: V8 keeps a short string
 * in ~16 bytes of header plus its characters (two bytes each once a
 * Vietnamese letter is in it), and a hash table entry in about three words
 * plus its bucket.
 */
export function estimateStringCollectionBytes(keys: Iterable<string>): number {
  let bytes = 64;
  for (const key of keys) bytes += 56 + 2 * key.length;
  return bytes;
}
