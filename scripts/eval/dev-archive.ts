import { createHash } from "node:crypto";
import { cp, mkdir, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../core/config.js";
import { createEmbedder } from "../../ingest/index/create-embedder.js";
import { loadSnapshot } from "../../ingest/index/index-store.js";
import type { IngestSummary } from "../../ingest/progress.js";
import { ocrSettingsFromConfig } from "../../ingest/load/ocr.js";
import { createFileProcessor } from "../../ingest/pipeline/create-file-processor.js";
import { runIngest } from "../../ingest/run-ingest.js";
import { warmUpArchive } from "../../server/answer/warm-up.js";
import { createArchive, type Archive } from "../../server/retrieve/archive.js";

/**
 * The development archive for `npm run train` and `npm run eval`: the given
 * folders copied side by side into one corpus (a folder keeps its name, so
 * `../shared/corpus-dev/laocai` becomes `laocai/`), ingested incrementally into
 * an index kept under the system's temp folder between runs (keyed by the
 * folder list), and opened as the server opens it.
 */
/** The development question sets, those present. */
export const DEFAULT_QUESTION_FILES = ["data/eval/dev-questions.jsonl", "data/eval/dev-questions-3.jsonl", "../shared/eval/questions.jsonl", "data/eval/samples-extra.jsonl"];
/** The development archive: the five samples and the Lào Cai corpus. */
export const DEFAULT_CORPUS_FOLDERS = ["corpus", "../shared/corpus-dev/laocai"];

export type DevArchive = { archive: Archive; summary: IngestSummary; ingestSeconds: number; corpusDir: string; indexDir: string };

export async function openDevArchive(options: { folders: readonly string[]; fresh?: boolean }): Promise<DevArchive> {
  const config = loadConfig({ ...process.env, EMBEDDER: process.env.EMBEDDER ?? "hashed" });
  const key = createHash("sha256").update(options.folders.map((folder) => path.resolve(folder)).join("\n")).digest("hex").slice(0, 12);
  const root = path.join(os.tmpdir(), `vanban-dev-${key}`);
  const corpusDir = path.join(root, "corpus");
  const indexDir = path.join(root, "index");
  if (options.fresh) await rm(root, { recursive: true, force: true });
  await rm(corpusDir, { recursive: true, force: true });
  await mkdir(corpusDir, { recursive: true });
  for (const folder of options.folders) {
    if (!(await stat(folder).catch(() => undefined))) throw new Error(`No such folder: ${folder}`);
    // The samples folder spreads its files at the top; any other folder keeps its name.
    const isSamples = path.resolve(folder) === path.resolve("corpus");
    if (isSamples) {
      for (const entry of await readdir(folder)) await cp(path.join(folder, entry), path.join(corpusDir, entry), { recursive: true });
    } else {
      await cp(folder, path.join(corpusDir, path.basename(folder)), { recursive: true });
    }
  }
  const embedder = createEmbedder(config);
  // As the server and the ingest command do: OCR settings from the configuration, files on worker threads.
  const ocr = ocrSettingsFromConfig(config);
  const fileProcessor = createFileProcessor({ workers: config.INGEST_WORKERS, embedder });
  const started = Date.now();
  let summary: IngestSummary;
  try {
    summary = await runIngest(
      { embedder, fileProcessor },
      { corpusDir, indexDir, chunkChars: config.CHUNK_CHARS, maxBytes: config.MAX_FILE_MB * 1024 * 1024, ocr: ocr.settings },
    );
  } finally {
    await fileProcessor?.close();
  }
  const ingestSeconds = (Date.now() - started) / 1000;
  const archive = createArchive({ snapshot: await loadSnapshot(indexDir), embedder });
  await warmUpArchive(archive);
  return { archive, summary, ingestSeconds, corpusDir, indexDir };
}
