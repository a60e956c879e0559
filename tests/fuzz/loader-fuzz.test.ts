import { copyFile, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { crc32, createDeflateRaw } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isVanbanError } from "../../core/errors.js";
import { createRandom } from "../../bench/generate-corpus.js";
import { buildZip, storedPart } from "../../bench/hostile-files.js";
import { HashedEmbeddings } from "../../ingest/index/hashed-embeddings.js";
import { loadSnapshot, type IndexSnapshot } from "../../ingest/index/index-store.js";
import { loadFile } from "../../ingest/load/load-file.js";
import { runIngest } from "../../ingest/run-ingest.js";
import type { IngestSummary } from "../../ingest/progress.js";

/**
 * Bad files in a corpus: truncated and corrupt PDF and DOCX, random bytes
 * under a document extension, DOCX zip bombs (honest and lying headers),
 * empty files and a file past the 50 MB limit. Each must be reported with a
 * clear per-file error (a file_* code and a human message, no stack) while
 * the good files beside them are indexed. Then a property test throws
 * mutated documents at the loaders directly.
 *
 * Quick in `npm test`; `npm run bench` runs it with VANBAN_FULL=1.
 */
const FULL = process.env.VANBAN_FULL === "1";
const RUNS = FULL ? 300 : 20;
const here = path.dirname(fileURLToPath(import.meta.url));
const SAMPLES = path.resolve(here, "../fixtures/samples");
const SEEDS = path.resolve(here, "../fixtures/seeds");
const BAD = path.resolve(here, "../fixtures/bad");
const LEGACY = path.resolve(here, "../fixtures/legacy");
const MAX_BYTES = 50 * 1024 * 1024;

/** A .docx whose word/document.xml inflates to the payload's size; `lie` declares it a few kB. */
function buildBombDocx(options: { payload: { compressed: Buffer; size: number; crc: number }; lie: boolean }): Buffer {
  const { payload } = options;
  return buildZip([
    storedPart("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    storedPart("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
    { name: "word/document.xml", compressed: payload.compressed, method: 8, uncompressedSize: options.lie ? 4096 : payload.size, crc: payload.crc },
  ]);
}

/** Deflates `megabytes` of one repeated byte in a stream (never holding the inflated form). */
async function deflateRepeated(megabytes: number): Promise<{ compressed: Buffer; size: number; crc: number }> {
  const chunk = Buffer.alloc(1024 * 1024, 0x41);
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on("data", (data: Buffer) => parts.push(data));
  let crc = 0;
  for (let i = 0; i < megabytes; i++) {
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  await new Promise<void>((resolve) => deflate.end(() => resolve()));
  return { compressed: Buffer.concat(parts), size: megabytes * 1024 * 1024, crc };
}

function randomBytes(seed: number, length: number): Buffer {
  const random = createRandom(seed);
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

/** A message a user can act on: a sentence, no stack, no "[object Object]" or "undefined". */
function expectClearMessage(message: string): void {
  expect(message.length).toBeGreaterThan(15);
  expect(message).not.toMatch(/\n\s+at |\[object Object\]|undefined|^Error:/u);
}

type BadCase = { file: string; codes: string[] };

describe("an ingest over a corpus with bad files", () => {
  let corpusDir: string;
  let indexDir: string;
  let summary: IngestSummary;
  let snapshot: IndexSnapshot;
  const good = ["003_66615375c7bf5e13.pdf", "001_02132e011992bfae.docx", "seed-002.txt", "vntime-runs.doc"];
  const bad: BadCase[] = [
    { file: "truncated.pdf", codes: ["file_corrupt"] },
    { file: "truncated.docx", codes: ["file_corrupt"] },
    { file: "corrupt.docx", codes: ["file_corrupt"] },
    { file: "random-bytes.pdf", codes: ["file_corrupt"] },
    { file: "random-bytes.docx", codes: ["file_corrupt"] },
    { file: "random-bytes.txt", codes: ["file_binary"] },
    { file: "random-bytes.html", codes: ["file_binary"] },
    { file: "pdf-header-then-garbage.pdf", codes: ["file_corrupt", "file_no_text_layer"] },
    { file: "zip-header-then-garbage.docx", codes: ["file_corrupt"] },
    { file: "zip-bomb.docx", codes: ["file_too_large"] },
    { file: "zip-bomb-lying-headers.docx", codes: ["file_too_large"] },
    { file: "empty.pdf", codes: ["file_empty"] },
    { file: "empty.docx", codes: ["file_empty"] },
    { file: "empty.txt", codes: ["file_empty"] },
    { file: "white-space.md", codes: ["file_empty"] },
    { file: "over-50-mb.txt", codes: ["file_too_large"] },
    { file: "encrypted.pdf", codes: ["file_encrypted"] },
    { file: "scanned.pdf", codes: ["file_no_text_layer"] },
    { file: "utf16-noise.txt", codes: ["file_not_language"] },
    { file: "random-bytes.doc", codes: ["file_corrupt"] },
    { file: "truncated.doc", codes: ["file_corrupt"] },
    { file: "notes.xls", codes: ["file_unsupported"] },
  ];

  beforeAll(async () => {
    corpusDir = await mkdtemp(path.join(os.tmpdir(), "vanban-bad-corpus-"));
    indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-bad-index-"));
    await copyFile(path.join(SAMPLES, good[0]!), path.join(corpusDir, good[0]!));
    await copyFile(path.join(SAMPLES, good[1]!), path.join(corpusDir, good[1]!));
    await copyFile(path.join(SEEDS, "002_606ab56a5eb8481a.txt"), path.join(corpusDir, good[2]!));
    await copyFile(path.join(LEGACY, "vntime-runs.doc"), path.join(corpusDir, good[3]!));
    const doc = await readFile(path.join(LEGACY, "000.doc"));
    const pdf = await readFile(path.join(SAMPLES, "000_492514bbfbcde4f8.pdf"));
    const docx = await readFile(path.join(SAMPLES, "002_606ab56a5eb8481a.docx"));
    const corrupt = Buffer.from(docx);
    for (let i = 600; i < 2600 && i < corrupt.length; i++) corrupt[i] = (corrupt[i]! * 31 + 7) & 255;
    // 256 MB of XML-ish bytes: past the loader's 200 MB budget, about 250 kB compressed.
    const payload = await deflateRepeated(FULL ? 1024 : 256);
    const files: Record<string, Buffer | string> = {
      "truncated.pdf": pdf.subarray(0, Math.floor(pdf.length * 0.6)),
      "truncated.docx": docx.subarray(0, Math.floor(docx.length * 0.6)),
      "corrupt.docx": corrupt,
      "random-bytes.pdf": randomBytes(1, 40_000),
      "random-bytes.docx": randomBytes(2, 40_000),
      "random-bytes.txt": randomBytes(3, 40_000),
      "random-bytes.html": randomBytes(4, 40_000),
      "pdf-header-then-garbage.pdf": Buffer.concat([Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), randomBytes(5, 40_000)]),
      "zip-header-then-garbage.docx": Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(6, 40_000)]),
      "zip-bomb.docx": buildBombDocx({ payload, lie: false }),
      "zip-bomb-lying-headers.docx": buildBombDocx({ payload, lie: true }),
      "empty.pdf": "",
      "empty.docx": "",
      "empty.txt": "",
      "white-space.md": "  \n\n\t \r\n   ",
      "over-50-mb.txt": "",
      // A UTF-16 byte-order mark, an unpaired surrogate, then binary noise: decodes, but is not language.
      "utf16-noise.txt": Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0xd8]), randomBytes(7, 40_000)]),
      "random-bytes.doc": randomBytes(8, 40_000),
      "truncated.doc": doc.subarray(0, Math.floor(doc.length * 0.6)),
      "notes.xls": randomBytes(9, 2_000),
    };
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(corpusDir, name), content);
    // Sparse: 50 MB + 1 byte on disk costs nothing to write.
    await truncate(path.join(corpusDir, "over-50-mb.txt"), MAX_BYTES + 1);
    await copyFile(path.join(BAD, "encrypted.pdf"), path.join(corpusDir, "encrypted.pdf"));
    await copyFile(path.join(SAMPLES, "000_492514bbfbcde4f8.scanned.pdf"), path.join(corpusDir, "scanned.pdf"));
    summary = await runIngest({ embedder: new HashedEmbeddings({ dimension: 512 }) }, { corpusDir, indexDir, chunkChars: 1200, maxBytes: MAX_BYTES });
    snapshot = await loadSnapshot(indexDir);
  }, 180_000);

  afterAll(async () => {
    await rm(corpusDir, { recursive: true, force: true });
    await rm(indexDir, { recursive: true, force: true });
  });

  it("indexes every good file and only those", () => {
    expect(snapshot.documents.map((document) => document.source).sort()).toEqual([...good].sort());
    expect(summary.indexed).toBe(good.length);
    for (const document of snapshot.documents) expect(snapshot.chunks.some((chunk) => chunk.docId === document.id)).toBe(true);
  });

  it("reports every bad file, once", () => {
    expect(summary.failed.map((failure) => failure.source).sort()).toEqual(bad.map((entry) => entry.file).sort());
  });

  it.each(bad)("reports $file with $codes and a clear message", ({ file, codes }) => {
    const failure = summary.failed.find((entry) => entry.source === file);
    expect(failure, `${file} was not reported`).toBeDefined();
    expect(codes).toContain(failure!.code);
    expectClearMessage(failure!.message);
    const recorded = snapshot.manifest.files.find((entry) => entry.source === file);
    expect(recorded?.status).toBe("failed");
    expect(recorded?.error?.code).toBe(failure!.code);
  });

  it("does not retry unchanged bad files, and keeps the index, on the next run", async () => {
    const again = await runIngest({ embedder: new HashedEmbeddings({ dimension: 512 }) }, { corpusDir, indexDir, chunkChars: 1200, maxBytes: MAX_BYTES });
    expect(again.changed).toBe(false);
    expect(again.failed).toHaveLength(bad.length);
    expect((await loadSnapshot(indexDir)).documents).toHaveLength(good.length);
  });
});

describe("the loaders on mutated documents", () => {
  let workDir: string;
  let originals: Array<{ extension: string; bytes: Buffer }>;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), "vanban-mutants-"));
    await mkdir(workDir, { recursive: true });
    originals = [
      { extension: ".pdf", bytes: await readFile(path.join(SAMPLES, "003_66615375c7bf5e13.pdf")) },
      { extension: ".docx", bytes: await readFile(path.join(SAMPLES, "001_02132e011992bfae.docx")) },
      { extension: ".txt", bytes: await readFile(path.join(SEEDS, "001_02132e011992bfae.txt")) },
      { extension: ".html", bytes: Buffer.from("<html><head><meta charset='utf-8'><title>Thông báo</title></head><body><h1>THÔNG BÁO</h1><p>Sở Nội vụ chủ trì, hoàn thành trước ngày 30/6/2024.</p></body></html>") },
    ];
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  const mutation = fc.oneof(
    fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ kind: fc.constant("flip" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 4000 }), salt: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant("insert" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 2000 }) }),
    fc.record({ kind: fc.constant("random" as const), bytes: fc.uint8Array({ maxLength: 5000 }) }),
  );

  it("either load text or throw a VanbanError with a file_* code and a clear message", async () => {
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 }), mutation, async (which, change) => {
        const original = originals[which]!;
        const file = path.join(workDir, `mutant-${counter++}${original.extension}`);
        await writeFile(file, applyMutation(original.bytes, change));
        try {
          const loaded = await loadFile(file, { maxBytes: MAX_BYTES });
          expect(typeof loaded.text).toBe("string");
        } catch (error) {
          expect(isVanbanError(error), `${change.kind} ${original.extension}: ${String(error)}`).toBe(true);
          if (isVanbanError(error)) {
            expect(error.code).toMatch(/^file_/u);
            expectClearMessage(error.message);
          }
        } finally {
          await rm(file, { force: true });
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "flip"; at: number; length: number; salt: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "random"; bytes: Uint8Array };

function applyMutation(bytes: Buffer, change: Mutation): Buffer {
  const position = "at" in change ? Math.floor(change.at * bytes.length) : 0;
  switch (change.kind) {
    case "truncate":
      return bytes.subarray(0, position);
    case "flip": {
      const copy = Buffer.from(bytes);
      for (let i = position; i < Math.min(copy.length, position + change.length); i++) copy[i] = copy[i]! ^ change.salt;
      return copy;
    }
    case "insert":
      return Buffer.concat([bytes.subarray(0, position), Buffer.from(change.bytes), bytes.subarray(position)]);
    case "random":
      return Buffer.from(change.bytes);
  }
}
