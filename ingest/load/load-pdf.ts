import { VanbanError, describeError } from "../../core/errors.js";
import { importPdfParse } from "./import-pdf-parse.js";
import type { LoadedFile } from "./loaded-file.js";

export type LoadPdfOptions = {
  /**
   * Below this average number of letters per page the PDF is taken for a scan without a
   * text layer. A typed page of a directive has well over a thousand letters; a scan
   * carries at most a signature stamp or a page number.
   */
  minLettersPerPage?: number;
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
  let pageTexts: string[];
  try {
    const result = await parser.getText();
    pageTexts = result.pages.map((page) => page.text);
  } catch (error) {
    throw toLoadError(error);
  } finally {
    // A failure to free pdfjs resources must not hide the result or the real error.
    await parser.destroy().catch(() => undefined);
  }

  const minLettersPerPage = options.minLettersPerPage ?? DEFAULT_MIN_LETTERS_PER_PAGE;
  const letterCounts = pageTexts.map(countLetters);
  const totalLetters = letterCounts.reduce((sum, count) => sum + count, 0);
  if (pageTexts.length === 0 || totalLetters / pageTexts.length < minLettersPerPage) {
    throw new VanbanError(
      "file_no_text_layer",
      "The PDF has no text layer: it looks like a scanned document, and OCR is not enabled.",
    );
  }

  const warnings: string[] = [];
  const pagesWithoutText = letterCounts.flatMap((count, index) => (count < minLettersPerPage ? [index + 1] : []));
  if (pagesWithoutText.length > 0) {
    warnings.push(
      `Page(s) ${pagesWithoutText.join(", ")} have almost no text; they may be scanned images, which are not read (OCR is not enabled).`,
    );
  }
  return { text: pageTexts.join("\f"), format: "pdf", pages: pageTexts.length, warnings };
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
