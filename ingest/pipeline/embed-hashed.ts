import type { ArchiveDocument, Chunk } from "../../core/types.js";
import type { HashedEmbeddings } from "../index/hashed-embeddings.js";
import { indexTextOf } from "./process-file.js";

/** The chunks' vectors, row-major, from the hashed embedder's synchronous core (no number[] round trip). */
export function embedChunksWithHashing(options: { embedder: HashedEmbeddings; chunks: readonly Chunk[]; document: ArchiveDocument }): Float32Array {
  const { embedder, chunks, document } = options;
  const vectors = new Float32Array(chunks.length * embedder.dimension);
  chunks.forEach((chunk, i) => vectors.set(embedder.embedSync(indexTextOf(chunk, document)), i * embedder.dimension));
  return vectors;
}
