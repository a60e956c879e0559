import type { ErrorCode } from "../../core/errors.js";
import type { ArchiveDocument, Chunk } from "../../core/types.js";
import type { DocumentTermTable } from "../index/index-terms.js";
import type { BudgetLimit } from "../load/file-over-budget.js";

import type { FileJob } from "./process-file.js";

export type { FileJob };

/** Given to each worker at start. `hashedDimension` set: the worker embeds with the hashed embedder. */
export type WorkerSettings = { hashedDimension?: number };

export type WorkerRequest = { id: number; job: FileJob };

export type WorkerReply =
  | {
      id: number;
      ok: true;
      document: ArchiveDocument;
      chunks: Array<Omit<Chunk, "text">>;
      terms: DocumentTermTable;
      vectors?: Float32Array;
      embedderId?: string;
    }
  | { id: number; ok: false; code: ErrorCode; message: string; limit?: BudgetLimit };

/** Sent once by a worker when its modules are loaded and it takes work. */
export type WorkerReady = { ready: true };
