import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Document } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";

/**
 * LangChain's MemoryVectorStore (exact brute force over number[] vectors with
 * ml-distance cosine, then a sort of every candidate) loaded with the very
 * vectors our ingest wrote, so the comparison isolates the search method.
 * It comes from @langchain/classic, which @langchain/community depends on.
 */
export type MemoryVectorStorePeer = {
  /** Chunk ordinals of the top `limit` vectors for an already-embedded query. */
  searchVector(query: number[], limit: number): Promise<number[]>;
  /** Embeds the text with the store's embedder, then searches. */
  searchText(text: string, limit: number): Promise<number[]>;
};

export async function createMemoryVectorStorePeer(options: { embeddings: EmbeddingsInterface; vectors: Float32Array; dimension: number }): Promise<MemoryVectorStorePeer> {
  const { vectors, dimension } = options;
  const count = Math.floor(vectors.length / dimension);
  const store = new MemoryVectorStore(options.embeddings);
  // Added in slices: one concat of 100k rows at once would double the peak memory.
  const slice = 5000;
  for (let from = 0; from < count; from += slice) {
    const to = Math.min(count, from + slice);
    const rows: number[][] = [];
    const documents: Document[] = [];
    for (let chunk = from; chunk < to; chunk++) {
      rows.push(Array.from(vectors.subarray(chunk * dimension, (chunk + 1) * dimension)));
      documents.push(new Document({ pageContent: "", metadata: { chunk } }));
    }
    await store.addVectors(rows, documents);
  }
  const ordinals = (results: Array<[Document, number]>) => results.map(([document]) => document.metadata.chunk as number);
  return {
    async searchVector(query, limit) {
      return ordinals(await store.similaritySearchVectorWithScore(query, limit));
    },
    async searchText(text, limit) {
      return ordinals(await store.similaritySearchWithScore(text, limit));
    },
  };
}
