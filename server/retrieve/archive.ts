import type { Embedder } from "../../core/ports.js";
import type { ArchiveDocument, Chunk, Task } from "../../core/types.js";
import { foldDiacritics } from "../../core/vietnamese.js";
import type { IndexSnapshot } from "../../ingest/index/index-store.js";
import { createLocalGeneration } from "./backend/local-search-backend.js";
import type { SearchGeneration, TermStatistics } from "./backend/search-backend.js";

/**
 * The searchable archive: one index generation plus look-ups the server needs
 * on every request (chunk -> document, per-chunk metadata for filters).
 * Immutable; a newer generation replaces it as a whole. The server opens it
 * with its documents, chunks and tasks as views over the generation's
 * document store (ingest/index/document-store.ts): metadata and offsets in
 * memory, texts and the rest read when used.
 */
export type Archive = {
  generation: string;
  documents: ArchiveDocument[];
  documentsById: Map<string, ArchiveDocument>;
  chunks: Chunk[];
  /** documents index of each chunk (parallel to chunks). */
  chunkDocument: Int32Array;
  /** The search engine's view of this generation (backend/search-backend.ts). */
  index: SearchGeneration;
  /** Term statistics (the same object as `index.termStatistics`): document frequencies and idf. */
  lexical: TermStatistics;
  embedder: Embedder;
  tasks: Task[];
  /** Provinces present in the archive, for query analysis. */
  provinces: string[];
};

/**
 * `index` is the generation opened by the configured search backend; without
 * one, the in-process indexes the snapshot holds are searched.
 */
export function createArchive(options: { snapshot: IndexSnapshot; embedder: Embedder; index?: SearchGeneration }): Archive {
  const { snapshot } = options;
  const index = options.index ?? createLocalGeneration({ lexical: snapshot.lexical, vectors: snapshot.vectorIndex });
  const documentsById = new Map(snapshot.documents.map((document) => [document.id, document]));
  const position = new Map(snapshot.documents.map((document, i) => [document.id, i]));
  const store = snapshot.documentStore;
  // A stored generation's chunk -> document column is already in memory; reading docId of each view would do the same work.
  const chunkDocument = store ? store.chunkDocument : Int32Array.from(snapshot.chunks, (chunk) => position.get(chunk.docId) ?? -1);
  if (store) {
    // References are read on demand: they are linked as they are read, not all at once.
    const byNumber = numberIndex(snapshot.documents);
    store.linkReferences((reference, document) => {
      const target = byNumber.get(normalizeNumberKey(reference.number));
      return target && target !== document.id ? target : undefined;
    });
  } else linkReferences(snapshot.documents);
  const provinces = [...new Set(snapshot.documents.map((document) => document.meta.province).filter((name): name is string => Boolean(name)))];
  return {
    generation: snapshot.directory,
    documents: snapshot.documents,
    documentsById,
    chunks: snapshot.chunks,
    chunkDocument,
    index,
    lexical: index.termStatistics,
    embedder: options.embedder,
    tasks: store ? store.tasks : snapshot.documents.flatMap((document) => document.tasks ?? []),
    provinces,
  };
}

/** Fills `targetDocId` of references whose number is the number of a document in the archive. */
function linkReferences(documents: ArchiveDocument[]): void {
  const byNumber = numberIndex(documents);
  for (const document of documents) {
    for (const reference of document.references ?? []) {
      const target = byNumber.get(normalizeNumberKey(reference.number));
      if (target && target !== document.id) reference.targetDocId = target;
    }
  }
}

/** Document id by normalized document number. */
function numberIndex(documents: readonly ArchiveDocument[]): Map<string, string> {
  const byNumber = new Map<string, string>();
  for (const document of documents) {
    const number = document.meta.number;
    if (number) byNumber.set(normalizeNumberKey(number), document.id);
  }
  return byNumber;
}

/** Key for comparing document numbers: folded, upper case, no spaces. */
export function normalizeNumberKey(number: string): string {
  return foldDiacritics(number).toUpperCase().replace(/\s+/gu, "").replace(/[–—]/gu, "-");
}

/** Comparison key for names such as provinces: folded, lower case, single spaces. */
export function normalizeNameKey(name: string): string {
  return foldDiacritics(name).toLowerCase().replace(/\s+/gu, " ").trim();
}
