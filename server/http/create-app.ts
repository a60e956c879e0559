import type { BackendHealth } from "../retrieve/backend/search-backend.js";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import type { Logger } from "pino";
import type { ChatModel } from "../../core/ports.js";
import type { AnswerModel } from "../answer/model/answer-model.js";
import type { IngestQueue } from "../../ingest/ingest-queue.js";
import type { IngestSummary, ProgressReporter } from "../../ingest/progress.js";
import { supportedExtensions } from "../../ingest/load/detect-format.js";
import type { Store } from "../store/open-store.js";
import type { ArchiveHolder } from "./archive-holder.js";
import { createErrorHandler, notFoundHandler, sendError } from "./error-middleware.js";
import { describeIngestForHealth, reindexJobOf } from "./ingest-state.js";
import { refuseCrossSite } from "./refuse-cross-site.js";
import { createAdminRouter } from "./routes/admin-routes.js";
import { createApiRouter } from "./routes/api-routes.js";
import { createWorkQueue } from "./work-queue.js";
import type { SearchWorkerPool } from "./search-worker-pool.js";
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
import { createAccessControl } from "../access/access-control.js";
import { createAccountsLayer, type AuthSettings } from "../auth/accounts-layer.js";
import { reservedForEditors } from "../auth/route-policy.js";

export type AppDependencies = {
  archives: ArchiveHolder;
  /** Requests per client per minute on /api; 0 turns limiting off. */
  rateLimitPerMinute: number;
  /** Open mode: when set, writes and admin endpoints require it (header `x-api-key` or `Authorization: Bearer`). Accounts on: unused (roles decide). */
  apiKey?: string;
  /** Re-runs the ingest and swaps the archive when there is no `ingest` queue (tests; see `ingest`). */
  reindex?: (options?: { progress?: ProgressReporter }) => Promise<unknown>;
  /**
   * "Run an incremental ingest now and swap it in" (see ingest/ingest-queue.ts): the reindex route,
   * uploads and deletions go through it (as a ReindexJob); /api/health reports its state. Wins over `reindex`.
   */
  ingest?: IngestQueue;
  /** The search engine's health, reported by /api/health (server/retrieve/backend/search-backend.ts). */
  searchHealth?: () => Promise<BackendHealth>;
  /** Absolute folders (corpus, index) that replies must not show. */
  privatePaths?: readonly string[];
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
  /** Accounts, roles and document access (AUTH=local|oidc; needs `store`); absent: open mode (AUTH=off), as before. */
  auth?: AuthSettings;
  /** Express "trust proxy" (TRUST_PROXY): client addresses and HTTPS as a reverse proxy reports them. */
  trustProxy?: string;
  /** Worker threads searching and answering over the live archive (SEARCH_WORKERS; search-worker-pool.ts). */
  searchWorkers?: SearchWorkerPool;
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
  if (dependencies.trustProxy) app.set("trust proxy", readTrustProxy(dependencies.trustProxy));
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
      // HSTS over plain HTTP means nothing to a browser and misleads scanners; it is sent over HTTPS only (below).
      strictTransportSecurity: false,
    }),
  );
  app.use((request, response, next) => {
    if (request.secure) response.setHeader("strict-transport-security", "max-age=31536000; includeSubDomains");
    next();
  });
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
  // Every router below reads the archive through `access`: scoped to the request's principal (whole in open mode).
  const access = createAccessControl({ holder: dependencies.archives, enabled: Boolean(dependencies.auth), corpusDir: dependencies.corpusDir, overrides: dependencies.store?.documentAccess });
  const accounts = createAccountsLayer({ settings: dependencies.auth, store: dependencies.store, access, now: today, logger: dependencies.logger });
  // One rule in both modes: a browser request for another site never reaches a route for editors or administrators
  // (refuse-cross-site.ts; which routes: route-policy.ts). With accounts on, their middleware applies it (and records the
  // refusal) before the route policy; in open mode it stands alone, before the API key gate.
  app.use(accounts.middleware.length ? accounts.middleware : refuseCrossSite({ applies: (request) => reservedForEditors(request.method, request.path) }));
  // Who may change the archive: accounts on, the route policy has checked the role and the gate names the editor; open mode, the API key when set.
  const requireEditor = accounts.editorGate ?? createEditorGate({ apiKey: dependencies.apiKey });
  const { reindex, ingest } = dependencies;
  const reindexJob = ingest
    ? reindexJobOf(ingest)
    : reindex
      ? createReindexJob({ reindex: async (progress) => asIngestSummary(await reindex({ progress })) })
      : undefined;
  const work = metrics.instrumentWorkQueue(createWorkQueue(dependencies.searchWorkers ? { pool: dependencies.searchWorkers } : {}));
  const answerObserver = (transport: string) => (answer: { found: boolean }) => metrics.observeAnswer({ found: answer.found, transport });
  app.use(
    createApiRouter({
      archives: access,
      today,
      chatModel: dependencies.chatModel,
      answerModel: dependencies.answerModel,
      work,
      onAnswer: answerObserver("api"),
      streamPaceMs: dependencies.streamPaceMs ?? 40,
      ...(dependencies.searchHealth ? { searchHealth: dependencies.searchHealth } : {}),
      ...(ingest ? { ingestState: () => describeIngestForHealth(ingest.status(), dependencies.privatePaths), viewIngestState: accounts.viewIngestState } : {}),
    }),
  );
  app.use(createExamplesRouter({ archives: access, work, today }));
  app.use(
    createTasksRouter({
      listTasks: (request) => access.get(request).tasks,
      listDocuments: (request) => access.get(request).documents,
      today,
      followUps: dependencies.store?.followUps,
      requireEditor,
    }),
  );
  app.use(
    createAdminRouter({
      requireEditor,
      ...(reindexJob ? { reindex: reindexJob } : {}),
      ...(ingest ? { ingest } : {}),
      ...(dependencies.privatePaths ? { privatePaths: dependencies.privatePaths } : {}),
    }),
  );
  if (reindexJob && dependencies.corpusDir) {
    app.use(
      createDocumentsRouter({
        archives: access,
        corpusDir: dependencies.corpusDir,
        reindex: reindexJob,
        extensions: new Set(supportedExtensions),
        maxBytes: dependencies.maxFileBytes ?? 50 * 1024 * 1024,
        requireEditor,
        viewSummary: accounts.viewSummary,
        viewState: accounts.viewState,
        uploadFolder: accounts.uploadFolder,
        mayReplace: accounts.mayReplace,
      }),
    );
  }
  app.use(createOpenAiRouter({ archives: access, today, chatModel: dependencies.chatModel, answerModel: dependencies.answerModel, work, onAnswer: answerObserver("openai") }));
  app.use(createMcpRouter({ archives: access, today, chatModel: dependencies.chatModel, answerModel: dependencies.answerModel, work, onAnswer: answerObserver("mcp"), logger: dependencies.logger }));
  app.use(accounts.router);
  app.use(createOpenApiRouter({ routes: listRouteDescriptions, webDir }));
  app.use(createMetricsRouter({ metrics }));
  app.use(createPagesRouter({ webDir }));
  app.use(notFoundHandler);
  app.use(createErrorHandler(dependencies.logger));
  return app;
}

/** TRUST_PROXY as Express reads "trust proxy": a hop count, true/false, or addresses and names ("loopback, 10.0.0.0/8"). */
function readTrustProxy(value: string): number | boolean | string {
  if (/^\d+$/u.test(value)) return Number(value);
  if (value === "true" || value === "false") return value === "true";
  return value;
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
