/**
 * Ports the pipeline depends on. Adapters live one per file next to their use
 * (ingest/index/*-embeddings.ts, server/answer/*-chat-model.ts).
 */

/** Same shape as LangChain's EmbeddingsInterface, plus an id and a dimension for the manifest. */
export interface Embedder {
  /** Stable id stored in the manifest; a different id forces re-embedding. */
  readonly id: string;
  readonly dimension: number;
  /**
   * True when query vectors have few non-zero dimensions (feature hashing):
   * the ingest then indexes vectors for an exact sparse scan instead of an
   * HNSW graph.
   */
  readonly sparseQueries?: boolean;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

/** A chat model that can stream text. */
export interface ChatModel {
  readonly id: string;
  /** Yields text deltas. */
  stream(options: { messages: ChatMessage[]; signal?: AbortSignal }): AsyncIterable<string>;
}
