import path from "node:path";
import { describeProgress } from "../../ingest/index/ingest-lock.js";
import type { IngestQueue, IngestRunRecord, IngestStatus } from "../../ingest/ingest-queue.js";
import type { IngestSummary } from "../../ingest/progress.js";
import type { ReindexJob, ReindexState } from "./reindex-job.js";

/**
 * The ingest state as the HTTP API shows it: compact in /api/health, in full
 * (with each failed file, its reason and the limit it hit) in
 * /api/admin/ingest and the reindex reply. Replies never carry absolute
 * paths: sources are relative to the corpus, generations are named, and any
 * path of the server's folders in a message is cut to what follows it.
 */
export type HealthIngestState = {
  state: IngestStatus["state"];
  phase?: string;
  processed?: number;
  total?: number;
  queued: boolean;
  holder?: { pid: number };
  last?: { finishedAt: string; ok: boolean; documents?: number; chunks?: number; failed?: number; error?: string };
};

export function describeIngestForHealth(status: IngestStatus, privatePaths: readonly string[] = []): HealthIngestState {
  const { progress, last } = status;
  return {
    state: status.state,
    ...(progress ? { phase: progress.phase, processed: progress.processed, total: progress.total } : {}),
    queued: status.queued,
    ...(status.holder ? { holder: { pid: status.holder.pid } } : {}),
    ...(last ? { last: describeLastRun(last, privatePaths) } : {}),
  };
}

function describeLastRun(last: IngestRunRecord, privatePaths: readonly string[]): NonNullable<HealthIngestState["last"]> {
  return {
    finishedAt: last.finishedAt,
    ok: last.ok,
    ...(last.summary ? { documents: last.summary.documents, chunks: last.summary.chunks, failed: last.summary.failed.length } : {}),
    ...(last.error ? { error: redactPaths(last.error.message, privatePaths) } : {}),
  };
}

/** The full state: the compact one plus the last run's summary (failed files with their limits, skipped entries). */
export function describeIngestStatus(status: IngestStatus, privatePaths: readonly string[] = []) {
  return {
    ...describeIngestForHealth(status, privatePaths),
    ...(status.progress?.current ? { current: status.progress.current } : {}),
    ...(status.last?.summary ? { summary: publicSummary(status.last.summary, privatePaths) } : {}),
  };
}

/** An ingest summary fit for a reply: the generation by name, messages without the server's paths. */
export function publicSummary(summary: IngestSummary, privatePaths: readonly string[] = []) {
  const { generation, failed, skipped, ...counts } = summary;
  return {
    ...counts,
    ...(generation ? { generation: path.basename(generation) } : {}),
    failed: failed.map((failure) => ({ ...failure, message: redactPaths(failure.message, privatePaths) })),
    ...(skipped ? { skipped: skipped.map((entry) => ({ ...entry, reason: redactPaths(entry.reason, privatePaths) })) } : {}),
  };
}

/** "Waiting: another ingest is at 3 of 9 files" and the like, for the 503 of a server without an index yet. */
export function describeMissingArchive(status: IngestStatus): string {
  if (status.state === "running") {
    return `The archive is being indexed${status.progress ? ` (${describeProgress(status.progress)})` : ""}; try again in a moment.`;
  }
  if (status.state === "waiting") {
    return `Another process is indexing the archive${status.progress ? ` (${describeProgress(status.progress)})` : ""}; try again in a moment.`;
  }
  if (status.last && !status.last.ok) return "No index is available: the last ingest failed. See /api/health.";
  return "The index is not loaded yet; try again in a moment.";
}

/** Every occurrence of one of `privatePaths` (absolute folders) cut out, with the separator after it. */
export function redactPaths(text: string, privatePaths: readonly string[]): string {
  let result = text;
  // Longest first, so that a folder inside another is cut whole.
  for (const folder of [...privatePaths].sort((a, b) => b.length - a.length)) {
    if (folder.length < 2) continue;
    result = result.split(`${folder}${path.sep}`).join("").split(folder).join(".");
  }
  return result;
}

/** The ingest queue as the web side's ReindexJob (uploads, deletions, the reindex status page). */
export function reindexJobOf(queue: IngestQueue): ReindexJob {
  return {
    run: () => queue.request(),
    state(): ReindexState {
      const status = queue.status();
      const { progress, last } = status;
      return {
        running: status.state !== "idle",
        done: progress?.processed ?? last?.summary?.files ?? 0,
        total: progress?.total ?? last?.summary?.files ?? 0,
        ...(progress?.current ? { current: progress.current } : {}),
        ...(progress?.startedAt ? { startedAt: progress.startedAt } : {}),
        ...(last ? { finishedAt: last.finishedAt } : {}),
        ...(last?.summary ? { summary: last.summary } : {}),
        ...(last && !last.ok && last.error ? { error: last.error.message } : {}),
      };
    },
  };
}

/** A ReindexJob's state (an app given a plain `reindex` function) in the shape of describeIngestStatus. */
export function describeReindexState(state: ReindexState, privatePaths: readonly string[] = []) {
  const summary = state.summary;
  return {
    state: state.running ? ("running" as const) : ("idle" as const),
    ...(state.running ? { phase: "processing", processed: state.done, total: state.total } : {}),
    queued: false,
    ...(state.current ? { current: state.current } : {}),
    ...(state.finishedAt
      ? {
          last: {
            finishedAt: state.finishedAt,
            ok: state.error === undefined,
            ...(summary ? { documents: summary.documents, chunks: summary.chunks, failed: summary.failed.length } : {}),
            ...(state.error ? { error: redactPaths(state.error, privatePaths) } : {}),
          },
        }
      : {}),
    ...(summary ? { summary: publicSummary(summary, privatePaths) } : {}),
  };
}

