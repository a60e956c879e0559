/**
 * L2-regularized logistic regression fitted by Newton's method (iteratively
 * reweighted least squares). Pure: rows in, weights out. The problems it is
 * used for are small (tens of features, tens of thousands of rows), so the
 * exact Hessian is cheap and the fit is deterministic and reproducible.
 */
import { solve } from "./solve-linear-system.js";

export type LogisticFit = { weights: number[]; bias: number; iterations: number; loss: number };

export type FitLogisticOptions = {
  rows: readonly (readonly number[])[];
  labels: readonly number[];
  /** Per-row weights (default 1). */
  rowWeights?: readonly number[];
  /** L2 penalty on the weights (not the bias), relative to the total row weight. */
  l2?: number;
  maxIterations?: number;
};

export function fitLogistic(options: FitLogisticOptions): LogisticFit {
  const { rows, labels } = options;
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const rowWeights = options.rowWeights ?? new Array<number>(n).fill(1);
  const totalWeight = rowWeights.reduce((sum, weight) => sum + weight, 0) || 1;
  const penalty = (options.l2 ?? 1e-2) * totalWeight;
  // Parameter vector: d weights then the bias.
  let theta = new Array<number>(d + 1).fill(0);
  let loss = objective(theta);
  let iterations = 0;
  for (; iterations < (options.maxIterations ?? 50); iterations++) {
    const gradient = new Array<number>(d + 1).fill(0);
    const hessian = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      const p = sigmoid(linear(theta, row));
      const w = rowWeights[i]!;
      const error = (p - labels[i]!) * w;
      const curvature = Math.max(p * (1 - p), 1e-9) * w;
      for (let a = 0; a <= d; a++) {
        const xa = a < d ? row[a]! : 1;
        gradient[a]! += error * xa;
        const hessianRow = hessian[a]!;
        for (let b = a; b <= d; b++) hessianRow[b]! += curvature * xa * (b < d ? row[b]! : 1);
      }
    }
    for (let a = 0; a < d; a++) {
      gradient[a]! += penalty * theta[a]!;
      hessian[a]![a]! += penalty;
    }
    for (let a = 0; a <= d; a++) for (let b = 0; b < a; b++) hessian[a]![b] = hessian[b]![a]!;
    hessian[d]![d]! += 1e-9;
    const step = solve(hessian, gradient);
    // Damped Newton step: halve until the objective does not grow.
    let scale = 1;
    let next = theta;
    let nextLoss = loss;
    for (let tries = 0; tries < 30; tries++) {
      next = theta.map((value, a) => value - scale * step[a]!);
      nextLoss = objective(next);
      if (nextLoss <= loss + 1e-12) break;
      scale /= 2;
    }
    const improvement = loss - nextLoss;
    theta = next;
    loss = nextLoss;
    if (improvement >= 0 && improvement < 1e-9 * totalWeight) break;
  }
  return { weights: theta.slice(0, d), bias: theta[d]!, iterations: iterations + 1, loss: loss / totalWeight };

  function objective(parameters: readonly number[]): number {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const z = linear(parameters, rows[i]!);
      // log(1 + e^z) - y z, computed stably.
      const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      sum += rowWeights[i]! * (softplus - labels[i]! * z);
    }
    let squares = 0;
    for (let a = 0; a < d; a++) squares += parameters[a]! ** 2;
    return sum + 0.5 * penalty * squares;
  }
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function linear(theta: readonly number[], row: readonly number[]): number {
  let z = theta[row.length]!;
  for (let a = 0; a < row.length; a++) z += theta[a]! * row[a]!;
  return z;
}
