import type { ArchiveDocument, Chunk } from "../../core/types.js";
import { chunkDocument } from "../chunk/chunk-document.js";
import { cleanText } from "../clean/clean-text.js";
import { loadFile } from "../load/load-file.js";
import type { OcrSettings } from "../load/ocr.js";
import { extractReferences } from "../parse/extract-references.js";
import { extractTasks } from "../parse/extract-tasks.js";
import { appendNotes, citingTextsOf } from "../parse/notes-section.js";
import { parseHeader } from "../parse/parse-header.js";
import { parseSections } from "../parse/parse-sections.js";
import { checkFileContent, checkTextSize, type ContentBudget } from "./file-budget.js";
import { resolveTaskDeadlines } from "../parse/resolve-task-deadlines.js";

/**
 * Version of everything between the file and the chunks. Bump it whenever a
 * loader, cleaner, parser or the chunker changes output, so the next
 * incremental ingest re-processes documents it would otherwise reuse.
 */
export const PIPELINE_VERSION = "2026-12-08.1";

export type ProcessedFile = { document: ArchiveDocument; chunks: Chunk[] };

/** One file for the pipeline. */
export type FileJob = {
  absolutePath: string;
  source: string;
  docId: string;
  hash: string;
  maxBytes: number;
  chunkChars: number;
  /** Read scanned PDF pages with OCR; off when absent. */
  ocr?: OcrSettings;
  /** Pages, inflated size and text size the file may have (see file-budget.ts); unchecked when absent. */
  budget?: ContentBudget;
};

/** File -> clean, structured document -> chunks. Throws VanbanError (file_*) for unusable files. */
export async function processFile(options: FileJob): Promise<ProcessedFile> {
  if (options.budget) await checkFileContent(options.absolutePath, { budget: options.budget, maxBytes: options.maxBytes });
  const loaded = await loadFile(options.absolutePath, { maxBytes: options.maxBytes, ...(options.ocr ? { ocr: options.ocr } : {}) });
  if (options.budget) checkTextSize(loaded.text, options.budget);
  return processText({ ...options, raw: loaded.text, format: loaded.format, pages: loaded.pages, warnings: loaded.warnings, ocr: loaded.ocr, unreadPages: loaded.unreadPages, legacyEncoding: loaded.legacyEncoding });
}

/** The pure part of processFile, from a loader's text on. */
export function processText(options: {
  raw: string;
  format: ArchiveDocument["format"];
  source: string;
  docId: string;
  hash: string;
  chunkChars: number;
  pages?: number;
  warnings?: string[];
  ocr?: ArchiveDocument["ocr"];
  unreadPages?: number[];
  legacyEncoding?: ArchiveDocument["legacyEncoding"];
}): ProcessedFile {
  const clean = cleanText(options.raw, { format: options.format });
  const body = clean.text;
  // Header, sections and tasks come from the body; the notes follow it, so its offsets hold.
  const notes = appendNotes(body, clean.footnotes);
  const references = extractReferences(notes.text);
  const base: Omit<ArchiveDocument, "tasks"> = {
    id: options.docId,
    source: options.source,
    hash: options.hash,
    format: options.format,
    meta: parseHeader(body, { source: options.source }),
    text: notes.text,
    ...(notes.footnotes.length > 0 ? { notesStart: notes.notesStart } : {}),
    sections: [...parseSections(body), ...notes.sections],
    footnotes: notes.footnotes,
    references,
    pages: options.pages,
    ...(options.ocr ? { ocr: options.ocr } : {}),
    ...(options.unreadPages?.length ? { unreadPages: options.unreadPages } : {}),
    ...(options.legacyEncoding ? { legacyEncoding: options.legacyEncoding } : {}),
    warnings: limitWarnings([...(options.warnings ?? []), ...clean.warnings]),
  };
  // A note cites other documents; what they assign is not this document's task.
  const bodySections = base.sections.filter((section) => section.start < body.length);
  const tasks = resolveTaskDeadlines(
    { meta: base.meta, sections: bodySections, text: body },
    extractTasks({ ...base, text: body, sections: bodySections, references: references.filter((reference) => reference.end <= body.length) }),
  );
  const document: ArchiveDocument = { ...base, tasks };
  const chunks = chunkDocument(document, { targetChars: options.chunkChars });
  return { document, chunks };
}

/** Most warnings kept per document: a hostile text can raise one per character, and they are stored with it. */
const MAX_WARNINGS = 20;

/** The first MAX_WARNINGS distinct warnings, and how many more there were. */
export function limitWarnings(warnings: readonly string[]): string[] {
  if (warnings.length <= MAX_WARNINGS) return [...warnings];
  const distinct = [...new Set(warnings)];
  const kept = distinct.slice(0, MAX_WARNINGS);
  const more = warnings.length - kept.length;
  return more > 0 ? [...kept, `… and ${more.toLocaleString("en-US")} more warning(s) like these`] : kept;
}

/**
 * The text a chunk is indexed and embedded with: its document title and heading path give
 * context, and a passage of notes carries the body sentences its notes belong to.
 */
export function indexTextOf(chunk: Chunk, document: ArchiveDocument): string {
  const title = [document.meta.type, document.meta.number, document.meta.title].filter(Boolean).join(" ");
  const citing = citingTextsOf(document, chunk);
  return `${title}\n${chunk.sectionPath.join(" \u203a ")}\n${citing.length ? `${citing.join("\n")}\n` : ""}${chunk.text}`;
}
