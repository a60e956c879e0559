import { Router, type Response } from "express";
import { VanbanError } from "../../../core/errors.js";
import type { ChatModel } from "../../../core/ports.js";
import type { ArchiveDocument } from "../../../core/types.js";
import { answerQuestion } from "../../answer/answer-question.js";
import type { AnswerModel } from "../../answer/model/answer-model.js";
import type { AskAnswer } from "../../answer/extractive-answerer.js";
import { streamWithChatModel, type StreamEvent } from "../../answer/llm-answerer.js";
import { analyzeQuery } from "../../retrieve/analyze-query.js";
import { findHighlights, searchArchive } from "../../retrieve/hybrid-search.js";
import type { ArchiveHolder } from "../archive-holder.js";
import type { WorkQueue } from "../work-queue.js";
import { askBodySchema, describeIssues, documentIdSchema, searchQuerySchema } from "../schemas.js";

export type ApiDependencies = {
  archives: ArchiveHolder;
  today: () => Date;
  chatModel?: ChatModel;
  answerModel?: AnswerModel;
  /** Where retrieval and answering run, first come first served (see work-queue.ts). */
  work: WorkQueue;
};

/** /api/health, /api/search, /api/ask (JSON and SSE), /api/documents. */
export function createApiRouter(dependencies: ApiDependencies): Router {
  const router = Router();

  router.get("/api/health", (_request, response) => {
    const archive = dependencies.archives.get();
    response.json({ status: "ok", documents: archive.documents.length, chunks: archive.chunks.length });
  });

  router.get("/api/search", async (request, response) => {
    const parsed = searchQuerySchema.safeParse(request.query);
    if (!parsed.success) throw new VanbanError("bad_request", describeIssues(parsed.error));
    const { q, k, offset, province, year, type } = parsed.data;
    const archive = dependencies.archives.get();
    const query = analyzeQuery(q, { knownProvinces: archive.provinces });
    const result = await dependencies.work.run(() => searchArchive({ archive, query, limit: k, offset, filters: { province, year, type } }));
    response.json({
      results: result.hits.map((hit) => ({
        docId: hit.document.id,
        chunkId: hit.chunk.id,
        source: hit.document.source,
        title: hit.document.meta.title ?? hit.document.source,
        section: hit.chunk.sectionPath.join(" › "),
        text: hit.chunk.text,
        score: Number(hit.score.toFixed(4)),
        start: hit.chunk.start,
        end: hit.chunk.end,
        highlights: findHighlights(hit.chunk.text, query),
        meta: pickMeta(hit.document),
      })),
      total: result.total,
      facets: result.facets,
      query: { language: query.language },
    });
  });

  router.post("/api/ask", async (request, response) => {
    const parsed = askBodySchema.safeParse(request.body);
    if (!parsed.success) throw new VanbanError("bad_request", describeIssues(parsed.error));
    const body = parsed.data;
    const today = body.today ? new Date(`${body.today}T00:00:00Z`) : dependencies.today();
    const archive = dependencies.archives.get();
    const wantsStream = String(request.headers.accept ?? "").includes("text/event-stream");
    // Only the retrieval and the extractive answer are queued; an LLM's streaming is I/O and runs outside.
    const result = await dependencies.work.run(() => answerQuestion({ archive, question: body.question, k: body.k, filters: body.filters, history: body.history, today, model: dependencies.answerModel }));
    const { query: _query, ...answer } = result;
    if (!wantsStream) {
      const final = dependencies.chatModel && answer.found ? await collect(streamWithChatModel({ model: dependencies.chatModel, question: body.question, answer, history: body.history })) : answer;
      response.json(final);
      return;
    }
    await streamAnswer({ response, answer, chatModel: dependencies.chatModel, question: body.question, history: body.history });
  });

  router.get("/api/documents", (_request, response) => {
    const archive = dependencies.archives.get();
    const chunkCounts = new Map<string, number>();
    for (const chunk of archive.chunks) chunkCounts.set(chunk.docId, (chunkCounts.get(chunk.docId) ?? 0) + 1);
    response.json({
      documents: archive.documents.map((document) => ({
        id: document.id,
        source: document.source,
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
    const archive = dependencies.archives.get();
    const document = archive.documentsById.get(parsed.data);
    if (!document) throw new VanbanError("not_found", `No document ${parsed.data}`);
    response.json({
      ...document,
      chunks: archive.chunks.filter((chunk) => chunk.docId === document.id).map(({ id, start, end, sectionPath }) => ({ id, start, end, sectionPath })),
    });
  });

  return router;
}

function pickMeta(document: ArchiveDocument) {
  const { type, number, date, year, province, issuer } = document.meta;
  return { type, number, date, year, province, issuer };
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<AskAnswer> {
  let final: AskAnswer | undefined;
  for await (const event of stream) if (event.type === "done") final = event.answer;
  if (!final) throw new VanbanError("chat_model_failed", "The chat model produced no answer.");
  return final;
}


/** Server-sent events: citations first, then the answer in pieces, then the whole response. */
async function streamAnswer(options: {
  response: Response;
  answer: AskAnswer;
  chatModel?: ChatModel;
  question: string;
  history?: Array<{ role: "user" | "assistant"; content: string }>;
}): Promise<void> {
  const { response, answer } = options;
  response.status(200);
  response.setHeader("content-type", "text/event-stream; charset=utf-8");
  response.setHeader("cache-control", "no-cache, no-transform");
  response.setHeader("x-accel-buffering", "no");
  response.flushHeaders();
  const send = (event: string, data: unknown) => response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send("citations", { citations: answer.citations });
  // A client that goes away stops the model too.
  const controller = new AbortController();
  response.on("close", () => controller.abort());
  try {
    if (options.chatModel && answer.found) {
      for await (const event of streamWithChatModel({ model: options.chatModel, question: options.question, answer, history: options.history, signal: controller.signal })) {
        if (event.type === "delta") send("delta", { text: event.text });
        else send("done", event.answer);
      }
    } else {
      // The extractive answer exists whole; stream it by words so the page renders progressively.
      for (const piece of answer.answer.match(/\S+\s*/gu) ?? []) send("delta", { text: piece });
      send("done", answer);
    }
  } catch (error) {
    send("error", { error: { code: "chat_model_failed", message: error instanceof Error ? error.message : "The answer could not be completed." } });
  }
  response.end();
}
