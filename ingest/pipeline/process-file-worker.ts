import { parentPort, workerData } from "node:worker_threads";
import { isVanbanError, describeError } from "../../core/errors.js";
import { isFileOverBudgetError } from "../load/file-over-budget.js";
import { HashedEmbeddings } from "../index/hashed-embeddings.js";
import { prepareIndexInput } from "./embed-hashed.js";
import { processFile } from "./process-file.js";
import type { WorkerReady, WorkerReply, WorkerRequest, WorkerSettings } from "./worker-protocol.js";

/**
 * Worker thread of the file-processor pool: runs the real pipeline
 * (load, clean, parse, chunk) on one file at a time, tokenizes the chunks for
 * BM25 and, when the embedder is the weight-free hashed one, embeds them too,
 * so the CPU-heavy part of an ingest runs on every core.
 */
const settings = workerData as WorkerSettings;
const embedder = settings.hashedDimension ? new HashedEmbeddings({ dimension: settings.hashedDimension }) : undefined;

parentPort!.on("message", (request: WorkerRequest) => {
  void handle(request).then((reply) => {
    if (!reply.ok) {
      parentPort!.postMessage(reply);
      return;
    }
    // Typed arrays move to the main thread instead of being copied.
    const { terms, vectors } = reply;
    const transfer = [terms.chunkStarts, terms.termIndexes, terms.frequencies, terms.lengths, ...(vectors ? [vectors] : [])].map((array) => array.buffer as ArrayBuffer);
    parentPort!.postMessage(reply, transfer);
  });
});
parentPort!.postMessage({ ready: true } satisfies WorkerReady);

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  try {
    const { document, chunks } = await processFile(request.job);
    const { terms, vectors } = prepareIndexInput({ embedder, chunks, document });
    // A chunk's text is a slice of the document's: not copied across threads, re-sliced on arrival.
    const bounds = chunks.map(({ text: _text, ...rest }) => rest);
    return { id: request.id, ok: true, document, chunks: bounds, terms, vectors, embedderId: embedder?.id };
  } catch (error) {
    return {
      id: request.id,
      ok: false,
      code: isVanbanError(error) ? error.code : "file_unreadable",
      message: describeError(error),
      ...(isFileOverBudgetError(error) ? { limit: error.limit } : {}),
    };
  }
}
