import { DEFAULT_CORPUS_FOLDERS, DEFAULT_QUESTION_FILES, openDevArchive } from "../scripts/eval/dev-archive.js";
import { loadQuestions, goldStems, fileStem, normalizeForScoring, holdsKeyFacts } from "../server/answer/model/question-set.js";
import { analyzeConversation } from "../server/answer/answer-question.js";
import { searchArchive } from "../server/retrieve/hybrid-search.js";
import { collectCandidates } from "../server/answer/collect-candidates.js";
import { composeAnswer } from "../server/answer/compose-answer.js";
const dev = await openDevArchive({ folders: DEFAULT_CORPUS_FOLDERS });
const questions = (await loadQuestions(DEFAULT_QUESTION_FILES)).filter((q) => q.doc);
const archive = dev.archive;
const stems = new Set(archive.documents.map((d) => fileStem(d.source)));
const counts: Record<string, number> = {};
const examples: Record<string, string[]> = {};
const has = (text: string, facts: string[]) => { const n = normalizeForScoring(text); return facts.every((f) => n.includes(normalizeForScoring(f))); };
for (const q of questions) {
  const gold = goldStems(q);
  let cat: string;
  if (![...gold].some((s) => stems.has(s))) cat = "A not ingested";
  else {
    const query = analyzeConversation({ archive, question: q.question });
    const search = await searchArchive({ archive, query, limit: 30 });
    const rank = search.hits.findIndex((h) => gold.has(fileStem(h.document.source)));
    const rankFact = search.hits.findIndex((h) => gold.has(fileStem(h.document.source)) && has(h.chunk.text, q.must_contain));
    const cands = collectCandidates({ archive, query, hits: search.hits, depth: 6 });
    const right = cands.some((c) => gold.has(fileStem(c.hit.document.source)) && holdsKeyFacts(composeAnswer({ query, chosen: [c] }).answer, q));
    const raw = cands.some((c) => gold.has(fileStem(c.hit.document.source)) && has(c.text, q.must_contain));
    const docHasFacts = archive.documents.some((d) => gold.has(fileStem(d.source)) && has(d.text, q.must_contain));
    if (right) cat = "OK";
    else if (!docHasFacts) cat = "B facts not in doc text";
    else if (rankFact < 0) cat = rank < 0 ? "C doc not in top30" : "D fact passage not in top30";
    else if (rankFact >= 6) cat = "E fact passage rank 6-29";
    else if (raw) cat = "F composition loses fact";
    else cat = "G fact spans sentences";
  }
  counts[cat] = (counts[cat] ?? 0) + 1;
  (examples[cat] ??= []).push(`${q.id} [${q.lang}/${q.kind}] ${q.question} :: ${JSON.stringify(q.must_contain)}`);
}
console.log(counts);
for (const [cat, list] of Object.entries(examples)) if (cat !== "OK") console.log(`\n== ${cat}\n` + list.slice(0, 12).join("\n"));
