import { createHash } from "node:crypto";
import type { Task } from "../../core/types.js";

/**
 * Stable task ids, from content rather than position: the document's id and
 * a hash of the task's sentence (white space and Unicode form normalized),
 * with a counter for the rare sentence a document repeats. Editing one part
 * of a document moves every later offset but keeps the id of every task whose
 * sentence did not change, so its follow-up status survives the reindex.
 */
export function stableTaskId(docId: string, quote: string, occurrence = 0): string {
  const normalized = quote.normalize("NFC").replace(/\*\*/gu, "").replace(/\s+/gu, " ").trim().toLowerCase();
  const digest = createHash("sha256").update(normalized).digest("hex").slice(0, 12);
  return `${docId}:${digest}${occurrence > 0 ? `-${occurrence + 1}` : ""}`;
}

/** The stable id of every task (keyed by its positional `id`), in one pass over the archive's tasks. */
export function assignTaskIds(tasks: readonly Task[]): Map<string, string> {
  const seen = new Map<string, number>();
  const ids = new Map<string, string>();
  for (const task of tasks) {
    const base = stableTaskId(task.docId, task.quote);
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    ids.set(task.id, occurrence === 0 ? base : stableTaskId(task.docId, task.quote, occurrence));
  }
  return ids;
}
