import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { HashedEmbeddings } from "../../ingest/index/hashed-embeddings.js";
import { loadSnapshot } from "../../ingest/index/index-store.js";
import type { ProgressReporter } from "../../ingest/progress.js";
import { runIngest } from "../../ingest/run-ingest.js";
import { ArchiveHolder } from "../../server/http/archive-holder.js";
import { createApp, type AppDependencies } from "../../server/http/create-app.js";
import { createArchive } from "../../server/retrieve/archive.js";
import { openStore } from "../../server/store/open-store.js";
import { makeSampleCorpus } from "../helpers/start-test-server.js";

export type EditableServer = {
  url: string;
  corpusDir: string;
  indexDir: string;
  archives: ArchiveHolder;
  /** Stops the server and closes the database; the corpus and the index stay (for a restart). */
  stop(): Promise<void>;
  /** Stops and removes the corpus and the index. */
  close(): Promise<void>;
};

/**
 * The real app as server/main.ts wires it: ingest, the archive, the SQLite
 * store beside the index, uploads into the corpus and the reindex job. Start
 * it again on the same folders to test a restart.
 */
export async function startEditableServer(options: { corpusDir?: string; indexDir?: string; app?: Partial<AppDependencies> } = {}): Promise<EditableServer> {
  const corpusDir = options.corpusDir ?? (await makeSampleCorpus());
  const indexDir = options.indexDir ?? (await mkdtemp(path.join(os.tmpdir(), "vanban-editable-")));
  const embedder = new HashedEmbeddings({ dimension: 512 });
  const ingestOptions = { corpusDir, indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024 };
  const openArchive = async () => createArchive({ snapshot: await loadSnapshot(indexDir, { vectors: false }), embedder });
  await runIngest({ embedder }, ingestOptions);
  const archives = new ArchiveHolder(await openArchive());
  const store = openStore({ directory: indexDir });
  const app = createApp({
    archives,
    rateLimitPerMinute: 0,
    store,
    corpusDir,
    streamPaceMs: 20,
    reindex: async (reindexOptions?: { progress?: ProgressReporter }) => {
      const summary = await runIngest({ embedder, ...(reindexOptions?.progress ? { progress: reindexOptions.progress } : {}) }, ingestOptions);
      archives.set(await openArchive());
      return summary;
    },
    ...options.app,
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    store.close();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    corpusDir,
    indexDir,
    archives,
    stop,
    async close() {
      await stop();
      await rm(indexDir, { recursive: true, force: true });
      if (!options.corpusDir) await rm(corpusDir, { recursive: true, force: true });
    },
  };
}
