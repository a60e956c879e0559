import { describe, expect, it } from "vitest";
import { fitConditionalLogit, softmax } from "../../../../server/answer/model/fit-conditional-logit.js";

describe("fitConditionalLogit", () => {
  it("learns which feature marks the right candidate of each group, whatever the groups' sizes", () => {
    // Feature 0 marks the right candidate; feature 1 is noise that is the same inside a group.
    const groups = Array.from({ length: 20 }, (_, g) => {
      const size = 2 + (g % 5);
      const right = g % size;
      return {
        rows: Array.from({ length: size }, (_, i) => [i === right ? 1 : 0, g]),
        labels: Array.from({ length: size }, (_, i) => (i === right ? 1 : 0)),
      };
    });
    const fit = fitConditionalLogit({ groups, l2: 1e-3 });
    expect(fit.weights[0]).toBeGreaterThan(3);
    // A feature constant within every group cannot change a softmax inside a group: it gets no weight.
    expect(Math.abs(fit.weights[1]!)).toBeLessThan(1e-6);
  });

  it("shares the probability among several right candidates", () => {
    const groups = [{ rows: [[1], [1], [0]], labels: [1, 1, 0] }];
    const fit = fitConditionalLogit({ groups, l2: 0.1 });
    const p = softmax(groups[0]!.rows.map((row) => row[0]! * fit.weights[0]!));
    expect(p[0]! + p[1]!).toBeGreaterThan(0.8);
    expect(p[0]).toBeCloseTo(p[1]!, 10);
  });

  it("ignores groups without a right candidate (negative questions)", () => {
    const withNegative = fitConditionalLogit({ groups: [{ rows: [[1], [0]], labels: [1, 0] }, { rows: [[1], [0]], labels: [0, 0] }], l2: 0.1 });
    const without = fitConditionalLogit({ groups: [{ rows: [[1], [0]], labels: [1, 0] }], l2: 0.1 });
    expect(withNegative.weights[0]).toBeCloseTo(without.weights[0]!, 10);
  });
});
