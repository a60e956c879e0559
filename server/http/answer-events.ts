import { VanbanError } from "../../core/errors.js";
import type { ChatModel } from "../../core/ports.js";
import type { ChatTurn, Citation, SearchFilters } from "../../core/types.js";
import { answerQuestion } from "../answer/answer-question.js";
import type { AskAnswer } from "../answer/extractive-answerer.js";
import type { AnswerModel } from "../answer/model/answer-model.js";
import { streamWithChatModel } from "../answer/llm-answerer.js";
import type { Response } from "express";
import type { Archive } from "../retrieve/archive.js";
import { searchTextOf } from "../retrieve/hybrid-search.js";
import { documentDisplayName } from "../tasks/display-name.js";
import type { RequestArchives } from "../access/access-control.js";
import type { WorkQueue } from "./work-queue.js";

/**
 * One way to answer for every transport (/api/ask JSON and SSE, /v1/chat/completions,
 * the MCP `ask` tool): `answerQuestion` on the work queue, then, when an LLM
 * answerer is configured and something was found, `streamWithChatModel`.
 * Events: the candidate citations first, the answer text in pieces, then the
 * final answer. `replaced` is true when the model's streamed text failed the
 * citation check and the final answer is the extractive one instead.
 */
export type AnswerEvent =
  | { type: "citations"; citations: Citation[] }
  | { type: "delta"; text: string }
  | { type: "done"; answer: AskAnswer; replaced: boolean };

export type AnswerEventsOptions = {
  archive: Archive;
  work: Pick<WorkQueue, "run" | "pool">;
  chatModel?: ChatModel;
  /** The fitted answer model (default: the committed one). */
  answerModel?: AnswerModel;
  question: string;
  k?: number;
  filters?: SearchFilters;
  history?: ChatTurn[];
  today: Date;
  signal?: AbortSignal;
  /** Told of every final answer (metrics: found or abstained). */
  onAnswer?: (answer: AskAnswer) => void;
  /**
   * Longest pause between two pieces of an extractive answer, in ms: sent all
   * at once they reach the page in one network packet and do not look streamed.
   * The whole answer never waits more than ~1.2 s; 0 (the default) sends at once.
   */
  paceMs?: number;
};

/** What every transport adds to an answer: its citations' document names, and what was searched. */
export type AnsweredQuestion = AskAnswer & { searchQuery?: string };

export async function* streamAnswerEvents(options: AnswerEventsOptions): AsyncGenerator<AnswerEvent> {
  const { archive, question, k, filters, history, today } = options;
  // Only retrieval and the extractive answer are queued; an LLM's streaming is I/O and runs outside.
  const pool = options.work.pool;
  const workOptions = options.signal ? { signal: options.signal } : {};
  // The workers build their answer model from the same configuration (search-worker.ts).
  const { query, ...answered } = pool?.serves(archive)
    ? await pool.answer(archive, { question, today: today.toISOString(), ...(k !== undefined ? { k } : {}), ...(filters ? { filters } : {}), ...(history ? { history } : {}) }, workOptions)
    : await options.work.run(() => answerQuestion({ archive, question, k, filters, history, today, model: options.answerModel }), workOptions);
  // Citations name their document for people; searchQuery lets "search instead" search what was answered (a follow-up merged with its question).
  const answer: AnsweredQuestion = {
    ...answered,
    citations: answered.citations.map((citation) => {
      const document = archive.documentsById.get(citation.docId);
      return { ...citation, documentName: document ? documentDisplayName(document.meta, document.source) : citation.title };
    }),
    searchQuery: searchTextOf(query),
  };
  yield { type: "citations", citations: answer.citations };
  if (options.chatModel && answer.found) {
    let streamed = false;
    for await (const event of streamWithChatModel({ model: options.chatModel, question, answer, history, signal: options.signal })) {
      if (event.type === "delta") {
        streamed = true;
        yield event;
      } else {
        options.onAnswer?.(event.answer);
        yield { type: "done", answer: event.answer, replaced: streamed && event.answer === answer };
      }
    }
    return;
  }
  // The extractive answer exists whole; it is sent by words so pages and chat clients render progressively.
  const pieces = answer.answer.match(/\s*\S+\s*/gu) ?? [];
  const pause = pieces.length > 1 ? Math.min(options.paceMs ?? 0, 1200 / pieces.length) : 0;
  for (const [index, piece] of pieces.entries()) {
    if (options.signal?.aborted) break;
    if (pause > 0 && index > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    yield { type: "delta", text: piece };
  }
  options.onAnswer?.(answer);
  yield { type: "done", answer, replaced: false };
}

/** The final answer of an event stream. */
export async function collectAnswer(events: AsyncIterable<AnswerEvent>): Promise<AskAnswer> {
  let final: AskAnswer | undefined;
  for await (const event of events) if (event.type === "done") final = event.answer;
  if (!final) throw new VanbanError("chat_model_failed", "The chat model produced no answer.");
  return final;
}

/** What a router that answers questions needs (/v1, /mcp). */
export type AnsweringDependencies = {
  /** The archive as each request's principal may read it. */
  archives: RequestArchives;
  work: WorkQueue;
  chatModel?: ChatModel;
  answerModel?: AnswerModel;
  today: () => Date;
  /** Told of every answer (metrics). */
  onAnswer?: (answer: AskAnswer) => void;
};

/**
 * Starts a server-sent event stream once the first event is there: retrieval
 * runs before it, so its failures are still ordinary JSON errors. The events
 * come back from the first on.
 */
export async function openEventStream<T>(response: Response, events: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const iterator = events[Symbol.asyncIterator]();
  const first = await iterator.next();
  response.status(200);
  response.setHeader("content-type", "text/event-stream; charset=utf-8");
  response.setHeader("cache-control", "no-cache, no-transform");
  response.setHeader("x-accel-buffering", "no");
  response.flushHeaders();
  return {
    async *[Symbol.asyncIterator]() {
      for (let step = first; !step.done; step = await iterator.next()) yield step.value;
    },
  };
}
