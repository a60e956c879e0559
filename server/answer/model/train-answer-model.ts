import type { AnalyzedQuery } from "../../retrieve/analyze-query.js";
import type { Archive } from "../../retrieve/archive.js";
import { answerFeatures, type RankedCandidate } from "../answer-features.js";
import { analyzeConversation } from "../answer-question.js";
import { collectCandidates, type AnswerCandidate } from "../collect-candidates.js";
import { composeAnswer, withListItems } from "../compose-answer.js";
import { gatherPassages } from "../gather-passages.js";
import { chooseCitations, rankCollected } from "../extractive-answerer.js";
import { answerProbability, type AnswerModel, type LinearPart, type ModelPart } from "./answer-model.js";
import { fitBoostedTrees } from "./boosted-trees.js";
import { fitConditionalLogit } from "./fit-conditional-logit.js";
import { fitLogistic } from "./fit-logistic.js";
import { fileStem, foldOf, goldStems, holdsKeyFacts, type EvalQuestion } from "./question-set.js";

/**
 * Fitting the answer model. Every question of the development sets is run
 * through the real analysis, retrieval and candidate collection; a candidate
 * is labelled right when it comes from a document that answers the question
 * and the answer composed from it holds every key fact (a negative question's
 * candidates are all wrong). The ranker is a conditional logit over each
 * question's candidates. The abstainer is a logistic regression over
 * question-level features of the ranker's best candidate, fitted on rankings
 * made by rankers that did not see those questions (inner folds), so it
 * learns how often a ranking it has not been fitted to is right. The
 * abstention threshold maximizes, on those held-out rankings, the mean of the
 * key-fact rate and the negatives' abstention rate.
 */
export type QuestionExamples = {
  question: EvalQuestion;
  fold: number;
  query: AnalyzedQuery;
  candidates: AnswerCandidate[];
  labels: number[];
};

export type TrainingOptions = {
  /** Linear models or boosted trees, for each part. */
  rankerKind?: "linear" | "trees";
  abstainerKind?: "linear" | "trees";
  /** L2 penalties of the linear ranker and abstainer. */
  rankerL2?: number;
  abstainerL2?: number;
  /** Boosting rounds and depth of the trees. */
  rounds?: number;
  depth?: number;
  /** Features left out of the ranker (for ablations). */
  exclude?: readonly string[];
  /** Inner folds for the abstainer's held-out rankings. */
  innerFolds?: number;
  /** A fixed share ratio for further citations instead of the one fitted on the inner folds. */
  secondaryRatio?: number;
};

/**
 * Ratios tried for further citations (chooseCitations): a quote is added when
 * its ranker share is at least this part of the best one's. Lower quotes more
 * (up to three, within the answer's 700 characters), so a right second
 * sentence is shown more often, and also a loosely related one; 1.01 quotes
 * one sentence only. The inner folds decide.
 */
const RATIO_GRID = [0.2, 0.3, 0.45, 0.6, 0.8, 1.01] as const;

const DEFAULTS = { rankerKind: "linear", abstainerKind: "linear", rankerL2: 0.1, abstainerL2: 0.1, innerFolds: 4, rounds: 120, depth: 3 } as const;
type Settings = Required<Omit<TrainingOptions, "exclude" | "secondaryRatio">> & { exclude?: readonly string[]; secondaryRatio?: number };

export async function collectExamples(options: { archive: Archive; questions: readonly EvalQuestion[]; folds: number; depth?: number }): Promise<QuestionExamples[]> {
  const { archive } = options;
  const examples: QuestionExamples[] = [];
  for (const question of options.questions) {
    const query = analyzeConversation({ archive, question: question.question });
    const passages = await gatherPassages({ archive, query, ...(options.depth ? { depth: options.depth } : {}) });
    const candidates = collectCandidates({ archive, query, hits: passages.hits, primary: passages.primary });
    const gold = goldStems(question);
    const labels = candidates.map((candidate) => {
      if (!gold.has(fileStem(candidate.hit.document.source))) return 0;
      const shown = query.answerKind === "list" ? withListItems(candidate) : candidate;
      return holdsKeyFacts(composeAnswer({ query, chosen: [shown] }).answer, question) ? 1 : 0;
    });
    examples.push({ question, fold: foldOf(question, options.folds), query, candidates, labels });
  }
  return examples;
}

/** Fits ranker, abstainer, threshold and the further-citation ratio on the given questions (their folds serve as inner folds). */
export function fitAnswerModel(examples: readonly QuestionExamples[], options: TrainingOptions = {}): AnswerModel {
  const settings: Settings = { ...DEFAULTS, ...options };
  const ranker = fitRanker(examples, settings);
  // Held-out rankings for the abstainer: inner folds over these questions.
  const inner = innerFoldsOf(examples, settings.innerFolds);
  const rankings: Array<{ example: QuestionExamples; ranked: RankedCandidate[] }> = [];
  for (const fold of new Set(inner.values())) {
    const innerRanker = fitRanker(examples.filter((example) => inner.get(example) !== fold), settings);
    for (const example of examples.filter((candidate) => inner.get(candidate) === fold)) {
      rankings.push({ example, ranked: rankCollected(example.candidates, { version: 2, ranker: innerRanker, abstainer: innerRanker, threshold: 0 }) });
    }
  }
  const ratios = options.secondaryRatio === undefined ? RATIO_GRID : [options.secondaryRatio];
  let best: { model: AnswerModel; score: number } | undefined;
  for (const ratio of ratios) {
    const heldOut = rankings.map(({ example, ranked }) => judge(example, ranked, ratio));
    const abstainer = fitAbstainer(heldOut, settings);
    const model: AnswerModel = { version: 2, ranker, abstainer, threshold: 0.5, secondaryRatio: ratio };
    const predictions = heldOut.map(({ example, features, right }) => ({ question: example.question, probability: answerProbability(model, features), right }));
    const chosen = chooseThreshold(predictions);
    // Ties go to the higher ratio: fewer quotes.
    if (!best || chosen.score >= best.score) best = { model: { ...model, threshold: chosen.threshold }, score: chosen.score };
  }
  return best!.model;
}

/** The ranked answer to a question, its question-level features, and whether the answer composed from it holds the key facts. */
function judge(example: QuestionExamples, ranked: readonly RankedCandidate[], ratio: number): { example: QuestionExamples; features: Record<string, number>; right: boolean } {
  return { example, features: answerFeatures(example.query, ranked), right: quotesKeyFacts(example, ranked, ratio).right };
}

/** The citations chosen from a ranking and whether the answer composed from them holds the question's key facts. */
function quotesKeyFacts(example: QuestionExamples, ranked: readonly RankedCandidate[], ratio: number | undefined): { chosen: RankedCandidate[]; right: boolean } {
  const chosen = chooseCitations(example.query, ranked, ratio);
  const right = chosen.length > 0 && example.question.doc !== null && holdsKeyFacts(composeAnswer({ query: example.query, chosen }).answer, example.question);
  return { chosen, right };
}

export type OutOfFold = { question: EvalQuestion; probability: number; right: boolean };

/** The model's verdict on each question: the probability of its answer and whether the answer it composes holds the key facts. */
export function predict(model: AnswerModel, examples: readonly QuestionExamples[], options: { secondaryRatio?: number } = {}): OutOfFold[] {
  return examples.map((example) => {
    const ranked = rankCollected(example.candidates, model);
    const { chosen, right } = quotesKeyFacts(example, ranked, options.secondaryRatio ?? model.secondaryRatio);
    return { question: example.question, probability: chosen.length ? answerProbability(model, answerFeatures(example.query, ranked)) : 0, right };
  });
}

/**
 * The threshold that maximizes the mean of the key-fact rate on answerable
 * questions and the abstention rate on negatives (each counts half, whatever
 * their numbers), over held-out probabilities.
 */
export function chooseThreshold(predictions: readonly OutOfFold[]): { threshold: number; score: number } {
  const positives = predictions.filter((prediction) => prediction.question.doc !== null);
  const negatives = predictions.filter((prediction) => prediction.question.doc === null);
  const values = [...new Set(predictions.map((prediction) => prediction.probability))].sort((a, b) => a - b);
  let best = { threshold: 0.5, score: -1 };
  for (let i = 0; i <= values.length; i++) {
    // Midpoints between observed probabilities, so the choice does not sit on one question's value.
    const low = i === 0 ? 0 : values[i - 1]!;
    const high = i === values.length ? 1 : values[i]!;
    const threshold = (low + high) / 2;
    const answered = positives.length ? positives.filter((p) => p.right && p.probability >= threshold).length / positives.length : 0;
    const abstained = negatives.length ? negatives.filter((p) => p.probability < threshold).length / negatives.length : 0;
    const score = positives.length && negatives.length ? (answered + abstained) / 2 : answered + abstained;
    if (score > best.score) best = { threshold, score };
  }
  return best;
}

export type FoldReport = {
  outcomes: Array<{ question: EvalQuestion; fold: number; probability: number; right: boolean; answered: boolean }>;
  score: number;
};

/**
 * Cross-validation by folds: each fold's questions are judged by a model fitted
 * (ranker, abstainer, threshold) without them. In-process and fast; `npm run
 * eval` does the same through the HTTP API.
 */
export function crossValidate(examples: readonly QuestionExamples[], options: TrainingOptions & { salt?: string; folds?: number } = {}): FoldReport {
  // Another assignment of documents to folds (a repeat of the cross-validation) when a salt is given.
  if (options.salt) {
    const count = options.folds ?? new Set(examples.map((example) => example.fold)).size;
    examples = examples.map((example) => ({ ...example, fold: foldOf(example.question, count, options.salt) }));
  }
  const folds = [...new Set(examples.map((example) => example.fold))].sort((a, b) => a - b);
  const outcomes: FoldReport["outcomes"] = [];
  for (const fold of folds) {
    const model = fitAnswerModel(examples.filter((example) => example.fold !== fold), options);
    for (const prediction of predict(model, examples.filter((example) => example.fold === fold), options)) {
      outcomes.push({ ...prediction, fold, answered: prediction.probability >= model.threshold });
    }
  }
  const positives = outcomes.filter((outcome) => outcome.question.doc !== null);
  const negatives = outcomes.filter((outcome) => outcome.question.doc === null);
  const facts = positives.length ? positives.filter((outcome) => outcome.right && outcome.answered).length / positives.length : 0;
  const abstained = negatives.length ? negatives.filter((outcome) => !outcome.answered).length / negatives.length : 0;
  return { outcomes, score: negatives.length ? (facts + abstained) / 2 : facts };
}

// ---------------------------------------------------------------------------

function fitRanker(examples: readonly QuestionExamples[], settings: Settings): ModelPart {
  const excluded = new Set(settings.exclude ?? []);
  const names = featureNames(examples.flatMap((example) => example.candidates.map((candidate) => candidate.features))).filter((name) => !excluded.has(name));
  if (settings.rankerKind === "trees") return fitTreeRanker(examples, names, settings);
  const { means, scales } = standardization(names, examples.flatMap((example) => example.candidates.map((candidate) => candidate.features)));
  const groups = examples.map((example) => ({
    rows: example.candidates.map((candidate) => names.map((name, j) => ((candidate.features[name] ?? 0) - means[j]!) / scales[j]!)),
    labels: example.labels,
  }));
  const fit = fitConditionalLogit({ groups, l2: settings.rankerL2 });
  return { features: names, means, scales, weights: fit.weights, bias: 0 };
}

/** Boosted trees under the softmax-over-candidates loss (the gradient of -log Σ_right p is p - q). */
function fitTreeRanker(examples: readonly QuestionExamples[], names: string[], settings: Settings): ModelPart {
  const usable = examples.filter((example) => example.labels.some((label) => label === 1));
  const rows = usable.flatMap((example) => example.candidates.map((candidate) => names.map((name) => candidate.features[name] ?? 0)));
  const groups: Array<{ start: number; labels: readonly number[] }> = [];
  let start = 0;
  for (const example of usable) {
    groups.push({ start, labels: example.labels });
    start += example.labels.length;
  }
  const trees = fitBoostedTrees({
    rows,
    features: names,
    rounds: settings.rounds,
    depth: settings.depth,
    minChildWeight: 0.2,
    gradients: (scores) => {
      const gradient = new Float64Array(rows.length);
      const hessian = new Float64Array(rows.length);
      for (const group of groups) {
        let top = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < group.labels.length; i++) top = Math.max(top, scores[group.start + i]!);
        let total = 0;
        let right = 0;
        const exps = group.labels.map((label, i) => {
          const value = Math.exp(scores[group.start + i]! - top);
          total += value;
          if (label === 1) right += value;
          return value;
        });
        group.labels.forEach((label, i) => {
          const p = exps[i]! / total;
          const q = label === 1 ? exps[i]! / right : 0;
          gradient[group.start + i] = p - q;
          hessian[group.start + i] = Math.max(p * (1 - p), 1e-6);
        });
      }
      return { gradient, hessian };
    },
  });
  return { kind: "trees", ...trees };
}

function fitAbstainer(heldOut: ReadonlyArray<{ features: Record<string, number>; right: boolean }>, settings: Settings): ModelPart {
  const names = featureNames(heldOut.map((item) => item.features));
  if (settings.abstainerKind === "trees") {
    const rows = heldOut.map((item) => names.map((name) => item.features[name] ?? 0));
    const labels = heldOut.map((item) => (item.right ? 1 : 0));
    const trees = fitBoostedTrees({
      rows,
      features: names,
      rounds: settings.rounds,
      depth: settings.depth,
      minChildWeight: 2,
      gradients: (scores) => {
        const gradient = new Float64Array(rows.length);
        const hessian = new Float64Array(rows.length);
        for (let i = 0; i < rows.length; i++) {
          const p = 1 / (1 + Math.exp(-scores[i]!));
          gradient[i] = p - labels[i]!;
          hessian[i] = Math.max(p * (1 - p), 1e-6);
        }
        return { gradient, hessian };
      },
    });
    return { kind: "trees", ...trees };
  }
  const { means, scales } = standardization(names, heldOut.map((item) => item.features));
  const rows = heldOut.map((item) => names.map((name, j) => ((item.features[name] ?? 0) - means[j]!) / scales[j]!));
  const fit = fitLogistic({ rows, labels: heldOut.map((item) => (item.right ? 1 : 0)), l2: settings.abstainerL2 });
  return { features: names, means, scales, weights: fit.weights, bias: fit.bias };
}

function featureNames(rows: ReadonlyArray<Record<string, number>>): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row)) names.add(name);
  return [...names].sort();
}

function standardization(names: readonly string[], rows: ReadonlyArray<Record<string, number>>): { means: number[]; scales: number[] } {
  const means = names.map((name) => mean(rows.map((row) => row[name] ?? 0)));
  const scales = names.map((name, j) => {
    const deviation = Math.sqrt(mean(rows.map((row) => ((row[name] ?? 0) - means[j]!) ** 2)));
    return deviation > 1e-9 ? deviation : 1;
  });
  return { means, scales };
}

/** Inner folds that keep a document's questions together (the outer fold number is not reused). */
function innerFoldsOf(examples: readonly QuestionExamples[], folds: number): Map<QuestionExamples, number> {
  return new Map(examples.map((example) => [example, foldOf({ ...example.question, id: `${example.question.id}~inner` }, folds * 7 + 3) % folds]));
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
}
