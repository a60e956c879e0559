import { Router, type RequestHandler } from "express";
import { z } from "zod";
import { IngestBusyError } from "../../../ingest/index/ingest-lock.js";
import type { IngestQueue } from "../../../ingest/ingest-queue.js";
import { sendError } from "../error-middleware.js";
import { describeIngestForHealth, describeIngestStatus, describeReindexState, publicSummary, redactPaths } from "../ingest-state.js";
import type { ReindexJob } from "../reindex-job.js";
import { reindexResponseSchema } from "../response-schemas.js";
import { errorResponse, jsonContent, RATE_LIMITED, type RouteDescription } from "../route-registry.js";

export type AdminDependencies = {
  /** Who may change the archive: open mode, the API key when set (require-editor.ts); accounts on, an administrator (route-policy.ts). */
  requireEditor: RequestHandler;
  /** The one way to re-index (the ingest queue, or a stand-in in tests). */
  reindex?: ReindexJob;
  /** The ingest queue, when this server ingests: its state for GET /api/admin/ingest and ?wait=false. */
  ingest?: IngestQueue;
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
 * Both are for administrators with accounts on, and need API_KEY when it is set in open mode; in both
 * modes a request a browser sends for another site never reaches them (refuse-cross-site.ts).
 */
export function createAdminRouter(dependencies: AdminDependencies): Router {
  const router = Router();
  const privatePaths = dependencies.privatePaths ?? [];

  router.post("/api/admin/reindex", dependencies.requireEditor, async (request, response) => {
    const { reindex, ingest } = dependencies;
    if (!reindex) return sendError(response, 404, "not_found", "Re-indexing is not available.");
    const run = reindex.run();
    if (request.query["wait"] === "false") {
      // The outcome is in the ingest state; nobody waits for it here.
      run.catch(() => undefined);
      response.status(202).json({ status: "accepted", ...(ingest ? { ingest: describeIngestForHealth(ingest.status(), privatePaths) } : {}) });
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

  router.get("/api/admin/ingest", dependencies.requireEditor, (_request, response) => {
    if (dependencies.ingest) return void response.json(describeIngestStatus(dependencies.ingest.status(), privatePaths));
    if (dependencies.reindex) return void response.json(describeReindexState(dependencies.reindex.state(), privatePaths));
    sendError(response, 404, "not_found", "No ingest runs in this server.");
  });

  return router;
}

const ingestStatusSchema = z.object({
  state: z.enum(["idle", "running", "waiting"]),
  phase: z.string().optional(),
  processed: z.number().int().optional(),
  total: z.number().int().optional(),
  queued: z.boolean(),
  current: z.string().optional(),
  holder: z.object({ pid: z.number().int() }).optional(),
  last: z
    .object({ finishedAt: z.string(), ok: z.boolean(), documents: z.number().int().optional(), chunks: z.number().int().optional(), failed: z.number().int().optional(), error: z.string().optional() })
    .optional(),
  summary: z.record(z.string(), z.unknown()).optional().describe("The last run's summary: failed files with their reason and limit, skipped entries"),
});

/** The admin routes for the OpenAPI document and its conformance test. */
export const ADMIN_ROUTES: RouteDescription[] = [
  {
    method: "post",
    path: "/api/admin/reindex",
    tag: "admin",
    summary: "Re-run the ingest and swap the new index in (administrators; open mode: API_KEY when set, header x-api-key)",
    description:
      "One run at a time (uploads and deletions share it): requests made during a run share the next run. `?wait=false` answers 202 at once. Refused (403) when a browser sends it for another site; 409 while another process writes the index. GET /api/admin/ingest (and /api/admin/reindex/status when uploads are enabled) reports its progress.",
    responses: {
      200: { description: "The ingest summary (each failed file with its reason and, over budget, the limit it hit)", content: jsonContent(reindexResponseSchema) },
      202: { description: "Started; the ingest state" },
      401: errorResponse("Missing or wrong API key (open mode); not signed in (accounts on)"),
      403: errorResponse("A browser request for another site; with accounts on, also below the admin role or a cookie request without its x-csrf-token"),
      404: errorResponse("Re-indexing is not available in this deployment"),
      409: errorResponse("Another process is writing the index (with its progress)"),
      ...RATE_LIMITED,
    },
    examples: [{ name: "reindex", status: 200, body: {} }],
  },
  {
    method: "get",
    path: "/api/admin/ingest",
    tag: "admin",
    summary: "The ingest's state and the last run's summary (administrators; open mode: API_KEY when set)",
    responses: {
      200: { description: "Running, waiting for another process, or idle; how far; the last run", content: jsonContent(ingestStatusSchema) },
      401: errorResponse("Missing or wrong API key (open mode); not signed in (accounts on)"),
      404: errorResponse("No ingest runs in this deployment"),
      ...RATE_LIMITED,
    },
    examples: [{ name: "ingest state", status: 200 }],
  },
];
