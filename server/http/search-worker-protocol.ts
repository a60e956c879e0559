import type { Config } from "../../core/config.js";
import type { ErrorCode } from "../../core/errors.js";
import type { ChatTurn, SearchFilters } from "../../core/types.js";
import type { SharedBm25 } from "../../ingest/index/bm25-index.js";
import type { SharedExactVectors } from "../../ingest/index/exact-vector-index.js";
import type { AskAnswer } from "../answer/extractive-answerer.js";
import type { AnalyzedQuery } from "../retrieve/analyze-query.js";
import type { SearchResponseBody } from "./response-schemas.js";

/** Messages between the search worker pool (search-worker-pool.ts) and its workers (search-worker.ts). */

/** What a search worker starts with (workerData). */
export type SearchWorkerSettings = {
  /** The server's configuration (the embedder and the answer model are built from it, as main.ts does). */
  config: Config;
  /** This worker's accumulator in the shared vector memory (1..workers; the main thread has 0). */
  slot: number;
};

/**
 * A generation as the workers open it: its directory (documents.sqlite) and its indexes in shared
 * memory; `generation` names this publication of it (jobs and `close` refer to it).
 */
export type SharedGeneration = { generation: string; directory: string; lexical: SharedBm25; vectors: SharedExactVectors };

export type SearchJob = { q: string; k: number; offset?: number; filters?: SearchFilters };

export type AnswerJob = { question: string; k?: number; filters?: SearchFilters; history?: ChatTurn[]; today: string };

export type AnswerJobResult = AskAnswer & { query: AnalyzedQuery };

export type SearchWorkerRequest =
  | { type: "open"; shared: SharedGeneration }
  | { type: "close"; generation: string }
  | { type: "search"; id: number; generation: string; job: SearchJob }
  | { type: "answer"; id: number; generation: string; job: AnswerJob };

export type SearchWorkerReply =
  | { type: "opened"; generation: string }
  | { type: "open-failed"; generation: string; error: WorkerError }
  | { type: "done"; id: number; result: SearchResponseBody | AnswerJobResult }
  | { type: "failed"; id: number; error: WorkerError };

/** An error as it crosses threads: its code (mapped to an HTTP status in the main thread) and message. */
export type WorkerError = { code: ErrorCode; message: string };
