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
  /**
   * Threads that will search this one copy of the vectors (this one and each
   * search worker, see `share()`); each needs an accumulator tile of its own.
   * Default 1.
   */
  threads?: number;
};

/**
 * The tiled vectors as worker threads receive them: the shared memory itself
 * (a WebAssembly.Memory, or a SharedArrayBuffer for the JavaScript kernels),
 * never a copy.
 */
export type SharedExactVectors = {
  memory: WebAssembly.Memory | SharedArrayBuffer;
  dimension: number;
  count: number;
  threads: number;
};

const TILE = 4096;
const TILE_BYTES = TILE * Float32Array.BYTES_PER_ELEMENT;
const WASM_PAGE = 65536;
const MAX_WASM_BYTES = 4 * 1024 * 1024 * 1024 - WASM_PAGE;

type Kernels = {
  /** Float32 view over the whole memory (accumulators first, matrix after them). */
  floats: () => Float32Array;
  axpy4(acc: number, a: number, b: number, c: number, d: number, wa: number, wb: number, wc: number, wd: number, bytes: number): void;
  axpy1(acc: number, a: number, w: number, bytes: number): void;
};

type Layout = { dimension: number; count: number; threads: number; slot: number };

export class ExactVectorIndex implements VectorIndex {
  readonly dimension: number;
  readonly kernel: "wasm-simd" | "javascript";
  private readonly count: number;
  private readonly tiles: number;
  private readonly threads: number;
  /** Which accumulator tile this thread's searches use. */
  private readonly slot: number;
  private readonly kernels: Kernels;
  private readonly memory: WebAssembly.Memory | SharedArrayBuffer;
  private readonly scores: Float32Array;
  private allChunks: Int32Array | undefined;

  private constructor(options: Layout & { kernels: Kernels; kernel: "wasm-simd" | "javascript"; memory: WebAssembly.Memory | SharedArrayBuffer }) {
    this.dimension = options.dimension;
    this.count = options.count;
    this.threads = options.threads;
    this.slot = options.slot;
    this.tiles = Math.ceil(options.count / TILE);
    this.kernels = options.kernels;
    this.kernel = options.kernel;
    this.memory = options.memory;
    this.scores = new Float32Array(this.tiles * TILE);
  }

  get size(): number {
    return this.count;
  }

  /** Copies row-major vectors (`count` × `dimension`) into the tiled layout, in memory worker threads can share. */
  static fromVectors(options: ExactVectorIndexOptions): ExactVectorIndex {
    const { vectors, dimension } = options;
    const threads = Math.max(1, options.threads ?? 1);
    const count = Math.floor(vectors.length / dimension);
    const tiles = Math.ceil(count / TILE);
    const matrixBytes = tiles * dimension * TILE_BYTES;
    const neededBytes = threads * TILE_BYTES + matrixBytes;
    let memory: WebAssembly.Memory | SharedArrayBuffer | undefined;
    if (!options.forceJavaScript && neededBytes <= MAX_WASM_BYTES && wasmKernelsAvailable()) {
      const pages = Math.ceil(neededBytes / WASM_PAGE);
      try {
        memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
      } catch {
        // Not enough address space for one memory: the JavaScript kernels use an ordinary shared buffer.
      }
    }
    memory ??= new SharedArrayBuffer(Math.ceil(neededBytes / 16) * 16);
    const index = ExactVectorIndex.fromShared({ memory, dimension, count, threads }, 0);
    const matrix = index.kernels.floats();
    const matrixStart = threads * TILE; // in floats: after the accumulators
    for (let row = 0; row < count; row++) {
      const tile = Math.floor(row / TILE);
      const base = matrixStart + tile * dimension * TILE + (row - tile * TILE);
      const source = row * dimension;
      for (let d = 0; d < dimension; d++) matrix[base + d * TILE] = vectors[source + d]!;
    }
    return index;
  }

  /** What a worker thread needs to search these vectors: the memory, shared, not copied. */
  share(): SharedExactVectors {
    return { memory: this.memory, dimension: this.dimension, count: this.count, threads: this.threads };
  }

  /**
   * The index over vectors another thread tiled (`share()`), searching with
   * accumulator `slot` (0 is the thread that built it; each worker takes its
   * own, below `threads`).
   */
  static fromShared(shared: SharedExactVectors, slot: number): ExactVectorIndex {
    if (!Number.isInteger(slot) || slot < 0 || slot >= shared.threads) {
      throw new VanbanError("internal", `Accumulator ${slot} does not exist: the vectors were laid out for ${shared.threads} threads.`);
    }
    const layout = { dimension: shared.dimension, count: shared.count, threads: shared.threads, slot };
    const memory = shared.memory;
    if (memory instanceof WebAssembly.Memory) {
      const kernels = instantiateWasmKernels(memory);
      if (!kernels) throw new VanbanError("internal", "The vectors are in WebAssembly memory but WebAssembly SIMD is not available in this thread.");
      return new ExactVectorIndex({ ...layout, kernels, kernel: "wasm-simd", memory });
    }
    return new ExactVectorIndex({ ...layout, kernels: createJavaScriptKernels(memory), kernel: "javascript", memory });
  }

  search(options: { vector: ArrayLike<number>; limit: number; accept?: (chunk: number) => boolean; within?: Int32Array }): ScoredChunk[] {
    if (this.count === 0 || options.limit <= 0) return [];
    if (options.vector.length !== this.dimension) {
      throw new VanbanError("bad_request", `The query vector has ${options.vector.length} dimensions, the index ${this.dimension}.`);
    }
    const { within } = options;
    if (within) {
      // Only the tiles that hold these chunks are scored, by the same kernels: the same scores, bit for bit.
      if (!within.length) return [];
      this.scoreTiles(options.vector, Math.floor(within[0]! / TILE), Math.floor(within[within.length - 1]! / TILE));
      return selectTop({ scores: this.scores, candidates: within, limit: Math.min(options.limit, this.count), accept: options.accept });
    }
    this.scoreTiles(options.vector, 0, this.tiles - 1);
    this.allChunks ??= Int32Array.from({ length: this.count }, (_, chunk) => chunk);
    return selectTop({ scores: this.scores, candidates: this.allChunks, limit: Math.min(options.limit, this.count), accept: options.accept });
  }

  /** Fills this.scores with the inner product of the query and every vector of tiles first..last. */
  private scoreTiles(vector: ArrayLike<number>, first: number, last: number): void {
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
    const accumulatorByte = this.slot * TILE_BYTES;
    const accumulator = kernels.floats().subarray(this.slot * TILE, (this.slot + 1) * TILE);
    const columnOffset = (tileBase: number, d: number) => tileBase + d * TILE_BYTES;
    for (let tile = first; tile <= last; tile++) {
      accumulator.fill(0);
      const tileBase = this.threads * TILE_BYTES + tile * this.dimension * TILE_BYTES;
      let k = 0;
      for (; k + 4 <= dims.length; k += 4) {
        kernels.axpy4(
          accumulatorByte,
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
      for (; k < dims.length; k++) kernels.axpy1(accumulatorByte, columnOffset(tileBase, dims[k]!), weights[k]!, TILE_BYTES);
      this.scores.set(accumulator, tile * TILE);
    }
  }
}

let wasmModule: WebAssembly.Module | null | undefined;

function loadWasmModule(): WebAssembly.Module | undefined {
  if (wasmModule === undefined) {
    try {
      wasmModule = new WebAssembly.Module(readFileSync(new URL("./wasm/sparse-scan.wasm", import.meta.url)));
    } catch {
      wasmModule = null;
    }
  }
  return wasmModule ?? undefined;
}

/** Whether this runtime has WebAssembly SIMD and shared memory (the module needs both). */
function wasmKernelsAvailable(): boolean {
  if (!loadWasmModule()) return false;
  try {
    return instantiateWasmKernels(new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true })) !== undefined;
  } catch {
    return false;
  }
}

/** The SIMD kernels over a shared memory, or undefined where WebAssembly SIMD is not available. */
function instantiateWasmKernels(memory: WebAssembly.Memory): Kernels | undefined {
  const module = loadWasmModule();
  if (!module) return undefined;
  try {
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const axpy4 = instance.exports.axpy4 as Kernels["axpy4"];
    const axpy1 = instance.exports.axpy1 as Kernels["axpy1"];
    // A shared memory never moves (it is not grown here), so one view serves every search.
    const view = new Float32Array(memory.buffer);
    return { floats: () => view, axpy4, axpy1 };
  } catch {
    return undefined;
  }
}

/** The same kernels over a shared Float32Array. */
function createJavaScriptKernels(buffer: SharedArrayBuffer): Kernels {
  const floats = new Float32Array(buffer);
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
