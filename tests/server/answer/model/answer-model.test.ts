import { describe, expect, it } from "vitest";
import { answerProbability, parseAnswerModel, partScore } from "../../../../server/answer/model/answer-model.js";
import { chooseThreshold } from "../../../../server/answer/model/train-answer-model.js";
import type { EvalQuestion } from "../../../../server/answer/model/question-set.js";

const linear = { features: ["a", "b"], means: [1, 0], scales: [2, 1], weights: [2, -1], bias: 0 };
const model = parseAnswerModel({ version: 2, ranker: linear, abstainer: { ...linear, bias: 1 }, threshold: 0.5 });

describe("answer model", () => {
  it("standardizes features with the stored means and scales; a missing feature counts as 0", () => {
    // z = 2 * (3 - 1) / 2 + -1 * (1 - 0) / 1 = 1
    expect(partScore(model.ranker, { a: 3, b: 1 })).toBeCloseTo(1, 10);
    // z = 2 * (0 - 1) / 2 = -1
    expect(partScore(model.ranker, {})).toBeCloseTo(-1, 10);
    // The abstainer's probability is the logistic of its score (bias 1 here).
    expect(answerProbability(model, { a: 3, b: 1 })).toBeCloseTo(1 / (1 + Math.exp(-2)), 10);
  });

  it("scores trees by walking each to a leaf and adding the leaves", () => {
    const trees = parseAnswerModel({
      version: 2,
      ranker: { kind: "trees", features: ["a"], base: 0.5, trees: [[{ feature: 0, threshold: 1, left: 1, right: 2 }, { value: -1 }, { value: 2 }]] },
      abstainer: linear,
      threshold: 0.5,
    });
    expect(partScore(trees.ranker, { a: 0 })).toBeCloseTo(-0.5, 10);
    expect(partScore(trees.ranker, { a: 5 })).toBeCloseTo(2.5, 10);
  });

  it.each([
    ["a feature without its weight", { version: 2, ranker: { ...linear, weights: [1] }, abstainer: linear, threshold: 0.5 }],
    ["a zero scale", { version: 2, ranker: { ...linear, scales: [0, 1] }, abstainer: linear, threshold: 0.5 }],
    ["a threshold above 1", { version: 2, ranker: linear, abstainer: linear, threshold: 2 }],
    ["a further-citation ratio of 0", { version: 2, ranker: linear, abstainer: linear, threshold: 0.5, secondaryRatio: 0 }],
    ["the first version's shape", { version: 1, features: ["a"], means: [0], scales: [1], weights: [1], bias: 0, threshold: 0.5 }],
    ["a tree that points outside itself", { version: 2, ranker: { kind: "trees", features: ["a"], base: 0, trees: [[{ feature: 0, threshold: 1, left: 1, right: 7 }, { value: 1 }]] }, abstainer: linear, threshold: 0.5 }],
  ])("refuses %s", (_why, value) => {
    expect(() => parseAnswerModel(value)).toThrow(/answer model/u);
  });
});

describe("chooseThreshold", () => {
  const question = (id: string, answerable: boolean): EvalQuestion => ({ id, lang: "vi", question: id, doc: answerable ? "x.pdf" : null, evidence: [], must_contain: [], kind: answerable ? "fact" : "negative" });

  it("separates right answers from negatives when their probabilities allow it", () => {
    const predictions = [
      { question: question("p1", true), probability: 0.9, right: true },
      { question: question("p2", true), probability: 0.7, right: true },
      { question: question("p3", true), probability: 0.6, right: false },
      { question: question("n1", false), probability: 0.4, right: false },
      { question: question("n2", false), probability: 0.3, right: false },
    ];
    const { threshold, score } = chooseThreshold(predictions);
    expect(threshold).toBeGreaterThan(0.4);
    expect(threshold).toBeLessThanOrEqual(0.7);
    expect(score).toBeCloseTo((2 / 3 + 1) / 2, 10);
  });

  it("weighs negatives and answerable questions equally, whatever their numbers", () => {
    const predictions = [
      ...Array.from({ length: 9 }, (_, i) => ({ question: question(`p${i}`, true), probability: 0.5, right: true })),
      { question: question("n", false), probability: 0.55, right: false },
    ];
    // Answering all nine costs the one negative: (1 + 0) / 2 = 0.5; abstaining on everything gives (0 + 1) / 2 = 0.5.
    expect(chooseThreshold(predictions).score).toBeCloseTo(0.5, 10);
  });
});
