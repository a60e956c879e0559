import { describe, expect, it } from "vitest";
import { fitBoostedTrees, treesScore } from "../../../../server/answer/model/boosted-trees.js";

/** Logistic loss gradients for labels. */
const logistic = (labels: readonly number[]) => (scores: Float64Array) => {
  const gradient = new Float64Array(scores.length);
  const hessian = new Float64Array(scores.length);
  scores.forEach((score, i) => {
    const p = 1 / (1 + Math.exp(-score));
    gradient[i] = p - labels[i]!;
    hessian[i] = Math.max(p * (1 - p), 1e-6);
  });
  return { gradient, hessian };
};

describe("fitBoostedTrees", () => {
  it("learns an interaction a linear model cannot (exclusive or)", () => {
    const rows: number[][] = [];
    const labels: number[] = [];
    // Unequal shares, so the first split has a gain (greedy trees cannot start on an exactly balanced exclusive or).
    for (let i = 0; i < 200; i++) {
      const a = i % 5 < 3 ? 1 : 0;
      const b = Math.floor(i / 5) % 4 < 1 ? 1 : 0;
      rows.push([a, b]);
      labels.push(a !== b ? 1 : 0);
    }
    const model = fitBoostedTrees({ rows, features: ["a", "b"], gradients: logistic(labels), rounds: 30, depth: 2, learningRate: 0.3 });
    expect(treesScore(model, { a: 1, b: 0 })).toBeGreaterThan(1);
    expect(treesScore(model, { a: 0, b: 1 })).toBeGreaterThan(1);
    expect(treesScore(model, { a: 1, b: 1 })).toBeLessThan(-1);
    expect(treesScore(model, { a: 0, b: 0 })).toBeLessThan(-1);
  });

  it("splits at a threshold between the observed values and reads missing features as 0", () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i]);
    const labels = rows.map(([value]) => (value! >= 50 ? 1 : 0));
    const model = fitBoostedTrees({ rows, features: ["x"], gradients: logistic(labels), rounds: 20, depth: 1, learningRate: 0.5 });
    expect(treesScore(model, { x: 80 })).toBeGreaterThan(0);
    expect(treesScore(model, { x: 10 })).toBeLessThan(0);
    expect(treesScore(model, {})).toBeLessThan(0);
  });
});
