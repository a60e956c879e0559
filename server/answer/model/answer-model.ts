import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { VanbanError } from "../../../core/errors.js";
import { treesScore, type BoostedTrees } from "./boosted-trees.js";
import { sigmoid } from "./fit-logistic.js";

/**
 * The answerer's fitted model, in two parts over named features:
 * - the ranker scores each candidate (a conditional logit: a softmax over
 *   the question's candidates picks the one that answers);
 * - the abstainer turns the best candidate and its margin into the
 *   probability that the answer is right (a logistic regression); below
 *   `threshold`, chosen on held-out folds by `npm run train`, the answerer
 *   says the archive holds no answer.
 * Features are standardized with the training means and scales stored beside
 * the weights; a feature a candidate lacks counts as 0.
 */
export type LinearPart = { kind?: "linear"; features: string[]; means: number[]; scales: number[]; weights: number[]; bias: number };
export type TreesPart = { kind: "trees" } & BoostedTrees;
export type ModelPart = LinearPart | TreesPart;

export type AnswerModel = {
  version: 2;
  ranker: ModelPart;
  abstainer: ModelPart;
  threshold: number;
  /**
   * A further citation is quoted when its share of the ranker's softmax is at
   * least this part of the best one's (fitted on inner folds; absent in older
   * model files, which used 0.6).
   */
  secondaryRatio?: number;
  /** What it was fitted on and how it scored on held-out folds (informational). */
  training?: Record<string, unknown>;
};

const linearPartSchema = z
  .object({
    kind: z.literal("linear").optional(),
    features: z.array(z.string().min(1)).min(1),
    means: z.array(z.number()),
    scales: z.array(z.number().positive()),
    weights: z.array(z.number()),
    bias: z.number(),
  })
  .refine((part) => part.means.length === part.features.length && part.scales.length === part.features.length && part.weights.length === part.features.length, {
    message: "means, scales and weights must have one entry per feature",
  });

type SchemaNode = { feature: number; threshold: number; left: number; right: number } | { value: number };
const treeNodeSchema: z.ZodType<SchemaNode> = z.union([
  z.object({ feature: z.number().int().min(0), threshold: z.number(), left: z.number().int().min(0), right: z.number().int().min(0) }),
  z.object({ value: z.number() }),
]);
const treesPartSchema = z
  .object({
    kind: z.literal("trees"),
    features: z.array(z.string().min(1)).min(1),
    trees: z.array(z.array(treeNodeSchema).min(1)),
    base: z.number(),
  })
  .refine(
    (part) => part.trees.every((tree) => tree.every((node) => ("value" in node ? true : node.feature < part.features.length && node.left < tree.length && node.right < tree.length && node.left > 0 && node.right > 0))),
    { message: "tree nodes must name known features and nodes of their own tree" },
  );
const partSchema = z.union([treesPartSchema, linearPartSchema]);

const answerModelSchema = z.object({
  version: z.literal(2),
  ranker: partSchema,
  abstainer: partSchema,
  threshold: z.number().min(0).max(1),
  secondaryRatio: z.number().positive().max(1.01).optional(),
  training: z.record(z.string(), z.unknown()).optional(),
});

export function parseAnswerModel(value: unknown): AnswerModel {
  const parsed = answerModelSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VanbanError("answer_model_invalid", `The answer model is not valid at ${issue?.path.join(".") || "its root"}: ${issue?.message ?? "unknown problem"}`);
  }
  return parsed.data;
}

export async function loadAnswerModel(path: string): Promise<AnswerModel> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new VanbanError("answer_model_missing", `Cannot read the answer model at ${path} (run \`npm run train\` to make one).`, { cause });
  }
  return parseModelText(text, path);
}

function parseModelText(text: string, path: string): AnswerModel {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new VanbanError("answer_model_invalid", `The answer model at ${path} is not JSON.`, { cause });
  }
  return parseAnswerModel(value);
}

/** The score of a model part: trees, or a linear function of standardized features. */
export function partScore(part: ModelPart, features: Readonly<Record<string, number>>): number {
  return part.kind === "trees" ? treesScore(part, features) : linearScore(part, features);
}

function linearScore(part: LinearPart, features: Readonly<Record<string, number>>): number {
  let z = part.bias;
  for (let i = 0; i < part.features.length; i++) {
    const value = features[part.features[i]!] ?? 0;
    z += part.weights[i]! * ((value - part.means[i]!) / part.scales[i]!);
  }
  return z;
}

/** The abstainer's probability that an answer with these question-level features is right. */
export function answerProbability(model: AnswerModel, features: Readonly<Record<string, number>>): number {
  return sigmoid(partScore(model.abstainer, features));
}

/** data/models/answerer.json of this checkout, resolved from this module's location. */
export function defaultAnswerModelPath(): string {
  return fileURLToPath(new URL("../../../data/models/answerer.json", import.meta.url));
}

let cachedDefaultModel: AnswerModel | undefined;

/** The committed model, read on first use and kept (like the query lexicon: static data shipped with the code). */
export function getDefaultAnswerModel(): AnswerModel {
  if (!cachedDefaultModel) {
    const path = defaultAnswerModelPath();
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (cause) {
      throw new VanbanError("answer_model_missing", `Cannot read the answer model at ${path} (run \`npm run train\` to make one).`, { cause });
    }
    cachedDefaultModel = parseModelText(text, path);
  }
  return cachedDefaultModel;
}
