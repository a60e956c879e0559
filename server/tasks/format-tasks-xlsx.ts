import { streamTasksXlsx } from "./stream-tasks-xlsx.js";
import type { TaskView } from "./task-views.js";

/**
 * The task table as an Excel workbook in one buffer (stream-tasks-xlsx.ts
 * writes it; the HTTP export streams it instead): the same columns as the
 * CSV, a bold frozen header row, every cell a text cell.
 */
export async function formatTasksXlsx(tasks: readonly TaskView[], options: { sheetName?: string } = {}): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  await streamTasksXlsx({ batches: [tasks], write: (bytes) => void pieces.push(bytes), sheetName: options.sheetName });
  return Buffer.concat(pieces);
}
