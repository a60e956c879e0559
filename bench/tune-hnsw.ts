import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { HashedEmbeddings } from "../ingest/index/hashed-embeddings.js";
import { HnswVectorIndex } from "../ingest/index/hnsw-vector-index.js";
import { readCurrentGeneration, readManifest } from "../ingest/index/index-store.js";
import { analyzeQuery } from "../server/retrieve/analyze-query.js";
import { searchTextOf } from "../server/retrieve/hybrid-search.js";
import { round, summarizeLatencies } from "./measure.js";
import { overlapRecall, searchExactVectors } from "./peers/exact-vector-scan.js";

/**
 * `tsx bench/tune-hnsw.ts --index DIR --queries FILE [--grid 16:100:96,32:200:200]`
 *
 * Rebuilds the HNSW graph of an existing index generation with each
 * (M : efConstruction : efSearch) of the grid, and reports build time,
 * recall@10 against the exact scan, and search latency, on the same query
 * vectors the hybrid search would use. For choosing DEFAULT_HNSW_PARAMETERS.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      index: { type: "string" },
      queries: { type: "string" },
      grid: { type: "string", default: "16:100:96,16:100:200,16:200:400,32:200:200,32:200:400" },
      limit: { type: "string", default: "200" },
    },
  });
  if (!values.index || !values.queries) throw new Error("--index and --queries are required");
  const generation = await readCurrentGeneration(values.index);
  if (!generation) throw new Error(`no index in ${values.index}`);
  const manifest = await readManifest(generation);
  const dimension = manifest.embedder.dimension;
  const bytes = await readFile(path.join(generation, "vectors.f32"));
  const vectors = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const embedder = new HashedEmbeddings({ dimension });
  const questions = (JSON.parse(await readFile(values.queries, "utf8")) as string[]).slice(0, Number(values.limit));
  const queryVectors = questions.map((question) => {
    const query = analyzeQuery(question);
    return embedder.embedSync([searchTextOf(query), ...query.expansions].join(" "));
  });
  const truth = queryVectors.map((query) => searchExactVectors({ vectors, dimension, query, limit: 10 }).map((hit) => hit.chunk));
  process.stderr.write(`${vectors.length / dimension} vectors, ${questions.length} queries\n`);
  for (const cell of values.grid.split(",")) {
    const [m, efConstruction, efSearch] = cell.split(":").map(Number) as [number, number, number];
    const started = performance.now();
    const index = HnswVectorIndex.build({ vectors, dimension, parameters: { m, efConstruction, efSearch } });
    const buildSeconds = (performance.now() - started) / 1000;
    const times: number[] = [];
    const recalls: number[] = [];
    queryVectors.forEach((query, i) => {
      const t = performance.now();
      const found = index.search({ vector: query, limit: 10 }).map((hit) => hit.chunk);
      times.push(performance.now() - t);
      recalls.push(overlapRecall(found, truth[i]!));
    });
    const latency = summarizeLatencies(times);
    const recall = recalls.reduce((sum, value) => sum + value, 0) / recalls.length;
    process.stdout.write(`${JSON.stringify({ m, efConstruction, efSearch, buildSeconds: round(buildSeconds, 1), recallAt10: round(recall, 4), p50: latency.p50, p95: latency.p95 })}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`tune-hnsw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
