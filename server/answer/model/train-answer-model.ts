import type { Archive } from "../../retrieve/archive.js";
import { searchArchive } from "../../retrieve/hybrid-search.js";
import { analyzeConversation } from "../answer-question.js";
import { collectCandidates } from "../collect-candidates.js";
import { composeAnswer, withListItems } from "../compose-answer.js";
import { scoreCandidate, type AnswerModel } from "./answer-model.js";
import { fitLogistic } from "./fit-logistic.js";
import { fileStem, foldOf, goldStems, holdsKeyFacts, type EvalQuestion } from "./question-set.js";

/**
 * Fitting the answer model: every question of the development sets is run
 * through the real analysis, retrieval and candidate collection; a candidate
 * is labelled right when it comes from a document that answers the question
 * and the answer composed from it holds every key fact. A negative question's
 * candidates are all wrong. Then a logistic regression over the named features,
 * and an abstention threshold chosen on held-out folds.
 */
export type QuestionExamples = {
  question: EvalQuestion;
  fold: number;
  rows: Array<{ features: Record<string, number>; label: number }>;
};

export type TrainingOptions = {
  /** L2 penalty (relative to the number of rows). */
  l2?: number;
  /** Features left out (for ablations). */
  exclude?: readonly string[];
};

const DEFAULT_L2 = 1e-3;

export async function collectExamples(options: { archive: Archive; questions: readonly EvalQuestion[]; folds: number; depth?: number }): Promise<QuestionExamples[]> {
  const { archive } = options;
  const examples: QuestionExamples[] = [];
  for (const question of options.questions) {
    const query = analyzeConversation({ archive, question: question.question });
    const depth = options.depth ?? 6;
    const search = await searchArchive({ archive, query, limit: depth });
    const candidates = collectCandidates({ archive, query, hits: search.hits, depth });
    const gold = goldStems(question);
    const rows = candidates.map((candidate) => {
      let label = 0;
      if (gold.has(fileStem(candidate.hit.document.source))) {
        const shown = query.answerKind === "list" ? withListItems(candidate) : candidate;
        label = holdsKeyFacts(composeAnswer({ query, chosen: [shown] }).answer, question) ? 1 : 0;
      }
      return { features: candidate.features, label };
    });
    examples.push({ question, fold: foldOf(question, options.folds), rows });
  }
  return examples;
}

/** Fits the model on the given questions; the threshold is chosen by an inner cross-validation over their folds. */
export function fitAnswerModel(examples: readonly QuestionExamples[], options: TrainingOptions = {}): AnswerModel {
  const folds = [...new Set(examples.map((example) => example.fold))];
  const heldOut: OutOfFold[] = [];
  if (folds.length > 1) {
    for (const fold of folds) {
      const inner = fitWeights(examples.filter((example) => example.fold !== fold), options);
      heldOut.push(...predictTop(inner, examples.filter((example) => example.fold === fold)));
    }
  }
  const model = fitWeights(examples, options);
  return { ...model, threshold: heldOut.length ? chooseThreshold(heldOut).threshold : 0.5 };
}

export type OutOfFold = { question: EvalQuestion; probability: number; right: boolean };

/** The best candidate's probability for each question, and whether that candidate is right. */
export function predictTop(model: AnswerModel, examples: readonly QuestionExamples[]): OutOfFold[] {
  return examples.map((example) => {
    let best = -1;
    let right = false;
    for (const row of example.rows) {
      const probability = scoreCandidate(model, row.features);
      if (probability > best) {
        best = probability;
        right = row.label === 1;
      }
    }
    return { question: example.question, probability: Math.max(0, best), right };
  });
}

/**
 * The threshold that maximizes the mean of the key-fact rate on answerable
 * questions and the abstention rate on negatives (each counts half, whatever
 * their numbers), with the probabilities of held-out folds.
 */
export function chooseThreshold(predictions: readonly OutOfFold[]): { threshold: number; score: number } {
  const positives = predictions.filter((prediction) => prediction.question.doc !== null);
  const negatives = predictions.filter((prediction) => prediction.question.doc === null);
  const candidates = [...new Set(predictions.map((prediction) => prediction.probability))].sort((a, b) => a - b);
  let best = { threshold: 0.5, score: -1 };
  for (let i = 0; i <= candidates.length; i++) {
    // Midpoints between observed probabilities, so the choice does not sit on one question's value.
    const low = i === 0 ? 0 : candidates[i - 1]!;
    const high = i === candidates.length ? 1 : candidates[i]!;
    const threshold = (low + high) / 2;
    const answered = positives.length ? positives.filter((p) => p.right && p.probability >= threshold).length / positives.length : 0;
    const abstained = negatives.length ? negatives.filter((p) => p.probability < threshold).length / negatives.length : 0;
    const score = positives.length && negatives.length ? (answered + abstained) / 2 : answered + abstained;
    if (score > best.score) best = { threshold, score };
  }
  return best;
}

function fitWeights(examples: readonly QuestionExamples[], options: TrainingOptions): AnswerModel {
  const excluded = new Set(options.exclude ?? []);
  const names = [...new Set(examples.flatMap((example) => example.rows.flatMap((row) => Object.keys(row.features))))]
    .filter((name) => !excluded.has(name))
    .sort();
  const raw = examples.flatMap((example) => example.rows.map((row) => names.map((name) => row.features[name] ?? 0)));
  const labels = examples.flatMap((example) => example.rows.map((row) => row.label));
  const means = names.map((_, j) => mean(raw.map((row) => row[j]!)));
  const scales = names.map((_, j) => {
    const deviation = Math.sqrt(mean(raw.map((row) => (row[j]! - means[j]!) ** 2)));
    return deviation > 1e-9 ? deviation : 1;
  });
  const rows = raw.map((row) => row.map((value, j) => (value - means[j]!) / scales[j]!));
  const fit = fitLogistic({ rows, labels, l2: options.l2 ?? DEFAULT_L2 });
  return { version: 1, features: names, means, scales, weights: fit.weights, bias: fit.bias, threshold: 0.5 };
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
}

export type FoldReport = {
  /** Per question: the held-out model's verdict. */
  outcomes: Array<{ question: EvalQuestion; fold: number; probability: number; right: boolean; answered: boolean }>;
  score: number;
};

/**
 * Cross-validation by folds: each fold's questions are judged by a model fitted
 * (weights and threshold) without them. In-process and fast; `npm run eval`
 * does the same through the HTTP API.
 */
export function crossValidate(examples: readonly QuestionExamples[], options: TrainingOptions = {}): FoldReport {
  const folds = [...new Set(examples.map((example) => example.fold))].sort((a, b) => a - b);
  const outcomes: FoldReport["outcomes"] = [];
  for (const fold of folds) {
    const model = fitAnswerModel(examples.filter((example) => example.fold !== fold), options);
    const held = examples.filter((example) => example.fold === fold);
    for (const prediction of predictTop(model, held)) {
      outcomes.push({ ...prediction, fold, answered: prediction.probability >= model.threshold });
    }
  }
  const positives = outcomes.filter((outcome) => outcome.question.doc !== null);
  const negatives = outcomes.filter((outcome) => outcome.question.doc === null);
  const facts = positives.length ? positives.filter((outcome) => outcome.right && outcome.answered).length / positives.length : 0;
  const abstained = negatives.length ? negatives.filter((outcome) => !outcome.answered).length / negatives.length : 0;
  return { outcomes, score: negatives.length ? (facts + abstained) / 2 : facts };
}
