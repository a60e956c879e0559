import type { Bm25Index, ScoredChunk } from "../../../ingest/index/bm25-index.js";
import type { VectorIndex } from "../../../ingest/index/hnsw-vector-index.js";
import { commitGeneration } from "../../../ingest/index/index-store.js";
import type { GenerationScope, RetrieveOptions, RetrievedCandidates, SearchBackend, SearchGeneration } from "./search-backend.js";

/**
 * The in-process engine behind the port (the default): the generation's BM25
 * index and vector index (hnswlib graph or exact sparse scan) loaded into this
 * process from the generation directory, which index-store writes and swaps.
 */
export function createLocalSearchBackend(): SearchBackend {
  return {
    kind: "local",
    needsLocalIndexes: true,
    commitGeneration,
    async openGeneration(snapshot) {
      return createLocalGeneration({ lexical: snapshot.lexical, vectors: snapshot.vectorIndex });
    },
    async health() {
      return { status: "ok", kind: "local" };
    },
    async close() {},
  };
}

export function createLocalGeneration(options: { lexical: Bm25Index; vectors: VectorIndex }): SearchGeneration {
  const { lexical, vectors } = options;
  return {
    description: "in-process",
    termStatistics: lexical,
    async prepareTermStatistics() {},
    async retrieve(query: RetrieveOptions): Promise<RetrievedCandidates> {
      const { accept } = query;
      const within = query.within ? { within: query.within } : {};
      const lexicalHits = query.terms.length && query.lexicalLimit > 0 ? lexical.search({ terms: query.terms, limit: query.lexicalLimit, accept, ...within }) : [];
      const vectorHits = query.vector.length && query.vectorLimit > 0 ? safeVectorSearch(() => vectors.search({ vector: query.vector, limit: query.vectorLimit, accept, ...within })) : [];
      return { lexical: lexicalHits, vector: vectorHits };
    },
    restrict(scope: GenerationScope): SearchGeneration {
      const { renumbered } = scope;
      return createLocalGeneration({
        lexical: lexical.restrict((chunk) => renumbered[chunk]! >= 0),
        vectors: restrictVectors(vectors, renumbered, scope.size),
      });
    },
  };
}

function safeVectorSearch(search: () => ScoredChunk[]): ScoredChunk[] {
  try {
    return search();
  } catch {
    // hnswlib throws when a filter leaves fewer points than asked for; the lexical side still answers.
    return [];
  }
}

/** The vector index through the visible chunks' numbering: hidden chunks are never candidates. */
function restrictVectors(vectors: VectorIndex, renumbered: Int32Array, size: number): VectorIndex {
  return {
    dimension: vectors.dimension,
    size,
    search(options): ScoredChunk[] {
      const accept = options.accept;
      const hits = vectors.search({
        vector: options.vector,
        limit: Math.min(options.limit, size),
        accept: (chunk) => {
          const own = renumbered[chunk]!;
          return own >= 0 && (!accept || accept(own));
        },
      });
      return hits.map((hit) => ({ chunk: renumbered[hit.chunk]!, score: hit.score }));
    },
  };
}
