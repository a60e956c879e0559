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

  toArray(): Int32Array {
    return this.buffer.slice(0, this.length);
  }
}
