import hnswlib from "hnswlib-node";
import { promises as fs } from "node:fs";
import { describeError, VanbanError } from "../../core/errors.js";
import type { ScoredChunk } from "./bm25-index.js";

/**
 * The vector index port and its hnswlib adapter. Vectors are L2-normalized,
 * so inner product is cosine similarity; labels are chunk ordinals.
 */
export interface VectorIndex {
  readonly dimension: number;
  readonly size: number;
  /**
   * `within`: the only chunks that may be ranked, ascending (a search within
   * one document), which `accept` says too; an index may score only those
   * (the exact scan does), another may ignore it and rely on `accept`.
   */
  search(options: { vector: ArrayLike<number>; limit: number; accept?: (chunk: number) => boolean; within?: Int32Array }): ScoredChunk[];
}

export type HnswParameters = { m: number; efConstruction: number; efSearch: number };

export const DEFAULT_HNSW_PARAMETERS: HnswParameters = { m: 16, efConstruction: 100, efSearch: 400 };

export class HnswVectorIndex implements VectorIndex {
  readonly dimension: number;
  private readonly index: hnswlib.HierarchicalNSW;
  private readonly count: number;
  private readonly efSearch: number;

  private constructor(options: { index: hnswlib.HierarchicalNSW; dimension: number; count: number; efSearch: number }) {
    this.index = options.index;
    this.dimension = options.dimension;
    this.count = options.count;
    this.efSearch = options.efSearch;
  }

  get size(): number {
    return this.count;
  }

  /** Builds from a row-major matrix of `count` vectors. */
  static build(options: { vectors: Float32Array; dimension: number; parameters?: HnswParameters }): HnswVectorIndex {
    const builder = new HnswBuilder({ dimension: options.dimension, parameters: options.parameters, expectedCount: options.vectors.length / options.dimension });
    builder.add(options.vectors);
    return builder.finish();
  }

  /** @internal Used by HnswBuilder. */
  static fromBuilt(options: { index: hnswlib.HierarchicalNSW; dimension: number; count: number; efSearch: number }): HnswVectorIndex {
    return new HnswVectorIndex(options);
  }

  static async load(options: { path: string; dimension: number; count: number; efSearch?: number }): Promise<HnswVectorIndex> {
    const index = new hnswlib.HierarchicalNSW("ip", options.dimension);
    try {
      if (options.count > 0) await index.readIndex(options.path);
      else index.initIndex({ maxElements: 1 });
    } catch (error) {
      throw new VanbanError("index_corrupt", `Cannot read the vector index ${options.path}`, { cause: error });
    }
    if (options.count > 0 && index.getCurrentCount() !== options.count) {
      throw new VanbanError("index_corrupt", `Vector index holds ${index.getCurrentCount()} vectors, manifest says ${options.count}`);
    }
    return new HnswVectorIndex({ index, dimension: options.dimension, count: options.count, efSearch: options.efSearch ?? DEFAULT_HNSW_PARAMETERS.efSearch });
  }

  /**
   * Writes the graph and proves it is on disk. hnswlib writes through a C++
   * stream whose failures (a full disk, an unwritable path) it never reports,
   * so the file is checked afterwards: a regular file at least as large as
   * the vectors it must hold, flushed to the device.
   */
  async save(path: string): Promise<void> {
    if (this.count === 0) return;
    try {
      await this.index.writeIndex(path);
      const handle = await fs.open(path, "r+");
      try {
        const stat = await handle.stat();
        const minimumBytes = this.count * this.dimension * Float32Array.BYTES_PER_ELEMENT;
        if (!stat.isFile() || stat.size < minimumBytes) {
          throw new Error(`the graph file holds ${stat.size} bytes, at least ${minimumBytes} were expected`);
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw new VanbanError("index_write_failed", `Could not write the vector index ${path}: ${describeError(error)}`, { cause: error });
    }
  }

  search(options: { vector: ArrayLike<number>; limit: number; accept?: (chunk: number) => boolean }): ScoredChunk[] {
    if (this.count === 0) return [];
    const limit = Math.min(options.limit, this.count);
    this.index.setEf(Math.max(this.efSearch, limit));
    const result = this.index.searchKnn(Array.from(options.vector), limit, options.accept);
    return result.neighbors.map((chunk, i) => ({ chunk, score: 1 - (result.distances[i] ?? 1) }));
  }
}

/**
 * Builds the graph a block of vectors at a time, labels in order, so an
 * ingest can insert each document's vectors while later files are still being
 * processed. The graph is the same as one built in a single pass: capacity
 * only changes memory, and the level generator is seeded.
 */
export class HnswBuilder {
  private readonly index: hnswlib.HierarchicalNSW;
  private readonly dimension: number;
  private readonly parameters: HnswParameters;
  private readonly row: number[];
  private capacity: number;
  private count = 0;

  constructor(options: { dimension: number; parameters?: HnswParameters; expectedCount?: number }) {
    this.dimension = options.dimension;
    this.parameters = options.parameters ?? DEFAULT_HNSW_PARAMETERS;
    this.capacity = Math.max(1, Math.ceil(options.expectedCount ?? 1024));
    this.index = new hnswlib.HierarchicalNSW("ip", options.dimension);
    this.index.initIndex({ maxElements: this.capacity, m: this.parameters.m, efConstruction: this.parameters.efConstruction, randomSeed: 42 });
    this.row = new Array<number>(options.dimension);
  }

  get size(): number {
    return this.count;
  }

  /** Appends a row-major block of vectors; their labels continue from the last one. */
  add(vectors: Float32Array): void {
    const rows = Math.floor(vectors.length / this.dimension);
    if (this.count + rows > this.capacity) {
      this.capacity = Math.max(this.count + rows, this.capacity * 2);
      this.index.resizeIndex(this.capacity);
    }
    for (let i = 0; i < rows; i++) {
      const base = i * this.dimension;
      for (let d = 0; d < this.dimension; d++) this.row[d] = vectors[base + d]!;
      this.index.addPoint(this.row, this.count++);
    }
  }

  finish(): HnswVectorIndex {
    // The saved graph reserves room for its capacity when loaded: trim it to what is there.
    if (this.count > 0 && this.capacity > this.count) {
      this.index.resizeIndex(this.count);
      this.capacity = this.count;
    }
    return HnswVectorIndex.fromBuilt({ index: this.index, dimension: this.dimension, count: this.count, efSearch: this.parameters.efSearch });
  }
}
