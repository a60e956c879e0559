import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describeError, VanbanError } from "../../core/errors.js";
import type { ArchiveDocument, Chunk } from "../../core/types.js";
import type { DocumentTermTable } from "../index/index-terms.js";
import type { FileJob, WorkerReply, WorkerRequest, WorkerSettings } from "./worker-protocol.js";

/**
 * Runs the file pipeline off the main thread. The ingest hands it files; it
 * answers with the document, its chunks and, when it could embed them itself
 * (hashed embedder), their vectors and the embedder id that made them.
 */
export interface FileProcessor {
  /** How many files it works on at once (0: on the caller's thread, when asked); the ingest keeps about twice that many queued. */
  readonly concurrency: number;
  process(job: FileJob): Promise<ProcessedFileResult>;
  /** No more work for now: idle workers stop and give their memory back (new ones start on the next job). */
  drain?(): Promise<void>;
  close(): Promise<void>;
}

export type ProcessedFileResult = {
  document: ArchiveDocument;
  chunks: Chunk[];
  /** The chunks' BM25 input, when the processor tokenized them (see prepareIndexInput). */
  terms?: DocumentTermTable;
  vectors?: Float32Array;
  embedderId?: string;
};

export type FileProcessorPoolOptions = {
  /** Number of worker threads (at least 1). */
  size: number;
  /** Set when the embedder is the hashed one of this dimension: workers embed the chunks too. */
  hashedDimension?: number;
};

type Pending = { request: WorkerRequest; resolve: (result: ProcessedFileResult) => void; reject: (error: unknown) => void };
type Slot = { worker: Worker; busy?: Pending; answered: boolean };

/**
 * Worker threads are started on the first job (an ingest that finds nothing
 * to do pays nothing) and each runs one file at a time. A worker that dies on
 * a file (out of memory on a pathological input) fails that file only; a new
 * worker takes its place.
 */
export function createFileProcessorPool(options: FileProcessorPoolOptions): FileProcessor {
  const size = Math.max(1, Math.floor(options.size));
  const settings: WorkerSettings = { hashedDimension: options.hashedDimension };
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;
  // Workers that died before answering anything, in a row: a broken install, not a bad file.
  let deadOnArrival = 0;

  const dispatch = () => {
    while (queue.length) {
      let slot = slots.find((candidate) => !candidate.busy);
      if (!slot && slots.length < size) slot = spawn();
      if (!slot) return;
      const pending = queue.shift()!;
      slot.busy = pending;
      slot.worker.postMessage(pending.request);
    }
  };

  const spawn = (): Slot => {
    const worker = startWorker(settings);
    const slot: Slot = { worker, answered: false };
    worker.on("message", (reply: WorkerReply) => {
      const pending = slot.busy;
      if (!pending || pending.request.id !== reply.id) return;
      slot.busy = undefined;
      slot.answered = true;
      deadOnArrival = 0;
      if (reply.ok) {
        const { document } = reply;
        const chunks = reply.chunks.map((chunk) => ({ ...chunk, text: document.text.slice(chunk.start, chunk.end) }));
        pending.resolve({ document, chunks, terms: reply.terms, vectors: reply.vectors, embedderId: reply.embedderId });
      }
      else pending.reject(new VanbanError(reply.code, reply.message));
      dispatch();
    });
    const fail = (error: unknown) => {
      const index = slots.indexOf(slot);
      if (index < 0) return;
      slots.splice(index, 1);
      const pending = slot.busy;
      slot.busy = undefined;
      if (pending) {
        const reason = error instanceof Error ? error.message : `exit code ${String(error)}`;
        pending.reject(new VanbanError("file_unreadable", `Processing the file stopped its worker (${reason}); the file may be too large or malformed.`, { cause: error }));
      }
      if (!slot.answered && ++deadOnArrival >= 3) {
        for (const queued of queue.splice(0)) queued.reject(new VanbanError("internal", `The ingest workers cannot start (${describeError(error)}).`, { cause: error }));
        return;
      }
      if (!closed) dispatch();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(code));
    slots.push(slot);
    return slot;
  };

  return {
    concurrency: size,
    process(job) {
      if (closed) return Promise.reject(new VanbanError("internal", "The file processor is closed."));
      return new Promise<ProcessedFileResult>((resolve, reject) => {
        queue.push({ request: { id: nextId++, job }, resolve, reject });
        dispatch();
      });
    },
    async drain() {
      const idle = slots.filter((slot) => !slot.busy);
      for (const slot of idle) slots.splice(slots.indexOf(slot), 1);
      await Promise.all(idle.map((slot) => slot.worker.terminate()));
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new VanbanError("internal", "The file processor was closed."));
      const running = slots.splice(0);
      await Promise.all(running.map((slot) => slot.worker.terminate()));
    },
  };
}

/**
 * The worker is TypeScript like the rest; it is started through tsx's
 * loader API so it runs the same way under `tsx` (npm start, npm run ingest)
 * and under vitest.
 */
function startWorker(settings: WorkerSettings): Worker {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("tsx/package.json");
  const manifest = require(manifestPath) as { exports: Record<string, { import?: { default?: string } }> };
  const loaderApi = manifest.exports["./esm/api"]?.import?.default;
  if (!loaderApi) throw new VanbanError("internal", "tsx's ESM loader API was not found; reinstall dependencies (npm install).");
  const entry = new URL("./process-file-worker.ts", import.meta.url).href;
  const bootstrap = [
    'const { workerData } = require("node:worker_threads");',
    "import(workerData.loaderApi).then((api) => { api.register(); return import(workerData.entry); });",
  ].join("\n");
  return new Worker(bootstrap, {
    eval: true,
    workerData: { ...settings, loaderApi: new URL(loaderApi, pathToFileURL(manifestPath)).href, entry },
  });
}
