import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { crossValidate, collectExamples, fitAnswerModel, type FoldReport } from "../server/answer/model/train-answer-model.js";
import { loadQuestions } from "../server/answer/model/question-set.js";
import { DEFAULT_CORPUS_FOLDERS, DEFAULT_QUESTION_FILES, openDevArchive } from "./eval/dev-archive.js";

/**
 * `npm run train -- [--questions FILE]… [--corpus DIR]… [--folds 5] [--out FILE] [--ablate]`
 *
 * Fits the answer model (data/models/answerer.json) on the development
 * questions over the development archive (the samples plus
 * ../shared/corpus-dev), reproducibly: no randomness, folds by document.
 * Prints the cross-validated figures; with --ablate, the score without each
 * feature in turn (a feature stays only if it raises the score).
 */
const { values } = parseArgs({
  options: {
    questions: { type: "string", multiple: true },
    corpus: { type: "string", multiple: true },
    folds: { type: "string", default: "5" },
    out: { type: "string", default: "data/models/answerer.json" },
    ablate: { type: "boolean", default: false },
    repeats: { type: "string", default: "1" },
    ranker: { type: "string" },
    abstainer: { type: "string" },
    "ranker-l2": { type: "string" },
    "abstainer-l2": { type: "string" },
  },
});


async function main() {
  const questionFiles = values.questions ?? DEFAULT_QUESTION_FILES.filter((file) => existsSync(file));
  const folders = values.corpus ?? DEFAULT_CORPUS_FOLDERS.filter((folder) => existsSync(folder));
  const folds = Number(values.folds);
  const training = {
    ...(values.ranker === "trees" || values.ranker === "linear" ? { rankerKind: values.ranker as "trees" | "linear" } : {}),
    ...(values.abstainer === "trees" || values.abstainer === "linear" ? { abstainerKind: values.abstainer as "trees" | "linear" } : {}),
    ...(values["ranker-l2"] === undefined ? {} : { rankerL2: Number(values["ranker-l2"]) }),
    ...(values["abstainer-l2"] === undefined ? {} : { abstainerL2: Number(values["abstainer-l2"]) }),
  };
  const questions = await loadQuestions(questionFiles);
  const dev = await openDevArchive({ folders });
  console.log(`archive: ${dev.archive.documents.length} documents, ${dev.archive.chunks.length} chunks (${dev.summary.failed.length} files failed); ${questions.length} questions from ${questionFiles.join(", ")}`);
  const started = Date.now();
  const examples = await collectExamples({ archive: dev.archive, questions, folds });
  const rows = examples.reduce((sum, example) => sum + example.candidates.length, 0);
  const reachable = examples.filter((example) => example.question.doc && example.labels.some((label) => label === 1)).length;
  const positives = examples.filter((example) => example.question.doc).length;
  console.log(`${rows} candidates; ${reachable}/${positives} answerable questions have a right candidate (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  const report = crossValidate(examples, training);
  printReport(report);
  // Repeats with other assignments of documents to folds: how much of a difference is noise.
  const repeats = Number(values.repeats);
  if (repeats > 1) {
    const scores = [report, ...Array.from({ length: repeats - 1 }, (_, i) => crossValidate(examples, { ...training, salt: `repeat${i + 1}:`, folds }))].map(summarize);
    const mean = (pick: (summary: ReturnType<typeof summarize>) => number | null) => (scores.reduce((sum, summary) => sum + (pick(summary) ?? 0), 0) / scores.length).toFixed(4);
    console.log(`${repeats} repeats: score ${mean((s) => s.score)}, key facts ${mean((s) => s.keyFacts)}, right ${mean((s) => s.topRight)}, abstainer AUC ${mean((s) => s.abstainerAuc)}, negatives ${mean((s) => s.negativesAbstained)} (scores ${scores.map((s) => s.score).join(" ")})`);
  }

  if (values.ablate) {
    const features = [...new Set(examples.flatMap((example) => example.candidates.flatMap((candidate) => Object.keys(candidate.features))))].sort();
    console.log("\nablation (cross-validated score without the feature; higher than the full model's means the feature does not earn its place):");
    for (const feature of features) {
      const without = crossValidate(examples, { ...training, exclude: [feature] });
      console.log(`  ${feature.padEnd(28)} ${without.score.toFixed(4)} (${(without.score - report.score >= 0 ? "+" : "") + (without.score - report.score).toFixed(4)})`);
    }
  }

  const model = fitAnswerModel(examples, training);
  model.training = {
    questions: questions.length,
    questionFiles,
    documents: dev.archive.documents.length,
    candidates: rows,
    folds,
    crossValidated: summarize(report),
  };
  await writeFile(values.out!, `${JSON.stringify(model, null, 2)}\n`);
  console.log(`\nwrote ${values.out} (ranker ${model.ranker.features.length} features, abstainer ${model.abstainer.features.length}, threshold ${model.threshold.toFixed(3)}, further-citation ratio ${model.secondaryRatio})`);
  for (const [name, part] of [["ranker", model.ranker], ["abstainer", model.abstainer]] as const) {
    if (part.kind === "trees") {
      console.log(`${name}: ${part.trees.length} trees over ${part.features.length} features`);
      continue;
    }
    console.log(`${name}:`);
    for (const [i, feature] of part.features.entries()) console.log(`  ${feature.padEnd(28)} ${part.weights[i]!.toFixed(3)}`);
  }
}

function summarize(report: FoldReport) {
  const positives = report.outcomes.filter((outcome) => outcome.question.doc !== null);
  const negatives = report.outcomes.filter((outcome) => outcome.question.doc === null);
  const share = (count: number, total: number) => (total ? Number((count / total).toFixed(3)) : null);
  return {
    score: Number(report.score.toFixed(4)),
    keyFacts: share(positives.filter((outcome) => outcome.right && outcome.answered).length, positives.length),
    topRight: share(positives.filter((outcome) => outcome.right).length, positives.length),
    abstainerAuc: Number(auc(positives.filter((outcome) => outcome.right).map((outcome) => outcome.probability), negatives.map((outcome) => outcome.probability)).toFixed(4)),
    negativesAbstained: share(negatives.filter((outcome) => !outcome.answered).length, negatives.length),
    positives: positives.length,
    negatives: negatives.length,
  };
}

/** Probability that a right answer gets a higher confidence than a negative question (ties count half). */
function auc(right: readonly number[], negatives: readonly number[]): number {
  if (!right.length || !negatives.length) return 0;
  let wins = 0;
  for (const a of right) for (const b of negatives) wins += a > b ? 1 : a === b ? 0.5 : 0;
  return wins / (right.length * negatives.length);
}

function printReport(report: FoldReport) {
  console.log("cross-validated (in-process, top candidate):", summarize(report));
  const groups = new Map<string, FoldReport["outcomes"]>();
  for (const outcome of report.outcomes) {
    for (const key of [`lang ${outcome.question.lang}`, `kind ${outcome.question.kind}`, `set ${outcome.question.set}`]) {
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(outcome);
    }
  }
  for (const [key, outcomes] of [...groups].sort()) {
    const positives = outcomes.filter((outcome) => outcome.question.doc !== null);
    const negatives = outcomes.filter((outcome) => outcome.question.doc === null);
    const facts = positives.length ? (positives.filter((o) => o.right && o.answered).length / positives.length).toFixed(3) : "-";
    const abstained = negatives.length ? (negatives.filter((o) => !o.answered).length / negatives.length).toFixed(3) : "-";
    console.log(`  ${key.padEnd(34)} n=${String(outcomes.length).padStart(4)}  key facts ${facts}  negatives abstained ${abstained}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
