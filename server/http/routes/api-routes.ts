import type { BackendHealth } from "../../retrieve/backend/search-backend.js";
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { VanbanError } from "../../../core/errors.js";
import type { ChatModel } from "../../../core/ports.js";
import type { AskAnswer } from "../../answer/extractive-answerer.js";
import type { AnswerModel } from "../../answer/model/answer-model.js";
import type { RequestArchives } from "../../access/access-control.js";
import type { HealthIngestState } from "../ingest-state.js";
import { collectAnswer, openEventStream, streamAnswerEvents, type AnswerEvent } from "../answer-events.js";
import { readDocument, searchPassages } from "../archive-queries.js";
import { documentDisplayName } from "../../tasks/display-name.js";
import type { WorkQueue } from "../work-queue.js";
import { askBodySchema, describeIssues, documentIdSchema, searchQuerySchema } from "../schemas.js";
import { askResponseSchema, documentDetailResponseSchema, documentListResponseSchema, healthResponseSchema, searchResponseSchema } from "../response-schemas.js";
import { errorResponse, jsonContent, RATE_LIMITED, type RouteDescription } from "../route-registry.js";

export type ApiDependencies = {
  /** The archive as each request's principal may read it (server/access/access-control.ts). */
  archives: RequestArchives;
  today: () => Date;
  chatModel?: ChatModel;
  answerModel?: AnswerModel;
  /** Where retrieval and answering run, first come first served (see work-queue.ts). */
  work: WorkQueue;
  /** The ingest state /api/health reports, when this server ingests. */
  ingestState?: () => HealthIngestState;
  /** What a request may see of that state; undefined hides it (default: all of it). */
  viewIngestState?: (state: HealthIngestState, request: Request) => HealthIngestState | undefined;
  /** The search engine's health (kind and status), added to /api/health when given. */
  searchHealth?: () => Promise<BackendHealth>;
  /** Told of every answer (metrics). */
  onAnswer?: (answer: AskAnswer) => void;
  /** Longest pause between streamed pieces of an extractive answer (ms; see answer-events.ts). */
  streamPaceMs?: number;
};

/** /api/health, /api/search, /api/ask (JSON and SSE), /api/documents. */
export function createApiRouter(dependencies: ApiDependencies): Router {
  const router = Router();

  router.get("/api/health", async (request, response) => {
    const state = dependencies.ingestState?.();
    // Kind and status only: the detail (node counts, errors) goes to the logs, not to every reader.
    const health = dependencies.searchHealth ? await dependencies.searchHealth() : undefined;
    const search = health ? { search: { kind: health.kind, status: health.status } } : {};
    // What this request may see of the ingest (accounts on: less than all of it, or nothing; see accounts-layer.ts).
    const ingest = state && (dependencies.viewIngestState ? dependencies.viewIngestState(state, request) : state);
    // Serving starts before the first generation exists: the state says so, with the ingest's progress.
    if (!dependencies.archives.has()) {
      response.json({ status: state?.state === "idle" ? "unavailable" : "indexing", documents: 0, chunks: 0, ...(ingest ? { ingest } : {}), ...search });
      return;
    }
    // Counts of the archive as the request may read it (anonymous, with accounts on: none).
    const archive = dependencies.archives.get(request);
    response.json({ status: "ok", documents: archive.documents.length, chunks: archive.chunks.length, ...(ingest ? { ingest } : {}), ...search });
  });

  router.get("/api/search", async (request, response) => {
    const parsed = searchQuerySchema.safeParse(request.query);
    if (!parsed.success) throw new VanbanError("bad_request", describeIssues(parsed.error));
    const { q, k, offset, province, year, type } = parsed.data;
    // A client that goes away before its turn is not searched for (under overload, see work-queue.ts).
    const controller = new AbortController();
    response.on("close", () => controller.abort());
    response.json(await searchPassages({ archive: dependencies.archives.get(request), work: dependencies.work, q, k, offset, filters: { province, year, type }, signal: controller.signal }));
  });

  router.post("/api/ask", async (request, response) => {
    const parsed = askBodySchema.safeParse(request.body);
    if (!parsed.success) throw new VanbanError("bad_request", describeIssues(parsed.error));
    const body = parsed.data;
    const wantsStream = String(request.headers.accept ?? "").includes("text/event-stream");
    // A client that goes away stops the model too.
    const controller = new AbortController();
    response.on("close", () => controller.abort());
    const events = streamAnswerEvents({
      archive: dependencies.archives.get(request),
      work: dependencies.work,
      chatModel: dependencies.chatModel,
      answerModel: dependencies.answerModel,
      question: body.question,
      k: body.k,
      filters: body.filters,
      history: body.history,
      today: body.today ? new Date(`${body.today}T00:00:00Z`) : dependencies.today(),
      signal: controller.signal,
      onAnswer: dependencies.onAnswer,
      // Only a page reading the stream needs it paced.
      paceMs: wantsStream ? dependencies.streamPaceMs : 0,
    });
    if (!wantsStream) {
      response.json(await collectAnswer(events));
      return;
    }
    await streamAnswer({ response, events });
  });

  router.get("/api/documents", (request, response) => {
    const archive = dependencies.archives.get(request);
    const chunkCounts = new Map<string, number>();
    for (const chunk of archive.chunks) chunkCounts.set(chunk.docId, (chunkCounts.get(chunk.docId) ?? 0) + 1);
    response.json({
      documents: archive.documents.map((document) => ({
        id: document.id,
        source: document.source,
        documentName: documentDisplayName(document.meta, document.source),
        format: document.format,
        meta: document.meta,
        chunks: chunkCounts.get(document.id) ?? 0,
        pages: document.pages,
      })),
    });
  });

  router.get("/api/documents/:docId", (request, response) => {
    const parsed = documentIdSchema.safeParse(request.params.docId);
    if (!parsed.success) throw new VanbanError("bad_request", describeIssues(parsed.error));
    response.json(readDocument(dependencies.archives.get(request), parsed.data));
  });

  return router;
}

/** Server-sent events: citations first, then the answer in pieces, then the whole response. */
async function streamAnswer(options: { response: Response; events: AsyncIterable<AnswerEvent> }): Promise<void> {
  const { response } = options;
  const events = await openEventStream(response, options.events);
  const send = (event: string, data: unknown) => response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  try {
    for await (const event of events) {
      if (event.type === "citations") send("citations", { citations: event.citations });
      else if (event.type === "delta") send("delta", { text: event.text });
      else send("done", event.answer);
    }
  } catch (error) {
    send("error", { error: { code: "chat_model_failed", message: error instanceof Error ? error.message : "The answer could not be completed." } });
  }
  response.end();
}

/** OpenAPI descriptions of the routes above (see route-registry.ts); the examples run in the conformance test. */
const SEED_QUESTION = "Sở Nội vụ phải nộp hồ sơ đề án sắp xếp ĐVHC cấp xã trước ngày nào?";

export const API_ROUTES: RouteDescription[] = [
  {
    method: "get",
    path: "/api/health",
    tag: "archive",
    summary: "Liveness, the ingest's state and the size of the live index",
    description:
      "`status` is `indexing` before a first index exists (the server listens at once). With accounts on (AUTH=local|oidc) the route stays public, for load balancers, and answers what the caller may see: counts of the documents they may read (none when signed out), the ingest's state without file counts for readers and editors, nothing of it when signed out; administrators and open mode see all of it.",
    responses: { 200: { description: "The index is loaded", content: jsonContent(healthResponseSchema) }, 503: errorResponse("No index is loaded yet"), ...RATE_LIMITED },
    examples: [{ name: "health", status: 200 }],
  },
  {
    method: "get",
    path: "/api/search",
    tag: "search",
    summary: "Hybrid (BM25 + vector) passage search",
    description: "Best passages first. Vietnamese with or without diacritics, or English. `province`, `year` and `type` filter; names in the question only boost.",
    request: { query: searchQuerySchema },
    responses: { 200: { description: "Passages, best first", content: jsonContent(searchResponseSchema) }, 400: errorResponse("Bad query parameters"), ...RATE_LIMITED },
    examples: [
      { name: "search", status: 200, query: { q: "hồ sơ đề án sắp xếp ĐVHC cấp xã", k: 3 } },
      { name: "filtered", status: 200, query: { q: "Sở Nội vụ", province: "Hưng Yên", year: 2024 } },
      { name: "no diacritics", status: 200, query: { q: "so noi vu", k: 2, offset: 1 } },
      { name: "empty q", status: 400, query: { q: "" } },
      { name: "k too large", status: 400, query: { q: "x", k: 51 } },
    ],
  },
  {
    method: "post",
    path: "/api/ask",
    tag: "answer",
    summary: "Answer a question with quoted citations",
    description:
      "JSON by default. With `Accept: text/event-stream` the same answer is streamed as server-sent events: `citations`, `delta` ({text}), `done` (the JSON response), `error`.",
    request: { body: askBodySchema },
    responses: {
      200: { description: "The answer (found or not)", content: { "application/json": askResponseSchema, "text/event-stream": undefined } },
      400: errorResponse("Bad request body"),
      413: errorResponse("Body over 64 KB"),
      ...RATE_LIMITED,
    },
    examples: [
      { name: "seed question", status: 200, body: { question: SEED_QUESTION } },
      { name: "follow-up", status: 200, body: { question: "còn Hưng Yên thì sao?", history: [{ role: "user", content: SEED_QUESTION }] } },
      { name: "not in the archive", status: 200, body: { question: "Giá vé tàu cao tốc Bắc Nam năm 2030 là bao nhiêu?" } },
      { name: "streamed", status: 200, body: { question: SEED_QUESTION }, headers: { accept: "text/event-stream" } },
      { name: "empty question", status: 400, body: { question: "" } },
    ],
  },
  {
    method: "get",
    path: "/api/documents",
    tag: "archive",
    summary: "Every indexed document with its header fields",
    responses: { 200: { description: "The documents", content: jsonContent(documentListResponseSchema) }, ...RATE_LIMITED },
    examples: [{ name: "list", status: 200 }],
  },
  {
    method: "get",
    path: "/api/documents/:docId",
    tag: "archive",
    summary: "One document: metadata, clean text, sections, footnotes, references, tasks and chunk offsets",
    request: { params: z.object({ docId: documentIdSchema }) },
    responses: {
      200: { description: "The document", content: jsonContent(documentDetailResponseSchema) },
      404: errorResponse("No such document"),
      ...RATE_LIMITED,
    },
    examples: [
      { name: "a sample", status: 200, params: { docId: "000_492514bbfbcde4f8" } },
      { name: "missing", status: 404, params: { docId: "no-such-document" } },
    ],
  },
];
