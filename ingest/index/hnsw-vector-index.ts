import hnswlib from "hnswlib-node";
import { VanbanError } from "../../core/errors.js";
import type { ScoredChunk } from "./bm25-index.js";

/**
 * The vector index port and its hnswlib adapter. Vectors are L2-normalized,
 * so inner product is cosine similarity; labels are chunk ordinals.
 */
export interface VectorIndex {
  readonly dimension: number;
  readonly size: number;
  search(options: { vector: ArrayLike<number>; limit: number; accept?: (chunk: number) => boolean }): ScoredChunk[];
}

export type HnswParameters = { m: number; efConstruction: number; efSearch: number };

export const DEFAULT_HNSW_PARAMETERS: HnswParameters = { m: 16, efConstruction: 100, efSearch: 96 };

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
    const parameters = options.parameters ?? DEFAULT_HNSW_PARAMETERS;
    const count = options.vectors.length / options.dimension;
    const index = new hnswlib.HierarchicalNSW("ip", options.dimension);
    index.initIndex({ maxElements: Math.max(1, count), m: parameters.m, efConstruction: parameters.efConstruction, randomSeed: 42 });
    const row: number[] = new Array<number>(options.dimension);
    for (let label = 0; label < count; label++) {
      const base = label * options.dimension;
      for (let d = 0; d < options.dimension; d++) row[d] = options.vectors[base + d]!;
      index.addPoint(row, label);
    }
    return new HnswVectorIndex({ index, dimension: options.dimension, count, efSearch: parameters.efSearch });
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

  async save(path: string): Promise<void> {
    if (this.count === 0) return;
    await this.index.writeIndex(path);
  }

  search(options: { vector: ArrayLike<number>; limit: number; accept?: (chunk: number) => boolean }): ScoredChunk[] {
    if (this.count === 0) return [];
    const limit = Math.min(options.limit, this.count);
    this.index.setEf(Math.max(this.efSearch, limit));
    const result = this.index.searchKnn(Array.from(options.vector), limit, options.accept);
    return result.neighbors.map((chunk, i) => ({ chunk, score: 1 - (result.distances[i] ?? 1) }));
  }
}
