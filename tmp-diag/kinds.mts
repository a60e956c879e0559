import { DEFAULT_CORPUS_FOLDERS, DEFAULT_QUESTION_FILES, openDevArchive } from "../scripts/eval/dev-archive.js";
import { loadQuestions } from "../server/answer/model/question-set.js";
import { collectExamples, crossValidate } from "../server/answer/model/train-answer-model.js";
const dev = await openDevArchive({ folders: DEFAULT_CORPUS_FOLDERS });
const questions = await loadQuestions(DEFAULT_QUESTION_FILES);
const examples = await collectExamples({ archive: dev.archive, questions, folds: 5, depth: Number(process.env.DEPTH ?? 6) });
const configs = JSON.parse(process.argv[2] ?? "[{}]");
for (const config of configs) {
  const started = Date.now();
  const r = crossValidate(examples, { secondaryRatio: 0.4, ...config });
  const pos = r.outcomes.filter((o) => o.question.doc);
  const neg = r.outcomes.filter((o) => !o.question.doc);
  console.log(`${JSON.stringify(config)}: score ${r.score.toFixed(4)} right ${(pos.filter((o) => o.right).length / pos.length).toFixed(3)} facts ${(pos.filter((o) => o.right && o.answered).length / pos.length).toFixed(3)} neg ${(neg.filter((o) => !o.answered).length / neg.length).toFixed(3)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
