import { DEFAULT_CORPUS_FOLDERS, DEFAULT_QUESTION_FILES, openDevArchive } from "../scripts/eval/dev-archive.js";
import { loadQuestions } from "../server/answer/model/question-set.js";
import { collectExamples, crossValidate } from "../server/answer/model/train-answer-model.js";
const dev = await openDevArchive({ folders: DEFAULT_CORPUS_FOLDERS });
const questions = await loadQuestions(DEFAULT_QUESTION_FILES);
const examples = await collectExamples({ archive: dev.archive, questions, folds: 5, depth: Number(process.env.DEPTH ?? 6) });
for (const ratio of [2, 0.8, 0.6, 0.4, 0.25]) {
  const r = crossValidate(examples, { secondaryRatio: ratio });
  const pos = r.outcomes.filter((o) => o.question.doc);
  const neg = r.outcomes.filter((o) => !o.question.doc);
  console.log(`ratio ${ratio}: score ${r.score.toFixed(4)} right ${(pos.filter((o) => o.right).length / pos.length).toFixed(3)} facts ${(pos.filter((o) => o.right && o.answered).length / pos.length).toFixed(3)} neg ${(neg.filter((o) => !o.answered).length / neg.length).toFixed(3)}`);
}
