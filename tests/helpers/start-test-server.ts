import { afterAll, beforeAll } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { HashedEmbeddings } from "../../ingest/index/hashed-embeddings.js";
import { loadSnapshot } from "../../ingest/index/index-store.js";
import type { OcrSettings } from "../../ingest/load/ocr.js";
import { runIngest } from "../../ingest/run-ingest.js";
import { ArchiveHolder } from "../../server/http/archive-holder.js";
import { createApp, type AppDependencies } from "../../server/http/create-app.js";
import { createArchive, type Archive } from "../../server/retrieve/archive.js";

const here = path.dirname(fileURLToPath(import.meta.url));
export const SAMPLES_DIR = path.resolve(here, "../fixtures/samples");
/** The five real sample documents (the scanned PDF is left out: it has no text layer). */
export const SAMPLE_FILES = [
  "000_492514bbfbcde4f8.pdf",
  "001_02132e011992bfae.docx",
  "002_606ab56a5eb8481a.docx",
  "003_66615375c7bf5e13.pdf",
  "004_38b8e90ea4ed07a7.pdf",
];

/** Copies the named sample files into a fresh temporary corpus folder. */
export async function makeSampleCorpus(files: readonly string[] = SAMPLE_FILES): Promise<string> {
  const { copyFile } = await import("node:fs/promises");
  const directory = await mkdtemp(path.join(os.tmpdir(), "vanban-corpus-"));
  for (const file of files) await copyFile(path.join(SAMPLES_DIR, file), path.join(directory, file));
  return directory;
}

/** Ingests a corpus into a temporary index and returns the archive (real pipeline, hashed embedder). */
export async function buildTestArchive(options: { corpusDir?: string; ocr?: OcrSettings } = {}): Promise<{ archive: Archive; indexDir: string; corpusDir: string; cleanup(): Promise<void> }> {
  const corpusDir = options.corpusDir ?? (await makeSampleCorpus());
  const indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-index-"));
  const embedder = new HashedEmbeddings({ dimension: 512 });
  await runIngest({ embedder }, { corpusDir, indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024, ...(options.ocr ? { ocr: options.ocr } : {}) });
  // As the server opens it: documents, chunks and tasks read on demand from the generation's document store.
  const archive = createArchive({ snapshot: await loadSnapshot(indexDir, { documents: "on-demand" }), embedder });
  return {
    archive,
    indexDir,
    corpusDir,
    async cleanup() {
      await rm(indexDir, { recursive: true, force: true });
      if (!options.corpusDir) await rm(corpusDir, { recursive: true, force: true });
    },
  };
}

/** The real app on 127.0.0.1 over a freshly ingested corpus (default: the five samples). */
export async function startTestServer(options: { corpusDir?: string; app?: Partial<AppDependencies> } = {}): Promise<{ url: string; archive: Archive; close(): Promise<void> }> {
  const built = await buildTestArchive({ corpusDir: options.corpusDir });
  const app = createApp({ archives: new ArchiveHolder(built.archive), rateLimitPerMinute: 0, ...options.app });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    archive: built.archive,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await built.cleanup();
    },
  };
}

/**
 * The sample archive for one test file: built before its tests, removed after
 * them. Read `archive` inside tests and hooks (it is set once the file starts).
 */
export function useTestArchive(): { readonly archive: Archive } {
  const holder: { archive?: Archive; cleanup?: () => Promise<void> } = {};
  beforeAll(async () => {
    const built = await buildTestArchive();
    holder.archive = built.archive;
    holder.cleanup = built.cleanup;
  });
  afterAll(async () => {
    await holder.cleanup?.();
  });
  return {
    get archive(): Archive {
      if (!holder.archive) throw new Error("The test archive is read before it is built.");
      return holder.archive;
    },
  };
}
