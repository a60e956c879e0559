import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { VanbanError } from "../../core/errors.js";
import type { ArchiveDocument, Chunk } from "../../core/types.js";
import { Bm25Builder, Bm25Index, type Bm25Header } from "./bm25-index.js";
import { DOCUMENT_STORE_FILE, DocumentStore, writeDocumentStore } from "./document-store.js";
import { ExactVectorIndex } from "./exact-vector-index.js";
import { HnswVectorIndex, type VectorIndex } from "./hnsw-vector-index.js";
import { isOwnerTagAlive, ownerTag } from "./ingest-lock.js";

/**
 * On-disk layout of the index:
 *
 *   INDEX_DIR/CURRENT            name of the live generation (replaced atomically)
 *   INDEX_DIR/gen-<time>-<rand>/ one complete, immutable generation:
 *     manifest.json   files with hash and status, embedder id and dimension, counts
 *     documents.json  ArchiveDocument[] (clean text, sections, footnotes, tasks…)
 *     chunks.json     chunk boundaries (text is re-sliced from the document)
 *     documents.sqlite the same documents, chunks and tasks, read on demand by the
 *                     server (document-store.ts); the JSON files are the ingest's
 *     vectors.f32     row-major float32 embeddings, one row per chunk (reused by incremental runs)
 *     vectors.hnsw    hnswlib graph over those rows
 *     lexical.json + lexical.bin   BM25 vocabulary and postings
 *
 * A new generation is written beside the live one (in `.staging-<owner>-<rand>/`),
 * every file fsynced, renamed to its generation name, and only then CURRENT
 * is renamed over: a crash at any point leaves the previous generation live
 * and complete. Generation names sort by the time they were committed.
 *
 * Pruning never removes the generation CURRENT names (read again when
 * pruning), nor a generation committed after it (it may be about to become
 * current), nor a staging folder whose writer is alive; older generations
 * beyond `keepPrevious` and the leftovers of dead writers go.
 */
export const INDEX_FORMAT_VERSION = 1;

export type FileStatus = "indexed" | "failed";

export type ManifestFile = {
  source: string;
  hash: string;
  size: number;
  status: FileStatus;
  docId?: string;
  chunks?: number;
  /** Why the file failed; `limit` names the budget limit it passed (see pipeline/file-budget.ts). */
  error?: { code: string; message: string; limit?: string };
};

export type Manifest = {
  formatVersion: number;
  /** Bumped when cleaning/parsing/chunking changes, so old documents are re-processed. */
  pipelineVersion: string;
  createdAt: string;
  embedder: { id: string; dimension: number };
  /** How the vectors are searched: an exact sparse scan (no file of its own) or the HNSW graph in vectors.hnsw. Absent: hnsw. */
  vectorIndex?: { kind: VectorIndexKind };
  chunkChars: number;
  /**
   * OCR settings scanned pages were read with, languages and page limit ("vie/100"), or "off"; absent: off.
   * When they change, scans refused or read in part are processed again.
   */
  ocr?: string;
  /** The per-file limits the files were processed within (see budgetKey); a file refused under other limits is tried again. */
  budget?: string;
  /**
   * Where the generation's lexical and vector indexes are searched; absent: in
   * this process (lexical.bin, vectors.hnsw). An OpenSearch generation names its index.
   */
  searchBackend?: { kind: "local" | "opensearch"; index?: string };
  files: ManifestFile[];
  counts: { documents: number; chunks: number; failed: number };
};

export type StoredChunk = Omit<Chunk, "text">;

export type VectorIndexKind = "exact" | "hnsw";

/** Everything a generation holds, in memory. */
export type IndexSnapshot = {
  directory: string;
  manifest: Manifest;
  documents: ArchiveDocument[];
  chunks: Chunk[];
  vectors: Float32Array;
  lexical: Bm25Index;
  vectorIndex: VectorIndex;
  /**
   * Set when `documents` and `chunks` are views over the generation's
   * documents.sqlite (LoadOptions.documents "on-demand"): their heavy fields
   * are read when used. Absent: they are wholly in memory.
   */
  documentStore?: DocumentStore;
};

const CURRENT = "CURRENT";

export async function readCurrentGeneration(indexDir: string): Promise<string | undefined> {
  try {
    const name = (await fs.readFile(path.join(indexDir, CURRENT), "utf8")).trim();
    if (!/^gen-[\w-]+$/u.test(name)) return undefined;
    await fs.access(path.join(indexDir, name, "manifest.json"));
    return path.join(indexDir, name);
  } catch {
    return undefined;
  }
}

export async function readManifest(generationDir: string): Promise<Manifest> {
  try {
    return JSON.parse(await fs.readFile(path.join(generationDir, "manifest.json"), "utf8")) as Manifest;
  } catch (error) {
    throw new VanbanError("index_corrupt", `Cannot read the manifest in ${generationDir}`, { cause: error });
  }
}

/** Loads the live generation, or throws index_missing. */
/** Options of loadSnapshot/loadGeneration. */
export type LoadOptions = {
  /**
   * Read vectors.f32 (the raw vectors; the ingest reuses them, benchmarks scan
   * them). The server searches the HNSW graph, which holds its own copy, and
   * passes false: `vectors` is then empty.
   */
  vectors?: boolean;
  /**
   * Read the BM25 and HNSW indexes (default). The ingest, which only reuses
   * documents, chunks and vectors, passes false: `lexical` and `vectorIndex`
   * are then empty indexes.
   */
  indexes?: boolean;
  /**
   * "memory" (default): documents.json and chunks.json are parsed, every
   * field in memory. "on-demand": the server's way, a small catalogue in
   * memory and the rest read from documents.sqlite when used
   * (document-store.ts); a generation written before that file existed is
   * read into memory as before.
   */
  documents?: "memory" | "on-demand";
  /**
   * Threads that will search the exact vector index (the server's main thread
   * plus its search workers; default 1): each gets an accumulator in the
   * vectors' shared memory (exact-vector-index.ts).
   */
  searchThreads?: number;
};

export async function loadSnapshot(indexDir: string, options: LoadOptions = {}): Promise<IndexSnapshot> {
  for (let attempt = 0; ; attempt++) {
    const directory = await readCurrentGeneration(indexDir);
    if (!directory) throw new VanbanError("index_missing", `No index in ${indexDir}; run the ingest first.`);
    try {
      return await loadGeneration(directory, options);
    } catch (error) {
      // A newer generation was made current while this one was read, and this one pruned: read the new one.
      const now = await readCurrentGeneration(indexDir);
      if (attempt >= 3 || !now || now === directory) throw error;
    }
  }
}

export async function loadGeneration(directory: string, options: LoadOptions = {}): Promise<IndexSnapshot> {
  const manifest = await readManifest(directory);
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new VanbanError("index_corrupt", `Index format ${manifest.formatVersion} is not ${INDEX_FORMAT_VERSION}; re-run the ingest.`);
  }
  try {
    const { documents, chunks, documentStore } = await readDocuments(directory, options.documents ?? "memory");
    const expectedValues = chunks.length * manifest.embedder.dimension;
    let vectors: Float32Array = new Float32Array(0);
    if (options.vectors ?? true) {
      vectors = await readVectors(path.join(directory, "vectors.f32"));
      if (vectors.length !== expectedValues) throw new VanbanError("index_corrupt", `vectors.f32 holds ${vectors.length} values, expected ${expectedValues}`);
    } else {
      const { size } = await fs.stat(path.join(directory, "vectors.f32"));
      if (size !== expectedValues * Float32Array.BYTES_PER_ELEMENT) throw new VanbanError("index_corrupt", `vectors.f32 holds ${size} bytes, expected ${expectedValues * 4}`);
    }
    if (options.indexes === false) {
      const lexical = new Bm25Builder().finish();
      const vectorIndex = ExactVectorIndex.fromVectors({ vectors: new Float32Array(0), dimension: manifest.embedder.dimension });
      return { directory, manifest, documents, chunks, vectors, lexical, vectorIndex, ...(documentStore ? { documentStore } : {}) };
    }
    if (manifest.searchBackend && manifest.searchBackend.kind !== "local") {
      throw new VanbanError("index_corrupt", `The generation ${path.basename(directory)} was written for ${manifest.searchBackend.kind}: it has no in-process indexes (set SEARCH_BACKEND=${manifest.searchBackend.kind}, or run the ingest to rewrite it).`);
    }
    const header = JSON.parse(await fs.readFile(path.join(directory, "lexical.json"), "utf8")) as Bm25Header;
    // Searched by worker threads too: the postings are read straight into shared memory (no second copy).
    const lexicalPath = path.join(directory, "lexical.bin");
    const lexical = Bm25Index.deserialize(header, (options.searchThreads ?? 1) > 1 ? await readFileShared(lexicalPath) : await fs.readFile(lexicalPath));
    let vectorIndex: VectorIndex;
    if (manifest.vectorIndex?.kind === "exact") {
      // Built from the raw vectors, which are then dropped unless the caller wants them.
      const rows = vectors.length ? vectors : await readVectors(path.join(directory, "vectors.f32"));
      vectorIndex = ExactVectorIndex.fromVectors({ vectors: rows, dimension: manifest.embedder.dimension, threads: options.searchThreads ?? 1 });
    } else {
      vectorIndex = await HnswVectorIndex.load({ path: path.join(directory, "vectors.hnsw"), dimension: manifest.embedder.dimension, count: chunks.length });
    }
    return { directory, manifest, documents, chunks, vectors, lexical, vectorIndex, ...(documentStore ? { documentStore } : {}) };
  } catch (error) {
    if (error instanceof VanbanError) throw error;
    throw new VanbanError("index_corrupt", `Cannot load the index generation ${directory}`, { cause: error });
  }
}

/** The generation's documents and chunks: parsed from the JSON files, or views over documents.sqlite. */
async function readDocuments(directory: string, mode: "memory" | "on-demand"): Promise<{ documents: ArchiveDocument[]; chunks: Chunk[]; documentStore?: DocumentStore }> {
  if (mode === "on-demand") {
    const storePath = path.join(directory, DOCUMENT_STORE_FILE);
    const present = await fs.access(storePath).then(() => true, () => false);
    if (present) {
      const documentStore = DocumentStore.open(storePath);
      return { documents: documentStore.documents, chunks: documentStore.chunks, documentStore };
    }
  }
  const documents = JSON.parse(await fs.readFile(path.join(directory, "documents.json"), "utf8")) as ArchiveDocument[];
  const storedChunks = JSON.parse(await fs.readFile(path.join(directory, "chunks.json"), "utf8")) as StoredChunk[];
  const byId = new Map(documents.map((document) => [document.id, document]));
  const chunks = storedChunks.map((chunk): Chunk => {
    const document = byId.get(chunk.docId);
    if (!document) throw new VanbanError("index_corrupt", `Chunk ${chunk.id} points to a missing document`);
    return { ...chunk, text: document.text.slice(chunk.start, chunk.end) };
  });
  return { documents, chunks };
}

/** Writes a file and fsyncs it, so a crash cannot leave a renamed but empty file. */
export async function writeFileDurably(filePath: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(filePath, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The file's floats, without a copy when the buffer is aligned (large reads always are). */
async function readVectors(filePath: string): Promise<Float32Array> {
  const bytes = await fs.readFile(filePath);
  if (bytes.byteLength % Float32Array.BYTES_PER_ELEMENT !== 0) throw new VanbanError("index_corrupt", `${filePath} is not a whole number of floats (${bytes.byteLength} bytes)`);
  if (bytes.byteOffset % Float32Array.BYTES_PER_ELEMENT === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / Float32Array.BYTES_PER_ELEMENT);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** A file's bytes in a SharedArrayBuffer. */
async function readFileShared(filePath: string): Promise<Uint8Array> {
  const handle = await fs.open(filePath, "r");
  try {
    const { size } = await handle.stat();
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    for (let at = 0; at < size; ) {
      const { bytesRead } = await handle.read(bytes, at, Math.min(size - at, 1 << 24), at);
      if (bytesRead === 0) throw new VanbanError("index_corrupt", `${filePath} ended at byte ${at} of ${size}`);
      at += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

/** Writes byte blocks one after the other into one file, then fsyncs it. */
async function writePartsDurably(filePath: string, parts: Iterable<Uint8Array | string>): Promise<void> {
  const handle = await fs.open(filePath, "w");
  try {
    // writeFile continues from the current position and loops over short writes.
    for (const part of parts) await handle.writeFile(part);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The same bytes as JSON.stringify(items), written in batches of about a megabyte. */
export async function writeJsonArrayDurably(filePath: string, items: readonly unknown[]): Promise<void> {
  await writePartsDurably(filePath, jsonArrayPieces(items, 1 << 20));
}

function* jsonArrayPieces(items: readonly unknown[], batchChars: number): Generator<string> {
  let batch = "[";
  for (let i = 0; i < items.length; i++) {
    // JSON.stringify writes null for an undefined entry of an array.
    batch += (i ? "," : "") + (JSON.stringify(items[i]) ?? "null");
    if (batch.length >= batchChars) {
      yield batch;
      batch = "";
    }
  }
  yield `${batch}]`;
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await fs.open(directory, "r");
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  } finally {
    await handle.close();
  }
}

export type GenerationContent = {
  manifest: Manifest;
  documents: ArchiveDocument[];
  chunks: Chunk[];
  /** Row-major vectors of the chunks, in chunk order, in one or more consecutive blocks. */
  vectors: Float32Array | Float32Array[];
  /** The BM25 index; absent for a generation searched by another engine (manifest.searchBackend), which has no lexical files. */
  lexical?: Bm25Index;
  /** The HNSW graph to save as vectors.hnsw; none for an exact index (it is rebuilt from vectors.f32). */
  vectorIndex?: HnswVectorIndex;
};

/**
 * Writes a complete generation and makes it live. Returns its directory.
 * `beforeCommit` lets fault tests stop between writing and swapping.
 */
export async function commitGeneration(options: { indexDir: string; content: GenerationContent; keepPrevious?: number }): Promise<string> {
  const { indexDir, content } = options;
  await fs.mkdir(indexDir, { recursive: true });
  const staging = path.join(indexDir, `${STAGING_PREFIX}${ownerTag()}-${randomBytes(4).toString("hex")}`);
  await fs.mkdir(staging);
  let name: string;
  let directory: string;
  try {
    // Written piece by piece: at 100k chunks one JSON string of the whole archive would be
    // several hundred MB on top of the archive itself.
    await writeJsonArrayDurably(path.join(staging, "documents.json"), content.documents);
    await writeJsonArrayDurably(path.join(staging, "chunks.json"), content.chunks.map(({ text: _text, ...rest }): StoredChunk => rest));
    writeDocumentStore({ path: path.join(staging, DOCUMENT_STORE_FILE), documents: content.documents, chunks: content.chunks });
    const vectorBlocks = Array.isArray(content.vectors) ? content.vectors : [content.vectors];
    await writePartsDurably(
      path.join(staging, "vectors.f32"),
      vectorBlocks.map((block) => new Uint8Array(block.buffer, block.byteOffset, block.byteLength)),
    );
    if (content.lexical) {
      const { header, binary } = content.lexical.serialize();
      // JSON.stringify(header), with the vocabulary (millions of terms at 100k chunks) written in pieces.
      const { vocabulary, ...rest } = header;
      const opening = JSON.stringify({ version: rest.version, parameters: rest.parameters }).slice(0, -1);
      await writePartsDurably(
        path.join(staging, "lexical.json"),
        (function* () {
          yield `${opening},"vocabulary":`;
          yield* jsonArrayPieces(vocabulary, 1 << 20);
          yield `,"sizes":${JSON.stringify(rest.sizes)}}`;
        })(),
      );
      await writePartsDurably(path.join(staging, "lexical.bin"), binary);
    }
    if (content.vectorIndex) await content.vectorIndex.save(path.join(staging, "vectors.hnsw"));
    // The manifest goes last: a generation without one is never loaded.
    await writeFileDurably(path.join(staging, "manifest.json"), JSON.stringify(content.manifest, null, 1));
    await syncDirectory(staging);
    // Named when committed, so that names sort in commit order (see pruneGenerations).
    name = generationName();
    directory = path.join(indexDir, name);
    await fs.rename(staging, directory);
    await syncDirectory(indexDir);
    const pointer = path.join(indexDir, `${CURRENT}.${name}.tmp`);
    await writeFileDurably(pointer, name);
    await fs.rename(pointer, path.join(indexDir, CURRENT));
    await syncDirectory(indexDir);
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw new VanbanError("index_write_failed", `Could not write the new index generation: ${(error as Error).message}`, { cause: error });
  }
  await pruneGenerations({ indexDir, keep: [name], keepPrevious: options.keepPrevious ?? 1 });
  return directory;
}

const STAGING_PREFIX = ".staging-";
/** A pointer file being written is left alone for this long. */
const POINTER_LEFTOVER_MS = 60_000;
const UNOWNED_STAGING_MS = 60 * 60_000;

/** Milliseconds since the entry was last modified (0 when it cannot be read). */
async function ageOf(entryPath: string): Promise<number> {
  return fs.stat(entryPath).then((stat) => Date.now() - stat.mtimeMs, () => 0);
}

/** "gen-<milliseconds, base 36>-<random>": the time part has 8 digits until 2059, so names sort by time. */
function generationName(): string {
  return `gen-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}

/**
 * Removes what no reader or writer can need: generations older than the one
 * CURRENT names beyond the `keepPrevious` newest of them, staging folders and
 * pointer files of writers that are gone. Never the current generation (CURRENT
 * is read here, not taken from the caller), nor one committed after it, nor
 * anything in `keep`, nor the staging folder of a live writer.
 */
export async function pruneGenerations(options: { indexDir: string; keep: string[]; keepPrevious: number }): Promise<void> {
  const entries = await fs.readdir(options.indexDir, { withFileTypes: true });
  const current = await readCurrentGeneration(options.indexDir);
  const currentName = current ? path.basename(current) : undefined;
  const stale: string[] = [];
  if (currentName) {
    const older = entries
      .filter((entry) => entry.isDirectory() && /^gen-[\w-]+$/u.test(entry.name) && entry.name < currentName && !options.keep.includes(entry.name))
      .map((entry) => entry.name)
      .sort()
      .reverse();
    stale.push(...older.slice(options.keepPrevious));
  }
  for (const entry of entries) {
    if (entry.name.startsWith(STAGING_PREFIX)) {
      const tag = entry.name.slice(STAGING_PREFIX.length).replace(/-[0-9a-f]{8}$/u, "");
      const alive = isOwnerTagAlive(tag);
      // A name without an owner (written by an older version): abandoned once it is an hour old.
      const abandoned = alive === undefined ? (await ageOf(path.join(options.indexDir, entry.name))) > UNOWNED_STAGING_MS : !alive;
      if (abandoned) stale.push(entry.name);
    } else if (/^CURRENT\..*\.tmp$/u.test(entry.name)) {
      if ((await ageOf(path.join(options.indexDir, entry.name))) > POINTER_LEFTOVER_MS) stale.push(entry.name);
    }
  }
  for (const name of stale) await fs.rm(path.join(options.indexDir, name), { recursive: true, force: true }).catch(() => undefined);
}
