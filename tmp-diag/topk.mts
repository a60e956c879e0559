import { DEFAULT_CORPUS_FOLDERS, DEFAULT_QUESTION_FILES, openDevArchive } from "../scripts/eval/dev-archive.js";
import { loadQuestions } from "../server/answer/model/question-set.js";
import { collectExamples, fitAnswerModel } from "../server/answer/model/train-answer-model.js";
import { rankCollected } from "../server/answer/extractive-answerer.js";
const dev = await openDevArchive({ folders: DEFAULT_CORPUS_FOLDERS });
const questions = await loadQuestions(DEFAULT_QUESTION_FILES);
const examples = await collectExamples({ archive: dev.archive, questions, folds: 5, depth: Number(process.env.DEPTH ?? 6) });
const at = [0, 0, 0, 0, 0, 0];
let reachable = 0;
const shareOfRight: number[] = [];
for (let fold = 0; fold < 5; fold++) {
  const model = fitAnswerModel(examples.filter((e) => e.fold !== fold));
  for (const ex of examples.filter((e) => e.fold === fold && e.question.doc)) {
    if (!ex.labels.some((l) => l === 1)) continue;
    reachable++;
    const ranked = rankCollected(ex.candidates, model);
    const labelOf = (c: (typeof ranked)[number]) => ex.labels[ex.candidates.findIndex((o) => o.hit === c.hit && o.span.start === c.span.start && o.span.end === c.span.end && o.origin === c.origin)];
    const first = ranked.findIndex((c) => labelOf(c) === 1);
    for (let k = 0; k < at.length; k++) if (first <= k) at[k]!++;
  }
}
console.log("reachable", reachable, "right within top k (k=1..6):", at.map((n) => (n / reachable).toFixed(3)).join(" "));
