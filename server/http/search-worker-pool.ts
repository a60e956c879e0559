import type { Worker } from "node:worker_threads";
import type { Config } from "../../core/config.js";
import { VanbanError } from "../../core/errors.js";
import { startTypeScriptWorker } from "../../core/start-typescript-worker.js";
import type { Archive } from "../retrieve/archive.js";
import type { SearchResponseBody } from "./response-schemas.js";
import { clientClosedError, type WorkOptions } from "./work-queue.js";
import type { AnswerJob, AnswerJobResult, SearchJob, SearchWorkerReply, SearchWorkerRequest, SharedGeneration } from "./search-worker-protocol.js";

/**
 * Search and answering on a pool of worker threads that share one read-only
 * index (search-worker.ts), first come, first served.
 *
 * One queue in the main thread holds every job in arrival order; a worker
 * that finishes takes the oldest one. Request handlers only parse the request
 * and queue it, so the main thread stays free to read sockets and the order
 * of arrival is the order of service, as with the single-thread work queue.
 *
 * Generations: `publish` sends a generation's shared arrays to every worker
 * and resolves when all have opened it; only then is the archive made live
 * (archive-service.ts), so a request never reaches a worker that lacks its
 * generation. Only the live generation takes new jobs (a request still holding
 * the previous archive runs on the main thread, which holds it too); the
 * previous one is closed in the workers once its last job is done.
 */
export interface SearchWorkerPool {
  /** Number of worker threads. */
  readonly size: number;
  /** Jobs waiting or running. */
  readonly length: number;
  /** Whether the workers serve this very archive: the live generation, published whole (a reader's scoped view is not). */
  serves(archive: Archive): boolean;
  /** Opens a generation in every worker; resolves when all of them hold it. */
  publish(archive: Archive, shared: Omit<SharedGeneration, "generation" | "directory">): Promise<void>;
  /** A job whose `signal` is aborted before a worker takes it is skipped (client_closed_request), as in the work queue. */
  search(archive: Archive, job: SearchJob, options?: WorkOptions): Promise<SearchResponseBody>;
  answer(archive: Archive, job: AnswerJob, options?: WorkOptions): Promise<AnswerJobResult>;
  close(): Promise<void>;
}

/** Starts `size` workers (the entry point's choice, `SEARCH_WORKERS`). */
export function createSearchWorkerPool(options: { size: number; config: Config; startWorker?: (slot: number) => Worker }): SearchWorkerPool {
  const start =
    options.startWorker ??
    ((slot: number) => startTypeScriptWorker({ entry: new URL("./search-worker.ts", import.meta.url), settings: { config: options.config, slot } }));
  type Job = { message: SearchWorkerRequest & { id: number }; generation: string; signal?: AbortSignal; resolve: (value: unknown) => void; reject: (error: unknown) => void };
  type Slot = { worker: Worker; busy?: Job };
  type Generation = { archive: Archive; jobs: number; live: boolean };
  const slots: Slot[] = [];
  const pending: Job[] = [];
  // Keyed by publication, not by directory: a generation opened twice is two entries, closed apart.
  const generations = new Map<string, Generation>();
  const keys = new WeakMap<Archive, string>();
  let publications = 0;
  const openWaiters = new Map<string, { remaining: number; failed?: Error; done: () => void }>();
  let nextId = 1;
  let closed = false;

  const pump = () => {
    for (const slot of slots) {
      if (slot.busy) continue;
      let job = pending.shift();
      while (job?.signal?.aborted) {
        finish(job);
        job.reject(clientClosedError());
        job = pending.shift();
      }
      if (!job) return;
      slot.busy = job;
      slot.worker.postMessage(job.message);
    }
  };

  const finish = (job: Job) => {
    const generation = generations.get(job.generation);
    if (!generation) return;
    generation.jobs--;
    if (!generation.live && generation.jobs === 0) retire(job.generation);
  };

  const retire = (name: string) => {
    generations.delete(name);
    for (const slot of slots) slot.worker.postMessage({ type: "close", generation: name } satisfies SearchWorkerRequest);
  };

  const onReply = (slot: Slot, reply: SearchWorkerReply) => {
    if (reply.type === "opened" || reply.type === "open-failed") {
      const waiter = openWaiters.get(reply.generation);
      if (!waiter) return;
      if (reply.type === "open-failed") waiter.failed ??= new VanbanError(reply.error.code, `A search worker could not open the generation: ${reply.error.message}`);
      if (--waiter.remaining === 0) waiter.done();
      return;
    }
    const job = slot.busy;
    if (!job || job.message.id !== reply.id) return;
    slot.busy = undefined;
    finish(job);
    if (reply.type === "done") job.resolve(reply.result);
    else job.reject(new VanbanError(reply.error.code, reply.error.message));
    pump();
  };

  const onExit = (slot: Slot, detail: string) => {
    const at = slots.indexOf(slot);
    if (at < 0) return;
    // A worker that died is not replaced: the others go on, and with none left the main thread serves (serves() is false).
    slots.splice(at, 1);
    for (const waiter of openWaiters.values()) if (--waiter.remaining === 0) waiter.done();
    if (slot.busy) {
      finish(slot.busy);
      slot.busy.reject(new VanbanError("internal", `A search worker stopped (${detail}).`));
    }
    if (!slots.length) for (const job of pending.splice(0)) job.reject(new VanbanError("internal", "No search worker is left."));
    pump();
  };

  for (let slot = 1; slot <= options.size; slot++) {
    const entry: Slot = { worker: start(slot) };
    entry.worker.on("message", (reply: SearchWorkerReply) => onReply(entry, reply));
    entry.worker.on("error", (error) => onExit(entry, error.message));
    entry.worker.on("exit", (code) => onExit(entry, `exit code ${code}`));
    slots.push(entry);
  }

  const liveKeyOf = (archive: Archive): string | undefined => {
    const key = keys.get(archive);
    return !closed && slots.length > 0 && key !== undefined && generations.get(key)?.live ? key : undefined;
  };

  const submit = <T>(archive: Archive, message: Omit<Extract<SearchWorkerRequest, { id: number }>, "id" | "generation">, options: WorkOptions = {}): Promise<T> => {
    const key = liveKeyOf(archive);
    if (key === undefined) return Promise.reject(new VanbanError("internal", "The search workers do not hold this archive."));
    generations.get(key)!.jobs++;
    return new Promise<T>((resolve, reject) => {
      const full = { ...message, id: nextId++, generation: key } as SearchWorkerRequest & { id: number };
      pending.push({ message: full, generation: key, ...(options.signal ? { signal: options.signal } : {}), resolve: resolve as (value: unknown) => void, reject });
      pump();
    });
  };

  return {
    size: options.size,
    get length() {
      return pending.length + slots.filter((slot) => slot.busy).length;
    },
    serves(archive) {
      return liveKeyOf(archive) !== undefined;
    },
    async publish(archive, shared) {
      if (closed || !slots.length) throw new VanbanError("internal", "The search worker pool has no workers.");
      const name = `${archive.generation}#${++publications}`;
      const message: SearchWorkerRequest = { type: "open", shared: { ...shared, generation: name, directory: archive.generation } };
      await new Promise<void>((resolve, reject) => {
        const waiter = {
          remaining: slots.length,
          failed: undefined as Error | undefined,
          done: () => {
            openWaiters.delete(name);
            if (waiter.failed) reject(waiter.failed);
            else resolve();
          },
        };
        openWaiters.set(name, waiter);
        for (const slot of slots) slot.worker.postMessage(message);
      });
      for (const [other, generation] of generations) {
        generation.live = false;
        if (generation.jobs === 0) retire(other);
      }
      generations.set(name, { archive, jobs: 0, live: true });
      keys.set(archive, name);
    },
    search(archive, job, workOptions) {
      return submit<SearchResponseBody>(archive, { type: "search", job }, workOptions);
    },
    answer(archive, job, workOptions) {
      return submit<AnswerJobResult>(archive, { type: "answer", job }, workOptions);
    },
    async close() {
      closed = true;
      for (const job of pending.splice(0)) job.reject(new VanbanError("internal", "The search worker pool was closed."));
      const running = slots.splice(0);
      await Promise.all(running.map((slot) => slot.worker.terminate()));
    },
  };
}
