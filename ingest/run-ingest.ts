import { createHash } from "node:crypto";
import { promises as fs, type Stats } from "node:fs";
import path from "node:path";
import { describeError, isVanbanError, VanbanError } from "../core/errors.js";
import type { Embedder } from "../core/ports.js";
import type { ArchiveDocument, Chunk } from "../core/types.js";
import { Bm25Builder, Bm25Index } from "./index/bm25-index.js";
import { HnswBuilder, HnswVectorIndex, type HnswParameters } from "./index/hnsw-vector-index.js";
import { analyzeIndexText, type DocumentTermTable } from "./index/index-terms.js";
import {
  commitGeneration,
  INDEX_FORMAT_VERSION,
  loadGeneration,
  readCurrentGeneration,
  readManifest,
  type IndexSnapshot,
  type Manifest,
  type ManifestFile,
  type VectorIndexKind,
} from "./index/index-store.js";
import { HashedEmbeddings } from "./index/hashed-embeddings.js";
import { acquireIngestLock, type IngestProgress } from "./index/ingest-lock.js";
import { isFileOverBudgetError } from "./load/file-over-budget.js";
import { budgetKey, type FileBudget } from "./pipeline/file-budget.js";
import { prepareIndexInput } from "./pipeline/embed-hashed.js";
import type { FileProcessor, ProcessedFileResult } from "./pipeline/file-processor-pool.js";
import { indexTextOf, PIPELINE_VERSION, processFile } from "./pipeline/process-file.js";
import type { OcrSettings } from "./load/ocr.js";
import type { FileJob } from "./pipeline/worker-protocol.js";
import { silentProgress, type IngestSummary, type ProgressReporter } from "./progress.js";


export type IngestDependencies = {
  embedder: Embedder;
  progress?: ProgressReporter;
  /** Replaceable for tests; defaults to the real pipeline. */
  processFile?: typeof processFile;
  /**
   * Runs the pipeline elsewhere (worker threads, see file-processor-pool.ts);
   * without it files are processed one by one on this thread with `processFile`.
   */
  fileProcessor?: FileProcessor;
  /** Told how far the ingest is, at every file and phase (the server's ingest state, see ingest-queue.ts). */
  onProgress?: (progress: IngestProgress) => void;
  /**
   * Writes the new generation and makes it live: the search backend's
   * (server/retrieve/backend/search-backend.ts); default, the in-process
   * engine's files only (index-store.ts).
   */
  commitGeneration?: typeof commitGeneration;
};

export type IngestOptions = {
  corpusDir: string;
  indexDir: string;
  chunkChars: number;
  maxBytes: number;
  hnsw?: HnswParameters;
  /**
   * How vectors are searched: "exact" (sparse scan, for the hashed embedder's
   * sparse queries) or "hnsw" (graph, for dense neural embeddings). Default:
   * exact when the embedder says its queries are sparse.
   */
  vectorIndex?: VectorIndexKind;
  /** Re-process every file (no reuse) and write a new generation even when nothing changed. */
  force?: boolean;
  /** The search backend the generation is written for ("local" default); a generation written for another is rewritten. */
  searchBackend?: "local" | "opensearch";
  /** Read PDF pages without a text layer with OCR; off when absent. */
  ocr?: OcrSettings;
  /**
   * Fewer files to process than this and the fileProcessor is not used. Default 1:
   * a file's time and memory limits hold only in a worker, so every file goes to
   * one when a processor is given (starting it costs about half a second).
   */
  minFilesForWorkers?: number;
  /**
   * What one file may cost (see pipeline/file-budget.ts). Its pages, inflated
   * size and text size are checked wherever the pipeline runs; its time and
   * memory limits are the fileProcessor's (give it the same budget).
   */
  budget?: FileBudget;
};

type CorpusFile = { absolutePath: string; source: string; size: number };

/** A corpus entry that is not read, and why (a symbolic link loop, a FIFO …). */
export type SkippedEntry = { source: string; reason: string };

/**
 * Incremental ingest: only new or changed files are processed; unchanged ones
 * keep their document, chunks and vectors from the live generation; removed
 * ones disappear. The result is written as a new generation and swapped in
 * atomically (see index-store.ts). Failures are recorded per file.
 */
export async function runIngest(dependencies: IngestDependencies, options: IngestOptions): Promise<IngestSummary> {
  const processOne = dependencies.processFile ?? processFile;
  const startedAt = Date.now();
  await fs.mkdir(options.indexDir, { recursive: true });
  const lock = await acquireIngestLock(options.indexDir);
  const corpusRoot = path.resolve(options.corpusDir);
  const state: IngestProgress = { phase: "listing", total: 0, processed: 0, failed: 0, startedAt: new Date(startedAt).toISOString(), updatedAt: new Date(startedAt).toISOString() };
  const publish = (change: Partial<IngestProgress>) => {
    Object.assign(state, change, { updatedAt: new Date().toISOString() });
    lock.report({ ...state });
    dependencies.onProgress?.({ ...state });
  };
  const progress = trackProgress(dependencies.progress ?? silentProgress, publish, state);
  publish({});
  try {
    // An index kept inside the corpus folder is not part of the corpus.
    const { files, skipped } = await listCorpusEntries(options.corpusDir, { exclude: [options.indexDir] });
    const previous = await loadPreviousGeneration({ indexDir: options.indexDir, embedder: dependencies.embedder, chunkChars: options.chunkChars });
    publish({ phase: "processing", total: files.length });
    progress.start(files.length);
    for (const entry of skipped) progress.message(`skipped ${entry.source}: ${entry.reason}`);

    const documents: ArchiveDocument[] = [];
    const chunkGroups: Array<{ chunks: Chunk[]; vectors: Float32Array }> = [];
    const manifestFiles: ManifestFile[] = [];
    const failed: IngestSummary["failed"] = [];
    const docIds = new Set<string>();
    let indexed = 0;
    let reused = 0;
    let bytes = 0;

    // Pass 1, in file order: what can be reused as it is, and the jobs for the rest.
    type Slot =
      | { kind: "reused"; source: string; document: ArchiveDocument; chunks: Chunk[]; vectors: Float32Array; file: ManifestFile }
      | { kind: "known-failure"; source: string; file: ManifestFile; error: NonNullable<ManifestFile["error"]> }
      | { kind: "process"; file: CorpusFile; hash: string; job?: FileJob; result?: Promise<ProcessedFileResult> };
    const slots: Slot[] = [];
    // With other OCR settings, a scan refused or read in part may read (further) now.
    const ocrChanged = previous !== undefined && previous.ocr !== ocrKey(options.ocr);
    // Under other limits a file refused for its budget may pass now.
    const budgetChanged = previous !== undefined && previous.budget !== budgetKey(options.budget);
    for (const file of files) {
      const hash = await hashFile(file.absolutePath).catch(() => "");
      const before = previous?.files.get(file.source);
      if (before && before.hash === hash && previous && !options.force) {
        const reusedContent = previous.reuse(before);
        const rereadScan = ocrChanged && Boolean(reusedContent?.document.unreadPages?.length);
        if (reusedContent && !rereadScan && !docIds.has(reusedContent.document.id)) {
          docIds.add(reusedContent.document.id);
          slots.push({ kind: "reused", source: file.source, ...reusedContent, file: before });
          continue;
        }
        const retry = (ocrChanged && before.error?.code === "file_no_text_layer") || (budgetChanged && before.error?.code === "file_over_budget");
        if (before.status === "failed" && before.error && !retry) {
          // Same bytes, same pipeline: it would fail the same way again.
          slots.push({ kind: "known-failure", source: file.source, file: before, error: before.error });
          continue;
        }
      }
      slots.push({ kind: "process", file, hash });
    }
    // New ids avoid the reused ones (which keep theirs) and are given in file order,
    // so they do not depend on which worker finishes first.
    for (const slot of slots) {
      if (slot.kind !== "process" || !slot.hash) continue;
      const docId = uniqueDocId(slot.file.source, docIds);
      docIds.add(docId);
      slot.job = {
        absolutePath: slot.file.absolutePath,
        source: slot.file.source,
        docId,
        hash: slot.hash,
        maxBytes: options.maxBytes,
        chunkChars: options.chunkChars,
        ...(options.ocr ? { ocr: options.ocr } : {}),
        ...(options.budget ? { budget: { maxPages: options.budget.maxPages, maxInflatedBytes: options.budget.maxInflatedBytes, maxTextCharacters: options.budget.maxTextCharacters } } : {}),
      };
    }

    const removed = previous ? [...previous.files.keys()].filter((source) => !files.some((file) => file.source === source)).length : 0;
    // When the index will be rewritten anyway, it is built as documents arrive, on this
    // thread, while the workers process the next files.
    const vectorIndexKind: VectorIndexKind = options.vectorIndex ?? (dependencies.embedder.sparseQueries ? "exact" : "hnsw");
    const previousKind = previous?.vectorIndexKind;
    const surelyChanged =
      options.force === true || !previous || removed > 0 || previousKind !== vectorIndexKind || slots.some((slot) => slot.kind === "process");
    // A remote search engine indexes the chunks itself (server/retrieve/backend): the in-process indexes are not built.
    const buildsLocalIndexes = (options.searchBackend ?? "local") === "local";
    const builders = surelyChanged && buildsLocalIndexes
      ? {
          lexical: new Bm25Builder(),
          // The exact index is built from vectors.f32 when loaded: nothing to build here.
          vectors: vectorIndexKind === "hnsw" ? new HnswBuilder({ dimension: dependencies.embedder.dimension, parameters: options.hnsw }) : undefined,
        }
      : undefined;
    const addToIndexes = (group: { document: ArchiveDocument; chunks: Chunk[]; vectors: Float32Array; terms?: DocumentTermTable }) => {
      if (!builders) return;
      // Chunks tokenized by a worker come with their term table; the others are tokenized here.
      if (group.terms && group.terms.chunkStarts.length === group.chunks.length) builders.lexical.addTable(group.terms);
      else for (const chunk of group.chunks) builders.lexical.add(analyzeIndexText(indexTextOf(chunk, group.document), { folded: false }));
      builders.vectors?.add(group.vectors);
    };

    // Pass 2, in file order: results are consumed one by one while the processor works ahead.
    const jobCount = slots.filter((slot) => slot.kind === "process" && slot.job).length;
    const useWorkers = dependencies.fileProcessor !== undefined && jobCount >= (options.minFilesForWorkers ?? 1);
    const processor: FileProcessor = useWorkers ? dependencies.fileProcessor! : inProcessFileProcessor(processOne, dependencies.embedder);
    // A pool works ahead on about two files per worker; the in-process one (concurrency 0) only when asked.
    const lookahead = Math.max(0, processor.concurrency * 2 - 1);
    let submitted = 0;
    const submitUpTo = (last: number) => {
      for (; submitted <= Math.min(last, slots.length - 1); submitted++) {
        const slot = slots[submitted]!;
        if (slot.kind === "process" && slot.job) {
          slot.result = processor.process(slot.job);
          // Consumed (and its rejection handled) in order below; never an unhandled rejection meanwhile.
          slot.result.catch(() => undefined);
        }
      }
    };
    for (const [at, slot] of slots.entries()) {
      submitUpTo(at + lookahead);
      publish({ current: slot.kind === "process" ? slot.file.source : slot.source });
      if (slot.kind === "reused") {
        documents.push(slot.document);
        chunkGroups.push({ chunks: slot.chunks, vectors: slot.vectors });
        addToIndexes(slot);
        manifestFiles.push({ ...slot.file });
        reused++;
        progress.file({ source: slot.source, status: "reused", chunks: slot.chunks.length });
        continue;
      }
      if (slot.kind === "known-failure") {
        manifestFiles.push({ ...slot.file });
        failed.push({ source: slot.source, code: slot.error.code, message: slot.error.message, ...(slot.error.limit ? { limit: slot.error.limit } : {}) });
        reused++;
        progress.file({ source: slot.source, status: "failed", chunks: 0, reason: slot.error.message });
        continue;
      }
      const { file, hash } = slot;
      try {
        if (!slot.result || !slot.job) throw new VanbanError("file_unreadable", "The file cannot be read.");
        const pendingResult = slot.result;
        // The slot must not keep the result alive: its term table is only needed until indexed.
        slot.result = undefined;
        const { document, chunks, terms, vectors: readyVectors, embedderId } = await pendingResult;
        if (!chunks.length) throw new VanbanError("file_empty", "The document has no text to index.");
        // Vectors made in a worker count only if they come from this very embedder.
        const vectors =
          readyVectors && embedderId === dependencies.embedder.id && readyVectors.length === chunks.length * dependencies.embedder.dimension
            ? readyVectors
            : await embedChunks({ embedder: dependencies.embedder, chunks, document });
        documents.push(document);
        chunkGroups.push({ chunks, vectors });
        addToIndexes({ document, chunks, vectors, terms });
        manifestFiles.push({ source: file.source, hash, size: file.size, status: "indexed", docId: slot.job.docId, chunks: chunks.length });
        indexed++;
        bytes += file.size;
        progress.file({ source: file.source, status: "indexed", chunks: chunks.length });
      } catch (error) {
        if (isVanbanError(error) && (error.code === "embedder_failed" || error.code === "index_write_failed" || error.code === "internal")) throw error;
        const code = isVanbanError(error) ? error.code : "file_unreadable";
        // Paths in system messages ("open '/srv/…/corpus/x.pdf'") are shown relative to the corpus.
        const message = describeError(error).split(`${corpusRoot}${path.sep}`).join("");
        const limit = isFileOverBudgetError(error) ? error.limit : undefined;
        failed.push({ source: file.source, code, message, ...(limit ? { limit } : {}) });
        manifestFiles.push({ source: file.source, hash, size: file.size, status: "failed", error: { code, message, ...(limit ? { limit } : {}) } });
        progress.file({ source: file.source, status: "failed", chunks: 0, reason: message });
      }
    }

    // The workers' heaps are not needed while the index is written.
    await processor.drain?.();
    const chunks = chunkGroups.flatMap((group) => group.chunks);
    const changed =
      options.force === true ||
      !previous ||
      indexed > 0 ||
      removed > 0 ||
      previousKind !== vectorIndexKind ||
      // Written for another search backend: its indexes are not where this one searches.
      previous.searchBackend !== (options.searchBackend ?? "local") ||
      // New OCR settings (or limits) are recorded even when nothing read differently, so files are not retried at every run.
      ocrChanged ||
      budgetChanged ||
      previous.hadDifferentFailures(manifestFiles);
    let generation = previous?.directory;
    if (changed) {
      const vectorBlocks = chunkGroups.map((group) => group.vectors);
      publish({ phase: "writing", current: undefined });
      progress.message(`indexing ${chunks.length} chunks…`);
      let lexical: Bm25Index | undefined;
      let vectorIndex: HnswVectorIndex | undefined;
      // Searched elsewhere (!buildsLocalIndexes): documents, chunks and vectors only.
      if (builders) {
        lexical = builders.lexical.finish();
        vectorIndex = builders.vectors?.finish();
      } else if (buildsLocalIndexes) {
        // Only the failures changed: nothing was built on the way.
        const byId = new Map(documents.map((document) => [document.id, document]));
        lexical = Bm25Index.build({
          count: chunks.length,
          documentOf: (i) => analyzeIndexText(indexTextOf(chunks[i]!, byId.get(chunks[i]!.docId)!), { folded: false }),
        });
        if (vectorIndexKind === "hnsw") {
          vectorIndex = HnswVectorIndex.build({ vectors: concatenateVectors(vectorBlocks), dimension: dependencies.embedder.dimension, parameters: options.hnsw });
        }
      }
      const manifest: Manifest = {
        formatVersion: INDEX_FORMAT_VERSION,
        pipelineVersion: PIPELINE_VERSION,
        createdAt: new Date().toISOString(),
        embedder: { id: dependencies.embedder.id, dimension: dependencies.embedder.dimension },
        vectorIndex: { kind: vectorIndexKind },
        chunkChars: options.chunkChars,
        ocr: ocrKey(options.ocr),
        budget: budgetKey(options.budget),
        files: manifestFiles,
        counts: { documents: documents.length, chunks: chunks.length, failed: failed.length },
      };
      generation = await (dependencies.commitGeneration ?? commitGeneration)({ indexDir: options.indexDir, content: { manifest, documents, chunks, vectors: vectorBlocks, lexical, vectorIndex } });
    }
    const summary: IngestSummary = {
      files: files.length,
      indexed,
      reused,
      failed,
      removed,
      documents: documents.length,
      chunks: chunks.length,
      seconds: (Date.now() - startedAt) / 1000,
      megabytes: bytes / 1e6,
      changed,
      generation,
      ...(skipped.length ? { skipped } : {}),
    };
    publish({ phase: "done", current: undefined });
    progress.finish(summary);
    return summary;
  } finally {
    await lock.release();
  }
}

/** The reporter the ingest talks to, also counting settled files into the shared progress. */
function trackProgress(reporter: ProgressReporter, publish: (change: Partial<IngestProgress>) => void, state: IngestProgress): ProgressReporter {
  return {
    start: (total) => reporter.start(total),
    file(event) {
      publish({ processed: state.processed + 1, failed: state.failed + (event.status === "failed" ? 1 : 0) });
      reporter.file(event);
    },
    message: (text) => reporter.message(text),
    finish: (summary) => reporter.finish(summary),
  };
}

/**
 * Every file below the corpus root (hidden ones excepted), sorted, with forward-slash sources.
 * Files of a type no loader reads are listed as well: the ingest reports them (file_unsupported)
 * instead of leaving the user to wonder why an .xls or a .zip never shows up.
 */
export async function listCorpusFiles(corpusDir: string): Promise<CorpusFile[]> {
  return (await listCorpusEntries(corpusDir)).files;
}

/**
 * The corpus's files (as listCorpusFiles) and the entries that are not read,
 * each with its reason. Symbolic links are followed, to files and folders,
 * once each: a link back into a folder already being walked is a loop; a link
 * to nothing is broken. FIFOs, sockets and devices are never opened (reading
 * a FIFO waits for a writer forever).
 */
export async function listCorpusEntries(corpusDir: string, options: { exclude?: readonly string[] } = {}): Promise<{ files: CorpusFile[]; skipped: SkippedEntry[] }> {
  const excluded = new Set(await Promise.all((options.exclude ?? []).map((folder) => fs.realpath(folder).catch(() => path.resolve(folder)))));
  const files: CorpusFile[] = [];
  const skipped: SkippedEntry[] = [];
  const sourceOf = (absolutePath: string) => path.relative(corpusDir, absolutePath).split(path.sep).join("/");
  const walk = async (directory: string, ancestors: ReadonlySet<string>) => {
    let entries;
    try {
      entries = await fs.readdir(directory, { withFileTypes: true });
    } catch (error) {
      if (directory === corpusDir) throw new VanbanError("file_unreadable", `Cannot read the corpus folder ${corpusDir}`, { cause: error });
      skipped.push({ source: sourceOf(directory), reason: `the folder cannot be read (${(error as NodeJS.ErrnoException).code ?? describeError(error)})` });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      // "<file>.access.json" says which access groups <file> belongs to (the server reads it): not a document.
      if (entry.isFile() && entry.name.endsWith(".access.json")) continue;
      const absolutePath = path.join(directory, entry.name);
      const source = sourceOf(absolutePath);
      let kind: "directory" | "file" | "other" = entry.isDirectory() ? "directory" : entry.isFile() ? "file" : "other";
      let stat: Stats | undefined;
      if (entry.isSymbolicLink()) {
        try {
          stat = await fs.stat(absolutePath);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          skipped.push({ source, reason: code === "ELOOP" ? "a symbolic link loop" : "a broken symbolic link (its target does not exist)" });
          continue;
        }
        kind = stat.isDirectory() ? "directory" : stat.isFile() ? "file" : "other";
      }
      if (kind === "directory") {
        const real = await fs.realpath(absolutePath).catch(() => absolutePath);
        if (excluded.has(real)) continue;
        if (ancestors.has(real)) {
          skipped.push({ source, reason: "a symbolic link loop (it leads back into a folder that contains it)" });
          continue;
        }
        await walk(absolutePath, new Set([...ancestors, real]));
        continue;
      }
      if (kind === "other") {
        stat ??= await fs.stat(absolutePath).catch(() => undefined);
        skipped.push({ source, reason: `not a regular file (${describeFileType(stat)}); it is not read` });
        continue;
      }
      stat ??= await fs.stat(absolutePath);
      files.push({ absolutePath, source, size: stat.size });
    }
  };
  await walk(corpusDir, new Set([await fs.realpath(corpusDir).catch(() => corpusDir)]));
  const bySource = (a: { source: string }, b: { source: string }) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0);
  return { files: files.sort(bySource), skipped: skipped.sort(bySource) };
}

function describeFileType(stat: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean } | undefined): string {
  if (!stat) return "unknown type";
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "unknown type";
}

/** A readable, URL-safe, stable id from the source path: "000_492514bbfbcde4f8.pdf" -> "000_492514bbfbcde4f8". */
export function docIdFromSource(source: string): string {
  const withoutExtension = source.replace(/\.[^./]+$/u, "");
  return withoutExtension.normalize("NFC").replace(/[^\p{L}\p{N}_.-]+/gu, "-").replace(/^-+|-+$/gu, "") || "document";
}

function uniqueDocId(source: string, taken: Set<string>): string {
  const base = docIdFromSource(source);
  if (!taken.has(base)) return base;
  const withExtension = `${base}-${path.extname(source).slice(1).toLowerCase()}`;
  if (!taken.has(withExtension)) return withExtension;
  let n = 2;
  while (taken.has(`${withExtension}-${n}`)) n++;
  return `${withExtension}-${n}`;
}

async function hashFile(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  const handle = await fs.open(filePath, "r");
  try {
    for await (const chunk of handle.createReadStream()) hash.update(chunk as Buffer);
  } finally {
    await handle.close().catch(() => undefined);
  }
  return hash.digest("hex");
}

async function embedChunks(options: { embedder: Embedder; chunks: Chunk[]; document: ArchiveDocument }): Promise<Float32Array> {
  const { embedder, chunks, document } = options;
  const vectors = new Float32Array(chunks.length * embedder.dimension);
  const batchSize = 64;
  for (let from = 0; from < chunks.length; from += batchSize) {
    const batch = chunks.slice(from, from + batchSize);
    let embedded: number[][];
    try {
      embedded = await embedder.embedDocuments(batch.map((chunk) => indexTextOf(chunk, document)));
    } catch (error) {
      throw new VanbanError("embedder_failed", `The embedder ${embedder.id} failed: ${describeError(error)}`, { cause: error });
    }
    embedded.forEach((vector, i) => {
      if (vector.length !== embedder.dimension) {
        throw new VanbanError("embedder_failed", `The embedder returned ${vector.length} dimensions, expected ${embedder.dimension}`);
      }
      vectors.set(vector, (from + i) * embedder.dimension);
    });
  }
  return vectors;
}

/** The default processor: the pipeline on this thread, one file at a time. */
function inProcessFileProcessor(processOne: typeof processFile, embedder: Embedder): FileProcessor {
  const hashed = embedder instanceof HashedEmbeddings ? embedder : undefined;
  return {
    concurrency: 0,
    async process(job) {
      const { document, chunks } = await processOne(job);
      // As in the workers: one tokenization per chunk for both BM25 and the hashed vectors.
      const { terms, vectors } = prepareIndexInput({ embedder: hashed, chunks, document });
      return { document, chunks, terms, vectors, embedderId: hashed?.id };
    },
    close: async () => undefined,
  };
}

function concatenateVectors(parts: Float32Array[]): Float32Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

/** What the manifest records of the OCR settings: the languages and page limit ("vie/100"), or "off". */
function ocrKey(ocr: OcrSettings | undefined): string {
  return ocr ? `${ocr.lang}/${ocr.maxPages}` : "off";
}

type PreviousGeneration = {
  directory: string;
  /** The OCR key the generation was made with. */
  ocr: string;
  /** The budget key the generation was made with ("none" before budgets existed). */
  budget: string;
  /** How its vectors are searched. */
  vectorIndexKind: VectorIndexKind;
  /** The search backend it was written for. */
  searchBackend: "local" | "opensearch";
  files: Map<string, ManifestFile>;
  reuse(file: ManifestFile): { document: ArchiveDocument; chunks: Chunk[]; vectors: Float32Array } | undefined;
  hadDifferentFailures(files: ManifestFile[]): boolean;
};

/** The live generation, when its documents can be reused (same pipeline, embedder and chunk size). */
async function loadPreviousGeneration(options: { indexDir: string; embedder: Embedder; chunkChars: number }): Promise<PreviousGeneration | undefined> {
  const directory = await readCurrentGeneration(options.indexDir);
  if (!directory) return undefined;
  let manifest: Manifest;
  try {
    manifest = await readManifest(directory);
  } catch {
    return undefined;
  }
  const compatible =
    manifest.formatVersion === INDEX_FORMAT_VERSION &&
    manifest.pipelineVersion === PIPELINE_VERSION &&
    manifest.embedder.id === options.embedder.id &&
    manifest.embedder.dimension === options.embedder.dimension &&
    manifest.chunkChars === options.chunkChars;
  const files = new Map(manifest.files.map((file) => [file.source, file]));
  const described = {
    directory,
    files,
    ocr: manifest.ocr ?? "off",
    budget: manifest.budget ?? "none",
    vectorIndexKind: manifest.vectorIndex?.kind ?? "hnsw",
    searchBackend: manifest.searchBackend?.kind ?? "local",
  } as const;
  if (!compatible) {
    // Everything is re-processed, but removals are still counted against it.
    return { ...described, reuse: () => undefined, hadDifferentFailures: () => true };
  }
  let snapshot: IndexSnapshot | undefined;
  try {
    // Only what can be reused: documents, chunks and vectors; the indexes are rebuilt.
    snapshot = await loadGeneration(directory, { indexes: false });
  } catch {
    return { ...described, reuse: () => undefined, hadDifferentFailures: () => true };
  }
  const documentsById = new Map(snapshot.documents.map((document) => [document.id, document]));
  const chunkRanges = new Map<string, { from: number; to: number }>();
  snapshot.chunks.forEach((chunk, i) => {
    const range = chunkRanges.get(chunk.docId);
    if (range) range.to = i + 1;
    else chunkRanges.set(chunk.docId, { from: i, to: i + 1 });
  });
  const dimension = manifest.embedder.dimension;
  const loaded = snapshot;
  return {
    ...described,
    reuse(file) {
      if (file.status !== "indexed" || !file.docId) return undefined;
      const document = documentsById.get(file.docId);
      const range = chunkRanges.get(file.docId);
      if (!document || !range) return undefined;
      return {
        document,
        chunks: loaded.chunks.slice(range.from, range.to),
        vectors: loaded.vectors.slice(range.from * dimension, range.to * dimension),
      };
    },
    hadDifferentFailures(current) {
      const key = (list: ManifestFile[]) =>
        list
          .filter((file) => file.status === "failed")
          .map((file) => `${file.source}:${file.hash}:${file.error?.code ?? ""}:${file.error?.message ?? ""}`)
          .sort()
          .join("|");
      return key(current) !== key(manifest.files) || current.length !== manifest.files.length;
    },
  };
}

