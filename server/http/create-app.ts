import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import type { Logger } from "pino";
import type { ChatModel } from "../../core/ports.js";
import type { AnswerModel } from "../answer/model/answer-model.js";
import type { IngestSummary, ProgressReporter } from "../../ingest/progress.js";
import { supportedExtensions } from "../../ingest/load/detect-format.js";
import type { Store } from "../store/open-store.js";
import type { ArchiveHolder } from "./archive-holder.js";
import { createErrorHandler, notFoundHandler, sendError } from "./error-middleware.js";
import { createApiRouter } from "./routes/api-routes.js";
import { createWorkQueue } from "./work-queue.js";
import { createPagesRouter } from "./routes/pages-routes.js";
import { createTasksRouter } from "./routes/tasks-routes.js";
import { createDocumentsRouter } from "./routes/documents-routes.js";
import { createExamplesRouter } from "./routes/examples-routes.js";
import { createReindexJob } from "./reindex-job.js";
import { createEditorGate } from "./require-editor.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { createOpenApiRouter } from "./openapi-routes.js";
import { createRequestIdMiddleware } from "./request-id.js";
import { listRouteDescriptions } from "./route-descriptions.js";
import { createMetricsRouter } from "./routes/metrics-routes.js";
import { createOpenAiRouter } from "./routes/openai-routes.js";
import { createMcpRouter } from "../mcp/mcp-routes.js";

export type AppDependencies = {
  archives: ArchiveHolder;
  /** Requests per client per minute on /api; 0 turns limiting off. */
  rateLimitPerMinute: number;
  /** When set, admin endpoints require it (header `x-api-key` or `Authorization: Bearer`). */
  apiKey?: string;
  /** Re-runs the ingest and swaps the archive (POST /api/admin/reindex, uploads, deletions). */
  reindex?: (options?: { progress?: ProgressReporter }) => Promise<unknown>;
  /** The corpus folder: uploads are kept there (POST /api/documents needs it and `reindex`). */
  corpusDir?: string;
  /** Largest uploaded file, in bytes (MAX_FILE_MB). */
  maxFileBytes?: number;
  /** The application database (task follow-up). */
  store?: Store;
  /** Longest pause between streamed pieces of an extractive answer (ms); default 40, so the answer visibly streams. */
  streamPaceMs?: number;
  chatModel?: ChatModel;
  /** The fitted answer model; defaults to the committed one (the eval passes one per fold). */
  answerModel?: AnswerModel;
  logger?: Logger;
  /** The clock; tests fix it. */
  today?: () => Date;
  webDir?: string;
  /** Prometheus metrics shared with the ingest (server/main.ts); the app makes its own when absent. */
  metrics?: Metrics;
};

const defaultWebDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web");

/** Builds the Express app from its dependencies; nothing here reads the environment. */
export function createApp(dependencies: AppDependencies): Express {
  const app = express();
  const today = dependencies.today ?? (() => new Date());
  const webDir = dependencies.webDir ?? defaultWebDir;
  const metrics = dependencies.metrics ?? createMetrics();
  metrics.watchIndex(() => {
    try {
      const archive = dependencies.archives.get();
      return { documents: archive.documents.length, chunks: archive.chunks.length };
    } catch {
      return undefined;
    }
  });
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(createRequestIdMiddleware({ logger: dependencies.logger }));
  app.use(metrics.middleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          frameAncestors: ["'self'"],
          formAction: ["'self'"],
          // Intranet hosts often serve plain http; upgrading would break every asset there.
          upgradeInsecureRequests: null,
        },
      },
      crossOriginResourcePolicy: { policy: "cross-origin" },
    }),
  );
  // Read endpoints serve intranet pages on other hosts (the search widget).
  app.use("/api", (request, response, next) => {
    if (request.method === "GET" || request.method === "OPTIONS") {
      response.setHeader("access-control-allow-origin", "*");
      response.setHeader("access-control-allow-headers", "content-type, accept");
    }
    if (request.method === "OPTIONS") {
      response.status(204).end();
      return;
    }
    next();
  });
  if (dependencies.rateLimitPerMinute > 0) {
    // One limit for every way into the archive: the JSON API, the OpenAI-compatible API and MCP.
    app.use(
      ["/api", "/v1", "/mcp"],
      rateLimit({
        windowMs: 60_000,
        limit: dependencies.rateLimitPerMinute,
        standardHeaders: "draft-7",
        legacyHeaders: false,
        handler: (_request, response) => sendError(response, 429, "rate_limited", "Too many requests; try again in a minute."),
      }),
    );
  }
  // Chat clients send the whole conversation with each turn.
  app.use(["/v1", "/mcp"], express.json({ limit: "1mb", strict: true }));
  app.use(express.json({ limit: "64kb", strict: true }));
  const requireEditor = createEditorGate({ apiKey: dependencies.apiKey });
  const { reindex } = dependencies;
  const reindexJob = reindex ? createReindexJob({ reindex: async (progress) => asIngestSummary(await reindex({ progress })) }) : undefined;
  const work = metrics.instrumentWorkQueue(createWorkQueue());
  const answerObserver = (transport: string) => (answer: { found: boolean }) => metrics.observeAnswer({ found: answer.found, transport });
  app.use(
    createApiRouter({ archives: dependencies.archives, today, chatModel: dependencies.chatModel, answerModel: dependencies.answerModel, work, onAnswer: answerObserver("api"), streamPaceMs: dependencies.streamPaceMs ?? 40 }),
  );
  app.use(createExamplesRouter({ archives: dependencies.archives, work, today }));
  app.use(
    createTasksRouter({
      listTasks: () => dependencies.archives.get().tasks,
      listDocuments: () => dependencies.archives.get().documents,
      today,
      followUps: dependencies.store?.followUps,
      requireEditor,
    }),
  );
  app.post("/api/admin/reindex", requireEditor, async (_request, response) => {
    if (!reindexJob) return sendError(response, 404, "not_found", "Re-indexing is not available.");
    const summary = await reindexJob.run();
    response.json({ status: "ok", summary });
  });
  if (reindexJob && dependencies.corpusDir) {
    app.use(
      createDocumentsRouter({
        archives: dependencies.archives,
        corpusDir: dependencies.corpusDir,
        reindex: reindexJob,
        extensions: new Set(supportedExtensions),
        maxBytes: dependencies.maxFileBytes ?? 50 * 1024 * 1024,
        requireEditor,
      }),
    );
  }
  app.use(createOpenAiRouter({ archives: dependencies.archives, today, chatModel: dependencies.chatModel, answerModel: dependencies.answerModel, work, onAnswer: answerObserver("openai") }));
  app.use(createMcpRouter({ archives: dependencies.archives, today, chatModel: dependencies.chatModel, answerModel: dependencies.answerModel, work, onAnswer: answerObserver("mcp"), logger: dependencies.logger }));
  app.use(createOpenApiRouter({ routes: listRouteDescriptions, webDir }));
  app.use(createMetricsRouter({ metrics }));
  app.use(createPagesRouter({ webDir }));
  app.use(notFoundHandler);
  app.use(createErrorHandler(dependencies.logger));
  return app;
}

/** The ingest's summary; a stand-in reindex (tests) may return anything, read as "nothing failed". */
function asIngestSummary(value: unknown): IngestSummary {
  const summary = (value && typeof value === "object" ? value : {}) as Partial<IngestSummary>;
  return {
    files: summary.files ?? 0,
    indexed: summary.indexed ?? 0,
    reused: summary.reused ?? 0,
    failed: Array.isArray(summary.failed) ? summary.failed : [],
    removed: summary.removed ?? 0,
    documents: summary.documents ?? 0,
    chunks: summary.chunks ?? 0,
    seconds: summary.seconds ?? 0,
    megabytes: summary.megabytes ?? 0,
    changed: summary.changed ?? true,
    ...(summary.generation ? { generation: summary.generation } : {}),
  };
}
