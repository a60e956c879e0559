import writeXlsxFile, { type SheetData } from "write-excel-file/node";
import { neutralizeFormula, TASK_EXPORT_COLUMNS } from "./format-tasks-csv.js";
import type { TaskView } from "./task-views.js";

/** Column widths in characters: wide for the task, the document and the quote. */
const WIDTHS: Readonly<Record<string, number>> = { task: 60, quote: 60, document: 45, title: 45, lead: 24, partners: 24, note: 30, deadline_text: 24 };

/**
 * The task table as an Excel workbook (write-excel-file): the same columns as
 * the CSV, a bold frozen header row, every cell a text cell (so "30/6/2024"
 * or "001" stay as written), formulas never run.
 */
export async function formatTasksXlsx(tasks: readonly TaskView[], options: { sheetName?: string } = {}): Promise<Buffer> {
  const header = TASK_EXPORT_COLUMNS.map((column) => ({ value: column.name, fontWeight: "bold" as const }));
  const rows = tasks.map((task) => TASK_EXPORT_COLUMNS.map((column) => ({ value: neutralizeFormula(column.value(task)), type: String })));
  const data: SheetData = [header, ...rows];
  return writeXlsxFile(data, {
    sheet: options.sheetName ?? "Nhiem vu",
    stickyRowsCount: 1,
    columns: TASK_EXPORT_COLUMNS.map((column) => ({ width: WIDTHS[column.name] ?? 14 })),
  }).toBuffer();
}
