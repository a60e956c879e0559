import type { Task } from "../../core/types.js";
import { taskStatus } from "./filter-tasks.js";

/**
 * The task table as CSV (RFC 4180: CRLF, fields quoted when needed, quotes
 * doubled), one header row. With `today`, a status column is added.
 */
export function formatTasksCsv(tasks: readonly Task[], options: { today?: string | Date } = {}): string {
  const header = [
    "id",
    ...(options.today !== undefined ? ["status"] : []),
    "lead",
    "partners",
    "task",
    "deadline_text",
    "deadline_start",
    "deadline_end",
    "relative",
    "doc_id",
    "source",
    "quote",
    "start",
    "end",
  ];
  const rows = tasks.map((task) => [
    task.id,
    ...(options.today !== undefined ? [taskStatus(task, options.today)] : []),
    task.lead,
    task.partners.join("; "),
    task.task,
    task.deadline?.text ?? "",
    task.deadline?.start ?? "",
    task.deadline?.end ?? "",
    task.deadline?.relative ? "yes" : "",
    task.docId,
    task.source,
    task.quote,
    String(task.start),
    String(task.end),
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function csvField(value: string): string {
  // A cell starting with = + - @ is run as a formula by spreadsheets; a leading apostrophe keeps it text.
  const safe = /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
  return /[",\r\n]/u.test(safe) ? `"${safe.replace(/"/gu, '""')}"` : safe;
}
