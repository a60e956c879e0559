import { parseArgs } from "node:util";
import { loadConfig } from "../core/config.js";
import { describeError, isVanbanError } from "../core/errors.js";
import type { IngestProgress } from "./index/ingest-lock.js";
import { createEmbedder } from "./index/create-embedder.js";
import { ocrSettingsFromConfig } from "./load/ocr.js";
import { createFileProcessor } from "./pipeline/create-file-processor.js";
import { fileBudgetFromConfig } from "./pipeline/file-budget.js";
import { createProgressReporter, printable } from "./progress.js";
import { runIngest } from "./run-ingest.js";
// The CLI is an entry point that composes, like server/main.ts: the search backend's writer is the one thing it takes from server/.
import { createSearchBackend } from "../server/retrieve/backend/create-search-backend.js";
import type { IngestProcessMessage } from "../server/process/run-ingest-process.js";

/** `npm run ingest -- [--corpus DIR] [--index DIR] [--force]` */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      corpus: { type: "string" },
      index: { type: "string" },
      force: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write("Usage: npm run ingest -- [--corpus DIR] [--index DIR] [--force]\n");
    return 0;
  }
  const config = loadConfig(process.env);
  const embedder = createEmbedder(config);
  const ocr = ocrSettingsFromConfig(config);
  if (ocr.note) process.stderr.write(`${ocr.note}\n`);
  const budget = fileBudgetFromConfig(config);
  const fileProcessor = createFileProcessor({ workers: config.INGEST_WORKERS, embedder, budget });
  const searchBackend = createSearchBackend(config);
  let summary;
  try {
    summary = await runIngest(
      {
        embedder,
        fileProcessor,
        commitGeneration: searchBackend.commitGeneration,
        // Started by the server (server/process/run-ingest-process.ts): its progress goes to the server too.
        ...(process.send ? { onProgress: (progress: IngestProgress) => process.send?.({ type: "progress", progress }) } : {}),
        progress: createProgressReporter({ stream: process.stderr, interactive: Boolean(process.stderr.isTTY) }),
      },
      {
        corpusDir: values.corpus ?? config.CORPUS_DIR,
        indexDir: values.index ?? config.INDEX_DIR,
        chunkChars: config.CHUNK_CHARS,
        maxBytes: config.MAX_FILE_MB * 1024 * 1024,
        force: values.force,
        vectorIndex: config.VECTOR_INDEX === "auto" ? undefined : config.VECTOR_INDEX,
        ocr: ocr.settings,
        budget,
        searchBackend: searchBackend.kind,
      },
    );
  } finally {
    await fileProcessor?.close();
    await searchBackend.close();
  }
  await report({ type: "summary", summary });
  // Non-zero only when nothing usable came out: files were there, none could be indexed.
  return summary.documents === 0 && summary.failed.length > 0 ? 1 : 0;
}

/** A message to the server that started this ingest, if one did; resolved once it is sent. */
function report(message: IngestProcessMessage): Promise<void> {
  return new Promise((resolve) => (process.send ? process.send(message, undefined, {}, () => resolve()) : resolve()));
}

/** Closes the channel to the server once everything is said (an open channel would keep this process alive). */
function hangUp(): void {
  process.off("disconnect", onServerGone);
  process.disconnect?.();
}

// The server that started it went away (stopped, killed): the ingest stops too; the previous index stays live.
const onServerGone = () => process.exit(1);
process.once("disconnect", onServerGone);

main().then(
  (code) => {
    process.exitCode = code;
    hangUp();
  },
  async (error: unknown) => {
    process.stderr.write(`ingest failed: ${printable(describeError(error))}\n`);
    process.exitCode = 2;
    await report({ type: "error", code: isVanbanError(error) ? error.code : "internal", message: describeError(error) });
    hangUp();
  },
);
