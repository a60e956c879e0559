import { tokenize } from "../../core/vietnamese.js";
import type { ArchiveDocument, Chunk } from "../../core/types.js";
import type { HashedEmbeddings } from "../index/hashed-embeddings.js";
import { buildDocumentTermTableFromSyllables, type DocumentTermTable } from "../index/index-terms.js";
import { indexTextOf } from "./process-file.js";

/** The chunks' vectors, row-major, from the hashed embedder's synchronous core (no number[] round trip). */
export function embedChunksWithHashing(options: { embedder: HashedEmbeddings; chunks: readonly Chunk[]; document: ArchiveDocument }): Float32Array {
  return prepareIndexInput(options).vectors!;
}

/**
 * What the indexes need of one document, from one tokenization of each
 * chunk's index text: its BM25 term table and, with the hashed embedder, its
 * vectors. Runs in the ingest's worker threads.
 */
export function prepareIndexInput(options: { embedder?: HashedEmbeddings; chunks: readonly Chunk[]; document: ArchiveDocument }): {
  terms: DocumentTermTable;
  vectors?: Float32Array;
} {
  const { embedder, chunks, document } = options;
  const vectors = embedder ? new Float32Array(chunks.length * embedder.dimension) : undefined;
  const perChunk = chunks.map((chunk, i) => {
    const syllables = tokenize(indexTextOf(chunk, document));
    if (embedder && vectors) vectors.set(embedder.embedSyllables(syllables), i * embedder.dimension);
    return syllables;
  });
  return { terms: buildDocumentTermTableFromSyllables(perChunk), vectors };
}
