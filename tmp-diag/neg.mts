import { DEFAULT_CORPUS_FOLDERS, DEFAULT_QUESTION_FILES, openDevArchive } from "../scripts/eval/dev-archive.js";
import { loadQuestions } from "../server/answer/model/question-set.js";
import { collectExamples, fitAnswerModel } from "../server/answer/model/train-answer-model.js";
import { rankCollected } from "../server/answer/extractive-answerer.js";
import { answerFeatures } from "../server/answer/answer-features.js";
import { answerProbability } from "../server/answer/model/answer-model.js";
const dev = await openDevArchive({ folders: DEFAULT_CORPUS_FOLDERS });
const questions = await loadQuestions(DEFAULT_QUESTION_FILES);
const examples = await collectExamples({ archive: dev.archive, questions, folds: 5 });
const rows: string[] = [];
for (let fold = 0; fold < 5; fold++) {
  const model = fitAnswerModel(examples.filter((e) => e.fold !== fold));
  for (const ex of examples.filter((e) => e.fold === fold && !e.question.doc)) {
    const ranked = rankCollected(ex.candidates, model);
    const f = answerFeatures(ex.query, ranked);
    const p = answerProbability(model, f);
    if (p < model.threshold) continue;
    const top = ranked[0]!;
    rows.push(`${p.toFixed(2)} ${ex.question.id} [${ex.question.lang} ${ex.question.negative_type}] ${ex.question.question}\n   -> ${top.hit.document.source}: ${top.text.replace(/\s+/g, " ").slice(0, 150)}\n   missing ${f.top_missing_in_document?.toFixed(2)} covdoc ${f.top_coverage_document?.toFixed(2)} nums ${f.top_numbers_missing ?? "-"} yearmiss ${f.top_year_missing ?? "-"} terms ${ex.query.keyTerms.join(" ")}`);
  }
}
console.log(rows.sort().reverse().join("\n"));
