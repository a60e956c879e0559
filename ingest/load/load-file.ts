import { open } from "node:fs/promises";
import { extname } from "node:path";
import { VanbanError, describeError } from "../../core/errors.js";
import type { SourceFormat } from "../../core/types.js";
import { detectFormat, supportedExtensions } from "./detect-format.js";
import { loadDoc } from "./load-doc.js";
import { loadDocx } from "./load-docx.js";
import { loadHtml } from "./load-html.js";
import { loadImage } from "./load-image.js";
import { loadPdf } from "./load-pdf.js";
import { loadText } from "./load-text.js";
import type { LoadedFile } from "./loaded-file.js";
import type { OcrSettings } from "./ocr.js";

export type { LoadedFile } from "./loaded-file.js";

export type LoadFileOptions = {
  maxBytes: number;
  /** Read scanned pages (PDF pages without a usable text layer, images, image-only Word files) with OCR; off when absent. */
  ocr?: OcrSettings;
};

const loaders: Readonly<Record<SourceFormat, (bytes: Buffer, options: LoadFileOptions) => LoadedFile | Promise<LoadedFile>>> = {
  pdf: (bytes, options) => loadPdf(bytes, options.ocr ? { ocr: options.ocr } : {}),
  docx: (bytes, options) => loadDocx(bytes, options.ocr ? { ocr: options.ocr } : {}),
  doc: (bytes) => loadDoc(bytes),
  text: (bytes) => loadText(bytes),
  html: (bytes) => loadHtml(bytes),
  image: (bytes, options) => loadImage(bytes, options.ocr ? { ocr: options.ocr } : {}),
};

/**
 * Read a file and turn it into raw text, choosing the loader by extension. The size is
 * checked on the open file before reading, so an oversized file is never read into memory.
 * Every failure is a VanbanError with a `file_*` code and a message meant for the user.
 */
export async function loadFile(path: string, options: LoadFileOptions): Promise<LoadedFile> {
  const format = detectFormat(path);
  if (format === undefined) {
    const extension = extname(path) || "(none)";
    throw new VanbanError(
      "file_unsupported",
      `Files of type ${extension} are not supported; use one of ${supportedExtensions.join(", ")}.`,
    );
  }
  const bytes = await readWithinLimit(path, options.maxBytes);
  try {
    return await loaders[format](bytes, options);
  } catch (error) {
    if (error instanceof VanbanError) throw error;
    // Library errors we did not foresee still mean "this file cannot be read"; the cause keeps the detail.
    throw new VanbanError("file_corrupt", `The file cannot be read as ${format.toUpperCase()}: ${describeError(error)}`, {
      cause: error,
    });
  }
}

async function readWithinLimit(path: string, maxBytes: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new VanbanError("file_unreadable", `The file cannot be opened: ${describeError(error)}`, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new VanbanError("file_unreadable", "The path is not a regular file.");
    if (stats.size > maxBytes) throw tooLarge(stats.size, maxBytes);
    if (stats.size === 0) throw new VanbanError("file_empty", "The file is empty (0 bytes).");
    const bytes = await handle.readFile();
    // The file may have grown between stat and read.
    if (bytes.length > maxBytes) throw tooLarge(bytes.length, maxBytes);
    return bytes;
  } catch (error) {
    if (error instanceof VanbanError) throw error;
    throw new VanbanError("file_unreadable", `The file cannot be read: ${describeError(error)}`, { cause: error });
  } finally {
    await handle.close();
  }
}

function tooLarge(size: number, maxBytes: number): VanbanError {
  return new VanbanError(
    "file_too_large",
    `The file is ${formatSize(size)}, larger than the limit of ${formatSize(maxBytes)}.`,
  );
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${bytes} bytes`;
}
