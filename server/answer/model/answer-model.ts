import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { VanbanError } from "../../../core/errors.js";
import { sigmoid } from "./fit-logistic.js";

/**
 * The answerer's fitted model: a logistic regression over named candidate
 * features (server/answer/candidate-features.ts). Features are standardized
 * with the training means and scales stored beside the weights. `threshold`
 * is the probability under which the answerer abstains, chosen on
 * cross-validation folds by `npm run train`.
 */
export type AnswerModel = {
  version: 1;
  features: string[];
  means: number[];
  scales: number[];
  weights: number[];
  bias: number;
  threshold: number;
  /** What it was fitted on and how it scored on held-out folds (informational). */
  training?: Record<string, unknown>;
};

const answerModelSchema = z.object({
  version: z.literal(1),
  features: z.array(z.string().min(1)).min(1),
  means: z.array(z.number()),
  scales: z.array(z.number().positive()),
  weights: z.array(z.number()),
  bias: z.number(),
  threshold: z.number().min(0).max(1),
  training: z.record(z.string(), z.unknown()).optional(),
});

export function parseAnswerModel(value: unknown): AnswerModel {
  const parsed = answerModelSchema.safeParse(value);
  if (!parsed.success) throw new VanbanError("answer_model_invalid", `The answer model is not valid: ${parsed.error.issues[0]?.message ?? "unknown problem"}`);
  const model = parsed.data;
  const size = model.features.length;
  if (model.means.length !== size || model.scales.length !== size || model.weights.length !== size) {
    throw new VanbanError("answer_model_invalid", "The answer model's means, scales and weights must have one entry per feature.");
  }
  return model;
}

export async function loadAnswerModel(path: string): Promise<AnswerModel> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new VanbanError("answer_model_missing", `Cannot read the answer model at ${path} (run \`npm run train\` to make one).`, { cause });
  }
  try {
    return parseAnswerModel(JSON.parse(text));
  } catch (cause) {
    if (cause instanceof VanbanError) throw cause;
    throw new VanbanError("answer_model_invalid", `The answer model at ${path} is not JSON.`, { cause });
  }
}

/** Probability that a candidate with these features answers the question. Missing features count as 0. */
export function scoreCandidate(model: AnswerModel, features: Readonly<Record<string, number>>): number {
  let z = model.bias;
  for (let i = 0; i < model.features.length; i++) {
    const value = features[model.features[i]!] ?? 0;
    z += model.weights[i]! * ((value - model.means[i]!) / model.scales[i]!);
  }
  return sigmoid(z);
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
    cachedDefaultModel = parseAnswerModel(JSON.parse(text));
  }
  return cachedDefaultModel;
}
