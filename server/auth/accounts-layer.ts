import { Router, type Request, type RequestHandler } from "express";
import type { Logger } from "pino";
import { VanbanError } from "../../core/errors.js";
import type { AccessControl } from "../access/access-control.js";
import type { HealthIngestState } from "../http/ingest-state.js";
import type { ReindexState } from "../http/reindex-job.js";
import type { Store } from "../store/open-store.js";
import type { AuditAction } from "../store/audit-log.js";
import { createAdminRouter } from "./admin-routes.js";
import { createAuthContext, type AuthContext, type AuthSettings } from "./auth-context.js";
import { audit, createAuthenticate } from "./authenticate.js";
import { createAuthRouter, createOpenAuthRouter } from "./auth-routes.js";
import { normalizeGroupName, principalOf } from "./principal.js";

export type { AuthSettings } from "./auth-context.js";

/**
 * Everything createApp needs of accounts, in one object: the middleware in
 * front of the routers (who, CSRF, route policy, audit of changes), the
 * /api/auth and /api/admin routes, the gate the write routes use (who edits)
 * and what non-administrators see of ingest summaries. Open mode (no
 * settings): no middleware, the open /api/auth answers, the API_KEY gate.
 */
export type AccountsLayer = {
  middleware: RequestHandler[];
  router: Router;
  editorGate?: RequestHandler;
  viewSummary?: (summary: Record<string, unknown>, request: Request, ownFiles: readonly string[]) => unknown;
  viewState?: (state: ReindexState, request: Request) => ReindexState;
  /** What a request may see of the ingest state in /api/health; undefined hides it. */
  viewIngestState?: (state: HealthIngestState, request: Request) => HealthIngestState | undefined;
  uploadFolder?: (request: Request, group: string) => { folder: string } | { error: string; code: "bad_request" | "forbidden" };
  mayReplace?: (request: Request, source: string) => boolean;
  context?: AuthContext;
};

export function createAccountsLayer(options: {
  settings?: AuthSettings;
  store?: Store;
  access: AccessControl;
  now: () => Date;
  logger?: Logger;
}): AccountsLayer {
  const { settings, access } = options;
  if (!settings) return { middleware: [], router: createOpenAuthRouter() };
  if (!options.store) throw new VanbanError("config_invalid", `AUTH=${settings.mode} needs the application database (INDEX_DIR/vanban.sqlite).`);
  const context = createAuthContext({ settings, store: options.store, now: options.now, logger: options.logger });
  const router = Router();
  router.use(createAuthRouter(context, { oidcRoles: settings.oidcRoles }));
  router.use(createAdminRouter(context, access));
  const isAdmin = (request: Request) => {
    const principal = principalOf(request);
    return principal.kind === "user" && principal.role === "admin";
  };
  return {
    context,
    middleware: [createAuthenticate(context), createWriteAudit(context)],
    router,
    // The route policy has checked the role; the gate only says who is editing.
    editorGate: (request, response, next) => {
      const principal = principalOf(request);
      if (principal.kind !== "user") throw new VanbanError("unauthorized", "Sign in first.");
      response.locals.editor = { id: String(principal.userId), name: principal.displayName || principal.name };
      next();
    },
    viewSummary: (summary, request, ownFiles) => {
      if (isAdmin(request)) return summary;
      // Counts and failures of the whole corpus would tell of documents this editor may not read.
      const archive = access.get(request);
      const failed = Array.isArray(summary.failed) ? (summary.failed as Array<{ source: string }>).filter((failure) => ownFiles.includes(failure.source)) : [];
      return { documents: archive.documents.length, chunks: archive.chunks.length, seconds: summary.seconds, failed };
    },
    uploadFolder: (request, group) => {
      const name = normalizeGroupName(group);
      if (!name) return { error: `"${group}" is not a valid group name.`, code: "bad_request" };
      const principal = principalOf(request);
      if (principal.kind !== "user" || (principal.role !== "admin" && !principal.groups.includes(name))) {
        return { error: `You are not a member of the group ${name}.`, code: "forbidden" };
      }
      return { folder: `@${name}` };
    },
    // Replacing a file means reading and overwriting its document: not one this editor may not read.
    mayReplace: (request, source) => {
      if (isAdmin(request)) return true;
      return access.get(request).documents.some((document) => document.source === source);
    },
    viewState: (state, request) => {
      if (isAdmin(request)) return state;
      return { running: state.running, done: 0, total: 0, ...(state.startedAt ? { startedAt: state.startedAt } : {}), ...(state.finishedAt ? { finishedAt: state.finishedAt } : {}) };
    },
    viewIngestState: (state, request) => {
      if (isAdmin(request)) return state;
      // Signed out: nothing (the status says whether there is an index). Readers and editors: whether and when it
      // runs, not how many files, documents or failures (those count documents they may not read), nor its error.
      if (principalOf(request).kind !== "user") return undefined;
      return { state: state.state, ...(state.phase ? { phase: state.phase } : {}), queued: state.queued, ...(state.last ? { last: { finishedAt: state.last.finishedAt, ok: state.last.ok } } : {}) };
    },
  };
}

/** Writes to the archive go to the audit log once answered: who, what, and how it ended. */
function createWriteAudit(context: AuthContext): RequestHandler {
  const actionOf = (method: string, path: string): AuditAction | undefined => {
    if (method === "POST" && path === "/api/documents") return "upload";
    if (method === "DELETE" && path.startsWith("/api/documents/")) return "delete_document";
    if (method === "PATCH" && path.startsWith("/api/tasks/")) return "task_change";
    if (method === "POST" && path === "/api/admin/reindex") return "reindex";
    return undefined;
  };
  return (request, response, next) => {
    const action = actionOf(request.method, request.path);
    if (action) {
      response.on("finish", () => {
        if (response.statusCode === 401 || response.statusCode === 403) return; // recorded as a refusal already
        const files = (request.files as Array<{ originalname: string }> | undefined)?.map((file) => file.originalname) ?? [];
        const target = action === "upload" ? files.join(", ") : action === "reindex" ? "" : decodeURIComponent(request.path.split("/").pop() ?? "");
        const body = action === "task_change" && request.body && typeof request.body === "object" ? JSON.stringify(request.body).slice(0, 500) : "";
        audit(context, request, { action, outcome: response.statusCode < 400 ? "ok" : "failed", target, details: `HTTP ${response.statusCode}${body ? ` ${body}` : ""}` });
      });
    }
    next();
  };
}
