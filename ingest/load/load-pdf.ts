import { VanbanError, describeError } from "../../core/errors.js";
import { assessTextLayer, TEXT_LAYER_PROBLEMS, type TextLayerProblem } from "./assess-text-layer.js";
import { importPdfjs, type PdfjsModule } from "./import-pdf-parse.js";
import type { LoadedFile } from "./loaded-file.js";
import { countLetters, createTesseractEngine, formatPages, recognizePages, type OcrEngine, type OcrSettings } from "./ocr.js";
import { annotationLinesFromOperators } from "./pdf-annotation-text.js";
import { insertAnnotationLines, joinWordsOnOneBaseline, pageTextFromItems, repairVietnameseLetters, type PlacedLine, type PositionedText } from "./pdf-page-text.js";

export { formatPages } from "./ocr.js";

export type LoadPdfOptions = {
  /**
   * Below this average number of letters per page the PDF is taken for a scan without a
   * text layer. A typed page of a directive has well over a thousand letters; a scan
   * carries at most a signature stamp or a page number.
   */
  minLettersPerPage?: number;
  /** Recognize pages without a (trustworthy) text layer with OCR; off when absent. */
  ocr?: OcrSettings;
  /** The OCR engine to use (default: Tesseract with `ocr.lang`); closed when the file is done. */
  createOcrEngine?: (settings: OcrSettings) => Promise<OcrEngine>;
};

const DEFAULT_MIN_LETTERS_PER_PAGE = 30;
/** The PDF header may follow some junk, but (per the spec's implementation notes) within the first 1024 bytes. */
const HEADER_SEARCH_BYTES = 1024;
/** pdfjs VerbosityLevel.ERRORS: keeps font warnings of odd PDFs off the console. */
const PDFJS_ERRORS_ONLY = 0;

type PdfDocument = Awaited<ReturnType<PdfjsModule["getDocument"]>["promise"]>;
type PdfPage = Awaited<ReturnType<PdfDocument["getPage"]>>;

/** One page as read from its text layer. */
type PageReading = {
  /** The page's own text (content stream only): what is judged for being scanned or untrustworthy. */
  content: string;
  /** The same with the text its annotations draw, in reading order: what the document gets. */
  text: string;
  /** What the annotations draw, and the page's top, for a page read by OCR instead. */
  annotations: PlacedLine[];
  top: number;
};

/**
 * Extract the text of a PDF, one page per "\f"-separated part: each page's
 * text layer with the text its annotations draw (numbers and dates stamped at
 * signing, form fields) in place; pages without a text layer, or with one
 * that decodes to garbage, read by OCR when it is on.
 */
export async function loadPdf(bytes: Uint8Array, options: LoadPdfOptions = {}): Promise<LoadedFile> {
  if (bytes.length === 0) throw new VanbanError("file_empty", "The file is empty (0 bytes).");
  if (!Buffer.from(bytes.subarray(0, HEADER_SEARCH_BYTES)).includes("%PDF-")) {
    throw new VanbanError("file_corrupt", "The file is not a PDF (no %PDF header); it may be misnamed or damaged.");
  }

  const pdfjs = await importPdfjs();
  // A copy, because pdfjs may transfer (detach) the buffer it is given and the caller keeps its own.
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: PDFJS_ERRORS_ONLY });
  const minLettersPerPage = options.minLettersPerPage ?? DEFAULT_MIN_LETTERS_PER_PAGE;
  const warnings: string[] = [];
  let pageTexts: string[];
  let ocr: LoadedFile["ocr"];
  let ocrFailure: string | undefined;
  const untrusted = new Map<number, TextLayerProblem>();
  // Judged on each page's own text: a signature box drawn over a scan does not make it typed.
  const scannedPages: number[] = [];
  try {
    let document: PdfDocument;
    let readings: PageReading[];
    try {
      document = await task.promise;
      readings = [];
      for (let number = 1; number <= document.numPages; number++) readings.push(await readPage(document, number, pdfjs, warnings));
    } catch (error) {
      throw toLoadError(error);
    }
    pageTexts = readings.map((reading) => reading.text);
    readings.forEach((reading, index) => {
      const assessment = assessTextLayer(reading.content, { minLetters: minLettersPerPage });
      if (assessment.verdict === "empty") scannedPages.push(index + 1);
      else if (assessment.verdict === "untrusted") untrusted.set(index + 1, assessment.problem);
    });
    const pagesToRead = [...scannedPages, ...untrusted.keys()].sort((first, second) => first - second);
    if (options.ocr && pagesToRead.length > 0) {
      try {
        const settings = options.ocr;
        const recognized = await recognizePages({
          pageNumbers: pagesToRead,
          renderPage: (number) => renderPage(document, number, settings.pageWidth),
          settings,
          createEngine: options.createOcrEngine ?? createTesseractEngine,
        });
        // A page OCR found (almost) nothing on keeps its text layer, however poor.
        const read = recognized.pages.filter((page) => !untrusted.has(page.number) || countLetters(page.text) >= minLettersPerPage);
        for (const page of read) pageTexts[page.number - 1] = withAnnotationsOcrMissed(page.text, readings[page.number - 1]!);
        if (read.length > 0) {
          const untrustedRead = read.map((page) => page.number).filter((number) => untrusted.has(number));
          ocr = { pages: read.map((page) => page.number), confidence: recognized.confidence, ...(untrustedRead.length ? { untrustedTextPages: untrustedRead } : {}) };
          const scannedRead = ocr.pages.filter((number) => !untrusted.has(number));
          const how = `(${settings.lang}, mean confidence ${Math.round(recognized.confidence)}%): quotes from them may contain recognition errors.`;
          if (scannedRead.length > 0) warnings.push(`Page(s) ${formatPages(scannedRead)} have no text layer and were read by OCR ${how}`);
          for (const [reason, pages] of groupByReason(untrusted, untrustedRead)) {
            warnings.push(`Page(s) ${formatPages(pages)} have a text layer that cannot be trusted (${reason}) and were read by OCR instead ${how}`);
          }
        }
        if (recognized.skipped.length > 0) {
          warnings.push(`Page(s) ${formatPages(recognized.skipped)} were not read by OCR: more than ${settings.maxPages} scanned pages (OCR_MAX_PAGES).`);
        }
        // What was read before a failure is kept; the failure is said, and the rest stays unread.
        if (recognized.failure) ocrFailure = recognized.failure;
      } catch (error) {
        ocrFailure = describeError(error);
      }
    }
  } finally {
    // A failure to free pdfjs resources must not hide the result or the real error.
    await task.destroy().catch(() => undefined);
  }

  const letterCounts = pageTexts.map(countLetters);
  const totalLetters = letterCounts.reduce((sum, count) => sum + count, 0);
  const why = options.ocr ? (ocrFailure ? `OCR failed: ${ocrFailure}` : "OCR found no text in it") : "OCR is off (set OCR=auto to read scanned pages)";
  if (pageTexts.length === 0 || totalLetters / pageTexts.length < minLettersPerPage) {
    throw new VanbanError("file_no_text_layer", `The PDF has no text layer: it looks like a scanned document, and ${why}.`);
  }
  const pagesWithoutText = scannedPages.filter((page) => !ocr?.pages.includes(page) || (letterCounts[page - 1] ?? 0) < minLettersPerPage);
  const untrustedKept = [...untrusted.keys()].filter((page) => !ocr?.pages.includes(page));
  // Pages left unread (OCR off, failed, or over its page limit) are worth another try when the OCR settings change.
  const unreadPages = [...pagesWithoutText, ...untrustedKept].filter((page) => !ocr?.pages.includes(page)).sort((first, second) => first - second);
  if (pagesWithoutText.length > 0) {
    warnings.push(`Page(s) ${formatPages(pagesWithoutText)} have almost no text; they may be scanned images, which are not read (${why}).`);
  }
  for (const [reason, pages] of groupByReason(untrusted, untrustedKept)) {
    warnings.push(`Page(s) ${formatPages(pages)} have a text layer that cannot be trusted (${reason}); it is kept as it is because it was not read by OCR (${why}).`);
  }
  return { text: pageTexts.join("\f"), format: "pdf", pages: pageTexts.length, warnings, ...(ocr ? { ocr } : {}), ...(unreadPages.length ? { unreadPages } : {}) };
}

/** The page's text layer alone and with its annotations' text. */
async function readPage(document: PdfDocument, number: number, pdfjs: PdfjsModule, warnings: string[]): Promise<PageReading> {
  const page = await document.getPage(number);
  try {
    const viewport = page.getViewport({ scale: 1 });
    const toViewport = (x: number, y: number) => viewport.convertToViewportPoint(x, y) as [number, number];
    const content = await page.getTextContent();
    const items = joinWordsOnOneBaseline(content.items.filter((item): item is PositionedText & (typeof content.items)[number] => "str" in item));
    const contentText = repairVietnameseLetters(pageTextFromItems(items, toViewport));
    let lines: PlacedLine[] = [];
    try {
      lines = await readAnnotationLines(page, pdfjs);
    } catch (error) {
      warnings.push(`Page ${number}: the text of its annotations (stamps, form fields) could not be read (${describeError(error)}).`);
    }
    const text = lines.length > 0 ? repairVietnameseLetters(pageTextFromItems(insertAnnotationLines(items, lines), toViewport)) : contentText;
    return { content: contentText, text, annotations: lines, top: page.view[3] ?? 842 };
  } finally {
    page.cleanup();
  }
}

/**
 * Lines drawn by the page's visible annotations. Only pages with an
 * annotation that draws something (an appearance stream, a field value) pay
 * for an operator list.
 */
async function readAnnotationLines(page: PdfPage, pdfjs: PdfjsModule): Promise<PlacedLine[]> {
  const annotations = ((await page.getAnnotations({ intent: "display" })) ?? []) as AnnotationData[];
  const drawing = annotations.filter((annotation) => !annotation.hidden && (annotation.hasAppearance === true || fieldValueOf(annotation) !== undefined));
  if (drawing.length === 0) return [];
  const operators = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.ENABLE });
  const lines = annotationLinesFromOperators(operators, pdfjs.OPS);
  // A field whose value has no appearance drawn (a form filled by a program that left it to the viewer).
  for (const annotation of drawing) {
    const value = fieldValueOf(annotation);
    const rect = annotation.rect;
    if (value === undefined || !rect || lines.some((line) => inside(line, rect))) continue;
    const height = Math.min(rect[3] - rect[1], 12);
    lines.push({ text: value, x: rect[0], y: rect[1] + Math.max(0, (rect[3] - rect[1] - height) / 2), width: rect[2] - rect[0], height });
  }
  return lines;
}

/**
 * A page read by OCR was rendered with its annotations, so their text is
 * usually in the OCR text already; a line OCR missed (small print of a
 * signature box) is added before the text when it stands in the upper half
 * of the page, after it otherwise.
 */
function withAnnotationsOcrMissed(ocrText: string, reading: PageReading): string {
  const read = new Set(wordsOf(ocrText));
  const missed = reading.annotations.filter((line) => {
    const words = wordsOf(line.text);
    return words.length > 0 && words.filter((word) => !read.has(word)).length * 2 > words.length;
  });
  if (missed.length === 0) return ocrText;
  const ordered = [...missed].sort((first, second) => second.y - first.y);
  const above = ordered.filter((line) => line.y > reading.top / 2).map((line) => line.text);
  const below = ordered.filter((line) => line.y <= reading.top / 2).map((line) => line.text);
  return [...above, ocrText, ...below].join("\n");
}

function wordsOf(text: string): string[] {
  return text.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The part of pdf.js's annotation data read here. */
type AnnotationData = { hidden?: boolean; hasAppearance?: boolean; fieldType?: string; fieldValue?: unknown; rect?: [number, number, number, number] };

function fieldValueOf(annotation: AnnotationData): string | undefined {
  if (annotation.fieldType !== "Tx" && annotation.fieldType !== "Ch") return undefined;
  const value = Array.isArray(annotation.fieldValue) ? annotation.fieldValue.join(", ") : annotation.fieldValue;
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function inside(line: PlacedLine, rect: [number, number, number, number]): boolean {
  return line.x >= rect[0] - 2 && line.x <= rect[2] + 2 && line.y >= rect[1] - 2 && line.y <= rect[3] + 2;
}

/** The page as PNG, `width` pixels wide, with its annotations (a signature box over a scan is read too). */
async function renderPage(document: PdfDocument, number: number, width: number): Promise<Uint8Array> {
  const page = await document.getPage(number);
  const factory = document.canvasFactory as CanvasFactory;
  let target: ReturnType<CanvasFactory["create"]> | undefined;
  try {
    const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
    target = factory.create(viewport.width, viewport.height);
    await page.render({ canvasContext: target.context as never, canvas: target.canvas as never, viewport }).promise;
    return new Uint8Array(target.canvas.toBuffer("image/png"));
  } finally {
    if (target) factory.destroy(target);
    page.cleanup();
  }
}

/** pdf.js's Node canvas factory (on @napi-rs/canvas); typed as `Object` in its declarations. */
type CanvasFactory = {
  create(width: number, height: number): { canvas: { toBuffer(type: "image/png"): Buffer }; context: unknown };
  destroy(target: { canvas: unknown; context: unknown }): void;
};

/** Pages grouped by what is wrong with their text layer, described in words. */
function groupByReason(problems: ReadonlyMap<number, TextLayerProblem>, pages: readonly number[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const page of pages) {
    const problem = problems.get(page);
    if (!problem) continue;
    const reason = TEXT_LAYER_PROBLEMS[problem];
    groups.set(reason, [...(groups.get(reason) ?? []), page]);
  }
  return groups;
}

/** pdf.js names its errors (PasswordException, InvalidPDFException …); match on the name, not on identity. */
function toLoadError(error: unknown): VanbanError {
  if (error instanceof VanbanError) return error;
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
