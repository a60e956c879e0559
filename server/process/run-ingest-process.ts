import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { VanbanError, type ErrorCode } from "../../core/errors.js";
import type { IngestProgress } from "../../ingest/index/ingest-lock.js";
import type { IngestSummary } from "../../ingest/progress.js";
import { splitNodeOptions, withoutHeapLimit } from "./server-heap.js";

/** What the ingest CLI sends its parent when it is started with an IPC channel (ingest/cli.ts). */
export type IngestProcessMessage =
  | { type: "progress"; progress: IngestProgress }
  | { type: "summary"; summary: IngestSummary }
  | { type: "error"; code: ErrorCode; message: string };

const INGEST_CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../ingest/cli.ts");

/**
 * One incremental ingest in a process of its own (the ingest CLI), for a
 * server that serves from a small heap (SEARCH_BACKEND=opensearch): building
 * a generation holds every document, chunk and vector of the archive at once
 * (2.8 GB at 100k chunks), which the serving heap must not, and all of it is
 * given back when the process ends. The child gets the server's environment
 * and loader flags without any heap limit. A kill of it at any point leaves
 * the previous generation live (the same crash-safety as a kill of the CLI).
 */
export function runIngestProcess(options: {
  corpusDir: string;
  indexDir: string;
  /** The server's node arguments (its TypeScript loader); heap limits are removed. */
  execArgv: readonly string[];
  env: Record<string, string | undefined>;
  onProgress?: (progress: IngestProgress) => void;
}): Promise<IngestSummary> {
  const nodeOptions = withoutHeapLimit(splitNodeOptions(options.env.NODE_OPTIONS)).join(" ");
  const child = spawn(process.execPath, [...withoutHeapLimit(options.execArgv), INGEST_CLI, "--corpus", options.corpusDir, "--index", options.indexDir], {
    env: { ...options.env, NODE_OPTIONS: nodeOptions },
    // Its progress bar and per-file lines go where the server's own output goes.
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let summary: IngestSummary | undefined;
  let failure: { code: ErrorCode; message: string } | undefined;
  child.on("message", (message: IngestProcessMessage) => {
    if (message.type === "progress") options.onProgress?.(message.progress);
    else if (message.type === "summary") summary = message.summary;
    else if (message.type === "error") failure = { code: message.code, message: message.message };
  });
  return new Promise((resolve, reject) => {
    child.once("error", (error) => reject(new VanbanError("internal", `The ingest process could not start: ${error.message}`, { cause: error })));
    child.once("exit", (code, signal) => {
      if (summary) resolve(summary);
      else if (failure) reject(new VanbanError(failure.code, failure.message));
      else reject(new VanbanError("internal", `The ingest process ended with ${signal ?? `exit code ${code}`} before it reported; the previous index is still live.`));
    });
  });
}
