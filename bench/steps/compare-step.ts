import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { HashedEmbeddings } from "../../ingest/index/hashed-embeddings.js";
import { HnswVectorIndex } from "../../ingest/index/hnsw-vector-index.js";
import { loadSnapshot } from "../../ingest/index/index-store.js";
import { indexTextOf } from "../../ingest/pipeline/process-file.js";
import { analyzeQuery } from "../../server/retrieve/analyze-query.js";
import { createArchive, type Archive } from "../../server/retrieve/archive.js";
import { buildQueryTerms, searchArchive, searchTextOf } from "../../server/retrieve/hybrid-search.js";
import { readAlqacQuestions, scoreRankings, type AlqacQuestion, type RankedPassage, type RetrievalScores } from "../alqac-scoring.js";
import { ownPeakRssMegabytes, round, summarizeLatencies, timeEach, type LatencySummary } from "../measure.js";
import { overlapRecall, searchExactVectors } from "../peers/exact-vector-scan.js";
import { createMemoryVectorStorePeer } from "../peers/memory-vector-store-peer.js";
import { createMiniSearchPeer } from "../peers/minisearch-peer.js";

/**
 * Bench step, run in its own process: loads one index generation and, on the
 * same chunks and the same queries, times our retrieval against two peers —
 * LangChain's MemoryVectorStore (exact brute force, same vectors, same
 * embedder) and MiniSearch (lexical) — plus a tight typed-array exact scan,
 * the ground truth for the HNSW's recall. With --alqac, also scores every
 * system on the ALQAC dev questions. Prints one JSON line.
 */
export type CompareMeasurement = {
  chunks: number;
  queries: number;
  buildSeconds: { ourLoad: number; miniSearch: number; memoryVectorStore: number };
  latency: Record<"hybrid" | "bm25" | "vector" | "hnswGraph" | "exactScan" | "memoryVectorStore" | "memoryVectorStoreWithEmbedding" | "miniSearch", LatencySummary>;
  /** Mean overlap of each system's top 10 vectors with the exact top 10. */
  vectorRecallAt10: { vector: number; hnswGraph: number | null; memoryVectorStore: number };
  /** Our vector index ("exact" sparse scan or "hnsw" graph) and, when it is exact, the seconds an HNSW graph (ef 400) took to build for comparison. */
  vectorIndex: { kind: string; hnswGraphBuildSeconds: number | null };
  /** p50 of the peer divided by p50 of ours (above 1 = ours faster). */
  speedups: { vectorOverMemoryVectorStore: number; vectorOverExactScan: number; hybridOverMemoryVectorStoreWithEmbedding: number; bm25OverMiniSearch: number; hybridOverMiniSearch: number };
  alqac?: Record<"hybrid" | "vector" | "exactScan" | "memoryVectorStore" | "miniSearch", RetrievalScores>;
  peakRssMegabytes: number;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      index: { type: "string" },
      queries: { type: "string" },
      alqac: { type: "string" },
      "peer-queries": { type: "string" },
    },
  });
  if (!values.index || !values.queries) throw new Error("--index and --queries are required");
  const questions = JSON.parse(await readFile(values.queries, "utf8")) as string[];
  const peerQuestions = questions.slice(0, values["peer-queries"] ? Number(values["peer-queries"]) : questions.length);
  const embedder = new HashedEmbeddings({ dimension: 512 });

  let started = performance.now();
  const snapshot = await loadSnapshot(values.index);
  const archive = createArchive({ snapshot, embedder });
  const ourLoad = (performance.now() - started) / 1000;
  const { vectors } = snapshot;
  const dimension = embedder.dimension;
  log(`compare: ${archive.chunks.length} chunks loaded in ${ourLoad.toFixed(1)} s`);

  const indexTexts = archive.chunks.map((chunk, i) => indexTextOf(chunk, archive.documents[archive.chunkDocument[i]!]!));
  started = performance.now();
  const miniSearch = createMiniSearchPeer({ texts: indexTexts });
  const miniSearchSeconds = (performance.now() - started) / 1000;
  log(`compare: MiniSearch built in ${miniSearchSeconds.toFixed(1)} s (${miniSearch.termCount} terms)`);
  started = performance.now();
  const memoryStore = await createMemoryVectorStorePeer({ embeddings: embedder, vectors, dimension });
  const memoryVectorStoreSeconds = (performance.now() - started) / 1000;
  log(`compare: MemoryVectorStore filled in ${memoryVectorStoreSeconds.toFixed(1)} s`);

  // The vector side of every system searches with the same query vector our hybrid search uses.
  const analyzed = questions.map((question) => analyzeQuery(question, { knownProvinces: archive.provinces }));
  const queryVectors = await Promise.all(analyzed.map((query) => embedder.embedQuery([searchTextOf(query), ...query.expansions].join(" "))));
  const indexes = questions.map((_, i) => i);
  const peerIndexes = indexes.slice(0, peerQuestions.length);
  const warmup = Math.min(10, questions.length);

  const hybrid = await timeEach(indexes, (i) => searchArchive({ archive, query: analyzeQuery(questions[i]!, { knownProvinces: archive.provinces }), limit: 10 }), { warmup });
  const bm25 = await timeEach(indexes, (i) => snapshot.lexical.search({ terms: buildQueryTerms(analyzed[i]!), limit: 200 }), { warmup });
  const vectorResults: number[][] = [];
  const vector = await timeEach(indexes, (i) => vectorResults.push(snapshot.vectorIndex.search({ vector: queryVectors[i]!, limit: 10 }).map((hit) => hit.chunk)), { warmup: 0 });
  // For comparison, the HNSW graph over the same vectors (what a dense embedder would use).
  const kind = snapshot.manifest.vectorIndex?.kind ?? "hnsw";
  let graphBuildSeconds: number | null = null;
  let graph = vector;
  let graphResults = vectorResults;
  if (kind === "exact") {
    started = performance.now();
    const built = HnswVectorIndex.build({ vectors, dimension });
    graphBuildSeconds = (performance.now() - started) / 1000;
    log(`compare: HNSW graph built in ${graphBuildSeconds.toFixed(1)} s`);
    graphResults = [];
    graph = await timeEach(indexes, (i) => graphResults.push(built.search({ vector: queryVectors[i]!, limit: 10 }).map((hit) => hit.chunk)), { warmup: 0 });
  }
  const exactResults: number[][] = [];
  const exactScan = await timeEach(peerIndexes, (i) => exactResults.push(searchExactVectors({ vectors, dimension, query: queryVectors[i]!, limit: 10 }).map((hit) => hit.chunk)));
  log("compare: ours and the exact scan timed");
  const memoryResults: number[][] = [];
  const memoryVectorStore = await timeEach(peerIndexes, async (i) => memoryResults.push(await memoryStore.searchVector(queryVectors[i]!, 10)));
  const memoryVectorStoreWithEmbedding = await timeEach(peerIndexes, (i) => memoryStore.searchText(peerQuestions[i]!, 10), { warmup: Math.min(3, peerIndexes.length) });
  log("compare: MemoryVectorStore timed");
  const miniSearchTimes = await timeEach(indexes, (i) => miniSearch.search(questions[i]!, 10), { warmup });

  const mean = (values: number[]) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0);
  const latency = {
    hybrid: summarizeLatencies(hybrid),
    bm25: summarizeLatencies(bm25),
    vector: summarizeLatencies(vector),
    hnswGraph: summarizeLatencies(graph),
    exactScan: summarizeLatencies(exactScan),
    memoryVectorStore: summarizeLatencies(memoryVectorStore),
    memoryVectorStoreWithEmbedding: summarizeLatencies(memoryVectorStoreWithEmbedding),
    miniSearch: summarizeLatencies(miniSearchTimes),
  };
  const ratio = (peer: LatencySummary, ours: LatencySummary) => round(peer.p50 / Math.max(ours.p50, 1e-3), 1);
  const measurement: CompareMeasurement = {
    chunks: archive.chunks.length,
    queries: questions.length,
    buildSeconds: { ourLoad: round(ourLoad), miniSearch: round(miniSearchSeconds), memoryVectorStore: round(memoryVectorStoreSeconds) },
    latency,
    vectorRecallAt10: {
      vector: round(mean(exactResults.map((truth, i) => overlapRecall(vectorResults[i]!, truth))), 4),
      hnswGraph: round(mean(exactResults.map((truth, i) => overlapRecall(graphResults[i]!, truth))), 4),
      memoryVectorStore: round(mean(exactResults.map((truth, i) => overlapRecall(memoryResults[i]!, truth))), 4),
    },
    speedups: {
      vectorOverMemoryVectorStore: ratio(latency.memoryVectorStore, latency.vector),
      vectorOverExactScan: ratio(latency.exactScan, latency.vector),
      hybridOverMemoryVectorStoreWithEmbedding: ratio(latency.memoryVectorStoreWithEmbedding, latency.hybrid),
      bm25OverMiniSearch: ratio(latency.miniSearch, latency.bm25),
      hybridOverMiniSearch: ratio(latency.miniSearch, latency.hybrid),
    },
    vectorIndex: { kind, hnswGraphBuildSeconds: graphBuildSeconds === null ? null : round(graphBuildSeconds) },
    peakRssMegabytes: 0,
  };
  if (values.alqac) {
    measurement.alqac = await scoreAlqac({ archive, file: values.alqac, miniSearch, memoryStore, vectors, dimension });
    log("compare: ALQAC scored");
  }
  measurement.peakRssMegabytes = round(ownPeakRssMegabytes(), 0);
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

async function scoreAlqac(options: {
  archive: Archive;
  file: string;
  miniSearch: ReturnType<typeof createMiniSearchPeer>;
  memoryStore: Awaited<ReturnType<typeof createMemoryVectorStorePeer>>;
  vectors: Float32Array;
  dimension: number;
}): Promise<NonNullable<CompareMeasurement["alqac"]>> {
  const { archive } = options;
  const questions = await readAlqacQuestions(options.file);
  const passageOf = (chunkIndex: number): RankedPassage => {
    const chunk = archive.chunks[chunkIndex]!;
    return { source: archive.documents[archive.chunkDocument[chunkIndex]!]!.source, section: chunk.sectionPath.join(" › "), text: chunk.text };
  };
  const rankings: Record<"hybrid" | "vector" | "exactScan" | "memoryVectorStore" | "miniSearch", Array<{ question: AlqacQuestion; passages: RankedPassage[] }>> = {
    hybrid: [],
    vector: [],
    exactScan: [],
    memoryVectorStore: [],
    miniSearch: [],
  };
  for (const question of questions) {
    const query = analyzeQuery(question.question, { knownProvinces: archive.provinces });
    const vector = await archive.embedder.embedQuery([searchTextOf(query), ...query.expansions].join(" "));
    const hybrid = await searchArchive({ archive, query, limit: 10 });
    rankings.hybrid.push({ question, passages: hybrid.hits.map((hit) => passageOf(hit.chunkIndex)) });
    rankings.vector.push({ question, passages: (await archive.index.retrieve({ terms: [], vector, lexicalLimit: 0, vectorLimit: 10 })).vector.map((hit) => passageOf(hit.chunk)) });
    rankings.exactScan.push({ question, passages: searchExactVectors({ vectors: options.vectors, dimension: options.dimension, query: vector, limit: 10 }).map((hit) => passageOf(hit.chunk)) });
    rankings.memoryVectorStore.push({ question, passages: (await options.memoryStore.searchText(question.question, 10)).map(passageOf) });
    rankings.miniSearch.push({ question, passages: options.miniSearch.search(question.question, 10).map(passageOf) });
  }
  return {
    hybrid: scoreRankings(rankings.hybrid),
    vector: scoreRankings(rankings.vector),
    exactScan: scoreRankings(rankings.exactScan),
    memoryVectorStore: scoreRankings(rankings.memoryVectorStore),
    miniSearch: scoreRankings(rankings.miniSearch),
  };
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`compare-step: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
