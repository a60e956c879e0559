import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { ArchiveDocument } from "../../core/types.js";
import { HashedEmbeddings } from "../../ingest/index/hashed-embeddings.js";
import { readCurrentGeneration } from "../../ingest/index/index-store.js";
import { createFileProcessor } from "../../ingest/pipeline/create-file-processor.js";
import { runIngest } from "../../ingest/run-ingest.js";
import { ownPeakRssMegabytes, round } from "../measure.js";

/**
 * Bench step, run in its own process: a full ingest of one corpus with the
 * default (hashed, 512-d) embedder, timed, with this process's peak RSS.
 * Prints one JSON line.
 */
export type IngestMeasurement = {
  files: number;
  documents: number;
  chunks: number;
  failed: number;
  seconds: number;
  fileMegabytes: number;
  textMegabytes: number;
  pages: number;
  textMegabytesPerSecond: number;
  fileMegabytesPerSecond: number;
  pagesPerSecond: number | null;
  documentsPerSecond: number;
  chunksPerSecond: number;
  peakRssMegabytes: number;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: "string" },
      index: { type: "string" },
      "chunk-chars": { type: "string", default: "1200" },
      /** Ingest worker threads; default one per core, as `npm start` does. */
      workers: { type: "string" },
    },
  });
  if (!values.corpus || !values.index) throw new Error("--corpus and --index are required");
  const embedder = new HashedEmbeddings({ dimension: 512 });
  const started = performance.now();
  const fileProcessor = createFileProcessor({ workers: values.workers === undefined ? undefined : Number(values.workers), embedder });
  let summary;
  try {
    summary = await runIngest(
      { embedder, fileProcessor },
      { corpusDir: values.corpus, indexDir: values.index, chunkChars: Number(values["chunk-chars"]), maxBytes: 50 * 1024 * 1024, force: true },
    );
  } finally {
    await fileProcessor?.close();
  }
  const seconds = (performance.now() - started) / 1000;
  // Read before anything else is loaded, so the figure is the ingest's own.
  const peakRssMegabytes = ownPeakRssMegabytes();
  const generation = await readCurrentGeneration(values.index);
  if (!generation) throw new Error("the ingest left no generation");
  const documents = JSON.parse(await readFile(path.join(generation, "documents.json"), "utf8")) as ArchiveDocument[];
  const textBytes = documents.reduce((sum, document) => sum + Buffer.byteLength(document.text), 0);
  const pages = documents.reduce((sum, document) => sum + (document.pages ?? 0), 0);
  const measurement: IngestMeasurement = {
    files: summary.files,
    documents: summary.documents,
    chunks: summary.chunks,
    failed: summary.failed.length,
    seconds: round(seconds),
    fileMegabytes: round(summary.megabytes, 3),
    textMegabytes: round(textBytes / 1e6, 3),
    pages,
    textMegabytesPerSecond: round(textBytes / 1e6 / seconds),
    fileMegabytesPerSecond: round(summary.megabytes / seconds),
    pagesPerSecond: pages ? round(pages / seconds) : null,
    documentsPerSecond: round(summary.documents / seconds),
    chunksPerSecond: round(summary.chunks / seconds),
    peakRssMegabytes: round(peakRssMegabytes, 0),
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`ingest-step: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
