import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from "express";
import multer from "multer";
import { VanbanError } from "../../../core/errors.js";
import type { IngestSummary } from "../../../ingest/progress.js";
import { documentDisplayName } from "../../tasks/display-name.js";
import type { RequestArchives } from "../../access/access-control.js";
import type { ReindexJob, ReindexState } from "../reindex-job.js";
import { sendError } from "../error-middleware.js";
import { documentIdSchema, describeIssues } from "../schemas.js";

export type DocumentsRouterDependencies = {
  archives: RequestArchives;
  /** Where uploaded files are kept (the corpus the ingest reads). */
  corpusDir: string;
  reindex: ReindexJob;
  /** Extensions the ingest reads (".pdf", ".docx" …). */
  extensions: ReadonlySet<string>;
  maxBytes: number;
  requireEditor: RequestHandler;
  /** Most files in one upload. */
  maxFiles?: number;
  /**
   * What a request may see of an ingest summary and of the reindex progress
   * (accounts on: counts and file names of the whole corpus only for
   * administrators; see server/auth/accounts-layer.ts). Default: all of it.
   */
  viewSummary?: (summary: ReturnType<typeof pickSummary>, request: Request, ownFiles: readonly string[]) => unknown;
  viewState?: (state: ReindexState, request: Request) => ReindexState;
  /**
   * The access-group folder (`@group/`) an upload's `group` field asks for,
   * or an error message; and whether the request may replace the file at a
   * source (accounts on: not a document it cannot read). Default: any group, any file.
   */
  uploadFolder?: (request: Request, group: string) => { folder: string } | { error: string; code: "bad_request" | "forbidden" };
  mayReplace?: (request: Request, source: string) => boolean;
};

/** What became of one uploaded file. */
export type UploadResult = {
  file: string;
  status: "indexed" | "unchanged" | "failed" | "rejected";
  replaced?: boolean;
  docId?: string;
  documentName?: string;
  error?: { code: string; message: string };
};

/**
 * POST /api/documents (multipart, field `file`, one or more): keeps each file
 * in the corpus under its own name, re-indexes, and answers each file's
 * result. DELETE /api/documents/:docId removes the document's file and
 * re-indexes. GET /api/admin/reindex/status reports the ingest's progress.
 */
export function createDocumentsRouter(dependencies: DocumentsRouterDependencies): Router {
  const router = Router();
  const corpusDir = path.resolve(dependencies.corpusDir);
  const maxFiles = dependencies.maxFiles ?? 20;
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: dependencies.maxBytes, files: maxFiles, fields: 10, parts: maxFiles + 10 },
    defParamCharset: "utf8",
    // The name as the client sent it, so one with a folder or ".." is refused rather than silently cut to its last part.
    preservePath: true,
  }).array("file", maxFiles);

  const receive = (request: Request, response: Response, next: NextFunction) =>
    upload(request, response, (error: unknown) => {
      if (!error) return next();
      if (error instanceof multer.MulterError) {
        const tooLarge = error.code === "LIMIT_FILE_SIZE";
        return sendError(
          response,
          tooLarge ? 413 : 400,
          tooLarge ? "payload_too_large" : "bad_request",
          tooLarge ? `A file is larger than ${Math.round(dependencies.maxBytes / 1024 / 1024)} MB.` : `Upload refused: ${error.message} (field "${error.field ?? "file"}", at most ${maxFiles} files).`,
        );
      }
      next(error);
    });

  router.post("/api/documents", dependencies.requireEditor, receive, async (request, response) => {
    const files = (request.files as Express.Multer.File[] | undefined) ?? [];
    if (!request.is("multipart/form-data")) throw new VanbanError("bad_request", 'Send the files as multipart/form-data, field "file".');
    if (files.length === 0) throw new VanbanError("bad_request", 'No file received: send one or more files in the field "file".');
    const results: UploadResult[] = [];
    const written: Array<{ result: UploadResult; source: string; absolutePath: string; backup?: string }> = [];
    const names = new Set<string>();
    // An optional access group: the files go to its `@group/` folder (see server/access/document-groups.ts).
    const group = typeof request.body?.group === "string" ? request.body.group.trim() : "";
    const target = group ? (dependencies.uploadFolder?.(request, group) ?? defaultUploadFolder(group)) : { folder: "" };
    if ("error" in target) throw new VanbanError(target.code, target.error);
    for (const file of files) {
      const name = file.originalname.normalize("NFC");
      const problem = checkFileName(name, dependencies.extensions) ?? (names.has(name.toLowerCase()) ? "The same name is sent twice." : undefined) ?? (file.size === 0 ? "The file is empty." : undefined);
      if (problem) {
        results.push({ file: name, status: "rejected", error: { code: "bad_request", message: problem } });
        continue;
      }
      names.add(name.toLowerCase());
      const source = target.folder ? `${target.folder}/${name}` : name;
      const absolutePath = path.join(corpusDir, source);
      const replaced = await fs.stat(absolutePath).then((stat) => stat.isFile(), () => false);
      if (replaced && dependencies.mayReplace && !dependencies.mayReplace(request, source)) {
        results.push({ file: name, status: "rejected", error: { code: "conflict", message: "A file of that name exists already; choose another name." } });
        continue;
      }
      await fs.mkdir(path.dirname(absolutePath), { recursive: true });
      // The version it replaces is kept aside (hidden: the ingest skips dot files) until the new one is indexed.
      const backup = replaced ? path.join(corpusDir, `.previous-${randomBytes(6).toString("hex")}`) : undefined;
      if (backup) await fs.copyFile(absolutePath, backup);
      // Written under a hidden temporary name, then renamed: a reader never sees half a file.
      const temporary = path.join(corpusDir, `.upload-${randomBytes(6).toString("hex")}`);
      await fs.writeFile(temporary, file.buffer);
      await fs.rename(temporary, absolutePath);
      const result: UploadResult = { file: name, status: "indexed", ...(replaced ? { replaced: true } : {}) };
      results.push(result);
      written.push({ result, source, absolutePath, backup });
    }
    if (written.length === 0) {
      response.status(400).json({ error: { code: "bad_request", message: results.map((result) => `${result.file}: ${result.error?.message}`).join("; ") }, results });
      return;
    }
    let summary = await dependencies.reindex.run();
    const archive = dependencies.archives.get(request);
    const failures = new Map(summary.failed.map((failure) => [failure.source, failure]));
    let restored = false;
    for (const { result, source, absolutePath, backup } of written) {
      const failure = failures.get(source);
      const document = archive.documents.find((candidate) => candidate.source === source);
      if (failure || !document) {
        result.status = "failed";
        result.error = { code: failure?.code ?? "file_unreadable", message: failure?.message ?? "The file could not be indexed." };
        // A file the ingest cannot read leaves the corpus (it would be reported on every run); the version it replaced comes back.
        if (backup) {
          await fs.rename(backup, absolutePath);
          restored = true;
        } else await fs.rm(absolutePath, { force: true });
        continue;
      }
      if (backup) await fs.rm(backup, { force: true });
      result.docId = document.id;
      result.documentName = documentDisplayName(document.meta, document.source);
      if (!summary.changed) result.status = "unchanged";
    }
    if (restored) summary = await dependencies.reindex.run();
    const ok = results.some((result) => result.status === "indexed" || result.status === "unchanged");
    const view = dependencies.viewSummary ?? ((all) => all);
    response.status(ok ? 200 : 422).json({ results, summary: view(pickSummary(summary), request, written.map((file) => file.source)) });
  });

  router.delete("/api/documents/:docId", dependencies.requireEditor, async (request, response) => {
    const parsed = documentIdSchema.safeParse(request.params.docId);
    if (!parsed.success) throw new VanbanError("bad_request", describeIssues(parsed.error));
    const document = dependencies.archives.get(request).documentsById.get(parsed.data);
    if (!document) throw new VanbanError("not_found", `No document ${parsed.data}`);
    const absolutePath = path.resolve(corpusDir, document.source);
    if (!absolutePath.startsWith(corpusDir + path.sep)) throw new VanbanError("bad_request", "The document's file is outside the corpus.");
    await fs.rm(absolutePath, { force: true });
    const summary = await dependencies.reindex.run();
    const view = dependencies.viewSummary ?? ((all) => all);
    response.json({ deleted: { docId: document.id, source: document.source, documentName: documentDisplayName(document.meta, document.source) }, summary: view(pickSummary(summary), request, [document.source]) });
  });

  router.get("/api/admin/reindex/status", (request, response) => {
    const state = (dependencies.viewState ?? ((all) => all))(dependencies.reindex.state(), request);
    response.json({ ...state, summary: state.summary ? pickSummary(state.summary) : undefined });
  });

  return router;
}

/** `@group` for a valid group name (open mode: anyone may file into any group). */
function defaultUploadFolder(group: string): { folder: string } | { error: string; code: "bad_request" } {
  const name = group.normalize("NFC").toLocaleLowerCase("vi");
  return /^[\p{L}\p{N}][\p{L}\p{N}_.-]{0,63}$/u.test(name) ? { folder: `@${name}` } : { error: `"${group}" is not a valid group name.`, code: "bad_request" };
}

/** Why a file name is refused, or undefined: a plain name (no folder, not hidden), of a format the ingest reads. */
export function checkFileName(name: string, extensions: ReadonlySet<string>): string | undefined {
  if (!name || name.length > 200) return "The file name is empty or longer than 200 characters.";
  if (/[/\\]/u.test(name) || name === "." || name === ".." || name.includes("..")) return "The file name must not contain a folder or '..'.";
  if (name.startsWith(".")) return "Hidden files (names starting with '.') are not accepted.";
  if (/[\p{Cc}\p{Cf}<>:"|?*]/u.test(name)) return "The file name contains characters that are not allowed.";
  const extension = path.extname(name).toLowerCase();
  if (!extensions.has(extension)) return `Unsupported format "${extension || "(none)"}"; accepted: ${[...extensions].join(", ")}.`;
  return undefined;
}

function pickSummary(summary: IngestSummary) {
  const { files, indexed, reused, removed, documents, chunks, seconds, failed } = summary;
  return { files, indexed, reused, removed, documents, chunks, seconds: Number(seconds.toFixed(2)), failed };
}
