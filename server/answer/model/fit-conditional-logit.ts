import { solve } from "./solve-linear-system.js";

/**
 * A conditional logit (softmax over each question's candidates) fitted by
 * Newton's method: the probability that candidate i is the one that answers
 * is exp(w·x_i) / Σ_j exp(w·x_j) over the candidates of its question. With
 * several right candidates, the likelihood is that of picking any of them
 * (log Σ_right p_i). Only differences between a question's candidates
 * matter, so there is no bias. Pure and deterministic.
 */
export type CandidateGroup = { rows: ReadonlyArray<readonly number[]>; labels: readonly number[] };

export type FitConditionalLogitOptions = {
  groups: readonly CandidateGroup[];
  /** L2 penalty per group. */
  l2?: number;
  maxIterations?: number;
};

export function fitConditionalLogit(options: FitConditionalLogitOptions): { weights: number[]; iterations: number; loss: number } {
  const groups = options.groups.filter((group) => group.rows.length > 0 && group.labels.some((label) => label === 1));
  const d = groups[0]?.rows[0]?.length ?? options.groups[0]?.rows[0]?.length ?? 0;
  const penalty = (options.l2 ?? 1e-2) * Math.max(1, groups.length);
  let weights = new Array<number>(d).fill(0);
  let loss = objective(weights);
  let iterations = 0;
  for (; iterations < (options.maxIterations ?? 40); iterations++) {
    const gradient = weights.map((weight) => penalty * weight);
    const hessian = Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => (a === b ? penalty : 0)));
    for (const group of groups) {
      const p = softmax(group.rows.map((row) => dot(weights, row)));
      const rightMass = group.labels.reduce((sum, label, i) => sum + (label === 1 ? p[i]! : 0), 0) || 1e-300;
      // q: the posterior over the right candidates; the gradient of -log Σ_right p is Σ (p - q) x.
      const q = group.labels.map((label, i) => (label === 1 ? p[i]! / rightMass : 0));
      const meanP = new Array<number>(d).fill(0);
      for (let i = 0; i < group.rows.length; i++) {
        const row = group.rows[i]!;
        const pi = p[i]!;
        const qi = q[i]!;
        for (let a = 0; a < d; a++) {
          gradient[a]! += (pi - qi) * row[a]!;
          meanP[a]! += pi * row[a]!;
        }
      }
      // Gauss-Newton curvature: the covariance of x under p (the exact Hessian of the softmax part).
      for (let i = 0; i < group.rows.length; i++) {
        const pi = p[i]!;
        if (pi < 1e-9) continue;
        const row = group.rows[i]!;
        for (let a = 0; a < d; a++) {
          const xa = pi * row[a]!;
          if (xa === 0) continue;
          const hessianRow = hessian[a]!;
          for (let b = a; b < d; b++) hessianRow[b]! += xa * row[b]!;
        }
      }
      for (let a = 0; a < d; a++) {
        const hessianRow = hessian[a]!;
        for (let b = a; b < d; b++) hessianRow[b]! -= meanP[a]! * meanP[b]!;
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) hessian[a]![b] = hessian[b]![a]!;
    const step = solve(hessian, gradient);
    let scale = 1;
    let next = weights;
    let nextLoss = loss;
    for (let tries = 0; tries < 30; tries++) {
      next = weights.map((value, a) => value - scale * step[a]!);
      nextLoss = objective(next);
      if (nextLoss <= loss + 1e-12) break;
      scale /= 2;
    }
    const improvement = loss - nextLoss;
    weights = next;
    loss = nextLoss;
    if (improvement >= 0 && improvement < 1e-7 * Math.max(1, groups.length)) break;
  }
  return { weights, iterations: iterations + 1, loss: loss / Math.max(1, groups.length) };

  function objective(parameters: readonly number[]): number {
    let sum = 0;
    for (const group of groups) {
      const scores = group.rows.map((row) => dot(parameters, row));
      const all = logSumExp(scores);
      const right = logSumExp(scores.filter((_, i) => group.labels[i] === 1));
      sum += all - right;
    }
    let squares = 0;
    for (const value of parameters) squares += value * value;
    return sum + 0.5 * penalty * squares;
  }
}

export function softmax(scores: readonly number[]): number[] {
  const top = Math.max(...scores);
  const exps = scores.map((score) => Math.exp(score - top));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}

function logSumExp(scores: readonly number[]): number {
  if (!scores.length) return Number.NEGATIVE_INFINITY;
  const top = Math.max(...scores);
  return top + Math.log(scores.reduce((sum, score) => sum + Math.exp(score - top), 0));
}

function dot(weights: readonly number[], row: readonly number[]): number {
  let sum = 0;
  for (let a = 0; a < row.length; a++) sum += weights[a]! * row[a]!;
  return sum;
}
