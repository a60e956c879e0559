import type { IngestSummary, ProgressReporter } from "../../ingest/progress.js";

/**
 * The one way the web side re-indexes (the reindex button, uploads,
 * deletions): runs the ingest-and-swap function it is given, one run at a
 * time, and reports progress. A request that arrives while a run is going
 * waits for one that starts after it (its files may have been written after
 * the running one listed the corpus); several such requests share that run.
 */
export type ReindexState = {
  running: boolean;
  /** Files done and to do in the current (or last) run. */
  done: number;
  total: number;
  current?: string;
  startedAt?: string;
  finishedAt?: string;
  summary?: IngestSummary;
  error?: string;
};

export type ReindexJob = {
  run(): Promise<IngestSummary>;
  state(): ReindexState;
};

export function createReindexJob(options: { reindex: (progress: ProgressReporter) => Promise<IngestSummary>; now?: () => Date }): ReindexJob {
  const now = options.now ?? (() => new Date());
  let state: ReindexState = { running: false, done: 0, total: 0 };
  let current: Promise<IngestSummary> | undefined;
  let next: Promise<IngestSummary> | undefined;

  const progress: ProgressReporter = {
    start(totalFiles) {
      state = { ...state, total: totalFiles, done: 0 };
    },
    file(event) {
      state = { ...state, done: state.done + 1, current: event.source };
    },
    message() {},
    finish(summary) {
      state = { ...state, summary };
    },
  };

  const launch = (): Promise<IngestSummary> => {
    state = { running: true, done: 0, total: 0, startedAt: now().toISOString() };
    const run = options
      .reindex(progress)
      .then((summary) => {
        state = { ...state, running: false, summary, current: undefined, finishedAt: now().toISOString() };
        return summary;
      })
      .catch((error: unknown) => {
        state = { ...state, running: false, current: undefined, finishedAt: now().toISOString(), error: error instanceof Error ? error.message : String(error) };
        throw error;
      })
      .finally(() => {
        if (current === run) current = undefined;
      });
    current = run;
    return run;
  };

  return {
    run() {
      if (!current) return launch();
      next ??= current
        .catch(() => undefined)
        .then(() => {
          next = undefined;
          return launch();
        });
      return next;
    },
    state: () => state,
  };
}
