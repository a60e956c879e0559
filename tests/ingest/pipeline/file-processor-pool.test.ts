import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VanbanError } from "../../../core/errors.js";
import { HashedEmbeddings } from "../../../ingest/index/hashed-embeddings.js";
import { loadSnapshot } from "../../../ingest/index/index-store.js";
import { createFileProcessor } from "../../../ingest/pipeline/create-file-processor.js";
import { embedChunksWithHashing } from "../../../ingest/pipeline/embed-hashed.js";
import { createFileProcessorPool } from "../../../ingest/pipeline/file-processor-pool.js";
import { processFile } from "../../../ingest/pipeline/process-file.js";
import { runIngest } from "../../../ingest/run-ingest.js";
import { makeSampleCorpus } from "../../helpers/start-test-server.js";

const embedder = new HashedEmbeddings({ dimension: 64 });
const job = (corpusDir: string, source: string) => ({
  absolutePath: path.join(corpusDir, source),
  source,
  docId: source.replace(/\.[^.]+$/u, ""),
  hash: "test",
  maxBytes: 50 * 1024 * 1024,
  chunkChars: 1200,
});

describe("file processor pool (real worker threads)", () => {
  let corpusDir: string;

  beforeAll(async () => {
    corpusDir = await makeSampleCorpus();
    await writeFile(path.join(corpusDir, "empty.txt"), "");
  });
  afterAll(async () => {
    await rm(corpusDir, { recursive: true, force: true });
  });

  it("gives exactly what the pipeline gives on this thread, with the hashed vectors", async () => {
    const pool = createFileProcessorPool({ size: 2, hashedDimension: embedder.dimension });
    try {
      const sources = ["000_492514bbfbcde4f8.pdf", "001_02132e011992bfae.docx", "004_38b8e90ea4ed07a7.pdf"];
      const results = await Promise.all(sources.map((source) => pool.process(job(corpusDir, source))));
      for (const [i, source] of sources.entries()) {
        const expected = await processFile(job(corpusDir, source));
        const result = results[i]!;
        expect(result.document).toEqual(expected.document);
        expect(result.chunks).toEqual(expected.chunks);
        expect(result.embedderId).toBe(embedder.id);
        expect(Array.from(result.vectors!)).toEqual(Array.from(embedChunksWithHashing({ embedder, chunks: expected.chunks, document: expected.document })));
      }
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("fails a bad file with its error code and keeps working", async () => {
    const pool = createFileProcessorPool({ size: 1 });
    try {
      const failure = await pool.process(job(corpusDir, "empty.txt")).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(VanbanError);
      expect((failure as VanbanError).code).toBe("file_empty");
      const next = await pool.process(job(corpusDir, "001_02132e011992bfae.docx"));
      expect(next.chunks.length).toBeGreaterThan(0);
      expect(next.vectors).toBeUndefined();
      // Drained workers stop; the next job starts a new one.
      await pool.drain?.();
      expect((await pool.process(job(corpusDir, "002_606ab56a5eb8481a.docx"))).chunks.length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("rejects work after close", async () => {
    const pool = createFileProcessorPool({ size: 1 });
    await pool.close();
    await expect(pool.process(job(corpusDir, "001_02132e011992bfae.docx"))).rejects.toMatchObject({ code: "internal" });
  });

  it("createFileProcessor: 0 workers means the main thread", () => {
    expect(createFileProcessor({ workers: 0, embedder })).toBeUndefined();
  });

  it("an ingest through the pool writes the same index as one on the main thread", async () => {
    const single = await mkdtemp(path.join(os.tmpdir(), "vanban-pool-single-"));
    const pooled = await mkdtemp(path.join(os.tmpdir(), "vanban-pool-pooled-"));
    const fileProcessor = createFileProcessor({ workers: 2, embedder })!;
    try {
      const options = { corpusDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024 };
      const a = await runIngest({ embedder }, { ...options, indexDir: single });
      const b = await runIngest({ embedder, fileProcessor }, { ...options, indexDir: pooled, minFilesForWorkers: 1 });
      expect(b.documents).toBe(5);
      expect(b.failed).toEqual(a.failed);
      const [left, right] = await Promise.all([loadSnapshot(single), loadSnapshot(pooled)]);
      expect(right.documents).toEqual(left.documents);
      expect(right.chunks).toEqual(left.chunks);
      expect(Array.from(right.vectors)).toEqual(Array.from(left.vectors));
      const read = (directory: string, name: string) => readFile(path.join(directory, name));
      expect((await read(right.directory, "lexical.bin")).equals(await read(left.directory, "lexical.bin"))).toBe(true);
    } finally {
      await fileProcessor.close();
      await rm(single, { recursive: true, force: true });
      await rm(pooled, { recursive: true, force: true });
    }
  }, 120_000);
});
