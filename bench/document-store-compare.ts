import { parseArgs } from "node:util";
import { HashedEmbeddings } from "../ingest/index/hashed-embeddings.js";
import { loadSnapshot } from "../ingest/index/index-store.js";
import { answerQuestion } from "../server/answer/answer-question.js";
import { readDocument, searchPassages } from "../server/http/archive-queries.js";
import { createArchive, type Archive } from "../server/retrieve/archive.js";

/**
 * The in-process engine over one generation opened twice in one process: its
 * documents wholly in memory (documents.json) and on demand (documents.sqlite).
 * Every search, answer and document view is run on both, in alternating order,
 * so the machine's load falls on both alike; results must be identical, and
 * the times are compared pair by pair (median of the ratios).
 *
 *   node --import tsx bench/document-store-compare.ts --index DIR [--queries 200] [--asks 40] [--views 100]
 */
const { values } = parseArgs({
  options: {
    index: { type: "string" },
    queries: { type: "string", default: "200" },
    asks: { type: "string", default: "40" },
    views: { type: "string", default: "100" },
  },
});

type Timed<T> = { value: T; milliseconds: number };

async function time<T>(work: () => Promise<T> | T): Promise<Timed<T>> {
  const started = performance.now();
  const value = await work();
  return { value, milliseconds: performance.now() - started };
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function summarize(pairs: Array<{ memory: number; onDemand: number }>) {
  const round = (value: number, digits = 1) => Number(value.toFixed(digits));
  return {
    count: pairs.length,
    memoryMedianMs: round(median(pairs.map((pair) => pair.memory))),
    onDemandMedianMs: round(median(pairs.map((pair) => pair.onDemand))),
    /** Median over pairs of on-demand / memory: 1.00 = the same. */
    medianRatio: round(median(pairs.map((pair) => pair.onDemand / Math.max(pair.memory, 0.001))), 3),
  };
}

/** JSON with object keys sorted: a document view lists its summary fields before its text (JSON objects are unordered). */
function canonicalJson(value: unknown): string {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : JSON.parse(JSON.stringify(value));
  return JSON.stringify(parsed, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}

/** Runs `work` on both archives, in turns (memory first on even rounds), and checks their results are equal. */
async function pair<T>(round: number, archives: { memory: Archive; onDemand: Archive }, work: (archive: Archive) => Promise<T> | T, differences: string[], label: string) {
  const order = round % 2 === 0 ? (["memory", "onDemand"] as const) : (["onDemand", "memory"] as const);
  const results = {} as Record<"memory" | "onDemand", Timed<T>>;
  for (const kind of order) results[kind] = await time(() => work(archives[kind]));
  if (canonicalJson(results.memory.value) !== canonicalJson(results.onDemand.value)) differences.push(label);
  return { memory: results.memory.milliseconds, onDemand: results.onDemand.milliseconds };
}

async function main(): Promise<void> {
  if (!values.index) throw new Error("--index is required");
  const embedder = new HashedEmbeddings({ dimension: 512 });
  const memorySnapshot = await loadSnapshot(values.index, { vectors: false, documents: "memory" });
  const onDemandSnapshot = await loadSnapshot(values.index, { vectors: false, documents: "on-demand" });
  if (!onDemandSnapshot.documentStore) throw new Error("The generation has no documents.sqlite: run the ingest again.");
  const archives = { memory: createArchive({ snapshot: memorySnapshot, embedder }), onDemand: createArchive({ snapshot: onDemandSnapshot, embedder }) };
  const { chunks, documents } = archives.memory;
  const step = Math.max(1, Math.floor(chunks.length / Number(values.queries)));
  const questions = chunks.filter((_chunk, i) => i % step === 0).slice(0, Number(values.queries)).map((chunk) => chunk.text.slice(0, 120));
  const differences: string[] = [];
  const today = new Date("2026-12-07T00:00:00Z");

  // Warm-up of both (query analysis, kernels), untimed.
  for (const question of questions.slice(0, 5)) for (const archive of Object.values(archives)) await searchPassages({ archive, q: question, k: 10 });

  const searches = [];
  for (const [round, question] of questions.entries()) searches.push(await pair(round, archives, (archive) => searchPassages({ archive, q: question, k: 10 }), differences, `search ${round}`));
  const asks = [];
  const askStep = Math.max(1, Math.floor(questions.length / Number(values.asks)));
  const askQuestions = questions.filter((_question, i) => i % askStep === 0).slice(0, Number(values.asks));
  // Task questions read every task's lead and deadline (the in-memory columns) and the cited tasks' documents.
  askQuestions.push("Những nhiệm vụ nào đã quá hạn?", "Sở Nội vụ được giao những nhiệm vụ nào có thời hạn trong năm 2024?");
  for (const [round, question] of askQuestions.entries()) {
    asks.push(await pair(round, archives, async (archive) => {
      const answer = await answerQuestion({ archive, question, today });
      return { found: answer.found, answer: answer.answer, citations: answer.citations };
    }, differences, `ask ${round}`));
  }
  const views = [];
  const viewStep = Math.max(1, Math.floor(documents.length / Number(values.views)));
  for (const [round, document] of documents.filter((_document, i) => i % viewStep === 0).slice(0, Number(values.views)).entries()) {
    views.push(await pair(round, archives, (archive) => JSON.stringify(readDocument(archive, document.id)), differences, `view ${document.id}`));
  }
  const report = {
    date: new Date().toISOString(),
    index: values.index,
    chunks: chunks.length,
    documents: documents.length,
    search: summarize(searches),
    ask: summarize(asks),
    view: summarize(views),
    differences: differences.length,
    differing: differences.slice(0, 10),
    storeReads: onDemandSnapshot.documentStore.reads,
  };
  console.log(JSON.stringify(report, null, 1));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
