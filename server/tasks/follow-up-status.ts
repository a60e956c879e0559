import type { Task } from "../../core/types.js";
import { toIsoDay } from "./filter-tasks.js";

/**
 * A task's follow-up status as the tasks page shows it: what a person
 * recorded ("done", "ongoing", "open"), else what its deadline says. Overdue
 * means open with a deadline that has passed; a deadline dated before the
 * document itself (a past event the sentence mentions, not a time limit)
 * never makes a task overdue.
 */
export type TaskState = "open" | "done" | "ongoing" | "overdue";
export const TASK_STATES: readonly TaskState[] = ["open", "done", "ongoing", "overdue"];

export function taskState(options: {
  task: Pick<Task, "deadline">;
  recorded?: "open" | "done" | "ongoing";
  today: string | Date;
  /** ISO date (or YYYY-MM / YYYY) of the document that set the task. */
  documentDate?: string;
}): TaskState {
  const { task, recorded } = options;
  if (recorded === "done" || recorded === "ongoing") return recorded;
  const deadline = task.deadline;
  if (!recorded && (deadline?.ongoing || deadline?.recurring)) return "ongoing";
  const end = deadline?.end;
  if (!end || end >= toIsoDay(options.today)) return "open";
  const issued = options.documentDate;
  // "2024-03" or "2024" compare as the start of their month or year.
  if (issued && end < issued) return "open";
  return "overdue";
}
