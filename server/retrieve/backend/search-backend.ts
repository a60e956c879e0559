import type { SearchFilters } from "../../../core/types.js";
import type { QueryTerm, ScoredChunk } from "../../../ingest/index/bm25-index.js";
import type { GenerationContent, IndexSnapshot } from "../../../ingest/index/index-store.js";

/**
 * The search-backend port: what Vanban needs from a search engine, and no
 * more. Two adapters: the in-process engine (BM25 + hnswlib/exact scan in this
 * process, the default) and OpenSearch (opensearch-search-backend.ts).
 *
 * A *generation* is one complete, immutable index of the archive's chunks;
 * chunks are numbered by their position in the generation's chunk list (the
 * same numbering as `Archive.chunks`). Fusion, boosts, facets and highlights
 * stay in Vanban (hybrid-search.ts) so both adapters rank the same way.
 */

/** Term statistics the search (relevance floor) and the answerer (key-term weights) read, synchronously. */
export interface TermStatistics {
  /** Number of chunks in the generation (as seen by the reader). */
  readonly chunkCount: number;
  /** Number of chunks containing the exact term. */
  documentFrequency(term: string): number;
  /** Number of chunks containing the query term (for a folded term: any of its variants). */
  queryTermFrequency(term: QueryTerm): number;
  /** Inverse document frequency (BM25 form) of a document frequency. */
  inverseDocumentFrequency(documentFrequency: number): number;
}

export type RetrieveOptions = {
  /** Weighted lexical terms, as analysed by Vanban (syllables, bigrams, folded forms). */
  terms: readonly QueryTerm[];
  /** The query's embedding; an empty array skips the vector side. */
  vector: readonly number[];
  lexicalLimit: number;
  vectorLimit: number;
  /** Explicit filters (province, year, type, docId): the field form, for engines that filter themselves. */
  filters?: SearchFilters;
  /** The same filters as a chunk predicate, for engines in this process. */
  accept?: (chunk: number) => boolean;
  /** With a docId filter, that document's chunks (ascending), for engines in this process: only they need scoring. */
  within?: Int32Array;
};

/** Each side's candidates, best first, with raw scores (BM25 and cosine/inner product). */
export type RetrievedCandidates = { lexical: ScoredChunk[]; vector: ScoredChunk[] };

/** Which chunks and documents one reader may see (server/access/scope-archive.ts). */
export type GenerationScope = {
  /** Old chunk number -> new chunk number, or -1 for a hidden chunk. */
  renumbered: Int32Array;
  /** Number of visible chunks. */
  size: number;
  /** Ids of the visible documents. */
  visibleDocumentIds: ReadonlySet<string>;
};

/** One readable generation. */
export interface SearchGeneration {
  /** What it is, for /api/health and logs ("in-process", "opensearch <index>"). */
  readonly description: string;
  readonly termStatistics: TermStatistics;
  /**
   * Makes `termStatistics` answer for these terms (and their syllables) from
   * memory. In-process it is a no-op; a remote engine fetches them in one round trip.
   */
  prepareTermStatistics(terms: readonly QueryTerm[]): Promise<void>;
  retrieve(options: RetrieveOptions): Promise<RetrievedCandidates>;
  /** The generation as one reader sees it: hidden chunks never come back, statistics are the visible chunks'. */
  restrict(scope: GenerationScope): SearchGeneration;
}

export type BackendHealth = { status: "ok" | "degraded" | "down"; kind: SearchBackendKind; detail?: string };

export type SearchBackendKind = "local" | "opensearch";

/** The engine: writes generations, makes one live, opens one for reading. */
export interface SearchBackend {
  readonly kind: SearchBackendKind;
  /**
   * Writes a complete generation and makes it live; returns the generation's
   * directory under `indexDir` (documents, chunks and manifest always live
   * there). A crash at any point leaves the previous generation live and whole.
   * Same signature as index-store's commitGeneration, so the ingest takes it as
   * a dependency without knowing the engine.
   */
  commitGeneration(options: { indexDir: string; content: GenerationContent; keepPrevious?: number }): Promise<string>;
  /** Whether a loaded generation needs its in-process indexes (lexical.bin, vectors.hnsw) read. */
  readonly needsLocalIndexes: boolean;
  /** Opens the generation a snapshot describes. */
  openGeneration(snapshot: IndexSnapshot): Promise<SearchGeneration>;
  health(): Promise<BackendHealth>;
  /** Releases connections. */
  close(): Promise<void>;
}
