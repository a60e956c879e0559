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
}

const BLOCK_BITS = 20;
const BLOCK_SIZE = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_SIZE - 1;

/**
 * An append-only sequence of numbers in fixed blocks of a million: growing
 * never copies, and at most one block is partly empty. For the tens of
 * millions of (term, frequency) pairs of a large BM25 build, where doubling
 * would reserve and copy up to twice what is needed.
 */
export class BlockArray<T extends Int32Array | Uint16Array> {
  private readonly blocks: T[] = [];
  private readonly createBlock: (size: number) => T;
  private released = 0;
  length = 0;

  constructor(createBlock: (size: number) => T) {
    this.createBlock = createBlock;
  }

  push(value: number): void {
    const offset = this.length & BLOCK_MASK;
    if (offset === 0) this.blocks.push(this.createBlock(BLOCK_SIZE));
    this.blocks[this.blocks.length - 1]![offset] = value;
    this.length++;
  }

  get(index: number): number {
    return this.blocks[index >>> BLOCK_BITS]![index & BLOCK_MASK]!;
  }

  /** Frees the blocks that lie wholly before `index`; reading there afterwards is an error. */
  releaseBefore(index: number): void {
    const whole = Math.min(index >>> BLOCK_BITS, this.blocks.length);
    for (let block = this.released; block < whole; block++) this.blocks[block] = this.createBlock(0);
    this.released = Math.max(this.released, whole);
  }
}
