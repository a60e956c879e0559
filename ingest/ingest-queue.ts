import { describeError, isVanbanError } from "../core/errors.js";
import { IngestBusyError, type IngestProgress } from "./index/ingest-lock.js";
import type { IngestSummary } from "./progress.js";

/**
 * "Run an incremental ingest now and swap it in", for everything in one
 * process that needs it (the start-up ingest, POST /api/admin/reindex, an
 * upload route): one ingest runs at a time, and a request made while one runs
 * is served by the next run, which starts after it (so it sees the caller's
 * change); requests made meanwhile share that next run. A run is the ingest
 * and then `publish` (the server opens the new generation and swaps it in),
 * so the next run starts only once the previous result is live.
 *
 * Another process writing the same index makes a run fail with
 * IngestBusyError (code ingest_busy, HTTP 409) carrying that process's
 * progress; `requestWhenFree` waits for it instead.
 */
export type IngestQueue = {
  /** An ingest that starts after this call (shared with other callers until it starts); resolves once its result is live. */
  request(): Promise<IngestSummary>;
  /** As request(), but while another process holds the index, waits for it and tries again. */
  requestWhenFree(options?: { retryMs?: number; signal?: AbortSignal }): Promise<IngestSummary>;
  status(): IngestStatus;
};

export type IngestStatus = {
  /** running: this process ingests; waiting: another process holds the index; idle: neither. */
  state: "idle" | "running" | "waiting";
  /** A run is queued behind the running one. */
  queued: boolean;
  /** How far the running ingest (or the other process's, while waiting) is. */
  progress?: IngestProgress;
  /** The process holding the index, while waiting. */
  holder?: { pid: number; host: string };
  /** The last run that finished, successfully or not. */
  last?: IngestRunRecord;
};

export type IngestRunRecord = {
  finishedAt: string;
  ok: boolean;
  summary?: IngestSummary;
  error?: { code: string; message: string };
};

type Job = { promise: Promise<IngestSummary>; start: () => void };

export function createIngestQueue(options: {
  /** One incremental ingest (runIngest with its dependencies), told where to report progress. */
  ingest: (onProgress: (progress: IngestProgress) => void) => Promise<IngestSummary>;
  /** Makes a finished ingest's result live; the next run waits for it. */
  publish?: (summary: IngestSummary) => Promise<void>;
  now?: () => Date;
}): IngestQueue {
  const now = options.now ?? (() => new Date());
  let running: Job | undefined;
  let queued: Job | undefined;
  let progress: IngestProgress | undefined;
  let blocked: IngestBusyError | undefined;
  /** Callers of requestWhenFree waiting for another process. */
  let waiting = 0;
  let last: IngestRunRecord | undefined;

  const createJob = (): Job => {
    let start!: () => void;
    const started = new Promise<void>((resolve) => (start = resolve));
    const promise = started.then(async () => {
      progress = undefined;
      try {
        const summary = await options.ingest((update) => {
          progress = update;
        });
        await options.publish?.(summary);
        blocked = undefined;
        last = { finishedAt: now().toISOString(), ok: true, summary };
        return summary;
      } catch (error) {
        if (error instanceof IngestBusyError) blocked = error;
        last = { finishedAt: now().toISOString(), ok: false, error: { code: isVanbanError(error) ? error.code : "internal", message: describeError(error) } };
        throw error;
      } finally {
        progress = undefined;
        running = undefined;
        if (queued) {
          running = queued;
          queued = undefined;
          running.start();
        }
      }
    });
    // Callers handle the outcome; an unobserved failure is not an unhandled rejection.
    promise.catch(() => undefined);
    return { promise, start };
  };

  const request = (): Promise<IngestSummary> => {
    if (!running) {
      running = createJob();
      running.start();
      return running.promise;
    }
    queued ??= createJob();
    return queued.promise;
  };

  return {
    request,
    async requestWhenFree(waitOptions = {}) {
      const retryMs = waitOptions.retryMs ?? 2000;
      for (;;) {
        try {
          return await request();
        } catch (error) {
          if (!(error instanceof IngestBusyError) || waitOptions.signal?.aborted) throw error;
          waiting++;
          try {
            await new Promise((resolve) => setTimeout(resolve, retryMs));
          } finally {
            waiting--;
          }
        }
      }
    },
    status() {
      if (running) return { state: "running", queued: queued !== undefined, ...(progress ? { progress } : {}), ...(last ? { last } : {}) };
      if (blocked && waiting > 0) {
        return {
          state: "waiting",
          queued: false,
          ...(blocked.progress ? { progress: blocked.progress } : {}),
          holder: { pid: blocked.holder.pid, host: blocked.holder.host },
          ...(last ? { last } : {}),
        };
      }
      return { state: "idle", queued: false, ...(last ? { last } : {}) };
    },
  };
}
