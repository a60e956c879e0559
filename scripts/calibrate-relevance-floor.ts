import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { HashedEmbeddings } from "../ingest/index/hashed-embeddings.js";
import { loadSnapshot } from "../ingest/index/index-store.js";
import { runIngest } from "../ingest/run-ingest.js";
import { analyzeQuery } from "../server/retrieve/analyze-query.js";
import { createArchive, type Archive } from "../server/retrieve/archive.js";
import { buildQueryTerms, searchArchive, searchTextOf } from "../server/retrieve/hybrid-search.js";
import { getDefaultLexicon } from "../server/retrieve/query/lexicon.js";
import { countUntranslatedWords, measureQueryMass, type RelevanceFloor } from "../server/retrieve/relevance-floor.js";

/**
 * `npx tsx scripts/calibrate-relevance-floor.ts [--corpus DIR] [--questions FILE]… [--off-topic FILE]`
 *
 * Calibrates the relevance floor (server/retrieve/relevance-floor.ts) for the
 * hashed embedder: ingests the corpus, then for a grid of floors reports the
 * passage@5 of the question sets (the gold passage in the top five, as
 * scripts/eval.ts scores it) and how many off-topic queries still list
 * anything. It also prints, per question, the lexical coverage and vector
 * similarity of its best gold passage, and the highest of both among the
 * off-topic queries' candidates: the floor must sit between them.
 */
type Question = { id: string; question: string; doc: string | null; evidence: string[] };
type OffTopic = { lang: string; query: string };

const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: "corpus" },
    questions: { type: "string", multiple: true, default: ["../shared/eval/questions.jsonl", "data/eval/samples-extra.jsonl"] },
    "off-topic": { type: "string", default: "data/eval/off-topic-queries.jsonl" },
  },
});

const readJsonLines = async <T>(file: string): Promise<T[]> =>
  (await readFile(file, "utf8"))
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

const tokens = (text: string) => new Set((text.normalize("NFC").toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).map((token) => (/^\d+$/u.test(token) ? String(Number(token)) : token)));
const stem = (file: string) => path.basename(file).replace(/\.[^.]+$/u, "");

/** A chunk is a gold passage when it is of the question's document and holds 80% of an evidence string's words. */
function isGold(archive: Archive, chunkIndex: number, question: Question): boolean {
  const chunk = archive.chunks[chunkIndex]!;
  const document = archive.documentsById.get(chunk.docId)!;
  if (!question.doc || stem(document.source) !== stem(question.doc)) return false;
  const have = tokens(chunk.text);
  return question.evidence.some((evidence) => {
    const wanted = [...tokens(evidence)];
    return wanted.length > 0 && wanted.filter((token) => have.has(token)).length / wanted.length >= 0.8;
  });
}

/** Per candidate chunk: lexical coverage (raw BM25 / query mass) and raw vector similarity. */
async function signals(archive: Archive, text: string): Promise<Map<number, { coverage: number; vector: number }>> {
  const query = analyzeQuery(text, { knownProvinces: archive.provinces });
  const terms = buildQueryTerms(query);
  const mass = measureQueryMass(archive.lexical, terms, { untranslatedWords: countUntranslatedWords(query, getDefaultLexicon()) });
  const out = new Map<number, { coverage: number; vector: number }>();
  const vector = await archive.embedder.embedQuery([searchTextOf(query), ...query.expansions].join(" "));
  const candidates = await archive.index.retrieve({ terms, vector, lexicalLimit: archive.chunks.length, vectorLimit: archive.chunks.length });
  for (const hit of candidates.lexical) out.set(hit.chunk, { coverage: mass > 0 ? hit.score / mass : 0, vector: 0 });
  for (const hit of candidates.vector) {
    const entry = out.get(hit.chunk) ?? { coverage: 0, vector: 0 };
    entry.vector = hit.score;
    out.set(hit.chunk, entry);
  }
  return out;
}

async function main() {
  const questions = (await Promise.all(values.questions!.map((file) => readJsonLines<Question>(file)))).flat().filter((question) => question.doc);
  const offTopic = await readJsonLines<OffTopic>(values["off-topic"]!);
  const indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-floor-"));
  try {
    const embedder = new HashedEmbeddings({ dimension: 512 });
    await runIngest({ embedder }, { corpusDir: values.corpus!, indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024 });
    const archive = createArchive({ snapshot: await loadSnapshot(indexDir), embedder });

    let weakestGold = { coverage: Infinity, vector: 0, id: "" };
    for (const question of questions) {
      const best = [...(await signals(archive, question.question))]
        .filter(([chunk]) => isGold(archive, chunk, question))
        .map(([, signal]) => signal)
        .sort((a, b) => b.coverage - a.coverage)[0];
      if (best && best.coverage < weakestGold.coverage) weakestGold = { ...best, id: question.id };
    }
    let strongestOffTopic = { coverage: 0, vector: 0, coverageQuery: "", vectorQuery: "" };
    for (const item of offTopic) {
      for (const signal of (await signals(archive, item.query)).values()) {
        if (signal.coverage > strongestOffTopic.coverage) strongestOffTopic = { ...strongestOffTopic, coverage: signal.coverage, coverageQuery: item.query };
        if (signal.vector > strongestOffTopic.vector) strongestOffTopic = { ...strongestOffTopic, vector: signal.vector, vectorQuery: item.query };
      }
    }
    console.log(`weakest best gold passage: coverage ${weakestGold.coverage.toFixed(3)} (${weakestGold.id})`);
    console.log(`off-topic: highest coverage ${strongestOffTopic.coverage.toFixed(3)} ("${strongestOffTopic.coverageQuery}"), highest vector ${strongestOffTopic.vector.toFixed(3)} ("${strongestOffTopic.vectorQuery}")`);

    const rows = [];
    for (const minimumCoverage of [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4]) {
      for (const minimumVectorScore of [0.2, 0.25, 0.3, 0.35, 0.4, Infinity]) {
        const floor: RelevanceFloor = { minimumCoverage, minimumVectorScore };
        let hits = 0;
        for (const question of questions) {
          const query = analyzeQuery(question.question, { knownProvinces: archive.provinces });
          const result = await searchArchive({ archive, query, limit: 5, relevanceFloor: floor });
          if (result.hits.some((hit) => isGold(archive, hit.chunkIndex, question))) hits++;
        }
        let listed = 0;
        for (const item of offTopic) {
          const result = await searchArchive({ archive, query: analyzeQuery(item.query, { knownProvinces: archive.provinces }), limit: 5, relevanceFloor: floor });
          if (result.total > 0) listed++;
        }
        const soNoiVu = await searchArchive({ archive, query: analyzeQuery("so noi vu", { knownProvinces: archive.provinces }), limit: 5, relevanceFloor: floor });
        rows.push({ minimumCoverage, minimumVectorScore, "passage@5": Number((hits / questions.length).toFixed(3)), "off-topic listed": `${listed}/${offTopic.length}`, '"so noi vu" total': soNoiVu.total });
      }
    }
    console.table(rows);
    console.log(`${questions.length} questions with a gold document; ${archive.chunks.length} chunks`);
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
