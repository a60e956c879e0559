import { DEFAULT_CORPUS_FOLDERS, DEFAULT_QUESTION_FILES, openDevArchive } from "../scripts/eval/dev-archive.js";
import { loadQuestions } from "../server/answer/model/question-set.js";
import { collectExamples } from "../server/answer/model/train-answer-model.js";
const dev = await openDevArchive({ folders: DEFAULT_CORPUS_FOLDERS });
const questions = await loadQuestions(DEFAULT_QUESTION_FILES);
const examples = await collectExamples({ archive: dev.archive, questions, folds: 5 });
const by: Record<string, [number, number]> = {};
for (const e of examples) {
  if (!e.question.doc) continue;
  for (const key of [e.question.lang, e.question.kind]) {
    by[key] ??= [0, 0];
    by[key]![1]++;
    if (e.labels.some((l) => l === 1)) by[key]![0]++;
  }
}
for (const [k, [a, b]] of Object.entries(by)) console.log(k.padEnd(20), a, "/", b, (a / b).toFixed(2));
