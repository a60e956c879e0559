import { pino } from "pino";
import { loadConfig } from "../core/config.js";
import { describeError } from "../core/errors.js";
import { createEmbedder } from "../ingest/index/create-embedder.js";
import { loadSnapshot } from "../ingest/index/index-store.js";
import { createFileProcessor } from "../ingest/pipeline/create-file-processor.js";
import { createProgressReporter, type ProgressReporter } from "../ingest/progress.js";
import { ocrSettingsFromConfig } from "../ingest/load/ocr.js";
import { runIngest } from "../ingest/run-ingest.js";
import { createChatModel } from "./answer/create-chat-model.js";
import { warmUpArchive } from "./answer/warm-up.js";
import { createArchive } from "./retrieve/archive.js";
import { ArchiveHolder } from "./http/archive-holder.js";
import { createApp } from "./http/create-app.js";
import { createMetrics } from "./http/metrics.js";
import { openStore } from "./store/open-store.js";

/**
 * `npm start`: bring the index up to date (incremental), then serve. The only
 * place (with the ingest CLI) that reads the environment and builds clients.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino({ level: config.LOG_LEVEL });
  const embedder = createEmbedder(config);
  const ocr = ocrSettingsFromConfig(config);
  if (ocr.note) logger.warn(ocr.note);
  const ingestOptions = {
    corpusDir: config.CORPUS_DIR,
    indexDir: config.INDEX_DIR,
    chunkChars: config.CHUNK_CHARS,
    maxBytes: config.MAX_FILE_MB * 1024 * 1024,
    vectorIndex: config.VECTOR_INDEX === "auto" ? undefined : config.VECTOR_INDEX,
    ocr: ocr.settings,
  };
  const metrics = createMetrics({ processMetrics: true });
  const terminalProgress = createProgressReporter({ stream: process.stderr, interactive: Boolean(process.stderr.isTTY) });
  const ingest = async (extraProgress?: ProgressReporter) => {
    // Worker threads live for one ingest only; an up-to-date index starts none.
    const fileProcessor = createFileProcessor({ workers: config.INGEST_WORKERS, embedder });
    const progress = extraProgress ? bothReporters(terminalProgress, extraProgress) : terminalProgress;
    const started = performance.now();
    try {
      const summary = await runIngest({ embedder, fileProcessor, progress }, ingestOptions);
      metrics.observeIngest({ seconds: (performance.now() - started) / 1000, failedFiles: summary.failed.length });
      return summary;
    } catch (error) {
      metrics.observeIngest({ seconds: (performance.now() - started) / 1000, failedFiles: 0, error: true });
      throw error;
    } finally {
      await fileProcessor?.close();
    }
  };
  if (!config.SKIP_INGEST) {
    try {
      await ingest();
    } catch (error) {
      // The previous index (if any) is still whole: serve it rather than nothing.
      logger.error({ err: error }, `ingest failed: ${describeError(error)}`);
    }
  }
  // The live index, warmed up before it takes traffic.
  const openArchive = async () => {
    const archive = createArchive({ snapshot: await loadSnapshot(config.INDEX_DIR, { vectors: false }), embedder });
    await warmUpArchive(archive);
    return archive;
  };
  const archives = new ArchiveHolder(await openArchive());
  // Task follow-up and (later) accounts live beside the index generations, so a reindex keeps them.
  const store = openStore({ directory: config.INDEX_DIR });
  const app = createApp({
    archives,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MIN,
    apiKey: config.API_KEY,
    chatModel: createChatModel(config),
    logger,
    metrics,
    store,
    corpusDir: config.CORPUS_DIR,
    maxFileBytes: config.MAX_FILE_MB * 1024 * 1024,
    reindex: async (options) => {
      const summary = await ingest(options?.progress);
      archives.set(await openArchive());
      return summary;
    },
  });
  const server = app.listen(config.PORT, config.HOST, () => {
    const { documents, chunks } = archives.get();
    logger.info(`Vanban serving ${documents.length} documents (${chunks.length} chunks) on http://${config.HOST}:${config.PORT}`);
  });
  server.on("error", (error) => {
    logger.fatal({ err: error }, `cannot listen on ${config.HOST}:${config.PORT}: ${describeError(error)}`);
    process.exit(1);
  });
  const stop = () =>
    server.close(() => {
      store.close();
      process.exit(0);
    });
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** Progress to the terminal and to the web's reindex status at once. */
function bothReporters(first: ProgressReporter, second: ProgressReporter): ProgressReporter {
  return {
    start: (total) => (first.start(total), second.start(total)),
    file: (event) => (first.file(event), second.file(event)),
    message: (text) => (first.message(text), second.message(text)),
    finish: (summary) => (first.finish(summary), second.finish(summary)),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`vanban: ${describeError(error)}\n`);
  process.exit(1);
});
