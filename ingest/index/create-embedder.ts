import type { Config } from "../../core/config.js";
import type { Embedder } from "../../core/ports.js";
import { HashedEmbeddings } from "./hashed-embeddings.js";
import { OllamaEmbeddings, OpenAiCompatibleEmbeddings } from "./remote-embeddings.js";

/** Builds the configured embedder. Called only by entry points. */
export function createEmbedder(config: Config, options: { fetch?: typeof fetch } = {}): Embedder {
  switch (config.EMBEDDER) {
    case "hashed":
      return new HashedEmbeddings({ dimension: config.EMBEDDING_DIMENSION });
    case "openai":
      return new OpenAiCompatibleEmbeddings({
        baseUrl: config.EMBEDDING_URL!,
        model: config.EMBEDDING_MODEL ?? "text-embedding-3-small",
        apiKey: config.EMBEDDING_API_KEY,
        dimension: config.EMBEDDING_DIMENSION,
        fetch: options.fetch,
      });
    case "ollama":
      return new OllamaEmbeddings({
        baseUrl: config.EMBEDDING_URL!,
        model: config.EMBEDDING_MODEL ?? "nomic-embed-text",
        dimension: config.EMBEDDING_DIMENSION,
        fetch: options.fetch,
      });
  }
}
