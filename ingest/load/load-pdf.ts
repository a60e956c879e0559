import { VanbanError, describeError } from "../../core/errors.js";
import { importPdfParse } from "./import-pdf-parse.js";
import type { LoadedFile } from "./loaded-file.js";
import { createTesseractEngine, type OcrEngine, type OcrSettings } from "./ocr.js";

export type LoadPdfOptions = {
  /**
   * Below this average number of letters per page the PDF is taken for a scan without a
   * text layer. A typed page of a directive has well over a thousand letters; a scan
   * carries at most a signature stamp or a page number.
   */
  minLettersPerPage?: number;
  /** Recognize pages without a text layer with OCR; off when absent. */
  ocr?: OcrSettings;
  /** The OCR engine to use (default: Tesseract with `ocr.lang`); closed when the file is done. */
  createOcrEngine?: (settings: OcrSettings) => Promise<OcrEngine>;
};

const DEFAULT_MIN_LETTERS_PER_PAGE = 30;
/** The PDF header may follow some junk, but (per the spec's implementation notes) within the first 1024 bytes. */
const HEADER_SEARCH_BYTES = 1024;
/** pdfjs VerbosityLevel.ERRORS: keeps font warnings of odd PDFs off the console. */
const PDFJS_ERRORS_ONLY = 0;

/**
 * Extract the text layer of a PDF, one page per "\f"-separated part. Uses the per-page text
 * so pdf-parse's own "-- 1 of 5 --" separators never reach the document.
 */
export async function loadPdf(bytes: Uint8Array, options: LoadPdfOptions = {}): Promise<LoadedFile> {
  if (bytes.length === 0) throw new VanbanError("file_empty", "The file is empty (0 bytes).");
  if (!Buffer.from(bytes.subarray(0, HEADER_SEARCH_BYTES)).includes("%PDF-")) {
    throw new VanbanError("file_corrupt", "The file is not a PDF (no %PDF header); it may be misnamed or damaged.");
  }

  const { PDFParse } = await importPdfParse();
  // A copy, because pdfjs may transfer (detach) the buffer it is given and the caller keeps its own.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: PDFJS_ERRORS_ONLY });
  const minLettersPerPage = options.minLettersPerPage ?? DEFAULT_MIN_LETTERS_PER_PAGE;
  const warnings: string[] = [];
  let pageTexts: string[];
  let ocr: LoadedFile["ocr"];
  let ocrFailure: string | undefined;
  try {
    try {
      const result = await parser.getText();
      pageTexts = result.pages.map((page) => page.text);
    } catch (error) {
      throw toLoadError(error);
    }
    const scannedPages = pageTexts.flatMap((text, index) => (countLetters(text) < minLettersPerPage ? [index + 1] : []));
    if (options.ocr && scannedPages.length > 0) {
      try {
        const recognized = await recognizePages(parser, scannedPages, options.ocr, options.createOcrEngine ?? createTesseractEngine);
        for (const page of recognized.pages) pageTexts[page.number - 1] = page.text;
        if (recognized.pages.length > 0) {
          ocr = { pages: recognized.pages.map((page) => page.number), confidence: recognized.confidence };
          warnings.push(
            `Page(s) ${formatPages(ocr.pages)} have no text layer and were read by OCR (${options.ocr.lang}, mean confidence ${Math.round(recognized.confidence)}%): quotes from them may contain recognition errors.`,
          );
        }
        if (recognized.skipped.length > 0) {
          warnings.push(`Page(s) ${formatPages(recognized.skipped)} were not read by OCR: more than ${options.ocr.maxPages} scanned pages (OCR_MAX_PAGES).`);
        }
        // What was read before a failure is kept; the failure is said, and the rest stays unread.
        if (recognized.failure) ocrFailure = recognized.failure;
      } catch (error) {
        ocrFailure = describeError(error);
      }
    }
  } finally {
    // A failure to free pdfjs resources must not hide the result or the real error.
    await parser.destroy().catch(() => undefined);
  }

  const letterCounts = pageTexts.map(countLetters);
  const totalLetters = letterCounts.reduce((sum, count) => sum + count, 0);
  const why = options.ocr ? (ocrFailure ? `OCR failed: ${ocrFailure}` : "OCR found no text in it") : "OCR is off (set OCR=auto to read scanned pages)";
  if (pageTexts.length === 0 || totalLetters / pageTexts.length < minLettersPerPage) {
    throw new VanbanError("file_no_text_layer", `The PDF has no text layer: it looks like a scanned document, and ${why}.`);
  }
  const pagesWithoutText = letterCounts.flatMap((count, index) => (count < minLettersPerPage ? [index + 1] : []));
  // Scanned pages left unread (OCR off, failed, or over its page limit) are worth another try when the OCR settings change.
  const unreadPages = pagesWithoutText.filter((page) => !ocr?.pages.includes(page));
  if (pagesWithoutText.length > 0) {
    warnings.push(`Page(s) ${formatPages(pagesWithoutText)} have almost no text; they may be scanned images, which are not read (${why}).`);
  }
  return { text: pageTexts.join("\f"), format: "pdf", pages: pageTexts.length, warnings, ...(ocr ? { ocr } : {}), ...(unreadPages.length ? { unreadPages } : {}) };
}

type PdfParser = InstanceType<Awaited<ReturnType<typeof importPdfParse>>["PDFParse"]>;

/** Renders each page (one at a time, to bound memory) and recognizes its text. */
async function recognizePages(
  parser: PdfParser,
  pageNumbers: number[],
  settings: OcrSettings,
  createEngine: (settings: OcrSettings) => Promise<OcrEngine>,
): Promise<{ pages: Array<{ number: number; text: string }>; confidence: number; skipped: number[]; failure?: string }> {
  const chosen = pageNumbers.slice(0, settings.maxPages);
  const engine = await createEngine(settings);
  const pages: Array<{ number: number; text: string }> = [];
  let weighted = 0;
  let letters = 0;
  let failure: string | undefined;
  const timeoutMs = settings.pageTimeoutMs ?? DEFAULT_PAGE_TIMEOUT_MS;
  try {
    for (const number of chosen) {
      try {
        const result = await withTimeout(
          (async () => {
            const shot = await parser.getScreenshot({ partial: [number], desiredWidth: settings.pageWidth, imageDataUrl: false, imageBuffer: true });
            const image = shot.pages[0]?.data;
            return image && image.length > 0 ? engine.recognize(image) : undefined;
          })(),
          timeoutMs,
          `page ${number} took longer than ${Math.round(timeoutMs / 1000)} s`,
        );
        if (!result) continue;
        const count = countLetters(result.text);
        weighted += result.confidence * count;
        letters += count;
        pages.push({ number, text: result.text });
      } catch (error) {
        // A stuck or failing engine stops here; closing it (below) ends its thread.
        failure = `page ${number}: ${describeError(error)}`;
        break;
      }
    }
  } finally {
    await engine.close();
  }
  return { pages, confidence: letters ? weighted / letters : 0, skipped: pageNumbers.slice(settings.maxPages), ...(failure ? { failure } : {}) };
}

/** Longest a page may take to render and recognize by default (a dense A4 page takes a few seconds). */
const DEFAULT_PAGE_TIMEOUT_MS = 120_000;

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  // The work may still fail after the timeout won; that late failure is nobody's to handle.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** "1-5, 8" for [1, 2, 3, 4, 5, 8]. */
export function formatPages(pages: readonly number[]): string {
  const parts: string[] = [];
  for (let index = 0; index < pages.length; index++) {
    const first = pages[index]!;
    let last = first;
    while (pages[index + 1] === last + 1) last = pages[++index]!;
    parts.push(last > first + 1 ? `${first}-${last}` : last === first + 1 ? `${first}, ${last}` : String(first));
  }
  return parts.join(", ");
}

function countLetters(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}

/** pdf-parse normalizes pdfjs errors into named classes; match on the name, not on identity. */
function toLoadError(error: unknown): VanbanError {
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") {
    return new VanbanError("file_encrypted", "The PDF is password-protected; remove the password and try again.", {
      cause: error,
    });
  }
  return new VanbanError("file_corrupt", `The PDF is damaged or incomplete and cannot be read (${describeError(error)}).`, {
    cause: error,
  });
}
