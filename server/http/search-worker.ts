import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { describeError, isVanbanError } from "../../core/errors.js";
import { Bm25Index } from "../../ingest/index/bm25-index.js";
import { createEmbedder } from "../../ingest/index/create-embedder.js";
import { DOCUMENT_STORE_FILE, DocumentStore } from "../../ingest/index/document-store.js";
import { ExactVectorIndex } from "../../ingest/index/exact-vector-index.js";
import { readManifest } from "../../ingest/index/index-store.js";
import { answerQuestion } from "../answer/answer-question.js";
import { loadAnswerModel, type AnswerModel } from "../answer/model/answer-model.js";
import { warmUpArchive } from "../answer/warm-up.js";
import { createArchive, type Archive } from "../retrieve/archive.js";
import { searchPassages } from "./archive-queries.js";
import type { SearchWorkerReply, SearchWorkerRequest, SearchWorkerSettings, SharedGeneration, WorkerError } from "./search-worker-protocol.js";

/**
 * A search worker thread (search-worker-pool.ts): opens each generation the
 * main thread publishes over the same shared index (BM25 postings, vocabulary
 * and tiled vectors in shared memory, documents read from the generation's
 * documents.sqlite) and runs searches and extractive answers one at a time
 * with the same functions the main thread runs, so results are the same.
 */
const settings = workerData as SearchWorkerSettings;
const embedder = createEmbedder(settings.config);
let answerModel: Promise<AnswerModel | undefined> | undefined;
const archives = new Map<string, Archive>();

parentPort!.on("message", (request: SearchWorkerRequest) => {
  void handle(request).then((reply) => {
    if (reply) parentPort!.postMessage(reply);
  });
});

async function handle(request: SearchWorkerRequest): Promise<SearchWorkerReply | undefined> {
  switch (request.type) {
    case "open":
      try {
        archives.set(request.shared.generation, await openGeneration(request.shared));
        return { type: "opened", generation: request.shared.generation };
      } catch (error) {
        return { type: "open-failed", generation: request.shared.generation, error: toWorkerError(error) };
      }
    case "close":
      // The store's connection closes when the archive is collected (as in the main thread).
      archives.delete(request.generation);
      return undefined;
    case "search":
    case "answer":
      try {
        const archive = archives.get(request.generation);
        if (!archive) return { type: "failed", id: request.id, error: { code: "internal", message: `The search worker does not hold the generation ${request.generation}.` } };
        if (request.type === "search") return { type: "done", id: request.id, result: await searchPassages({ archive, ...request.job }) };
        const { today, ...job } = request.job;
        const model = await (answerModel ??= settings.config.ANSWER_MODEL ? loadAnswerModel(settings.config.ANSWER_MODEL) : Promise.resolve(undefined));
        return { type: "done", id: request.id, result: await answerQuestion({ archive, ...job, today: new Date(today), ...(model ? { model } : {}) }) };
      } catch (error) {
        return { type: "failed", id: request.id, error: toWorkerError(error) };
      }
  }
}

async function openGeneration(shared: SharedGeneration): Promise<Archive> {
  const { directory } = shared;
  const documentStore = DocumentStore.open(path.join(directory, DOCUMENT_STORE_FILE));
  const snapshot = {
    directory,
    manifest: await readManifest(directory),
    documents: documentStore.documents,
    chunks: documentStore.chunks,
    vectors: new Float32Array(0),
    lexical: Bm25Index.fromShared(shared.lexical),
    vectorIndex: ExactVectorIndex.fromShared(shared.vectors, settings.slot),
    documentStore,
  };
  const archive = createArchive({ snapshot, embedder });
  // As the main thread does before a generation takes traffic: the first request would pay for it.
  await warmUpArchive(archive);
  return archive;
}

function toWorkerError(error: unknown): WorkerError {
  return isVanbanError(error) ? { code: error.code, message: error.message } : { code: "internal", message: describeError(error) };
}
