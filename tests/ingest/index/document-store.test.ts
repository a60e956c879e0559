import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArchiveDocument, Chunk, Task } from "../../../core/types.js";
import { DOCUMENT_STORE_FILE, DocumentStore, isStoredDocument, withoutHiddenReferences, writeDocumentStore } from "../../../ingest/index/document-store.js";
import { HashedEmbeddings } from "../../../ingest/index/hashed-embeddings.js";
import { loadSnapshot } from "../../../ingest/index/index-store.js";
import { runIngest } from "../../../ingest/run-ingest.js";
import { scopeArchive } from "../../../server/access/scope-archive.js";
import { createArchive } from "../../../server/retrieve/archive.js";
import { makeSampleCorpus } from "../../helpers/start-test-server.js";

/** Two small documents: one with an emoji (a UTF-16 surrogate pair) before its chunks, one referring to the other. */
function sampleContent(): { documents: ArchiveDocument[]; chunks: Chunk[] } {
  const firstText = "THÔNG BÁO 😀 Kết luận.\nSở Nội vụ chủ trì, hoàn thành trước ngày 30/6/2024.\nChú thích";
  const secondText = "KẾ HOẠCH thực hiện Thông báo số 12/TB-UBND.\nSở Tài chính bố trí kinh phí.";
  const task = (docId: string, text: string, quote: string, lead: string): Task => {
    const start = text.indexOf(quote);
    return { id: `${docId}:${start}`, task: quote.replace(/\.$/u, ""), lead, partners: ["Sở Tài chính"], deadline: { text: "trước ngày 30/6/2024", end: "2024-06-30" }, docId, source: `${docId}.txt`, quote, start, end: start + quote.length };
  };
  const documents: ArchiveDocument[] = [
    {
      id: "tb",
      source: "tb.txt",
      hash: "h1",
      format: "text",
      meta: { type: "THÔNG BÁO", number: "12/TB-UBND", province: "Lào Cai", year: 2024 },
      text: firstText,
      notesStart: firstText.indexOf("Chú thích"),
      sections: [{ path: ["Kết luận"], heading: "Kết luận", level: 1, start: 0, end: firstText.length }],
      footnotes: [{ mark: "1", text: "Ghi chú", at: 10 }],
      references: [],
      tasks: [task("tb", firstText, "Sở Nội vụ chủ trì, hoàn thành trước ngày 30/6/2024.", "Sở Nội vụ")],
      warnings: [],
    },
    {
      id: "kh",
      source: "kh.txt",
      hash: "h2",
      format: "text",
      meta: { type: "KẾ HOẠCH", number: "5/KH-UBND", province: "Lào Cai", year: 2024 },
      text: secondText,
      sections: [],
      footnotes: [],
      references: [{ text: "Thông báo số 12/TB-UBND", type: "Thông báo", number: "12/TB-UBND", start: 19, end: 42 }],
      tasks: [task("kh", secondText, "Sở Tài chính bố trí kinh phí.", "Sở Tài chính")],
      warnings: ["a warning"],
    },
  ];
  const chunk = (document: ArchiveDocument, ordinal: number, start: number, end: number): Chunk => ({ id: `${document.id}#${ordinal}`, docId: document.id, sectionPath: ["Kết luận"], text: document.text.slice(start, end), start, end, notes: ordinal === 0 ? ["Ghi chú"] : [] });
  const [tb, kh] = documents as [ArchiveDocument, ArchiveDocument];
  const afterEmoji = tb.text.indexOf("Kết");
  const chunks = [chunk(tb, 0, 0, afterEmoji + 8), chunk(tb, 1, afterEmoji, tb.text.length), chunk(kh, 0, 0, kh.text.length)];
  return { documents, chunks };
}

describe("DocumentStore", () => {
  let directory: string;
  let file: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), "vanban-store-"));
    file = path.join(directory, DOCUMENT_STORE_FILE);
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("gives back every document, chunk and task as written (JSON, spread and field by field)", () => {
    const content = sampleContent();
    writeDocumentStore({ path: file, ...content });
    const store = DocumentStore.open(file);
    expect(JSON.parse(JSON.stringify(store.documents))).toEqual(content.documents);
    expect(JSON.parse(JSON.stringify(store.documents.map((document) => ({ ...document }))))).toEqual(content.documents);
    expect(JSON.parse(JSON.stringify(store.chunks))).toEqual(content.chunks);
    expect(store.chunks.map((chunk) => chunk.text)).toEqual(content.chunks.map((chunk) => chunk.text));
    expect(JSON.parse(JSON.stringify(store.tasks))).toEqual(content.documents.flatMap((document) => document.tasks));
    expect(store.documents[1]!.tasks.map((task) => task.quote)).toEqual(["Sở Tài chính bố trí kinh phí."]);
    store.close();
  });

  it("reads nothing heavy when opened; a chunk's text from its document's text, or by range for a long document", () => {
    writeDocumentStore({ path: file, ...sampleContent() });
    const store = DocumentStore.open(file, { wholeTextCharacters: 1000 });
    expect(store.reads).toEqual({ bodies: 0, texts: 0, chunkTexts: 0, chunks: 0, tasks: 0 });
    expect(store.documents.map((document) => document.meta.number)).toEqual(["12/TB-UBND", "5/KH-UBND"]);
    expect(store.tasks.map((task) => [task.lead, task.deadline?.end, task.docId])).toEqual([["Sở Nội vụ", "2024-06-30", "tb"], ["Sở Tài chính", "2024-06-30", "kh"]]);
    expect(store.reads).toEqual({ bodies: 0, texts: 0, chunkTexts: 0, chunks: 0, tasks: 0 });
    // Documents up to 1000 characters: the text is read once, and its chunks are sliced from it.
    expect(store.chunks[1]!.text).toBe(sampleContent().chunks[1]!.text);
    expect(store.chunks[0]!.text).toBe("THÔNG BÁO 😀 Kết luận");
    expect(store.reads).toMatchObject({ texts: 1, chunkTexts: 0 });
    store.close();

    // The default: chunks are read by range, the whole text never. After the emoji,
    // offsets are UTF-16 code units, as JavaScript's.
    const ranged = DocumentStore.open(file);
    expect(ranged.chunks[1]!.text).toBe(sampleContent().chunks[1]!.text);
    expect(ranged.chunks[1]!.text.startsWith("Kết luận.")).toBe(true);
    expect(ranged.chunks[0]!.text).toBe("THÔNG BÁO 😀 Kết luận");
    expect(ranged.chunks[0]!.text).toHaveLength("THÔNG BÁO ".length + 2 + " Kết luận".length);
    expect(ranged.reads).toMatchObject({ texts: 0, chunkTexts: 2 });
    // Once the document's text is cached, its chunks are sliced from it.
    expect(ranged.documents[1]!.text).toContain("Sở Tài chính");
    expect(ranged.chunks[2]!.text).toBe(sampleContent().chunks[2]!.text);
    expect(ranged.reads).toMatchObject({ texts: 1, chunkTexts: 2 });
    ranged.close();
  });

  it("keeps only its most recently used records", () => {
    writeDocumentStore({ path: file, ...sampleContent() });
    // Room for the longer text only: reading the other evicts it.
    const store = DocumentStore.open(file, { textCharacters: sampleContent().documents[0]!.text.length, bodies: 1 });
    const [first, second] = store.documents as [ArchiveDocument, ArchiveDocument];
    void first.text;
    void first.text;
    expect(store.reads.texts).toBe(1);
    void second.text;
    void first.text;
    expect(store.reads.texts).toBe(3);
    void first.sections;
    void second.footnotes;
    void first.sections;
    expect(store.reads.bodies).toBe(3);
    store.close();
  });

  it("links references as they are read, and a reader's copy drops links to documents it may not see, still on demand", () => {
    writeDocumentStore({ path: file, ...sampleContent() });
    const store = DocumentStore.open(file);
    store.linkReferences((reference) => (reference.number === "12/TB-UBND" ? "tb" : undefined));
    const plan = store.documents[1]!;
    expect(plan.references[0]?.targetDocId).toBe("tb");
    const reads = store.reads.texts;
    const scoped = withoutHiddenReferences(plan, new Set(["kh"]));
    expect(isStoredDocument(scoped)).toBe(true);
    expect(store.reads.texts).toBe(reads);
    expect(scoped.references[0]).toEqual({ text: "Thông báo số 12/TB-UBND", type: "Thông báo", number: "12/TB-UBND", start: 19, end: 42 });
    expect(scoped.text).toBe(plan.text);
    expect(withoutHiddenReferences(plan, new Set(["kh", "tb"])).references[0]?.targetDocId).toBe("tb");
    store.close();
  });

  it("refuses a file that is not a document store with index_corrupt", async () => {
    await writeFile(file, "not a database");
    expect(() => DocumentStore.open(file)).toThrowError(expect.objectContaining({ code: "index_corrupt" }));
  });
});

describe("a generation's document store", () => {
  let corpusDir: string;
  let indexDir: string;
  beforeEach(async () => {
    corpusDir = await makeSampleCorpus(["000_492514bbfbcde4f8.pdf", "001_02132e011992bfae.docx", "004_38b8e90ea4ed07a7.pdf"]);
    indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-index-"));
  });
  afterEach(async () => {
    await rm(corpusDir, { recursive: true, force: true });
    await rm(indexDir, { recursive: true, force: true });
  });

  it("is written with the generation and opens to the same archive as documents.json", async () => {
    const embedder = new HashedEmbeddings({ dimension: 512 });
    await runIngest({ embedder }, { corpusDir, indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024 });
    const inMemory = await loadSnapshot(indexDir, { documents: "memory" });
    const onDemand = await loadSnapshot(indexDir, { documents: "on-demand" });
    expect(await readdir(inMemory.directory)).toContain(DOCUMENT_STORE_FILE);
    expect(inMemory.documentStore).toBeUndefined();
    expect(onDemand.documentStore).toBeDefined();
    const whole = createArchive({ snapshot: inMemory, embedder });
    const viewed = createArchive({ snapshot: onDemand, embedder });
    expect(JSON.parse(JSON.stringify(viewed.documents))).toEqual(JSON.parse(JSON.stringify(whole.documents)));
    expect(JSON.parse(JSON.stringify(viewed.chunks))).toEqual(whole.chunks);
    expect(JSON.parse(JSON.stringify(viewed.tasks))).toEqual(whole.tasks);
    expect(Array.from(viewed.chunkDocument)).toEqual(Array.from(whole.chunkDocument));
    expect(viewed.provinces).toEqual(whole.provinces);
    // A reader's scope: the same visible documents, chunks and tasks either way.
    const hidden = whole.documents[0]!.id;
    const scopedWhole = scopeArchive(whole, (document) => document.id !== hidden);
    const scopedViewed = scopeArchive(viewed, (document) => document.id !== hidden);
    expect(JSON.parse(JSON.stringify(scopedViewed.documents))).toEqual(JSON.parse(JSON.stringify(scopedWhole.documents)));
    expect(scopedViewed.chunks.map((chunk) => chunk.id)).toEqual(scopedWhole.chunks.map((chunk) => chunk.id));
    expect(scopedViewed.tasks.map((task) => task.id)).toEqual(scopedWhole.tasks.map((task) => task.id));
    onDemand.documentStore?.close();
  });

  it("falls back to documents.json for a generation written before the store existed", async () => {
    const embedder = new HashedEmbeddings({ dimension: 512 });
    await runIngest({ embedder }, { corpusDir, indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024 });
    const { directory } = await loadSnapshot(indexDir);
    await rm(path.join(directory, DOCUMENT_STORE_FILE));
    const snapshot = await loadSnapshot(indexDir, { documents: "on-demand" });
    expect(snapshot.documentStore).toBeUndefined();
    expect(snapshot.documents).toHaveLength(3);
    expect(isStoredDocument(snapshot.documents[0]!)).toBe(false);
  });
});
