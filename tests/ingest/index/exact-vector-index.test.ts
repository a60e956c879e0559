import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { selectTop } from "../../../ingest/index/bm25-index.js";
import { ExactVectorIndex } from "../../../ingest/index/exact-vector-index.js";
import { HashedEmbeddings } from "../../../ingest/index/hashed-embeddings.js";
import { createRandom } from "../../../bench/generate-corpus.js";
import { assembleWat } from "../../../scripts/build-wasm.js";


function naiveTop(vectors: Float32Array, dimension: number, query: ArrayLike<number>, limit: number, accept?: (chunk: number) => boolean) {
  const scored: Array<{ chunk: number; score: number }> = [];
  for (let chunk = 0; chunk < vectors.length / dimension; chunk++) {
    if (accept && !accept(chunk)) continue;
    let score = 0;
    for (let d = 0; d < dimension; d++) score += vectors[chunk * dimension + d]! * query[d]!;
    scored.push({ chunk, score });
  }
  return scored.sort((a, b) => b.score - a.score || a.chunk - b.chunk).slice(0, limit);
}

describe("ExactVectorIndex", () => {
  const dimension = 48;
  // Not a multiple of the 4096-row tile, so the last tile is partial.
  const count = 9000;
  // Seeded, so a failure reproduces.
  const next = createRandom(7);
  const vectors = Float32Array.from({ length: count * dimension }, () => (next() < 0.3 ? next() * 2 - 1 : 0));

  it.each([["wasm-simd", false], ["javascript", true]] as const)("finds the exact top k (%s kernels)", (kernel, forceJavaScript) => {
    const index = ExactVectorIndex.fromVectors({ vectors, dimension, forceJavaScript });
    expect(index.kernel).toBe(kernel);
    expect(index.size).toBe(count);
    for (let q = 0; q < 20; q++) {
      // Sparse queries (as the hashed embedder makes) and one dense one.
      const query = Array.from({ length: dimension }, () => (q === 0 || next() < 0.2 ? next() * 2 - 1 : 0));
      const expected = naiveTop(vectors, dimension, query, 10);
      const found = index.search({ vector: query, limit: 10 });
      expect(found.map((hit) => hit.chunk)).toEqual(expected.map((hit) => hit.chunk));
      found.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 4));
    }
  });

  it("applies the filter and the limit", () => {
    const index = ExactVectorIndex.fromVectors({ vectors, dimension });
    const query = Array.from({ length: dimension }, (_, d) => (d % 5 === 0 ? 1 : 0));
    const accept = (chunk: number) => chunk % 3 === 0;
    const found = index.search({ vector: query, limit: 25, accept });
    expect(found).toHaveLength(25);
    expect(found.every((hit) => hit.chunk % 3 === 0)).toBe(true);
    expect(found.map((hit) => hit.chunk)).toEqual(naiveTop(vectors, dimension, query, 25, accept).map((hit) => hit.chunk));
  });

  it.each([["wasm-simd", false], ["javascript", true]] as const)("searches within given chunks as a full search filtered to them, bit for bit (%s kernels)", (_kernel, forceJavaScript) => {
    const index = ExactVectorIndex.fromVectors({ vectors, dimension, forceJavaScript });
    // One range inside a tile, one across the tile boundary at 4096, one scattered, one empty.
    const ranges = [Int32Array.from({ length: 40 }, (_, i) => 100 + i), Int32Array.from({ length: 30 }, (_, i) => 4080 + i), Int32Array.from([3, 4100, 8999]), new Int32Array(0)];
    for (const within of ranges) {
      const members = new Set(within);
      const accept = (chunk: number) => members.has(chunk);
      for (let q = 0; q < 5; q++) {
        const query = Array.from({ length: dimension }, () => (next() < 0.2 ? next() * 2 - 1 : 0));
        const other = Array.from({ length: dimension }, () => (next() < 0.2 ? next() * 2 - 1 : 0));
        for (const limit of [5, 100]) {
          const full = index.search({ vector: query, limit, accept });
          // Another query's scores of every tile are left in the buffer the restricted search reuses.
          index.search({ vector: other, limit });
          expect(index.search({ vector: query, limit, accept, within })).toEqual(full);
        }
      }
    }
  });

  it("ranks hashed embeddings of real sentences by their cosine", async () => {
    const embedder = new HashedEmbeddings({ dimension: 512 });
    const texts = ["Sở Nội vụ nộp hồ sơ đề án sắp xếp đơn vị hành chính cấp xã", "Tuyển dụng công chức năm 2021", "Cải cách hành chính tỉnh Hưng Yên"];
    const rows = new Float32Array(texts.length * 512);
    texts.forEach((text, i) => rows.set(embedder.embedSync(text), i * 512));
    const index = ExactVectorIndex.fromVectors({ vectors: rows, dimension: 512 });
    const hits = index.search({ vector: await embedder.embedQuery("hồ sơ sắp xếp đơn vị hành chính cấp xã"), limit: 3 });
    expect(hits[0]?.chunk).toBe(0);
  });

  it("handles an empty index and a wrong dimension", () => {
    const empty = ExactVectorIndex.fromVectors({ vectors: new Float32Array(0), dimension });
    expect(empty.search({ vector: new Array(dimension).fill(1), limit: 5 })).toEqual([]);
    const index = ExactVectorIndex.fromVectors({ vectors: vectors.subarray(0, dimension * 10), dimension });
    expect(() => index.search({ vector: [1, 2, 3], limit: 5 })).toThrow(/dimensions/u);
  });

  it("selectTop keeps the best, ties to the lower chunk", () => {
    const scores = Float32Array.from([0.5, 0.9, 0.5, 0.1, 0.9]);
    expect(selectTop({ scores, candidates: Int32Array.from([0, 1, 2, 3, 4]), limit: 3 }).map((hit) => hit.chunk)).toEqual([1, 4, 0]);
  });
});

describe("sparse-scan.wasm", () => {
  it("is the assembled sparse-scan.wat", async () => {
    const committed = new Uint8Array(await readFile("ingest/index/wasm/sparse-scan.wasm"));
    expect(Buffer.from(await assembleWat("ingest/index/wasm/sparse-scan.wat")).equals(Buffer.from(committed))).toBe(true);
  });
});

describe("ExactVectorIndex in shared memory", () => {
  const dimension = 32;
  const count = 5000;
  const next = createRandom(11);
  const vectors = Float32Array.from({ length: count * dimension }, () => (next() < 0.3 ? next() * 2 - 1 : 0));

  it.each([["wasm-simd", false], ["javascript", true]] as const)("answers the same from every thread's accumulator (%s kernels)", (kernel, forceJavaScript) => {
    const owner = ExactVectorIndex.fromVectors({ vectors, dimension, forceJavaScript, threads: 3 });
    const shared = owner.share();
    expect(shared.memory instanceof WebAssembly.Memory ? shared.memory.buffer : shared.memory).toBeInstanceOf(SharedArrayBuffer);
    const others = [1, 2].map((slot) => ExactVectorIndex.fromShared(shared, slot));
    expect(others.map((index) => index.kernel)).toEqual([kernel, kernel]);
    for (let q = 0; q < 10; q++) {
      const query = Array.from({ length: dimension }, () => (next() < 0.3 ? next() * 2 - 1 : 0));
      const expected = naiveTop(vectors, dimension, query, 10).map((hit) => hit.chunk);
      // Interleaved, as threads would: each accumulator is its own.
      const results = [owner, ...others].map((index) => index.search({ vector: query, limit: 10 }));
      for (const result of results) expect(result.map((hit) => hit.chunk)).toEqual(expected);
      expect(results[1]).toEqual(results[0]);
    }
  });

  it("refuses an accumulator the layout has no room for", () => {
    const shared = ExactVectorIndex.fromVectors({ vectors, dimension, threads: 2 }).share();
    expect(() => ExactVectorIndex.fromShared(shared, 2)).toThrow(/laid out for 2 threads/u);
  });
});
