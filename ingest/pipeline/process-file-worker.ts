import { parentPort, workerData } from "node:worker_threads";
import { isVanbanError, describeError } from "../../core/errors.js";
import { HashedEmbeddings } from "../index/hashed-embeddings.js";
import { embedChunksWithHashing } from "./embed-hashed.js";
import { processFile } from "./process-file.js";
import type { WorkerReply, WorkerRequest, WorkerSettings } from "./worker-protocol.js";

/**
 * Worker thread of the file-processor pool: runs the real pipeline
 * (load, clean, parse, chunk) on one file at a time and, when the embedder is
 * the weight-free hashed one, embeds its chunks too, so the CPU-heavy part of
 * an ingest runs on every core.
 */
const settings = workerData as WorkerSettings;
const embedder = settings.hashedDimension ? new HashedEmbeddings({ dimension: settings.hashedDimension }) : undefined;

parentPort!.on("message", (request: WorkerRequest) => {
  void handle(request).then((reply) => {
    if (reply.ok && reply.vectors) parentPort!.postMessage(reply, [reply.vectors.buffer as ArrayBuffer]);
    else parentPort!.postMessage(reply);
  });
});

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  try {
    const { document, chunks } = await processFile(request.job);
    const vectors = embedder ? embedChunksWithHashing({ embedder, chunks, document }) : undefined;
    // A chunk's text is a slice of the document's: not copied across threads, re-sliced on arrival.
    const bounds = chunks.map(({ text: _text, ...rest }) => rest);
    return { id: request.id, ok: true, document, chunks: bounds, vectors, embedderId: embedder?.id };
  } catch (error) {
    return {
      id: request.id,
      ok: false,
      code: isVanbanError(error) ? error.code : "file_unreadable",
      message: describeError(error),
    };
  }
}
