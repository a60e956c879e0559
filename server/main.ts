import http from "node:http";
import path from "node:path";
import { pino } from "pino";
import { loadConfig } from "../core/config.js";
import { describeError } from "../core/errors.js";
import { createEmbedder } from "../ingest/index/create-embedder.js";
import { readCurrentGeneration } from "../ingest/index/index-store.js";
import { ocrSettingsFromConfig } from "../ingest/load/ocr.js";
import { createFileProcessor } from "../ingest/pipeline/create-file-processor.js";
import { fileBudgetFromConfig } from "../ingest/pipeline/file-budget.js";
import { createProgressReporter, describeFailure } from "../ingest/progress.js";
import { runIngest } from "../ingest/run-ingest.js";
import { createArchiveService } from "./archive-service.js";
import { createSearchBackend } from "./retrieve/backend/create-search-backend.js";
import { createChatModel } from "./answer/create-chat-model.js";
import { createApp } from "./http/create-app.js";
import { createSearchWorkerPool } from "./http/search-worker-pool.js";
import { createMetrics } from "./http/metrics.js";
import { openStore } from "./store/open-store.js";
import { authSettingsFromConfig, openModeWarning } from "./auth/auth-settings-from-config.js";
import { loadAnswerModel } from "./answer/model/answer-model.js";
import { runIngestProcess } from "./process/run-ingest-process.js";
import { heapLimitOf, heapToRestartWith, RESTART_WITH_MORE_HEAP_EXIT_CODE } from "./process/server-heap.js";

/**
 * `npm start`: listen at once, serve the live generation (or, before the
 * first one exists, a 503 that says how far the first ingest is), bring the
 * index up to date beside it (incremental, files on worker threads, each
 * within its budget) and swap the new generation in when it is ready. The
 * only place (with the ingest CLI) that reads the environment and builds clients.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // A model fitted on the office's own questions replaces the committed one; a bad file stops the start.
  const answerModel = config.ANSWER_MODEL ? await loadAnswerModel(config.ANSWER_MODEL) : undefined;
  const logger = pino({ level: config.LOG_LEVEL });
  const auth = authSettingsFromConfig(config);
  const embedder = createEmbedder(config);
  const ocr = ocrSettingsFromConfig(config);
  if (ocr.note) logger.warn(ocr.note);
  const corpusDir = path.resolve(config.CORPUS_DIR);
  const indexDir = path.resolve(config.INDEX_DIR);
  if (config.SKIP_INGEST && !(await readCurrentGeneration(indexDir))) {
    throw new Error(`No index in ${indexDir} and SKIP_INGEST=true: run \`npm run ingest\`, or start without SKIP_INGEST.`);
  }
  const budget = fileBudgetFromConfig(config);
  const ingestOptions = {
    corpusDir,
    indexDir,
    chunkChars: config.CHUNK_CHARS,
    maxBytes: config.MAX_FILE_MB * 1024 * 1024,
    vectorIndex: config.VECTOR_INDEX === "auto" ? undefined : config.VECTOR_INDEX,
    ocr: ocr.settings,
    budget,
    searchBackend: config.SEARCH_BACKEND,
  };
  const searchBackend = createSearchBackend(config);
  const separateIngest = config.SEARCH_BACKEND === "opensearch";
  let stopping = false;
  // Started by `npm start`'s launcher (server/start.js) under a limit it chose: it may start this server again with a larger one.
  const launchedWithAutomaticHeap = Boolean(process.send) && config.SERVER_HEAP_MB === undefined && heapLimitOf(process.execArgv) !== undefined;
  // One per core by default (measured: 2 workers on 2 cores doubled search throughput, see DESIGN.md "Both cores").
  // With OpenSearch the engine does the searching: workers would only wait on it.
  const searchWorkerCount = config.SEARCH_WORKERS ?? 0;
  const searchWorkers = searchWorkerCount > 0 && config.SEARCH_BACKEND === "local" ? createSearchWorkerPool({ size: searchWorkerCount, config }) : undefined;
  if (config.SEARCH_WORKERS && !searchWorkers) logger.warn("SEARCH_WORKERS is ignored with SEARCH_BACKEND=opensearch: the cluster searches, this process only waits on it");
  const metrics = createMetrics({ processMetrics: true });
  const progress = createProgressReporter({ stream: process.stderr, interactive: Boolean(process.stderr.isTTY) });
  const service = createArchiveService({
    indexDir,
    embedder,
    logger,
    searchBackend,
    ...(searchWorkers ? { searchWorkers } : {}),
    ingest: async (onProgress) => {
      // Worker threads live for one ingest only; an up-to-date index starts none.
      // With OpenSearch the serving process stays small: the ingest (GBs at 100k chunks) runs in a process of its own.
      const fileProcessor = separateIngest ? undefined : createFileProcessor({ workers: config.INGEST_WORKERS, embedder, budget });
      const started = performance.now();
      try {
        const summary = separateIngest
          ? await runIngestProcess({ corpusDir, indexDir, execArgv: process.execArgv, env: process.env, onProgress })
          : await runIngest({ embedder, fileProcessor, onProgress, progress, commitGeneration: searchBackend.commitGeneration }, ingestOptions);
        metrics.observeIngest({ seconds: (performance.now() - started) / 1000, failedFiles: summary.failed.length });
        const biggerHeap = heapToRestartWith({ chunks: summary.chunks, heapMegabytes: heapLimitOf(process.execArgv), automatic: launchedWithAutomaticHeap });
        if (biggerHeap !== undefined) {
          // The new generation (committed) outgrows this heap: the launcher starts the server again with a larger one.
          logger.warn(`the new index (${summary.chunks} chunks) needs a ${biggerHeap} MB heap: restarting the server with it`);
          stop(RESTART_WITH_MORE_HEAP_EXIT_CODE);
          return await new Promise<never>(() => undefined);
        }
        return summary;
      } catch (error) {
        metrics.observeIngest({ seconds: (performance.now() - started) / 1000, failedFiles: 0, error: true });
        throw error;
      } finally {
        await fileProcessor?.close();
      }
    },
  });
  // Task follow-up, accounts and the audit log live beside the index generations, so a reindex keeps them.
  const store = openStore({ directory: config.INDEX_DIR });
  const app = createApp({
    archives: service.archives,
    ingest: service.ingest,
    privatePaths: [corpusDir, indexDir, process.cwd()],
    rateLimitPerMinute: config.RATE_LIMIT_PER_MIN,
    apiKey: config.API_KEY,
    chatModel: createChatModel(config),
    searchHealth: () => searchBackend.health(),
    ...(answerModel ? { answerModel } : {}),
    logger,
    metrics,
    store,
    auth,
    trustProxy: config.TRUST_PROXY,
    ...(searchWorkers ? { searchWorkers } : {}),
    corpusDir: config.CORPUS_DIR,
    maxFileBytes: config.MAX_FILE_MB * 1024 * 1024,
  });
  const server = http.createServer(app);
  // From here on, also while the live generation is opened (seconds at 100k chunks).
  process.on("SIGINT", () => stop());
  process.on("SIGTERM", () => stop());
  // The launcher went away: so does the server it started.
  if (process.send) process.once("disconnect", () => stop());
  // Listening comes first: a port in use stops the program before anything else is said or done.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => {
      server.off("error", reject);
      resolve();
    });
  }).catch((error: unknown) => {
    store.close();
    throw new Error(`cannot listen on ${config.HOST}:${config.PORT}: ${describeError(error)}`);
  });
  server.on("error", (error) => logger.error({ err: error }, `server error: ${describeError(error)}`));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  logger.info(`Vanban listening on http://${config.HOST}:${port}`);
  // After listening: a port in use stops the program before it says a word.
  const warning = openModeWarning(config);
  if (warning) logger.warn(warning);
  if (await service.openLive()) {
    const { documents, chunks } = service.archives.get();
    logger.info(`serving ${documents.length} documents (${chunks.length} chunks)`);
  } else {
    logger.info("no index yet: serving /api/health while the first ingest runs");
  }
  if (!config.SKIP_INGEST) {
    service.ingest.requestWhenFree().then(
      (summary) => {
        const { documents, chunks } = service.archives.get();
        logger.info(`${summary.changed ? "new index live" : "index up to date"}: serving ${documents.length} documents (${chunks.length} chunks)`);
        for (const failure of summary.failed) logger.warn(`not indexed: ${describeFailure(failure)}`);
      },
      // The previous index (if any) is still whole and served.
      (error: unknown) => logger.error({ err: error }, `ingest failed: ${describeError(error)}`),
    );
  }
  function stop(exitCode = 0): void {
    // A Ctrl-C reaches both the launcher and this process, and the launcher passes it on: stop once.
    if (stopping) return;
    stopping = true;
    server.close(() => {
      store.close();
      void (searchWorkers?.close() ?? Promise.resolve()).finally(() => process.exit(exitCode));
    });
    server.closeIdleConnections();
    // Open event streams do not hold the exit up for long.
    setTimeout(() => process.exit(exitCode), 3000).unref();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`vanban: ${describeError(error)}\n`);
  process.exit(1);
});
