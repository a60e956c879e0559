import type { Logger } from "pino";
import { describeError, isVanbanError } from "../core/errors.js";
import type { Embedder } from "../core/ports.js";
import { loadSnapshot } from "../ingest/index/index-store.js";
import type { IngestProgress } from "../ingest/index/ingest-lock.js";
import { createIngestQueue, type IngestQueue } from "../ingest/ingest-queue.js";
import type { IngestSummary } from "../ingest/progress.js";
import { warmUpArchive } from "./answer/warm-up.js";
import { ArchiveHolder } from "./http/archive-holder.js";
import { describeMissingArchive } from "./http/ingest-state.js";
import { createArchive, type Archive } from "./retrieve/archive.js";
import { createLocalSearchBackend } from "./retrieve/backend/local-search-backend.js";
import type { SearchBackend } from "./retrieve/backend/search-backend.js";
import type { SearchWorkerPool } from "./http/search-worker-pool.js";
import type { SharedGeneration } from "./http/search-worker-protocol.js";
import { ExactVectorIndex } from "../ingest/index/exact-vector-index.js";
import type { IndexSnapshot } from "../ingest/index/index-store.js";

/**
 * The server's archive and its ingest: the live generation, opened and warmed
 * up before it takes traffic, and the queue that runs an incremental ingest
 * and swaps its generation in. Until a first generation exists the holder
 * answers 503 with the first ingest's progress.
 */
export type ArchiveService = {
  archives: ArchiveHolder;
  ingest: IngestQueue;
  /** Opens the generation CURRENT names, if there is a loadable one; false otherwise. */
  openLive(): Promise<boolean>;
};

export function createArchiveService(options: {
  indexDir: string;
  embedder: Embedder;
  /** One incremental ingest into `indexDir` (runIngest with the server's options). */
  ingest: (onProgress: (progress: IngestProgress) => void) => Promise<IngestSummary>;
  logger?: Pick<Logger, "info" | "warn" | "error">;
  /** Warm the archive up before it takes traffic (default true). */
  warmUp?: boolean;
  /** The search engine (default: in-process). */
  searchBackend?: SearchBackend;
  /** Worker threads that search the in-process indexes beside the main thread (search-worker-pool.ts). */
  searchWorkers?: SearchWorkerPool;
}): ArchiveService {
  const backend = options.searchBackend ?? createLocalSearchBackend();
  const pool = backend.kind === "local" ? options.searchWorkers : undefined;
  const open = async (): Promise<Archive> => {
    // A remote engine holds the lexical and vector indexes: only documents and chunks are read here, and
    // of them only a catalogue is held in memory (the rest is read per request from documents.sqlite).
    const snapshot = await loadSnapshot(options.indexDir, { vectors: false, indexes: backend.needsLocalIndexes, documents: "on-demand", searchThreads: 1 + (pool?.size ?? 0) });
    const shared = pool ? shareIndexes(snapshot) : undefined;
    const archive = createArchive({ snapshot, embedder: options.embedder, index: await backend.openGeneration(snapshot) });
    if (options.warmUp ?? true) await warmUpArchive(archive);
    if (pool && shared) {
      // Made live only once every worker holds it; if they cannot, this thread serves it alone.
      await pool.publish(archive, shared).catch((error: unknown) => options.logger?.warn(`the search workers cannot open the index (${describeError(error)}); searching on the main thread`));
    } else if (pool) {
      options.logger?.warn("the search workers cannot share this index (an HNSW graph, or a generation without documents.sqlite): searching on the main thread");
    }
    return archive;
  };
  let queue: IngestQueue | undefined;
  const archives = new ArchiveHolder(undefined, { describeMissing: () => (queue ? describeMissingArchive(queue.status()) : "The index is not loaded yet.") });
  queue = createIngestQueue({
    ingest: options.ingest,
    async publish(summary) {
      const live = archives.has() ? archives.get().generation : undefined;
      if (summary.generation && summary.generation === live) return;
      archives.set(await open());
    },
  });
  return {
    archives,
    ingest: queue,
    async openLive() {
      try {
        archives.set(await open());
        return true;
      } catch (error) {
        if (!isVanbanError(error) || error.code !== "index_missing") options.logger?.warn(`the live index cannot be opened (${describeError(error)}); the ingest will write a new one`);
        return false;
      }
    },
  };
}

/**
 * Puts the snapshot's BM25 index on shared memory (the main thread then
 * searches the shared copy too: the postings are held once) and returns what
 * the workers open. Undefined when workers cannot serve this generation: an
 * HNSW graph (hnswlib's graph cannot live in shared memory), or a generation
 * without documents.sqlite (each worker would parse every document).
 */
function shareIndexes(snapshot: IndexSnapshot): Omit<SharedGeneration, "generation" | "directory"> | undefined {
  if (!(snapshot.vectorIndex instanceof ExactVectorIndex) || !snapshot.documentStore) return undefined;
  const { index, shared } = snapshot.lexical.toShared();
  snapshot.lexical = index;
  return { lexical: shared, vectors: snapshot.vectorIndex.share() };
}
