import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import type { Logger } from "pino";
import type { ChatModel } from "../../core/ports.js";
import type { IngestSummary, ProgressReporter } from "../../ingest/progress.js";
import { SUPPORTED_EXTENSIONS } from "../../ingest/run-ingest.js";
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
  logger?: Logger;
  /** The clock; tests fix it. */
  today?: () => Date;
  webDir?: string;
};

const defaultWebDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web");

/** Builds the Express app from its dependencies; nothing here reads the environment. */
export function createApp(dependencies: AppDependencies): Express {
  const app = express();
  const today = dependencies.today ?? (() => new Date());
  app.disable("x-powered-by");
  app.set("query parser", "simple");
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
    app.use(
      "/api",
      rateLimit({
        windowMs: 60_000,
        limit: dependencies.rateLimitPerMinute,
        standardHeaders: "draft-7",
        legacyHeaders: false,
        handler: (_request, response) => sendError(response, 429, "rate_limited", "Too many requests; try again in a minute."),
      }),
    );
  }
  app.use(express.json({ limit: "64kb", strict: true }));
  const requireEditor = createEditorGate({ apiKey: dependencies.apiKey });
  const { reindex } = dependencies;
  const reindexJob = reindex ? createReindexJob({ reindex: async (progress) => asIngestSummary(await reindex({ progress })) }) : undefined;
  const work = createWorkQueue();
  app.use(createApiRouter({ archives: dependencies.archives, today, chatModel: dependencies.chatModel, work, streamPaceMs: dependencies.streamPaceMs ?? 40 }));
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
        extensions: SUPPORTED_EXTENSIONS,
        maxBytes: dependencies.maxFileBytes ?? 50 * 1024 * 1024,
        requireEditor,
      }),
    );
  }
  app.use(createPagesRouter({ webDir: dependencies.webDir ?? defaultWebDir }));
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
