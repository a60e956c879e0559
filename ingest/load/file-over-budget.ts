import { VanbanError } from "../../core/errors.js";

/**
 * The limits one file is processed within (see ingest/pipeline/file-budget.ts):
 * - time: its worker's busy time;
 * - memory: its worker's heap;
 * - pages: pages a PDF declares;
 * - inflated-size: bytes one compressed stream (a PDF stream, a ZIP part) or all parts of a ZIP inflate to;
 * - text-size: characters of text the file yields.
 */
export type BudgetLimit = "time" | "memory" | "pages" | "inflated-size" | "text-size";

/** A file stopped because it went over one of its limits; `limit` names which, the message says by how much. */
export class FileOverBudgetError extends VanbanError {
  constructor(
    readonly limit: BudgetLimit,
    message: string,
    options?: { cause?: unknown },
  ) {
    super("file_over_budget", message, options);
    this.name = "FileOverBudgetError";
  }
}

export function isFileOverBudgetError(error: unknown): error is FileOverBudgetError {
  return error instanceof FileOverBudgetError;
}

export function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}
