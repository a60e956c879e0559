/**
 * Exact nearest neighbours by a full scan of the Float32 vector matrix. This
 * is what a brute-force store computes, written as tightly as JavaScript
 * allows (one pass of multiply-adds over a typed array, a small top-k buffer),
 * so it is the strongest brute-force baseline, not a strawman. Vectors are
 * unit length, so the inner product is the cosine.
 */
export type ExactHit = { chunk: number; score: number };

export function searchExactVectors(options: { vectors: Float32Array; dimension: number; query: ArrayLike<number>; limit: number }): ExactHit[] {
  const { vectors, dimension, limit } = options;
  const query = Float32Array.from(options.query);
  const count = Math.floor(vectors.length / dimension);
  const top: ExactHit[] = [];
  let floor = -Infinity;
  for (let chunk = 0; chunk < count; chunk++) {
    const base = chunk * dimension;
    let score = 0;
    for (let d = 0; d < dimension; d++) score += vectors[base + d]! * query[d]!;
    if (top.length >= limit && score <= floor) continue;
    let position = top.length;
    while (position > 0 && top[position - 1]!.score < score) position--;
    top.splice(position, 0, { chunk, score });
    if (top.length > limit) top.pop();
    if (top.length >= limit) floor = top[top.length - 1]!.score;
  }
  return top;
}

/** Share of `truth` found in `found` (recall@k of an approximate search against the exact one). */
export function overlapRecall(found: readonly number[], truth: readonly number[]): number {
  if (!truth.length) return 1;
  const wanted = new Set(truth);
  return found.filter((chunk) => wanted.has(chunk)).length / truth.length;
}
