import { describe, expect, it } from "vitest";
import { fitLogistic, sigmoid } from "../../../../server/answer/model/fit-logistic.js";

describe("fitLogistic", () => {
  it("recovers the weights that generated the labels' probabilities", () => {
    // Rows on a grid, labels drawn deterministically as the expected share of positives (a weighted row each way).
    const truth = { weights: [1.5, -2], bias: 0.5 };
    const rows: number[][] = [];
    const labels: number[] = [];
    const rowWeights: number[] = [];
    for (let a = -2; a <= 2; a += 0.5) {
      for (let b = -2; b <= 2; b += 0.5) {
        const p = sigmoid(truth.bias + truth.weights[0]! * a + truth.weights[1]! * b);
        rows.push([a, b], [a, b]);
        labels.push(1, 0);
        rowWeights.push(p, 1 - p);
      }
    }
    const fit = fitLogistic({ rows, labels, rowWeights, l2: 0 });
    expect(fit.weights[0]).toBeCloseTo(1.5, 3);
    expect(fit.weights[1]).toBeCloseTo(-2, 3);
    expect(fit.bias).toBeCloseTo(0.5, 3);
  });

  it("stays finite on separable data thanks to the penalty, with the right signs", () => {
    const rows = [[0], [1], [2], [3], [4], [5]];
    const labels = [0, 0, 0, 1, 1, 1];
    const fit = fitLogistic({ rows, labels, l2: 0.01 });
    expect(Number.isFinite(fit.weights[0])).toBe(true);
    expect(fit.weights[0]).toBeGreaterThan(0);
    expect(sigmoid(fit.bias + fit.weights[0]! * 5)).toBeGreaterThan(0.9);
    expect(sigmoid(fit.bias + fit.weights[0]! * 0)).toBeLessThan(0.1);
  });

  it("shrinks weights as the penalty grows", () => {
    const rows = [[0], [1], [1], [2], [3], [3]];
    const labels = [0, 0, 1, 0, 1, 1];
    const loose = fitLogistic({ rows, labels, l2: 1e-4 });
    const tight = fitLogistic({ rows, labels, l2: 1 });
    expect(Math.abs(tight.weights[0]!)).toBeLessThan(Math.abs(loose.weights[0]!));
  });
});
