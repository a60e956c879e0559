import type { ArchiveDocument, Task } from "../../core/types.js";
import { foldPhrase } from "../../ingest/parse/fold-text.js";

/**
 * The task table's queries: status against a given day, and the filters of
 * GET /api/tasks. Pure functions; "today" is always passed in.
 */

/** upcoming: due today or later; overdue: the deadline's last day has passed; undated: no end date (none, relative, recurring, start-only). */
export type TaskStatus = "upcoming" | "overdue" | "undated";
export const TASK_STATUSES: readonly TaskStatus[] = ["upcoming", "overdue", "undated"];

export type TaskFilters = {
  /** A unit name, matched without case or diacritics against the lead and (unless role is "lead") the partners. */
  unit?: string;
  role?: "lead" | "any";
  /** ISO dates: keep tasks whose deadline window meets [from, to]. */
  from?: string;
  to?: string;
  status?: TaskStatus;
  /** ISO date (YYYY-MM-DD) or a Date (its calendar day in Vietnam). */
  today: string | Date;
  /** Words that must all occur (as whole words, any case or diacritics) in the task, its quote, units or source. */
  q?: string;
  /** Province of the source document. */
  province?: string;
  /** Year of the source document. */
  year?: number;
  docId?: string;
};

type DocumentInfo = Pick<ArchiveDocument, "id" | "meta">;

/** Calendar day of a Date in Vietnam (UTC+7, where the directives apply), or an ISO date as given. */
export function toIsoDay(day: string | Date, options: { timeZone?: string } = {}): string {
  if (typeof day === "string") return day.slice(0, 10);
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: options.timeZone ?? "Asia/Ho_Chi_Minh",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(day);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/**
 * A task's status on a day. Nothing in a directive says whether a task was
 * done, so "overdue" means only that its deadline has passed.
 */
export function taskStatus(task: Pick<Task, "deadline">, today: string | Date): TaskStatus {
  const end = task.deadline?.end;
  if (!end) return "undated";
  return end < toIsoDay(today) ? "overdue" : "upcoming";
}

/** Tasks matching every given filter, dated ones first by deadline, then undated ones in document order. */
export function filterTasks(tasks: readonly Task[], filters: TaskFilters, documents: readonly DocumentInfo[]): Task[] {
  const today = toIsoDay(filters.today);
  const byId = new Map(documents.map((document) => [document.id, document]));
  const unit = filters.unit ? foldPhrase(filters.unit) : undefined;
  const province = filters.province ? foldPhrase(filters.province) : undefined;
  // An archive names a few dozen units across its tens of thousands of tasks: fold each name once.
  const foldedNames = new Map<string, string>();
  const foldedName = (name: string): string => {
    let folded = foldedNames.get(name);
    if (folded === undefined) foldedNames.set(name, (folded = foldPhrase(name)));
    return folded;
  };
  const words = filters.q ? foldPhrase(filters.q).replace(/[^\p{L}\p{N}/-]+/gu, " ").split(" ").filter(Boolean) : [];

  const kept = tasks.filter((task) => {
    if (filters.docId && task.docId !== filters.docId) return false;
    if (filters.status && taskStatus(task, today) !== filters.status) return false;
    if (unit) {
      const names = filters.role === "lead" ? [task.lead] : [task.lead, ...task.partners];
      if (!names.some((name) => foldedName(name).includes(unit))) return false;
    }
    if (filters.from || filters.to) {
      const end = task.deadline?.end;
      if (!end) return false;
      const start = task.deadline?.start ?? end;
      if (filters.from && end < filters.from) return false;
      if (filters.to && start > filters.to) return false;
    }
    if (province || filters.year !== undefined) {
      const meta = byId.get(task.docId)?.meta;
      if (province && !(meta?.province && foldPhrase(meta.province) === province)) return false;
      if (filters.year !== undefined && meta?.year !== filters.year) return false;
    }
    if (words.length) {
      const haystack = ` ${foldPhrase([task.task, task.quote, task.lead, ...task.partners, task.deadline?.text ?? "", task.source].join(" ")).replace(/[^\p{L}\p{N}/-]+/gu, " ")} `;
      if (!words.every((word) => haystack.includes(` ${word} `))) return false;
    }
    return true;
  });
  return sortTasks(kept);
}

/** Dated tasks by deadline end (then start), undated ones after, each group in document order. */
export function sortTasks(tasks: readonly Task[]): Task[] {
  return [...tasks].sort((a, b) => {
    const aEnd = a.deadline?.end;
    const bEnd = b.deadline?.end;
    if (aEnd && bEnd && aEnd !== bEnd) return aEnd < bEnd ? -1 : 1;
    if (aEnd && !bEnd) return -1;
    if (!aEnd && bEnd) return 1;
    if (a.docId !== b.docId) return a.docId < b.docId ? -1 : 1;
    return a.start - b.start;
  });
}
