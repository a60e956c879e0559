import type { EventLoopUtilization } from "node:perf_hooks";
import type { Worker } from "node:worker_threads";
import { startTypeScriptWorker } from "../../core/start-typescript-worker.js";
import { describeError, VanbanError } from "../../core/errors.js";
import { FileOverBudgetError } from "../load/file-over-budget.js";
import type { FileBudget } from "./file-budget.js";
import type { ArchiveDocument, Chunk } from "../../core/types.js";
import type { DocumentTermTable } from "../index/index-terms.js";
import type { FileJob, WorkerReady, WorkerReply, WorkerRequest, WorkerSettings } from "./worker-protocol.js";

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
  /** Time and memory each file may take (see file-budget.ts); unlimited when absent. */
  budget?: Pick<FileBudget, "timeLimitSeconds" | "memoryMegabytes">;
};

type Pending = { request: WorkerRequest; resolve: (result: ProcessedFileResult) => void; reject: (error: unknown) => void };
type Slot = {
  worker: Worker;
  busy?: Pending;
  /** The worker loaded its modules and took work (see WorkerReady). */
  ready: boolean;
  /** When the current file started, on the wall clock and in the worker's event-loop time. */
  startedAt?: number;
  loopAtStart?: EventLoopUtilization;
};

/** How often running files are checked against their time limit. */
const BUDGET_CHECK_MS = 250;
/**
 * The time limit counts the worker's busy time, so a file waiting on another
 * thread (the OCR engine, which bounds each page itself) is not stopped for
 * it; on the wall clock a file may take this many times its limit.
 */
const WALL_CLOCK_FACTOR = 10;

/**
 * Worker threads are started on the first job (an ingest that finds nothing
 * to do pays nothing) and each runs one file at a time. A file that passes
 * its time limit has its worker terminated; one that passes its memory limit
 * (the worker's heap, `resourceLimits`) kills its worker; either way that
 * file fails with the limit it hit and a new worker takes the next file.
 */
export function createFileProcessorPool(options: FileProcessorPoolOptions): FileProcessor {
  const size = Math.max(1, Math.floor(options.size));
  const settings: WorkerSettings = { hashedDimension: options.hashedDimension };
  const budget = options.budget;
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;
  // Workers that died before they were ready, in a row: a broken install, not a bad file.
  let deadOnArrival = 0;
  let budgetTimer: NodeJS.Timeout | undefined;

  const dispatch = () => {
    while (queue.length) {
      let slot = slots.find((candidate) => !candidate.busy);
      if (!slot && slots.length < size) slot = spawn();
      if (!slot) break;
      const pending = queue.shift()!;
      slot.busy = pending;
      slot.startedAt = performance.now();
      slot.loopAtStart = slot.worker.performance.eventLoopUtilization();
      slot.worker.postMessage(pending.request);
    }
    watchBudget();
  };

  /** Stops a file that passed its time limit: its promise fails with the limit, its worker is terminated. */
  const checkTime = () => {
    if (!budget) return;
    const limitMs = budget.timeLimitSeconds * 1000;
    for (const slot of [...slots]) {
      if (!slot.busy || slot.startedAt === undefined) continue;
      const busyMs = slot.worker.performance.eventLoopUtilization(slot.loopAtStart).active;
      const wallMs = performance.now() - slot.startedAt;
      if (busyMs <= limitMs && wallMs <= limitMs * WALL_CLOCK_FACTOR) continue;
      const pending = slot.busy;
      slot.busy = undefined;
      retire(slot);
      const seconds = Math.round(Math.max(busyMs, wallMs / WALL_CLOCK_FACTOR) / 1000);
      pending.reject(
        new FileOverBudgetError(
          "time",
          `Processing the file took longer than ${budget.timeLimitSeconds} s (${seconds} s so far), the time limit (FILE_TIME_LIMIT_S); it was stopped.`,
        ),
      );
    }
    if (!closed) dispatch();
  };

  const watchBudget = () => {
    const running = slots.some((slot) => slot.busy);
    if (budget && running && !budgetTimer) {
      budgetTimer = setInterval(checkTime, BUDGET_CHECK_MS);
      budgetTimer.unref();
    } else if (!running && budgetTimer) {
      clearInterval(budgetTimer);
      budgetTimer = undefined;
    }
  };

  /** Takes a worker out of the pool and stops it; its exit is then nobody's failure. */
  const retire = (slot: Slot) => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    void slot.worker.terminate().catch(() => undefined);
  };

  const spawn = (): Slot => {
    const worker = startWorker(settings, budget);
    const slot: Slot = { worker, ready: false };
    worker.on("message", (reply: WorkerReply | WorkerReady) => {
      if ("ready" in reply) {
        slot.ready = true;
        deadOnArrival = 0;
        return;
      }
      const pending = slot.busy;
      if (!pending || pending.request.id !== reply.id) return;
      slot.busy = undefined;
      if (reply.ok) {
        const { document } = reply;
        const chunks = reply.chunks.map((chunk) => ({ ...chunk, text: document.text.slice(chunk.start, chunk.end) }));
        pending.resolve({ document, chunks, terms: reply.terms, vectors: reply.vectors, embedderId: reply.embedderId });
      } else if (reply.limit) pending.reject(new FileOverBudgetError(reply.limit, reply.message));
      else pending.reject(new VanbanError(reply.code, reply.message));
      dispatch();
    });
    const fail = (error: unknown) => {
      const index = slots.indexOf(slot);
      if (index < 0) return;
      slots.splice(index, 1);
      const pending = slot.busy;
      slot.busy = undefined;
      const outOfMemory = (error as { code?: string } | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY";
      if (pending) {
        if (outOfMemory && budget) {
          pending.reject(
            new FileOverBudgetError(
              "memory",
              `Processing the file needed more than ${budget.memoryMegabytes} MB of memory, the memory limit (FILE_MEMORY_MB); it was stopped.`,
              { cause: error },
            ),
          );
        } else {
          const reason = error instanceof Error ? error.message : `exit code ${String(error)}`;
          pending.reject(new VanbanError("file_unreadable", `Processing the file stopped its worker (${reason}); the file may be too large or malformed.`, { cause: error }));
        }
      }
      if (!slot.ready && !outOfMemory && ++deadOnArrival >= 3) {
        for (const queued of queue.splice(0)) queued.reject(new VanbanError("internal", `The ingest workers cannot start (${describeError(error)}).`, { cause: error }));
        watchBudget();
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
      watchBudget();
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new VanbanError("internal", "The file processor was closed."));
      const running = slots.splice(0);
      for (const slot of running) slot.busy?.reject(new VanbanError("internal", "The file processor was closed."));
      await Promise.all(running.map((slot) => slot.worker.terminate()));
      watchBudget();
    },
  };
}

/** A file-processing worker; the heap limit is the memory limit (buffers outside the heap are bounded by the content checks). */
function startWorker(settings: WorkerSettings, budget: FileProcessorPoolOptions["budget"]): Worker {
  return startTypeScriptWorker({
    entry: new URL("./process-file-worker.ts", import.meta.url),
    settings,
    ...(budget ? { resourceLimits: { maxOldGenerationSizeMb: budget.memoryMegabytes } } : {}),
  });
}
