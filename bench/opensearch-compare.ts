import { readdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { HashedEmbeddings } from "../ingest/index/hashed-embeddings.js";
import { loadSnapshot } from "../ingest/index/index-store.js";
import { runIngest } from "../ingest/run-ingest.js";
import { answerQuestion } from "../server/answer/answer-question.js";
import { listTaskItems, readDocument } from "../server/http/archive-queries.js";
import { analyzeQuery } from "../server/retrieve/analyze-query.js";
import { createArchive } from "../server/retrieve/archive.js";
import { createLocalSearchBackend } from "../server/retrieve/backend/local-search-backend.js";
import { createOpenSearchBackend } from "../server/retrieve/backend/opensearch-search-backend.js";
import type { SearchBackend } from "../server/retrieve/backend/search-backend.js";
import { searchArchive } from "../server/retrieve/hybrid-search.js";
import { readAlqacQuestions, scoreRankings, type AlqacQuestion } from "./alqac-scoring.js";

/**
 * One backend, one corpus, one process (so its memory is this backend's):
 * ingest (MB/s), then open the generation as the server does and search
 * (p50/p95 of the hybrid search, in this process), and, with --alqac, the
 * ALQAC retrieval scores. Run it once per backend and compare:
 *
 *   npx tsx bench/opensearch-compare.ts --backend local --corpus DIR --index DIR [--alqac FILE] [--skip-ingest]
 *   OPENSEARCH_URL=… npx tsx bench/opensearch-compare.ts --backend opensearch --corpus DIR --index DIR …
 *
 * `peakRssMegabytes` is the process's peak; with --skip-ingest it is serving alone
 * (200 searches, --asks answers, --views document viewer reads and one task
 * table of a document each). Run with `node --expose-gc --import tsx` so that
 * `rssAfterOpenMegabytes` is measured after a collection.
 */
const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "local" },
    corpus: { type: "string" },
    index: { type: "string" },
    alqac: { type: "string" },
    queries: { type: "string", default: "200" },
    shards: { type: "string", default: "2" },
    replicas: { type: "string", default: "1" },
    prefix: { type: "string", default: "vanban-bench" },
    "skip-ingest": { type: "boolean", default: false },
    out: { type: "string" },
    /** How the serving side holds documents: "on-demand" (the server's way) or "memory" (everything parsed, as before). */
    documents: { type: "string", default: "on-demand" },
    asks: { type: "string", default: "20" },
    views: { type: "string", default: "50" },
  },
});

async function folderMegabytes(directory: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return bytes / 1024 / 1024;
}

function percentiles(milliseconds: number[]): { count: number; p50: number; p95: number } {
  const sorted = [...milliseconds].sort((a, b) => a - b);
  const at = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1));
  return { count: sorted.length, p50: at(0.5), p95: at(0.95) };
}

async function main(): Promise<void> {
  if (!values.corpus || !values.index) throw new Error("--corpus and --index are required");
  const kind = values.backend === "opensearch" ? "opensearch" : "local";
  const backend: SearchBackend =
    kind === "opensearch"
      ? createOpenSearchBackend({
          urls: (process.env.OPENSEARCH_URL ?? "").split(",").filter(Boolean),
          indexPrefix: values.prefix!,
          shards: Number(values.shards),
          replicas: Number(values.replicas),
        })
      : createLocalSearchBackend();
  const embedder = new HashedEmbeddings({ dimension: 512 });
  const report: Record<string, unknown> = { date: new Date().toISOString(), backend: kind, corpus: values.corpus };
  try {
    if (!values["skip-ingest"]) {
      const megabytes = await folderMegabytes(values.corpus);
      const started = performance.now();
      const summary = await runIngest(
        { embedder, commitGeneration: backend.commitGeneration },
        { corpusDir: values.corpus, indexDir: values.index, chunkChars: 1200, maxBytes: 50 * 1024 * 1024, searchBackend: kind, force: true },
      );
      const seconds = (performance.now() - started) / 1000;
      report.ingest = { files: summary.files, seconds: Number(seconds.toFixed(1)), fileMegabytes: Number(megabytes.toFixed(1)), megabytesPerSecond: Number((megabytes / seconds).toFixed(2)) };
    }
    const opened = performance.now();
    const snapshot = await loadSnapshot(values.index, { vectors: false, indexes: backend.needsLocalIndexes, documents: values.documents === "memory" ? "memory" : "on-demand" });
    const archive = createArchive({ snapshot, embedder, index: await backend.openGeneration(snapshot) });
    report.chunks = archive.chunks.length;
    report.openSeconds = Number(((performance.now() - opened) / 1000).toFixed(1));
    global.gc?.();
    report.rssAfterOpenMegabytes = Math.round(process.memoryUsage().rss / 1024 / 1024);

    let questions: Array<{ text: string; alqac?: AlqacQuestion }>;
    if (values.alqac) questions = (await readAlqacQuestions(values.alqac)).map((question) => ({ text: question.question, alqac: question }));
    else {
      // Questions made of the archive's own chunk openings: every one has an answer somewhere.
      const step = Math.max(1, Math.floor(archive.chunks.length / Number(values.queries)));
      questions = archive.chunks.filter((_chunk, i) => i % step === 0).slice(0, Number(values.queries)).map((chunk) => ({ text: chunk.text.slice(0, 120) }));
    }
    // Warm-up, untimed.
    for (const question of questions.slice(0, 5)) await searchArchive({ archive, query: analyzeQuery(question.text, { knownProvinces: archive.provinces }), limit: 10 });
    const timings: number[] = [];
    const rankings: Array<{ question: AlqacQuestion; passages: Array<{ source: string; section: string; text: string }> }> = [];
    for (const question of questions) {
      const started = performance.now();
      const { hits } = await searchArchive({ archive, query: analyzeQuery(question.text, { knownProvinces: archive.provinces }), limit: 10 });
      timings.push(performance.now() - started);
      if (question.alqac) rankings.push({ question: question.alqac, passages: hits.map((hit) => ({ source: hit.document.source, section: hit.chunk.sectionPath.join(" › "), text: hit.chunk.text })) });
    }
    report.searchMs = percentiles(timings);
    const peakMegabytes = () => Math.round(process.resourceUsage().maxRSS / 1024);
    report.peakRssAfterSearchesMegabytes = peakMegabytes();
    if (rankings.length) report.alqac = scoreRankings(rankings);
    // Answers (retrieval, then the answerer reading the leading documents' texts) to the same kind of questions.
    const askTimings: number[] = [];
    let found = 0;
    const askStep = Math.max(1, Math.floor(questions.length / Number(values.asks)));
    for (const question of questions.filter((_question, i) => i % askStep === 0).slice(0, Number(values.asks))) {
      const started = performance.now();
      const answer = await answerQuestion({ archive, question: question.text, today: new Date("2026-12-07T00:00:00Z") });
      askTimings.push(performance.now() - started);
      if (answer.found) found++;
    }
    report.askMs = { ...percentiles(askTimings), found };
    report.peakRssAfterAsksMegabytes = peakMegabytes();
    // The document viewer (GET /api/documents/:id: the whole document and its chunks' offsets) and a document's task table, serialized as sent.
    const viewTimings: number[] = [];
    let viewBytes = 0;
    const viewStep = Math.max(1, Math.floor(archive.documents.length / Number(values.views)));
    for (const document of archive.documents.filter((_document, i) => i % viewStep === 0).slice(0, Number(values.views))) {
      const started = performance.now();
      viewBytes += JSON.stringify(readDocument(archive, document.id)).length;
      viewBytes += JSON.stringify(listTaskItems({ tasks: archive.tasks, documents: archive.documents, filters: { docId: document.id, today: "2026-12-07" } })).length;
      viewTimings.push(performance.now() - started);
    }
    report.viewMs = { ...percentiles(viewTimings), characters: viewBytes };
    report.documents = values.documents;
    report.peakRssMegabytes = Math.round(process.resourceUsage().maxRSS / 1024);
    const text = JSON.stringify(report, null, 1);
    console.log(text);
    if (values.out) await writeFile(values.out, `${text}\n`);
  } finally {
    await backend.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
