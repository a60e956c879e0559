import { VanbanError } from "../../core/errors.js";
import type { SearchWorkerPool } from "./search-worker-pool.js";

/**
 * Runs CPU-bound request work (retrieval, extractive answers) one job at a
 * time in arrival order, yielding to the event loop between jobs.
 *
 * Why: Node reads every socket that is ready in one turn of the event loop
 * and runs their handlers back to back. When more requests arrive than the
 * single thread can serve, connections that happen to be read late in each
 * turn fall further and further behind: with 100 connections on a plain
 * Express app with a 10 ms handler, some requests waited over 10 s while the
 * median was 0.6 s. Queuing the work and running each job from setImmediate
 * lets newly arrived requests join the queue between jobs, so waiting is
 * first come, first served (same test: max 2.3 s, no timeouts).
 */
export interface WorkQueue {
  /**
   * Runs `work` in its turn. A job whose `signal` is aborted before its turn
   * (the client went away) is skipped with client_closed_request: under
   * overload clients time out and retry, and serving requests nobody waits for
   * any more would leave no time for the ones still waiting.
   */
  run<T>(work: () => T | Promise<T>, options?: WorkOptions): Promise<T>;
  /** Jobs waiting or running. */
  readonly length: number;
  /**
   * Worker threads that search and answer over the live archive (SEARCH_WORKERS,
   * search-worker-pool.ts); archives they do not hold (a reader's scoped view) run here.
   */
  readonly pool?: SearchWorkerPool;
}

export type WorkOptions = { signal?: AbortSignal };

/** The error of a job skipped because its client went away. */
export function clientClosedError(): VanbanError {
  return new VanbanError("client_closed_request", "The client closed the request before its turn.");
}

export function createWorkQueue(options: { pool?: SearchWorkerPool } = {}): WorkQueue {
  const pending: Array<() => Promise<void>> = [];
  let running = false;
  const next = () => {
    if (running) return;
    const job = pending.shift();
    if (!job) return;
    running = true;
    setImmediate(() => {
      void job().finally(() => {
        running = false;
        next();
      });
    });
  };
  return {
    ...(options.pool ? { pool: options.pool } : {}),
    get length() {
      return pending.length + (running ? 1 : 0) + (options.pool?.length ?? 0);
    },
    run<T>(work: () => T | Promise<T>, runOptions: WorkOptions = {}): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        pending.push(async () => {
          if (runOptions.signal?.aborted) {
            reject(clientClosedError());
            return;
          }
          try {
            resolve(await work());
          } catch (error) {
            reject(error);
          }
        });
        next();
      });
    },
  };
}
