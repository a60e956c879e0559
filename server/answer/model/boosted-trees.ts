/**
 * Gradient-boosted regression trees with second-order (Newton) leaf values
 * and histogram splits, for any loss given as per-row gradients and
 * hessians: the logistic loss of the abstainer, the softmax-over-candidates
 * loss of the ranker. Small, deterministic (no sampling), pure.
 */
export type TreeNode = { feature: number; threshold: number; left: number; right: number } | { value: number };

export type BoostedTrees = {
  features: string[];
  /** Each tree is a node array; node 0 is the root. */
  trees: TreeNode[][];
  /** Added to every score. */
  base: number;
};

export type BoostingOptions = {
  /** Rows of feature values (already in the order of `features`). */
  rows: ReadonlyArray<readonly number[]>;
  features: string[];
  /** Gradient and hessian of the loss at the current scores, per row. */
  gradients: (scores: Float64Array) => { gradient: Float64Array; hessian: Float64Array };
  rounds?: number;
  depth?: number;
  learningRate?: number;
  /** L2 penalty on leaf values. */
  lambda?: number;
  /** Smallest total hessian in a leaf. */
  minChildWeight?: number;
  /** Histogram bins per feature. */
  bins?: number;
};

export function treesScore(model: BoostedTrees, features: Readonly<Record<string, number>>): number {
  let score = model.base;
  for (const tree of model.trees) {
    let node = tree[0]!;
    while (!("value" in node)) {
      const value = features[model.features[node.feature]!] ?? 0;
      node = tree[value <= node.threshold ? node.left : node.right]!;
    }
    score += node.value;
  }
  return score;
}

export function fitBoostedTrees(options: BoostingOptions): BoostedTrees {
  const { rows, features } = options;
  const rounds = options.rounds ?? 100;
  const depth = options.depth ?? 3;
  const learningRate = options.learningRate ?? 0.1;
  const lambda = options.lambda ?? 1;
  const minChildWeight = options.minChildWeight ?? 1;
  const n = rows.length;
  const d = features.length;
  const edges = features.map((_, j) => binEdges(rows.map((row) => row[j]!), options.bins ?? 32));
  // Bin index of every value, feature-major for cache-friendly histograms.
  const binned = features.map((_, j) => {
    const column = new Uint8Array(n);
    const featureEdges = edges[j]!;
    for (let i = 0; i < n; i++) column[i] = binOf(rows[i]![j]!, featureEdges);
    return column;
  });
  const scores = new Float64Array(n);
  const trees: TreeNode[][] = [];
  for (let round = 0; round < rounds; round++) {
    const { gradient, hessian } = options.gradients(scores);
    const tree: TreeNode[] = [];
    const grow = (members: Int32Array, level: number): number => {
      const index = tree.length;
      tree.push({ value: 0 });
      let g = 0;
      let h = 0;
      for (const i of members) {
        g += gradient[i]!;
        h += hessian[i]!;
      }
      const leafValue = (-g / (h + lambda)) * learningRate;
      if (level >= depth || members.length < 2) {
        tree[index] = { value: leafValue };
        return index;
      }
      const split = bestSplit({ members, gradient, hessian, binned, edges, d, lambda, minChildWeight, g, h });
      if (!split) {
        tree[index] = { value: leafValue };
        return index;
      }
      const column = binned[split.feature]!;
      const leftMembers = members.filter((i) => column[i]! <= split.bin);
      const rightMembers = members.filter((i) => column[i]! > split.bin);
      const left = grow(leftMembers, level + 1);
      const right = grow(rightMembers, level + 1);
      tree[index] = { feature: split.feature, threshold: edges[split.feature]![split.bin]!, left, right };
      return index;
    };
    grow(Int32Array.from({ length: n }, (_, i) => i), 0);
    trees.push(tree);
    for (let i = 0; i < n; i++) scores[i]! += evaluate(tree, rows[i]!);
  }
  return { features, trees, base: 0 };
}

function evaluate(tree: readonly TreeNode[], row: readonly number[]): number {
  let node = tree[0]!;
  while (!("value" in node)) node = tree[row[node.feature]! <= node.threshold ? node.left : node.right]!;
  return node.value;
}

/** Upper edges of up to `bins` bins (quantiles of the distinct values); a value goes to the first bin whose edge it does not exceed. */
function binEdges(values: readonly number[], bins: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const distinct = [...new Set(sorted)];
  if (distinct.length <= bins) return distinct;
  const edges: number[] = [];
  for (let k = 1; k <= bins; k++) {
    const edge = sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / bins) - 1)]!;
    if (!edges.length || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  if (edges[edges.length - 1]! < sorted[sorted.length - 1]!) edges.push(sorted[sorted.length - 1]!);
  return edges;
}

function binOf(value: number, edges: readonly number[]): number {
  let low = 0;
  let high = edges.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (value <= edges[middle]!) high = middle;
    else low = middle + 1;
  }
  return low;
}

function bestSplit(options: {
  members: Int32Array;
  gradient: Float64Array;
  hessian: Float64Array;
  binned: Uint8Array[];
  edges: number[][];
  d: number;
  lambda: number;
  minChildWeight: number;
  g: number;
  h: number;
}): { feature: number; bin: number } | undefined {
  const { members, gradient, hessian, binned, edges, lambda, minChildWeight, g, h } = options;
  const parent = (g * g) / (h + lambda);
  let best: { feature: number; bin: number; gain: number } | undefined;
  for (let j = 0; j < options.d; j++) {
    const bins = edges[j]!.length;
    if (bins < 2) continue;
    const gradientSums = new Float64Array(bins);
    const hessianSums = new Float64Array(bins);
    const column = binned[j]!;
    for (const i of members) {
      const bin = column[i]!;
      gradientSums[bin]! += gradient[i]!;
      hessianSums[bin]! += hessian[i]!;
    }
    let leftG = 0;
    let leftH = 0;
    for (let bin = 0; bin < bins - 1; bin++) {
      leftG += gradientSums[bin]!;
      leftH += hessianSums[bin]!;
      const rightG = g - leftG;
      const rightH = h - leftH;
      if (leftH < minChildWeight || rightH < minChildWeight) continue;
      const gain = (leftG * leftG) / (leftH + lambda) + (rightG * rightG) / (rightH + lambda) - parent;
      if (gain > 1e-9 && (!best || gain > best.gain)) best = { feature: j, bin, gain };
    }
  }
  return best;
}
