import { DEFAULT_CORPUS_FOLDERS, DEFAULT_QUESTION_FILES, openDevArchive } from "../scripts/eval/dev-archive.js";
import { loadQuestions } from "../server/answer/model/question-set.js";
import { analyzeConversation } from "../server/answer/answer-question.js";
import { searchArchive } from "../server/retrieve/hybrid-search.js";
import { collectCandidates } from "../server/answer/collect-candidates.js";
import { collectExamples, fitAnswerModel } from "../server/answer/model/train-answer-model.js";
import { scoreCandidate } from "../server/answer/model/answer-model.js";
const dev = await openDevArchive({ folders: DEFAULT_CORPUS_FOLDERS });
const archive = dev.archive;
const questions = await loadQuestions(DEFAULT_QUESTION_FILES);
const examples = await collectExamples({ archive, questions, folds: 5 });
let shown = 0;
const filter = process.argv[2];
for (let fold = 0; fold < 5; fold++) {
  const model = fitAnswerModel(examples.filter((e) => e.fold !== fold));
  for (const ex of examples.filter((e) => e.fold === fold)) {
    if (!ex.question.doc || !ex.rows.some((r) => r.label === 1)) continue;
    if (filter && !ex.question.kind.includes(filter)) continue;
    const query = analyzeConversation({ archive, question: ex.question.question });
    const search = await searchArchive({ archive, query, limit: 6 });
    const cands = collectCandidates({ archive, query, hits: search.hits, depth: 6 }).map((c, i) => ({ c, p: scoreCandidate(model, c.features), label: ex.rows[i]!.label }));
    cands.sort((a, b) => b.p - a.p);
    if (cands[0]!.label === 1) continue;
    const right = cands.find((x) => x.label === 1)!;
    const rightRank = cands.indexOf(right);
    if (shown++ > 25) break;
    const diff = model.features.map((name, i) => ({ name, d: model.weights[i]! * (((right.c.features[name] ?? 0) - (cands[0]!.c.features[name] ?? 0)) / model.scales[i]!) })).filter((x) => Math.abs(x.d) > 0.2).sort((a, b) => a.d - b.d).map((x) => `${x.name} ${x.d.toFixed(2)}`);
    console.log(`\n${ex.question.id} [${ex.question.lang}/${ex.question.kind}] ${ex.question.question} :: ${JSON.stringify(ex.question.must_contain)}\n  TOP ${cands[0]!.p.toFixed(2)} [${cands[0]!.c.origin} r${cands[0]!.c.rank} ${cands[0]!.c.hit.document.source}] ${cands[0]!.c.text.replace(/\s+/g, " ").slice(0, 200)}\n  RIGHT#${rightRank} ${right.p.toFixed(2)} [${right.c.origin} r${right.c.rank}] ${right.c.text.replace(/\s+/g, " ").slice(0, 200)}\n  right-top: ${diff.join(", ")}`);
  }
}
