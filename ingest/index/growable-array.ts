/** An append-only typed array that doubles its capacity; avoids boxed JS arrays for millions of postings. */
export class GrowableInt32Array {
  private buffer: Int32Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buffer = new Int32Array(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const next = new Int32Array(this.buffer.length * 2);
      next.set(this.buffer);
      this.buffer = next;
    }
    this.buffer[this.length++] = value;
  }

  /** A copy of the values, exactly as long as they are. */
  toArray(): Int32Array {
    return this.buffer.slice(0, this.length);
  }

  /** The values without a copy (valid until the next push). */
  view(): Int32Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** The same for 16-bit values (term frequencies). */
export class GrowableUint16Array {
  private buffer: Uint16Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buffer = new Uint16Array(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const next = new Uint16Array(this.buffer.length * 2);
      next.set(this.buffer);
      this.buffer = next;
    }
    this.buffer[this.length++] = value;
  }

  /** The values without a copy (valid until the next push). */
  view(): Uint16Array {
    return this.buffer.subarray(0, this.length);
  }
}
