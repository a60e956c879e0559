import os from "node:os";
import type { Embedder } from "../../core/ports.js";
import { HashedEmbeddings } from "../index/hashed-embeddings.js";
import type { FileBudget } from "./file-budget.js";
import { createFileProcessorPool, type FileProcessor } from "./file-processor-pool.js";

/**
 * The file processor an entry point gives runIngest: a pool of `workers`
 * threads (default: one per core), or undefined for `workers: 0` (the
 * pipeline then runs on the main thread). With the hashed embedder the
 * workers embed too; a remote embedder is called from the main thread.
 * With a budget each file's worker is stopped past its time or memory limit.
 */
export function createFileProcessor(options: { workers?: number; embedder: Embedder; budget?: FileBudget }): FileProcessor | undefined {
  const workers = options.workers ?? Math.min(8, os.availableParallelism());
  if (workers <= 0) return undefined;
  const hashedDimension = options.embedder instanceof HashedEmbeddings ? options.embedder.dimension : undefined;
  return createFileProcessorPool({ size: workers, hashedDimension, ...(options.budget ? { budget: options.budget } : {}) });
}
