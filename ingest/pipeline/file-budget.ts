import { promises as fs } from "node:fs";
import { checkPdfStreams } from "../load/check-pdf-streams.js";
import { detectFormat } from "../load/detect-format.js";
import { countPdfPages } from "../load/count-pdf-pages.js";
import { FileOverBudgetError, formatMegabytes } from "../load/file-over-budget.js";
import { checkZipInflation, isZip } from "../load/read-zip-directory.js";

/**
 * What one file may cost. Each file is processed in a worker thread that is
 * stopped when it passes its time or memory limit (file-processor-pool.ts);
 * inside, before any loader sees the file, its declared pages and every
 * compressed stream are checked (checkFileContent), and the loader's text is
 * checked for size. A file over budget is reported with the limit it hit and
 * the ingest goes on with the others.
 */
export type FileBudget = {
  /** Seconds of processing (the worker's busy time: waiting for the OCR engine's thread does not count). */
  timeLimitSeconds: number;
  /** Heap of the worker that processes the file, in MB. */
  memoryMegabytes: number;
  /** Most pages a PDF may declare. */
  maxPages: number;
  /** Most bytes one compressed stream (a PDF stream, a ZIP part), or all parts of a ZIP, may inflate to. */
  maxInflatedBytes: number;
  /** Most characters of text a file may yield. */
  maxTextCharacters: number;
};

/** The limits checked inside the pipeline, wherever it runs. */
export type ContentBudget = Pick<FileBudget, "maxPages" | "maxInflatedBytes" | "maxTextCharacters">;

export const DEFAULT_FILE_BUDGET: FileBudget = {
  timeLimitSeconds: 120,
  memoryMegabytes: 512,
  maxPages: 2000,
  maxInflatedBytes: 100 * 1024 * 1024,
  maxTextCharacters: 10_000_000,
};

/** The budget from the validated configuration (FILE_TIME_LIMIT_S, FILE_MEMORY_MB, MAX_PAGES, MAX_INFLATED_MB, MAX_TEXT_CHARS). */
export function fileBudgetFromConfig(config: {
  FILE_TIME_LIMIT_S: number;
  FILE_MEMORY_MB: number;
  MAX_PAGES: number;
  MAX_INFLATED_MB: number;
  MAX_TEXT_CHARS: number;
}): FileBudget {
  return {
    timeLimitSeconds: config.FILE_TIME_LIMIT_S,
    memoryMegabytes: config.FILE_MEMORY_MB,
    maxPages: config.MAX_PAGES,
    maxInflatedBytes: config.MAX_INFLATED_MB * 1024 * 1024,
    maxTextCharacters: config.MAX_TEXT_CHARS,
  };
}

/** The budget as the manifest records it: a file refused under other limits is tried again. */
export function budgetKey(budget: FileBudget | ContentBudget | undefined): string {
  if (!budget) return "none";
  const limits = budget as Partial<FileBudget>;
  return [
    limits.timeLimitSeconds !== undefined ? `${limits.timeLimitSeconds}s` : "",
    limits.memoryMegabytes !== undefined ? `${limits.memoryMegabytes}MB` : "",
    `${budget.maxPages}p`,
    `${Math.round(budget.maxInflatedBytes / 1024)}kB`,
    `${budget.maxTextCharacters}c`,
  ]
    .filter(Boolean)
    .join("/");
}

/**
 * Checks a file's content against its budget before a loader reads it: a
 * PDF's compressed streams and declared pages, a ZIP's parts. Recognized by
 * content, not by name, so any format built on ZIP is covered.
 */
export async function checkFileContent(filePath: string, options: { budget: ContentBudget; maxBytes: number }): Promise<void> {
  const { budget } = options;
  let handle;
  try {
    handle = await fs.open(filePath, "r");
  } catch {
    return; // the loader says why it cannot be opened
  }
  try {
    const { size } = await handle.stat();
    // Too large or empty: the loader says so.
    if (size === 0 || size > options.maxBytes) return;
    // A plain text file holds at least a character per 4 bytes (UTF-8; fewer bytes per character in
    // other encodings): past that, it is refused without being decoded.
    if (detectFormat(filePath) === "text" && size > 4 * budget.maxTextCharacters) {
      throw new FileOverBudgetError(
        "text-size",
        `The text file is ${formatMegabytes(size)}, more than ${budget.maxTextCharacters.toLocaleString("en-US")} characters of text in any encoding, the text-size limit (MAX_TEXT_CHARS); it was not read.`,
      );
    }
    const head = Buffer.alloc(Math.min(size, 1024));
    await handle.read(head, 0, head.length, 0);
    const pdf = head.includes("%PDF-");
    if (!pdf && !isZip(head)) return;
    const bytes = await handle.readFile();
    if (pdf) {
      await checkPdfStreams(bytes, { maxInflatedBytes: budget.maxInflatedBytes });
      const pages = await countPdfPages(bytes);
      if (pages !== undefined && pages > budget.maxPages) {
        throw new FileOverBudgetError(
          "pages",
          `The PDF declares ${pages.toLocaleString("en-US")} pages, more than the page limit of ${budget.maxPages.toLocaleString("en-US")} (MAX_PAGES); it was not read.`,
        );
      }
      return;
    }
    try {
      await checkZipInflation(bytes, { maxInflatedBytes: budget.maxInflatedBytes });
    } catch (error) {
      if (error instanceof FileOverBudgetError) throw error;
      // A damaged archive: the loader reports it in its own words.
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The loader's text against the text-size limit. */
export function checkTextSize(text: string, budget: ContentBudget): void {
  if (text.length > budget.maxTextCharacters) {
    throw new FileOverBudgetError(
      "text-size",
      `The file holds ${text.length.toLocaleString("en-US")} characters of text (${formatMegabytes(Buffer.byteLength(text))}), more than the text-size limit of ${budget.maxTextCharacters.toLocaleString("en-US")} (MAX_TEXT_CHARS); it was not indexed.`,
    );
  }
}
