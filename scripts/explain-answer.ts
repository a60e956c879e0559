import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { analyzeConversation } from "../server/answer/answer-question.js";
import { rankCandidates } from "../server/answer/extractive-answerer.js";
import { answerFeatures } from "../server/answer/answer-features.js";
import { answerProbability, getDefaultAnswerModel, loadAnswerModel, type ModelPart } from "../server/answer/model/answer-model.js";
import { searchArchive } from "../server/retrieve/hybrid-search.js";
import { DEFAULT_CORPUS_FOLDERS, openDevArchive } from "./eval/dev-archive.js";

/**
 * `npm run explain -- "question" [--model FILE] [--corpus DIR]… [--top 8]`
 *
 * Shows how a question is answered: its analysis, the passages found, and the
 * best candidates with their probability and features. For development.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { model: { type: "string" }, corpus: { type: "string", multiple: true }, top: { type: "string", default: "8" } },
});

async function main() {
  const folders = values.corpus ?? DEFAULT_CORPUS_FOLDERS.filter((folder) => existsSync(folder));
  const { archive } = await openDevArchive({ folders });
  const model = values.model ? await loadAnswerModel(values.model) : getDefaultAnswerModel();
  for (const question of positionals) {
    const query = analyzeConversation({ archive, question });
    console.log(`\n# ${question}\n  kind ${query.answerKind}${query.metadataFields.length ? ` fields ${query.metadataFields.join(",")}` : ""}, language ${query.language}, terms ${query.keyTerms.join(" ")}, provinces ${query.provinces.join(",")}, years ${query.years.join(",")}`);
    const search = await searchArchive({ archive, query, limit: 6 });
    search.hits.forEach((hit, i) => console.log(`  hit ${i}: ${hit.document.source} ${hit.score.toFixed(3)} ${hit.chunk.sectionPath.join(" › ").slice(0, 80)}`));
    const ranked = rankCandidates({ archive, query, hits: search.hits, model });
    const features = answerFeatures(query, ranked);
    console.log(`  confidence ${answerProbability(model, features).toFixed(3)} (threshold ${model.threshold.toFixed(3)}): ${describe(model.abstainer, features)}`);
    for (const candidate of ranked.slice(0, Number(values.top))) {
      console.log(`  ${candidate.share.toFixed(3)} [${candidate.origin} r${candidate.rank}] ${candidate.text.replace(/\s+/gu, " ").slice(0, 160)}\n        ${describe(model.ranker, candidate.features)}`);
    }
  }
}

/** The largest contributions of a linear part's features, signed (trees: the features themselves). */
function describe(part: ModelPart, features: Readonly<Record<string, number>>): string {
  if (part.kind === "trees") return Object.entries(features).map(([name, value]) => `${name} ${value.toFixed(2)}`).join(", ");
  return part.features
        .map((name, i) => ({ name, value: part.weights[i]! * (((features[name] ?? 0) - part.means[i]!) / part.scales[i]!) }))
        .filter((item) => Math.abs(item.value) > 0.15)
        .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
        .slice(0, 8)
        .map((item) => `${item.name} ${item.value > 0 ? "+" : ""}${item.value.toFixed(2)}`)
        .join(", ");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
