import { Router, type RequestHandler } from "express";
import { IngestBusyError } from "../../../ingest/index/ingest-lock.js";
import type { IngestQueue } from "../../../ingest/ingest-queue.js";
import { sendError } from "../error-middleware.js";
import { describeIngestForHealth, describeIngestStatus, publicSummary, redactPaths } from "../ingest-state.js";
import { refuseCrossSite } from "../refuse-cross-site.js";

export type AdminDependencies = {
  /** When set, admin endpoints require it (header `x-api-key` or `Authorization: Bearer`). */
  apiKey?: string;
  /** Runs an incremental ingest and swaps the result in (see ingest/ingest-queue.ts). */
  ingest?: IngestQueue;
  /** A plain re-index function, for apps without a queue (tests); the queue wins when both are given. */
  reindex?: () => Promise<unknown>;
  /** Absolute folders of the server (corpus, index) that replies must not show. */
  privatePaths?: readonly string[];
};

/**
 * POST /api/admin/reindex: an incremental ingest, swapped in when done. The
 * reply waits for it (200 with the summary: each failed file with its reason
 * and the limit it hit) unless `?wait=false` (202 with the ingest state).
 * Requests arriving while one runs share the next run; another process
 * writing the index makes it 409 with that process's progress.
 * GET /api/admin/ingest: the ingest state and the last run's summary.
 * Both refuse requests a browser sends for another site, and need API_KEY when it is set.
 */
export function createAdminRouter(dependencies: AdminDependencies): Router {
  const router = Router();
  const guard = [refuseCrossSite(), requireApiKey(dependencies.apiKey)];
  const privatePaths = dependencies.privatePaths ?? [];

  router.post("/api/admin/reindex", ...guard, async (request, response) => {
    const { ingest, reindex } = dependencies;
    if (!ingest) {
      if (!reindex) return sendError(response, 404, "not_found", "Re-indexing is not available.");
      const summary = await reindex();
      response.json({ status: "ok", summary });
      return;
    }
    const run = ingest.request();
    if (request.query["wait"] === "false") {
      // The outcome is in the ingest state; nobody waits for it here.
      run.catch(() => undefined);
      response.status(202).json({ status: "accepted", ingest: describeIngestForHealth(ingest.status(), privatePaths) });
      return;
    }
    try {
      const summary = await run;
      response.json({ status: "ok", summary: publicSummary(summary, privatePaths) });
    } catch (error) {
      if (!(error instanceof IngestBusyError)) throw error;
      response.status(409).json({
        error: { code: error.code, message: redactPaths(error.message, privatePaths) },
        ingest: { holder: { pid: error.holder.pid }, ...(error.progress ? { progress: error.progress } : {}) },
      });
    }
  });

  router.get("/api/admin/ingest", ...guard, (_request, response) => {
    if (!dependencies.ingest) return sendError(response, 404, "not_found", "No ingest runs in this server.");
    response.json(describeIngestStatus(dependencies.ingest.status(), privatePaths));
  });

  return router;
}

export function requireApiKey(apiKey: string | undefined): RequestHandler {
  return (request, response, next) => {
    if (apiKey === undefined) return next();
    const header = request.get("x-api-key") ?? request.get("authorization")?.replace(/^Bearer\s+/iu, "");
    if (header !== apiKey) return sendError(response, 401, "unauthorized", "A valid API key is required (header x-api-key).");
    next();
  };
}
