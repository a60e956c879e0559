import JSZip from "jszip";
import mammoth from "mammoth";
import { VanbanError, describeError } from "../../core/errors.js";
import {
  applyListLabels,
  computeListLabels,
  readNumberingDefinitions,
  readParagraphNumbering,
  type ListLabel,
  type MammothElement,
} from "./docx-numbering.js";
import { convertLegacyRuns, legacyFontsOf } from "./convert-legacy-runs.js";
import { htmlToText } from "./html-to-text.js";
import { readableImage, readPageImages, type PageImage } from "./load-image.js";
import type { LoadedFile } from "./loaded-file.js";
import { countLetters, type OcrEngine, type OcrSettings } from "./ocr.js";
import { ZipEntryTooLargeError, inflateZipEntry, isZip, readZipDirectory, type ZipEntry } from "./read-zip-directory.js";

export type LoadDocxOptions = {
  /** Read a document that holds only scanned page images with OCR; off when absent. */
  ocr?: OcrSettings;
  /** The OCR engine to use (default: Tesseract with `ocr.lang`). */
  createOcrEngine?: (settings: OcrSettings) => Promise<OcrEngine>;
  /** Most bytes the archive may inflate to, per entry and in total. */
  maxUncompressedBytes?: number;
  /** Largest believable compression ratio of an entry (see MIN_BYTES_FOR_RATIO_CHECK). */
  maxCompressionRatio?: number;
};

const DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
/** Word XML compresses 5-20x; a hundredfold is a bomb. */
const DEFAULT_MAX_COMPRESSION_RATIO = 100;
/** Small parts (settings, an empty header) can compress absurdly well and do no harm. */
const MIN_BYTES_FOR_RATIO_CHECK = 1024 * 1024;
const DEFAULT_MAIN_DOCUMENT = "word/document.xml";
/** Fewer letters than this beside its images and a Word document is taken for pasted scans (as a PDF page is). */
const MIN_LETTERS_OF_TYPED_DOCUMENT = 30;
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Convert a Word (.docx) document to text through mammoth's HTML, which keeps lists, tables
 * and footnotes as structure (see htmlToText). List numbers computed by Word are written into
 * the text; footnotes come out as `[^N]` with `[^N]: text` definitions at the end.
 */
export async function loadDocx(bytes: Uint8Array, options: LoadDocxOptions = {}): Promise<LoadedFile> {
  if (bytes.length === 0) throw new VanbanError("file_empty", "The file is empty (0 bytes).");
  rejectNonZip(bytes);
  const limits = {
    maxUncompressedBytes: options.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES,
    maxCompressionRatio: options.maxCompressionRatio ?? DEFAULT_MAX_COMPRESSION_RATIO,
  };
  const entries = readZipDirectory(bytes);
  rejectDeclaredBomb(entries, limits);
  const parts = inflateXmlParts(bytes, entries, limits.maxUncompressedBytes);
  const mainDocument = findMainDocument(parts);

  const warnings: string[] = [];
  const images: PageImage[] = [];
  const labels = listLabels(parts, mainDocument);
  const documentHasLegacyFonts = legacyFontsOf(parts.get(relatedPartPath(parts, mainDocument, "fontTable")) ?? "").length > 0;
  let legacyEncoding: LoadedFile["legacyEncoding"];
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    const buffer = documentHasLegacyFonts
      ? await keepSoftHyphens(bytes, mainDocument, parts.get(mainDocument) ?? "")
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    result = await mammoth.convertToHtml(
      { buffer },
      {
        // Images are not put in the HTML (their bytes would only bloat what we throw away); they are
        // kept, unread, in case the document turns out to be scanned pages pasted into Word.
        convertImage: mammoth.images.imgElement((image) => {
          images.push({ number: images.length + 1, read: () => image.read().then((data) => readableImage(new Uint8Array(data))) });
          return Promise.resolve({ src: "" });
        }),
        externalFileAccess: false,
        transformDocument: (document: MammothElement) => {
          if (!applyListLabels(document, labels)) {
            warnings.push("List numbering could not be reconstructed; list items are numbered from 1 in each list.");
          }
          legacyEncoding = convertLegacyRuns(document, { documentHasLegacyFonts });
          return document;
        },
      },
    );
  } catch (error) {
    throw new VanbanError("file_corrupt", `The Word document is damaged and cannot be read (${describeError(error)}).`, {
      cause: error,
    });
  }
  warnings.push(...relevantMessages(result.messages));

  const text = htmlToText(result.value);
  // Scanned pages pasted into Word: (almost) no text of its own, only images, read like an image file.
  if (countLetters(text) < MIN_LETTERS_OF_TYPED_DOCUMENT && images.length > 0) {
    return readPageImages({ pages: images, format: "docx", what: "The Word document contains only images (probably scanned pages)", leadingText: text, warnings, ocr: options.ocr, createOcrEngine: options.createOcrEngine });
  }
  if (text.trim() === "") throw new VanbanError("file_empty", "The Word document contains no text.");
  return { text, format: "docx", warnings, ...(legacyEncoding ? { legacyEncoding } : {}) };
}

/**
 * TCVN3 codes "ư" as 0xAD, the soft hyphen, and Word saves it in a .VnTime run as
 * `<w:softHyphen/>`, which mammoth drops. In a document with legacy fonts it is written back
 * as the character, for the legacy-run pass to decode (and to drop in Unicode runs).
 */
async function keepSoftHyphens(bytes: Uint8Array, mainDocument: string, documentXml: string): Promise<Buffer> {
  const original = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!documentXml.includes("<w:softHyphen/>")) return original;
  const zip = await JSZip.loadAsync(original);
  zip.file(mainDocument, documentXml.replaceAll("<w:softHyphen/>", '<w:t xml:space="preserve">\u00ad</w:t>'));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

function rejectNonZip(bytes: Uint8Array): void {
  if (isZip(bytes)) return;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(0, OLE_SIGNATURE.length).equals(OLE_SIGNATURE)) {
    // Office wraps password-protected .docx files in an OLE container with this stream.
    if (buffer.includes(Buffer.from("EncryptedPackage", "utf16le"))) {
      throw new VanbanError("file_encrypted", "The Word document is password-protected; remove the password and try again.");
    }
    throw new VanbanError(
      "file_unsupported",
      "This is an old Word 97-2003 (.doc) file named .docx; open it in Word and save it as .docx.",
    );
  }
  throw new VanbanError("file_corrupt", "The file is not a Word document (a .docx is a ZIP archive); it may be misnamed or damaged.");
}

type ZipLimits = { maxUncompressedBytes: number; maxCompressionRatio: number };

function rejectDeclaredBomb(entries: readonly ZipEntry[], limits: ZipLimits): void {
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize >= MIN_BYTES_FOR_RATIO_CHECK && ratio > limits.maxCompressionRatio) {
      throw zipBomb(`${entry.name} claims to expand ${Math.round(ratio)} times`);
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw zipBomb(`its content claims to expand to ${formatMegabytes(total)}`);
  }
}

/**
 * Inflate the XML parts mammoth will read (never images), within one shared budget, so a
 * bomb with lying headers is stopped here rather than inside mammoth.
 */
function inflateXmlParts(bytes: Uint8Array, entries: readonly ZipEntry[], budget: number): Map<string, string> {
  const parts = new Map<string, string>();
  let remaining = budget;
  for (const entry of entries) {
    if (!/\.(xml|rels)$/i.test(entry.name)) continue;
    let inflated: Buffer;
    try {
      inflated = inflateZipEntry(bytes, entry, remaining);
    } catch (error) {
      if (error instanceof ZipEntryTooLargeError) throw zipBomb(`${entry.name} expands past ${formatMegabytes(budget)}`);
      throw error;
    }
    remaining -= inflated.length;
    parts.set(entry.name, inflated.toString("utf8"));
  }
  return parts;
}

/** The main part is named by the package relationships; Word always uses word/document.xml. */
function findMainDocument(parts: ReadonlyMap<string, string>): string {
  const contentTypes = parts.get("[Content_Types].xml") ?? "";
  const relationships = parts.get("_rels/.rels") ?? "";
  const target = /<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*>/.exec(relationships)?.[0];
  const path = (target && /Target="([^"]+)"/.exec(target)?.[1]?.replace(/^\//, "")) ?? DEFAULT_MAIN_DOCUMENT;
  if (!parts.has(path) || !/wordprocessingml|ms-word/i.test(contentTypes)) {
    throw new VanbanError("file_corrupt", "The file is a ZIP archive but not a Word document.");
  }
  return path;
}

function listLabels(parts: ReadonlyMap<string, string>, mainDocument: string): ListLabel[] {
  const numberingXml = parts.get(relatedPartPath(parts, mainDocument, "numbering"));
  if (numberingXml === undefined) return [];
  const stylesXml = parts.get(relatedPartPath(parts, mainDocument, "styles")) ?? "";
  return computeListLabels(
    readParagraphNumbering(parts.get(mainDocument) ?? ""),
    readNumberingDefinitions(numberingXml, stylesXml),
  );
}

/** Where the main document's relationship of this type points, as mammoth resolves it; word/<type>.xml otherwise. */
function relatedPartPath(parts: ReadonlyMap<string, string>, mainDocument: string, type: string): string {
  const folder = mainDocument.includes("/") ? mainDocument.replace(/\/[^/]*$/, "") : "";
  const relationshipsPath = `${folder ? `${folder}/` : ""}_rels/${mainDocument.slice(folder ? folder.length + 1 : 0)}.rels`;
  const relationships = parts.get(relationshipsPath) ?? "";
  for (const relationship of relationships.match(/<Relationship\b[^>]*>/g) ?? []) {
    if (!new RegExp(`Type="[^"]*/${type}"`).test(relationship)) continue;
    const target = /Target="([^"]+)"/.exec(relationship)?.[1];
    if (target === undefined) continue;
    const path = target.startsWith("/") ? target.slice(1) : resolveRelative(folder, target);
    if (parts.has(path)) return path;
  }
  return `word/${type}.xml`;
}

function resolveRelative(folder: string, target: string): string {
  const segments = folder === "" ? [] : folder.split("/");
  for (const segment of target.split("/")) {
    if (segment === "..") segments.pop();
    else if (segment !== ".") segments.push(segment);
  }
  return segments.join("/");
}

/** mammoth reports every unknown style; only other problems are worth a user's attention. */
function relevantMessages(messages: ReadonlyArray<{ type: string; message: string }>): string[] {
  return messages
    .filter((message) => !/^Unrecognised (paragraph|run|table|numbering) style/.test(message.message))
    .map((message) => `Word conversion: ${message.message}`);
}

function zipBomb(reason: string): VanbanError {
  return new VanbanError("file_too_large", `The Word document looks like a zip bomb: ${reason}. It was not opened.`);
}

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
