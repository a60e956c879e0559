import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HashedEmbeddings } from "../../ingest/index/hashed-embeddings.js";
import { loadSnapshot, readCurrentGeneration } from "../../ingest/index/index-store.js";
import { DEFAULT_OCR, ocrSettingsFromConfig } from "../../ingest/load/ocr.js";
import { docIdFromSource, runIngest } from "../../ingest/run-ingest.js";
import { makeSampleCorpus, SAMPLES_DIR } from "../helpers/start-test-server.js";

const embedder = new HashedEmbeddings({ dimension: 128 });
const options = (corpusDir: string, indexDir: string) => ({ corpusDir, indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024 });

describe("runIngest on the real samples", () => {
  let corpusDir: string;
  let indexDir: string;

  beforeAll(async () => {
    corpusDir = await makeSampleCorpus();
    indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-ingest-test-"));
    // Bad files next to good ones: a truncated PDF, a zero-byte file, random bytes named .docx.
    const pdf = await readFile(path.join(SAMPLES_DIR, "003_66615375c7bf5e13.pdf"));
    await writeFile(path.join(corpusDir, "truncated.pdf"), pdf.subarray(0, Math.floor(pdf.length / 3)));
    await writeFile(path.join(corpusDir, "empty.txt"), "");
    await writeFile(path.join(corpusDir, "random.docx"), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
  });

  afterAll(async () => {
    await rm(corpusDir, { recursive: true, force: true });
    await rm(indexDir, { recursive: true, force: true });
  });

  it("indexes the five documents and reports the three bad files by name", async () => {
    const summary = await runIngest({ embedder }, options(corpusDir, indexDir));
    expect(summary.documents).toBe(5);
    expect(summary.failed.map((failure) => failure.source).sort()).toEqual(["empty.txt", "random.docx", "truncated.pdf"]);
    for (const failure of summary.failed) expect(failure.code).toMatch(/^file_/u);
    const snapshot = await loadSnapshot(indexDir);
    expect(snapshot.documents.map((document) => document.id).sort()).toEqual([
      "000_492514bbfbcde4f8",
      "001_02132e011992bfae",
      "002_606ab56a5eb8481a",
      "003_66615375c7bf5e13",
      "004_38b8e90ea4ed07a7",
    ]);
    expect(snapshot.chunks.length).toBeGreaterThan(20);
    for (const chunk of snapshot.chunks) {
      expect(chunk.sectionPath.length).toBeGreaterThan(0);
      const document = snapshot.documents.find((candidate) => candidate.id === chunk.docId)!;
      expect(document.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    }
    expect(snapshot.manifest.files.filter((file) => file.status === "failed")).toHaveLength(3);
  });

  it("loads without the raw vectors for the server, the graph still answers", async () => {
    const full = await loadSnapshot(indexDir);
    const lean = await loadSnapshot(indexDir, { vectors: false });
    expect(full.vectors.length).toBe(full.chunks.length * embedder.dimension);
    expect(lean.vectors.length).toBe(0);
    expect(lean.chunks).toEqual(full.chunks);
    const query = full.vectors.subarray(0, embedder.dimension);
    expect(lean.vectorIndex.search({ vector: query, limit: 1 })[0]?.chunk).toBe(0);
  });

  it.each([
    ["000_492514bbfbcde4f8", "THÔNG BÁO", "Bắc Giang", 2024],
    ["001_02132e011992bfae", "THÔNG BÁO", "Bắc Giang", 2021],
    ["002_606ab56a5eb8481a", "THÔNG BÁO", "Lạng Sơn", 2026],
    ["003_66615375c7bf5e13", "KẾ HOẠCH", "Bắc Giang", 2021],
    ["004_38b8e90ea4ed07a7", "KẾ HOẠCH", "Hưng Yên", 2024],
  ])("header of %s: %s, %s, %i", async (docId, type, province, year) => {
    const snapshot = await loadSnapshot(indexDir);
    const document = snapshot.documents.find((candidate) => candidate.id === docId)!;
    expect(document.meta.type).toBe(type);
    expect(document.meta.province).toBe(province);
    expect(document.meta.year).toBe(year);
  });

  it("the footnote in 000 no longer splits the sentence; no Markdown left in 001", async () => {
    const snapshot = await loadSnapshot(indexDir);
    const text000 = snapshot.documents.find((document) => document.id === "000_492514bbfbcde4f8")!.text.replace(/\s+/gu, " ");
    expect(text000).toContain("tồn tại, hạn chế");
    expect(text000).toContain("ĐVHC cấp xã");
    const text001 = snapshot.documents.find((document) => document.id === "001_02132e011992bfae")!.text;
    expect(text001).not.toMatch(/\*/u);
  });

  it("keeps the footnotes of the PDFs as a last section whose notes are passages of their own, and takes no task from them", async () => {
    const snapshot = await loadSnapshot(indexDir);
    const document = snapshot.documents.find((candidate) => candidate.id === "004_38b8e90ea4ed07a7")!;
    expect(document.footnotes.length).toBeGreaterThan(0);
    expect(document.notesStart).toBeDefined();
    for (const footnote of document.footnotes) {
      expect(document.text.slice(footnote.start, footnote.end)).toBe(footnote.text);
      expect(footnote.at).toBeLessThanOrEqual(document.notesStart!);
    }
    // A plan named only in the footnote is found in a passage of the notes section.
    const noteChunks = snapshot.chunks.filter((chunk) => chunk.docId === document.id && chunk.start >= document.notesStart!);
    expect(noteChunks.length).toBeGreaterThan(0);
    for (const chunk of noteChunks) expect(chunk.sectionPath[0]).toBe("Chú thích");
    expect(noteChunks.some((chunk) => chunk.text.includes("Quyết định số 2016/QĐ-UBND"))).toBe(true);
    expect(document.text.slice(0, document.notesStart).includes("Quyết định số 2016/QĐ-UBND")).toBe(false);
    expect(document.tasks.every((task) => task.end <= document.notesStart!)).toBe(true);
    // The references a note cites are listed with the document's others.
    expect(document.references.some((reference) => reference.number === "2016/QĐ-UBND")).toBe(true);
  });

  it("a second run over the same corpus changes nothing", async () => {
    const before = await readCurrentGeneration(indexDir);
    const summary = await runIngest({ embedder }, options(corpusDir, indexDir));
    expect(summary.changed).toBe(false);
    expect(summary.indexed).toBe(0);
    expect(await readCurrentGeneration(indexDir)).toBe(before);
  });

  it("deleting a file removes its chunks; the rest is reused", async () => {
    await unlink(path.join(corpusDir, "002_606ab56a5eb8481a.docx"));
    const summary = await runIngest({ embedder }, options(corpusDir, indexDir));
    expect(summary.removed).toBe(1);
    expect(summary.indexed).toBe(0);
    const snapshot = await loadSnapshot(indexDir);
    expect(snapshot.documents).toHaveLength(4);
    expect(snapshot.chunks.some((chunk) => chunk.docId === "002_606ab56a5eb8481a")).toBe(false);
    // Only the live generation and one previous one are kept.
    const generations = (await readdir(indexDir)).filter((name) => name.startsWith("gen-"));
    expect(generations.length).toBeLessThanOrEqual(2);
  });

  it("a changed file is re-processed", async () => {
    await writeFile(path.join(corpusDir, "note.txt"), "THÔNG BÁO\nKết luận về công tác lưu trữ.\n1. Giao Sở Nội vụ hoàn thành trước ngày 15/12/2025.");
    let summary = await runIngest({ embedder }, options(corpusDir, indexDir));
    expect(summary.indexed).toBe(1);
    await writeFile(path.join(corpusDir, "note.txt"), "THÔNG BÁO\nKết luận về công tác thi đua.\n1. Giao Sở Nội vụ hoàn thành trước ngày 20/12/2025.");
    summary = await runIngest({ embedder }, options(corpusDir, indexDir));
    expect(summary.indexed).toBe(1);
    const snapshot = await loadSnapshot(indexDir);
    expect(snapshot.documents.find((document) => document.id === "note")!.text).toContain("20/12/2025");
  });
});

describe("docIdFromSource", () => {
  it.each([
    ["000_492514bbfbcde4f8.pdf", "000_492514bbfbcde4f8"],
    ["sub dir/Kế hoạch 12.docx", "sub-dir-Kế-hoạch-12"],
    ["a/b.c.txt", "a-b.c"],
  ])("%s -> %s", (source, id) => {
    expect(docIdFromSource(source)).toBe(id);
  });
});

describe("vector index kind", () => {
  it("is an exact scan for the hashed embedder (no graph file), a graph on request, and switching rebuilds", async () => {
    const corpusDir = await makeSampleCorpus(["001_02132e011992bfae.docx", "002_606ab56a5eb8481a.docx"]);
    const indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-kind-"));
    try {
      await runIngest({ embedder }, options(corpusDir, indexDir));
      let snapshot = await loadSnapshot(indexDir, { vectors: false });
      expect(snapshot.manifest.vectorIndex?.kind).toBe("exact");
      expect(await readdir(snapshot.directory)).not.toContain("vectors.hnsw");
      const full = await loadSnapshot(indexDir);
      const query = full.vectors.subarray(3 * embedder.dimension, 4 * embedder.dimension);
      expect(snapshot.vectorIndex.search({ vector: query, limit: 1 })[0]?.chunk).toBe(3);

      const switched = await runIngest({ embedder }, { ...options(corpusDir, indexDir), vectorIndex: "hnsw" });
      expect(switched.changed).toBe(true);
      snapshot = await loadSnapshot(indexDir);
      expect(snapshot.manifest.vectorIndex?.kind).toBe("hnsw");
      expect(await readdir(snapshot.directory)).toContain("vectors.hnsw");
      expect(snapshot.vectorIndex.search({ vector: query, limit: 1 })[0]?.chunk).toBe(3);

      const again = await runIngest({ embedder }, { ...options(corpusDir, indexDir), vectorIndex: "hnsw" });
      expect(again.changed).toBe(false);
    } finally {
      await rm(corpusDir, { recursive: true, force: true });
      await rm(indexDir, { recursive: true, force: true });
    }
  });
});

describe("worker threshold", () => {
  const recordingProcessor = (calls: string[]) => ({
    concurrency: 2,
    async process(job: { source: string }) {
      calls.push(job.source);
      throw new Error("refused by the test processor");
    },
    close: async () => undefined,
  });

  it("sends every file to a given file processor by default (a file's time and memory limits hold only there)", async () => {
    const corpusDir = await makeSampleCorpus(["001_02132e011992bfae.docx", "002_606ab56a5eb8481a.docx"]);
    const indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-threshold-"));
    const calls: string[] = [];
    try {
      const summary = await runIngest({ embedder, fileProcessor: recordingProcessor(calls) }, options(corpusDir, indexDir));
      expect(calls).toEqual(["001_02132e011992bfae.docx", "002_606ab56a5eb8481a.docx"]);
      expect(summary.failed.map((failure) => failure.message)).toEqual(["refused by the test processor", "refused by the test processor"]);
    } finally {
      await rm(corpusDir, { recursive: true, force: true });
      await rm(indexDir, { recursive: true, force: true });
    }
  });

  it("processes a handful of files on the main thread when a threshold is set", async () => {
    const corpusDir = await makeSampleCorpus(["001_02132e011992bfae.docx", "002_606ab56a5eb8481a.docx"]);
    const indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-threshold-"));
    const calls: string[] = [];
    try {
      const summary = await runIngest({ embedder, fileProcessor: recordingProcessor(calls) }, { ...options(corpusDir, indexDir), minFilesForWorkers: 8 });
      expect(summary.documents).toBe(2);
      expect(calls).toEqual([]);
    } finally {
      await rm(corpusDir, { recursive: true, force: true });
      await rm(indexDir, { recursive: true, force: true });
    }
  });
});

describe("runIngest with OCR", () => {
  it("refuses a scan while OCR is off, reads it once OCR is on, reads further with a higher page limit, and never retries the same settings", { timeout: 180_000 }, async () => {
    const corpusDir = await mkdtemp(path.join(os.tmpdir(), "vanban-ocr-corpus-"));
    const indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-ocr-index-"));
    try {
      await writeFile(path.join(corpusDir, "scan.pdf"), await readFile(path.join(SAMPLES_DIR, "000_492514bbfbcde4f8.scanned.pdf")));
      const off = await runIngest({ embedder }, options(corpusDir, indexDir));
      expect(off.failed.map((failure) => failure.code)).toEqual(["file_no_text_layer"]);
      // Same bytes, OCR still off: a known failure, not tried again.
      expect((await runIngest({ embedder }, options(corpusDir, indexDir))).changed).toBe(false);

      // OCR on, but every page times out: the failure is recorded with the new settings, once.
      const stuck = { ...DEFAULT_OCR, maxPages: 1, pageTimeoutMs: 1 };
      const failing = await runIngest({ embedder }, { ...options(corpusDir, indexDir), ocr: stuck });
      expect(failing.failed[0]?.message).toMatch(/OCR failed: page 1: page 1 took longer than/u);
      expect(failing.changed).toBe(true);
      expect((await loadSnapshot(indexDir)).manifest.ocr).toBe("vie/1");
      expect((await runIngest({ embedder }, { ...options(corpusDir, indexDir), ocr: stuck })).changed).toBe(false);

      const ocr = { ...DEFAULT_OCR, maxPages: 2 };
      const on = await runIngest({ embedder }, { ...options(corpusDir, indexDir), ocr });
      expect(on.failed).toEqual([]);
      expect(on.documents).toBe(1);
      const snapshot = await loadSnapshot(indexDir);
      const [document] = snapshot.documents;
      expect(document?.ocr?.pages).toEqual([1, 2]);
      expect(document?.unreadPages).toEqual([3, 4, 5]);
      expect(document?.meta.type).toBe("THÔNG BÁO");
      expect(document?.meta.province).toBe("Bắc Giang");
      expect(document?.text.normalize("NFC")).toContain("Sở Nội vụ");
      expect(document?.warnings.join(" ")).toMatch(/read by OCR/u);
      expect(snapshot.manifest.ocr).toBe("vie/2");
      const again = await runIngest({ embedder }, { ...options(corpusDir, indexDir), ocr });
      expect(again.changed).toBe(false);
      // A higher page limit reads the pages left unread.
      const further = await runIngest({ embedder }, { ...options(corpusDir, indexDir), ocr: { ...ocr, maxPages: 3 } });
      expect(further.indexed).toBe(1);
      expect((await loadSnapshot(indexDir)).documents[0]?.ocr?.pages).toEqual([1, 2, 3]);
    } finally {
      await rm(corpusDir, { recursive: true, force: true });
      await rm(indexDir, { recursive: true, force: true });
    }
  });
});

describe("ocrSettingsFromConfig", () => {
  it("is off when asked, on with the installed Vietnamese data, and explains a missing language", () => {
    expect(ocrSettingsFromConfig({ OCR: "off", OCR_LANG: "vie", OCR_MAX_PAGES: 10 })).toEqual({});
    expect(ocrSettingsFromConfig({ OCR: "auto", OCR_LANG: "vie", OCR_MAX_PAGES: 10 }).settings).toMatchObject({ lang: "vie", maxPages: 10 });
    const missing = ocrSettingsFromConfig({ OCR: "auto", OCR_LANG: "vie+xyz", OCR_MAX_PAGES: 10 });
    expect(missing.settings).toBeUndefined();
    expect(missing.note).toMatch(/npm install @tesseract\.js-data\/xyz/u);
    expect(() => ocrSettingsFromConfig({ OCR: "on", OCR_LANG: "xyz", OCR_MAX_PAGES: 10 })).toThrow(/not installed/u);
  });
});
