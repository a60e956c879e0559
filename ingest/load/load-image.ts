import { createRequire } from "node:module";
import { VanbanError, describeError } from "../../core/errors.js";
import type { SourceFormat } from "../../core/types.js";
import type { LoadedFile } from "./loaded-file.js";
import { countLetters, createTesseractEngine, formatPages, recognizePages, type OcrEngine, type OcrSettings } from "./ocr.js";

/**
 * Scanned pages saved as images (JPG, PNG, TIFF) or pasted into a Word
 * document, read by OCR with the same settings and limits as scanned PDF
 * pages (OCR, OCR_LANG, OCR_MAX_PAGES, the per-page time limit). Tesseract
 * reads PNG and JPEG itself; a TIFF (often several pages, often fax-
 * compressed) is decoded in JavaScript (UTIF, from the npm registry) and
 * handed over as a greyscale BMP.
 */
export type LoadImageOptions = {
  /** Read the image with OCR; without it an image cannot be read. */
  ocr?: OcrSettings;
  /** The OCR engine to use (default: Tesseract with `ocr.lang`); closed when the file is done. */
  createOcrEngine?: (settings: OcrSettings) => Promise<OcrEngine>;
};

export type ImageKind = "png" | "jpeg" | "tiff" | "gif" | "bmp";

/** One page to read: its number and how to get its image when its turn comes (decoding is deferred to bound memory). */
export type PageImage = { number: number; read: () => Promise<Uint8Array | undefined> };

/** Below this many letters in all, OCR found no text (as for a scanned PDF page). */
const MIN_LETTERS = 30;
/** A decoded TIFF page larger than this (a poster scanned at 600 dpi) is refused rather than allocated. */
const MAX_TIFF_PIXELS = 120_000_000;

/** What the first bytes say the image is; undefined for anything else. */
export function detectImageKind(bytes: Uint8Array): ImageKind | undefined {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (starts(0xff, 0xd8, 0xff)) return "jpeg";
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return "tiff";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "gif";
  if (starts(0x42, 0x4d)) return "bmp";
  return undefined;
}

/** An image file (JPG, PNG, TIFF): one page per image, or per TIFF frame. */
export async function loadImage(bytes: Uint8Array, options: LoadImageOptions = {}): Promise<LoadedFile> {
  if (bytes.length === 0) throw new VanbanError("file_empty", "The file is empty (0 bytes).");
  const kind = detectImageKind(bytes);
  if (kind !== "png" && kind !== "jpeg" && kind !== "tiff") {
    throw new VanbanError("file_corrupt", "The file is not a PNG, JPEG or TIFF image; it may be misnamed or damaged.");
  }
  const pages: PageImage[] = kind === "tiff" ? tiffPages(bytes) : [{ number: 1, read: async () => bytes }];
  return readPageImages({ pages, format: "image", what: "The file is a scanned image", ...options });
}

/**
 * Reads page images with OCR and returns them as a paged document ("\f"
 * between pages). `what` says what the file is, for messages ("The file is a
 * scanned image"); `leadingText` is text the container had besides its
 * images (a caption in a Word file), kept before the pages. Throws
 * file_no_text_layer when OCR is off or reads nothing.
 */
export async function readPageImages(options: LoadImageOptions & { pages: readonly PageImage[]; format: SourceFormat; what: string; leadingText?: string; warnings?: string[] }): Promise<LoadedFile> {
  const { pages, ocr: settings } = options;
  const warnings = [...(options.warnings ?? [])];
  if (!settings) {
    throw new VanbanError("file_no_text_layer", `${options.what}: only OCR can read it, and OCR is off (set OCR=auto to read scanned pages).`);
  }
  const numbers = pages.map((page) => page.number);
  let recognized: Awaited<ReturnType<typeof recognizePages>>;
  try {
    recognized = await recognizePages({
      pageNumbers: numbers,
      renderPage: (number) => pages.find((page) => page.number === number)!.read(),
      settings,
      createEngine: options.createOcrEngine ?? createTesseractEngine,
    });
  } catch (error) {
    throw new VanbanError("file_no_text_layer", `${options.what}, and OCR could not read it: ${describeError(error)}`, { cause: error });
  }
  const read = recognized.pages.filter((page) => countLetters(page.text) > 0);
  const letters = read.reduce((sum, page) => sum + countLetters(page.text), 0);
  if (letters < MIN_LETTERS) {
    const why = recognized.failure ? `OCR failed: ${recognized.failure}` : "OCR found no text in it";
    throw new VanbanError("file_no_text_layer", `${options.what}, and ${why}.`);
  }
  const texts = pages.map((page) => read.find((candidate) => candidate.number === page.number)?.text ?? "");
  const leading = options.leadingText?.trim();
  if (leading) texts[0] = `${leading}\n${texts[0] ?? ""}`;
  const readNumbers = read.map((page) => page.number);
  warnings.push(
    `Page(s) ${formatPages(readNumbers)} are scanned images and were read by OCR (${settings.lang}, mean confidence ${Math.round(recognized.confidence)}%): quotes from them may contain recognition errors.`,
  );
  if (recognized.skipped.length > 0) {
    warnings.push(`Page(s) ${formatPages(recognized.skipped)} were not read by OCR: more than ${settings.maxPages} scanned pages (OCR_MAX_PAGES).`);
  }
  const unreadPages = numbers.filter((number) => !readNumbers.includes(number));
  const failed = unreadPages.filter((number) => !recognized.skipped.includes(number));
  if (failed.length > 0) {
    warnings.push(`Page(s) ${formatPages(failed)} were not read${recognized.failure ? ` (OCR failed: ${recognized.failure})` : " (OCR found no text on them)"}.`);
  }
  return {
    text: texts.join("\f"),
    format: options.format,
    pages: pages.length,
    ocr: { pages: readNumbers, confidence: recognized.confidence },
    warnings,
    ...(unreadPages.length > 0 ? { unreadPages } : {}),
  };
}

/**
 * An embedded image (a Word document's picture) as Tesseract can read it:
 * PNG, JPEG, GIF and BMP as they are, a TIFF's first frame decoded; undefined
 * for what holds no page (EMF and WMF drawings, unknown bytes).
 */
export async function readableImage(bytes: Uint8Array): Promise<Uint8Array | undefined> {
  const kind = detectImageKind(bytes);
  if (kind === "tiff") return tiffPages(bytes)[0]?.read();
  return kind === undefined ? undefined : bytes;
}

/** The pages (frames) of a TIFF, each decoded only when OCR reaches it. Thumbnails are skipped. */
function tiffPages(bytes: Uint8Array): PageImage[] {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let frames: UtifFrame[];
  let utif: UtifModule;
  try {
    utif = loadUtif();
    frames = utif.decode(buffer).filter((frame) => !isReducedImage(frame));
  } catch (error) {
    throw new VanbanError("file_corrupt", `The TIFF image is damaged and cannot be read (${describeError(error)}).`, { cause: error });
  }
  // A frame without a size or without image data is the mark of a damaged or truncated file.
  const sized = frames.filter((frame) => Number(firstValue(frame["t256"])) > 0 && Number(firstValue(frame["t257"])) > 0 && (frame["t273"] !== undefined || frame["t324"] !== undefined));
  if (sized.length === 0) throw new VanbanError("file_corrupt", "The TIFF file holds no readable image; it may be damaged or incomplete.");
  return sized.map((frame, index) => ({
    number: index + 1,
    read: async () => {
      const width = Number(firstValue(frame["t256"]));
      const height = Number(firstValue(frame["t257"]));
      if (width * height > MAX_TIFF_PIXELS) throw new Error(`the frame is ${width} x ${height} pixels, more than ${MAX_TIFF_PIXELS / 1_000_000} million`);
      utif.decodeImage(buffer, frame);
      const rgba = utif.toRGBA8(frame);
      return encodeGreyBmp(rgba, frame.width, frame.height);
    },
  }));
}

type UtifFrame = { [tag: string]: unknown; width: number; height: number; data: Uint8Array };
type UtifModule = {
  decode(buffer: ArrayBuffer): UtifFrame[];
  decodeImage(buffer: ArrayBuffer, frame: UtifFrame): void;
  toRGBA8(frame: UtifFrame): Uint8Array;
};

let utifModule: UtifModule | undefined;

/** UTIF is a CommonJS script; loaded on the first TIFF, not at import time. */
function loadUtif(): UtifModule {
  utifModule ??= createRequire(import.meta.url)("utif2") as UtifModule;
  return utifModule;
}

function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** NewSubfileType bit 0: a reduced-resolution copy (a thumbnail) of another frame. */
function isReducedImage(frame: UtifFrame): boolean {
  return (Number(firstValue(frame["t254"])) & 1) === 1;
}

/**
 * RGBA pixels as an 8-bit greyscale BMP (a palette of 256 greys, rows bottom
 * up, padded to 4 bytes): a format Tesseract reads, a third the size of RGB.
 */
export function encodeGreyBmp(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const rowSize = Math.ceil(width / 4) * 4;
  const paletteSize = 256 * 4;
  const dataOffset = 14 + 40 + paletteSize;
  const size = dataOffset + rowSize * height;
  const bmp = Buffer.alloc(size);
  bmp.write("BM", 0, "latin1");
  bmp.writeUInt32LE(size, 2);
  bmp.writeUInt32LE(dataOffset, 10);
  bmp.writeUInt32LE(40, 14);
  bmp.writeInt32LE(width, 18);
  bmp.writeInt32LE(height, 22);
  bmp.writeUInt16LE(1, 26);
  bmp.writeUInt16LE(8, 28);
  bmp.writeUInt32LE(rowSize * height, 34);
  bmp.writeUInt32LE(256, 46);
  for (let grey = 0; grey < 256; grey++) {
    const at = 54 + grey * 4;
    bmp[at] = grey;
    bmp[at + 1] = grey;
    bmp[at + 2] = grey;
  }
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (height - 1 - y) * rowSize;
    for (let x = 0; x < width; x++) {
      const pixel = (y * width + x) * 4;
      const alpha = (rgba[pixel + 3] ?? 255) / 255;
      // Luma of the pixel over a white page (a transparent pixel is paper).
      const luma = 0.299 * (rgba[pixel] ?? 0) + 0.587 * (rgba[pixel + 1] ?? 0) + 0.114 * (rgba[pixel + 2] ?? 0);
      bmp[row + x] = Math.round(luma * alpha + 255 * (1 - alpha));
    }
  }
  return new Uint8Array(bmp.buffer, bmp.byteOffset, bmp.byteLength);
}
