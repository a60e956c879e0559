import { readFileSync } from "node:fs";
import { VanbanError } from "../../core/errors.js";
import { selectTop, type ScoredChunk } from "./bm25-index.js";
import type { VectorIndex } from "./hnsw-vector-index.js";

/**
 * Exact inner-product search that reads only the dimensions where the query
 * is non-zero. The default (hashed) embedder's query vectors are sparse: a
 * question has a few dozen features, so of 512 dimensions typically 60-120 are
 * non-zero, and scoring every chunk on those is exact and cheap.
 *
 * Why not the HNSW graph for these vectors: hashed vectors of short questions
 * are far from the chunk vectors the graph was built on, and an archive holds
 * many near-duplicate passages; on the 100k-chunk bench the graph found only
 * 66-83% of the true top 10 at ef 400 (97% at ef 4000, 9 ms). This scan finds
 * all of them in about 4 ms (see DESIGN.md). HNSW stays for dense (neural)
 * embeddings, where graphs do well and this scan would read every dimension.
 *
 * Layout: the vectors are copied, transposed by tiles, into WebAssembly
 * memory: tile t holds, for each dimension d, the values of the TILE chunks of
 * that tile, contiguously. A query then streams `non-zero dimensions` columns
 * of one tile into a small accumulator that stays in the L1 cache, four
 * columns at a time, with SIMD (sparse-scan.wat). Where WebAssembly SIMD is
 * missing a JavaScript loop does the same.
 */
export type ExactVectorIndexOptions = {
  vectors: Float32Array;
  dimension: number;
  /** For tests: run the JavaScript kernels even where WebAssembly works. */
  forceJavaScript?: boolean;
};

const TILE = 4096;
const TILE_BYTES = TILE * Float32Array.BYTES_PER_ELEMENT;
const WASM_PAGE = 65536;
const MAX_WASM_BYTES = 4 * 1024 * 1024 * 1024 - WASM_PAGE;

type Kernels = {
  /** Float32 view over the whole memory (accumulator at 0, matrix after it). */
  floats: () => Float32Array;
  axpy4(acc: number, a: number, b: number, c: number, d: number, wa: number, wb: number, wc: number, wd: number, bytes: number): void;
  axpy1(acc: number, a: number, w: number, bytes: number): void;
};

export class ExactVectorIndex implements VectorIndex {
  readonly dimension: number;
  readonly kernel: "wasm-simd" | "javascript";
  private readonly count: number;
  private readonly tiles: number;
  private readonly kernels: Kernels;
  private readonly scores: Float32Array;
  private allChunks: Int32Array | undefined;

  private constructor(options: { dimension: number; count: number; kernels: Kernels; kernel: "wasm-simd" | "javascript" }) {
    this.dimension = options.dimension;
    this.count = options.count;
    this.tiles = Math.ceil(options.count / TILE);
    this.kernels = options.kernels;
    this.kernel = options.kernel;
    this.scores = new Float32Array(this.tiles * TILE);
  }

  get size(): number {
    return this.count;
  }

  /** Copies row-major vectors (`count` × `dimension`) into the tiled layout. */
  static fromVectors(options: ExactVectorIndexOptions): ExactVectorIndex {
    const { vectors, dimension } = options;
    const count = Math.floor(vectors.length / dimension);
    const tiles = Math.ceil(count / TILE);
    const matrixBytes = tiles * dimension * TILE_BYTES;
    const neededBytes = TILE_BYTES + matrixBytes;
    let kernels: Kernels | undefined;
    let kernel: "wasm-simd" | "javascript" = "javascript";
    if (!options.forceJavaScript && neededBytes <= MAX_WASM_BYTES) {
      kernels = instantiateWasmKernels(neededBytes);
      if (kernels) kernel = "wasm-simd";
    }
    kernels ??= createJavaScriptKernels(neededBytes);
    const matrix = kernels.floats();
    const matrixStart = TILE; // in floats: after the accumulator
    for (let row = 0; row < count; row++) {
      const tile = Math.floor(row / TILE);
      const base = matrixStart + tile * dimension * TILE + (row - tile * TILE);
      const source = row * dimension;
      for (let d = 0; d < dimension; d++) matrix[base + d * TILE] = vectors[source + d]!;
    }
    return new ExactVectorIndex({ dimension, count, kernels, kernel });
  }

  search(options: { vector: ArrayLike<number>; limit: number; accept?: (chunk: number) => boolean }): ScoredChunk[] {
    if (this.count === 0 || options.limit <= 0) return [];
    if (options.vector.length !== this.dimension) {
      throw new VanbanError("bad_request", `The query vector has ${options.vector.length} dimensions, the index ${this.dimension}.`);
    }
    this.scoreAll(options.vector);
    this.allChunks ??= Int32Array.from({ length: this.count }, (_, chunk) => chunk);
    return selectTop({ scores: this.scores, candidates: this.allChunks, limit: Math.min(options.limit, this.count), accept: options.accept });
  }

  /** Fills this.scores[0..count) with the inner product of every vector with the query. */
  private scoreAll(vector: ArrayLike<number>): void {
    const dims: number[] = [];
    const weights: number[] = [];
    for (let d = 0; d < this.dimension; d++) {
      const weight = vector[d]!;
      if (weight !== 0) {
        dims.push(d);
        weights.push(weight);
      }
    }
    const { kernels } = this;
    const accumulator = kernels.floats().subarray(0, TILE);
    const columnOffset = (tileBase: number, d: number) => tileBase + d * TILE_BYTES;
    for (let tile = 0; tile < this.tiles; tile++) {
      accumulator.fill(0);
      const tileBase = TILE_BYTES + tile * this.dimension * TILE_BYTES;
      let k = 0;
      for (; k + 4 <= dims.length; k += 4) {
        kernels.axpy4(
          0,
          columnOffset(tileBase, dims[k]!),
          columnOffset(tileBase, dims[k + 1]!),
          columnOffset(tileBase, dims[k + 2]!),
          columnOffset(tileBase, dims[k + 3]!),
          weights[k]!,
          weights[k + 1]!,
          weights[k + 2]!,
          weights[k + 3]!,
          TILE_BYTES,
        );
      }
      for (; k < dims.length; k++) kernels.axpy1(0, columnOffset(tileBase, dims[k]!), weights[k]!, TILE_BYTES);
      this.scores.set(accumulator, tile * TILE);
    }
  }
}

let wasmModule: WebAssembly.Module | null | undefined;

/** The SIMD kernels with `bytes` of memory, or undefined where WebAssembly SIMD is not available. */
function instantiateWasmKernels(bytes: number): Kernels | undefined {
  if (wasmModule === undefined) {
    try {
      wasmModule = new WebAssembly.Module(readFileSync(new URL("./wasm/sparse-scan.wasm", import.meta.url)));
    } catch {
      wasmModule = null;
    }
  }
  if (!wasmModule) return undefined;
  try {
    const instance = new WebAssembly.Instance(wasmModule, {});
    const memory = instance.exports.memory as WebAssembly.Memory;
    const missing = Math.ceil(bytes / WASM_PAGE) - memory.buffer.byteLength / WASM_PAGE;
    if (missing > 0) memory.grow(missing);
    const axpy4 = instance.exports.axpy4 as Kernels["axpy4"];
    const axpy1 = instance.exports.axpy1 as Kernels["axpy1"];
    let view = new Float32Array(memory.buffer);
    return {
      floats: () => (view.buffer === memory.buffer ? view : (view = new Float32Array(memory.buffer))),
      axpy4,
      axpy1,
    };
  } catch {
    // Not enough memory for one WebAssembly instance: the JavaScript kernels use an ordinary buffer.
    return undefined;
  }
}

/** The same kernels over a plain Float32Array. */
function createJavaScriptKernels(bytes: number): Kernels {
  const floats = new Float32Array(Math.ceil(bytes / Float32Array.BYTES_PER_ELEMENT));
  return {
    floats: () => floats,
    axpy4(acc, a, b, c, d, wa, wb, wc, wd, length) {
      const n = length >> 2;
      const [o, pa, pb, pc, pd] = [acc >> 2, a >> 2, b >> 2, c >> 2, d >> 2];
      for (let i = 0; i < n; i++) floats[o + i] = floats[o + i]! + (wa * floats[pa + i]! + wb * floats[pb + i]!) + (wc * floats[pc + i]! + wd * floats[pd + i]!);
    },
    axpy1(acc, a, w, length) {
      const n = length >> 2;
      const [o, pa] = [acc >> 2, a >> 2];
      for (let i = 0; i < n; i++) floats[o + i] = floats[o + i]! + w * floats[pa + i]!;
    },
  };
}
