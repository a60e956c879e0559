import type { TaskView } from "./task-views.js";

/** The columns of the CSV and XLSX exports, in order, with how to read each from a task. */
export const TASK_EXPORT_COLUMNS: ReadonlyArray<{ name: string; value: (task: TaskView) => string }> = [
  { name: "task_id", value: (task) => task.taskId },
  { name: "status", value: (task) => task.status },
  { name: "lead", value: (task) => task.lead },
  { name: "partners", value: (task) => task.partners.join("; ") },
  { name: "task", value: (task) => task.task },
  { name: "deadline_text", value: (task) => task.deadline?.text ?? "" },
  { name: "deadline_start", value: (task) => task.deadline?.start ?? "" },
  { name: "deadline_end", value: (task) => task.deadline?.end ?? "" },
  { name: "deadline_kind", value: (task) => task.deadline?.kind ?? "none" },
  { name: "note", value: (task) => task.note },
  { name: "changed_by", value: (task) => task.changedBy ?? "" },
  { name: "changed_at", value: (task) => task.changedAt ?? "" },
  { name: "document", value: (task) => task.documentName },
  { name: "number", value: (task) => task.number ?? "" },
  { name: "title", value: (task) => task.title ?? "" },
  { name: "province", value: (task) => task.province ?? "" },
  { name: "year", value: (task) => (task.year === null ? "" : String(task.year)) },
  { name: "doc_id", value: (task) => task.docId },
  { name: "source", value: (task) => task.source },
  { name: "quote", value: (task) => task.quote },
  { name: "start", value: (task) => String(task.start) },
  { name: "end", value: (task) => String(task.end) },
];

/** UTF-8 byte-order mark: Excel on Windows reads a CSV without it in the local code page and garbles Vietnamese. */
export const UTF8_BOM = "\uFEFF";

/**
 * The task table as CSV (RFC 4180: CRLF, fields quoted when needed, quotes
 * doubled), a byte-order mark, one header row.
 */
export function formatTasksCsv(tasks: readonly TaskView[]): string {
  return formatTasksCsvHeader() + formatTasksCsvRows(tasks);
}

/** The byte-order mark and the header row: the start of a CSV export written in batches. */
export function formatTasksCsvHeader(): string {
  return UTF8_BOM + TASK_EXPORT_COLUMNS.map((column) => csvField(column.name)).join(",") + "\r\n";
}

/** Rows of the CSV, each ended by CRLF (empty for no task). */
export function formatTasksCsvRows(tasks: readonly TaskView[]): string {
  return tasks.map((task) => TASK_EXPORT_COLUMNS.map((column) => csvField(column.value(task))).join(",") + "\r\n").join("");
}

/** A cell that a spreadsheet would run as a formula (= + - @ at its start) gets a leading apostrophe. */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]/u.test(safe) ? `"${safe.replace(/"/gu, '""')}"` : safe;
}
