import { once } from "node:events";
import { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import ExcelJS from "exceljs";
import { neutralizeFormula, TASK_EXPORT_COLUMNS } from "./format-tasks-csv.js";
import type { TaskView } from "./task-views.js";

/**
 * The task table as an Excel workbook written as it goes, through exceljs's
 * streaming writer (`stream.xlsx.WorkbookWriter`): each batch of tasks
 * becomes committed rows, deflated into the zip and handed to `write`, so a
 * workbook of 92,267 tasks never holds every row in memory. The same columns
 * as the CSV, a bold frozen header row, widths for the long columns; text
 * cells are inline strings (no shared-string table, which would keep every
 * string until the end), dates are dates, numbers are numbers.
 */

/** Column widths in characters: wide for the task, the document and the quote. */
const WIDTHS: Readonly<Record<string, number>> = { task: 60, quote: 60, document: 45, title: 45, lead: 24, partners: 24, note: 30, deadline_text: 24, changed_at: 17 };

/** How a column's value is written when it is not text (its CSV value is parsed back; anything unparsable stays text). */
const CELL_KINDS: Readonly<Record<string, "date" | "date-time" | "integer">> = {
  deadline_start: "date",
  deadline_end: "date",
  changed_at: "date-time",
  year: "integer",
  start: "integer",
  end: "integer",
};

/** Vietnamese convention: day first. */
const NUMBER_FORMATS = { date: "dd/mm/yyyy", "date-time": "dd/mm/yyyy hh:mm" } as const;

type CellValue = number | Date | { richText: Array<{ text: string }> } | null;

/** Text as one rich-text run, which exceljs writes as an inline string (`t="inlineStr"`); a plain string becomes `t="str"`, the type of a formula's result. */
function textCell(value: string): CellValue {
  return { richText: [{ text: value }] };
}

/**
 * One cell's value for exceljs. A date "2024-06-30" is that day at midnight
 * UTC (exceljs converts a Date by its UTC time, so the cell shows the same
 * day in every time zone); a time stamp keeps its UTC time. Text that a
 * spreadsheet would run as a formula is neutralized as in the CSV.
 */
export function toCellValue(columnName: string, value: string): CellValue {
  if (value === "") return null;
  const kind = CELL_KINDS[columnName];
  if (kind === "integer" && /^-?\d{1,15}$/u.test(value)) return Number(value);
  if (kind === "date") {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
    if (match) {
      const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
      if (date.toISOString().startsWith(value)) return date;
    }
  }
  if (kind === "date-time" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/u.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return textCell(neutralizeFormula(value));
}

/**
 * exceljs writes committed rows into the zip without waiting for the reader:
 * the sheet's XML goes into a pass-through that the deflater empties at its
 * own pace, and the deflated bytes pile up in the archiver's output buffer
 * while the reader is slow (it ignores back-pressure there). So after each
 * batch the export waits until both are small again: the pass-through has
 * drained and the archiver holds less than `ZIP_BACKLOG_BYTES`, which the
 * reader's drain events bring down. Both are reached through exceljs 4.4's
 * internals (the worksheet's stream and the pass-through archiver pipes it
 * into, the workbook's `zip`; the version is pinned in package.json); if
 * they change, the test of a slow reader fails.
 */
const ZIP_BACKLOG_BYTES = 128 * 1024;

type InternalStream = NodeJS.EventEmitter & { _writableState?: { needDrain?: boolean }; _readableState?: { length?: number } };

function sheetBufferOf(worksheet: ExcelJS.Worksheet): InternalStream | undefined {
  const pipes = (worksheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const buffer = pipes?.[0] as InternalStream | undefined;
  return buffer && typeof buffer.once === "function" && buffer._writableState ? buffer : undefined;
}

function zipBacklogOf(workbook: ExcelJS.stream.xlsx.WorkbookWriter): number {
  return (workbook as unknown as { zip?: InternalStream }).zip?._readableState?.length ?? 0;
}

/**
 * Writes the workbook to `write` (called with each piece of the zip, in
 * order; awaited, so a slow reader holds the writer back) from batches of
 * task views. A failing `write` stops the export with its error.
 */
export async function streamTasksXlsx(options: {
  batches: Iterable<readonly TaskView[]>;
  write: (bytes: Uint8Array) => Promise<void> | void;
  sheetName?: string;
}): Promise<void> {
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      Promise.resolve()
        .then(() => options.write(chunk))
        .then(() => callback(), callback);
    },
  });
  const outputFinished = finished(output);
  // Rejects as soon as the output fails; every wait below races it, so a reader that goes away never leaves the export waiting.
  const failed = outputFinished.then(() => new Promise<never>(() => undefined));
  failed.catch(() => undefined);

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const worksheet = workbook.addWorksheet(options.sheetName ?? "Nhiem vu", { views: [{ state: "frozen", ySplit: 1 }] });
  worksheet.columns = TASK_EXPORT_COLUMNS.map((column) => {
    const kind = CELL_KINDS[column.name];
    const numFmt = kind === "date" || kind === "date-time" ? NUMBER_FORMATS[kind] : undefined;
    return { key: column.name, width: WIDTHS[column.name] ?? 14, ...(numFmt ? { style: { numFmt } } : {}) };
  });
  const header = worksheet.addRow(TASK_EXPORT_COLUMNS.map((column) => textCell(column.name)));
  header.font = { bold: true };
  header.commit();

  for (const batch of options.batches) {
    for (const task of batch) worksheet.addRow(TASK_EXPORT_COLUMNS.map((column) => toCellValue(column.name, column.value(task)))).commit();
    const buffer = sheetBufferOf(worksheet);
    if (buffer?._writableState?.needDrain) await Promise.race([once(buffer, "drain"), failed]);
    while (zipBacklogOf(workbook) > ZIP_BACKLOG_BYTES) await Promise.race([output.writableNeedDrain ? once(output, "drain") : new Promise((resolve) => setImmediate(resolve)), failed]);
    // Building rows is synchronous work: let searches that arrived meanwhile run between two batches.
    await Promise.race([new Promise((resolve) => setImmediate(resolve)), failed]);
  }
  worksheet.commit();
  await Promise.race([workbook.commit(), failed]);
  await outputFinished;
}
