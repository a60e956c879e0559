import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import type { Logger } from "pino";
import type { ChatModel } from "../../core/ports.js";
import type { IngestQueue } from "../../ingest/ingest-queue.js";
import type { ArchiveHolder } from "./archive-holder.js";
import { createErrorHandler, notFoundHandler, sendError } from "./error-middleware.js";
import { describeIngestForHealth } from "./ingest-state.js";
import { createAdminRouter } from "./routes/admin-routes.js";
import { createApiRouter } from "./routes/api-routes.js";
import { createWorkQueue } from "./work-queue.js";
import { createPagesRouter } from "./routes/pages-routes.js";
import { createTasksRouter } from "./routes/tasks-routes.js";

export type AppDependencies = {
  archives: ArchiveHolder;
  /** Requests per client per minute on /api; 0 turns limiting off. */
  rateLimitPerMinute: number;
  /** When set, admin endpoints require it (header `x-api-key` or `Authorization: Bearer`). */
  apiKey?: string;
  /** Re-runs the ingest and swaps the archive (POST /api/admin/reindex) when there is no `ingest` queue. */
  reindex?: () => Promise<unknown>;
  /**
   * "Run an incremental ingest now and swap it in" (see ingest/ingest-queue.ts):
   * POST /api/admin/reindex and any route that adds documents call `ingest.request()`;
   * /api/health reports `ingest.status()`.
   */
  ingest?: IngestQueue;
  /** Absolute folders (corpus, index) that replies must not show. */
  privatePaths?: readonly string[];
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
  const ingest = dependencies.ingest;
  app.use(
    createApiRouter({
      archives: dependencies.archives,
      today,
      chatModel: dependencies.chatModel,
      work: createWorkQueue(),
      ...(ingest ? { ingestState: () => describeIngestForHealth(ingest.status(), dependencies.privatePaths) } : {}),
    }),
  );
  app.use(
    createTasksRouter({
      listTasks: () => dependencies.archives.get().tasks,
      listDocuments: () => dependencies.archives.get().documents,
      today,
    }),
  );
  app.use(
    createAdminRouter({
      apiKey: dependencies.apiKey,
      ...(ingest ? { ingest } : {}),
      ...(dependencies.reindex ? { reindex: dependencies.reindex } : {}),
      ...(dependencies.privatePaths ? { privatePaths: dependencies.privatePaths } : {}),
    }),
  );
  app.use(createPagesRouter({ webDir: dependencies.webDir ?? defaultWebDir }));
  app.use(notFoundHandler);
  app.use(createErrorHandler(dependencies.logger));
  return app;
}
