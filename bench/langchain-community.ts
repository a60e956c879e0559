import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DocxLoader } from "@langchain/community/document_loaders/fs/docx";
import { PDFLoader } from "@langchain/community/document_loaders/fs/pdf";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Document } from "@langchain/core/documents";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { HashedEmbeddings } from "../ingest/index/hashed-embeddings.js";
import { loadSnapshot } from "../ingest/index/index-store.js";
import { loadFile } from "../ingest/load/load-file.js";
import { runIngest } from "../ingest/run-ingest.js";
import { VanbanVectorStore } from "../server/integrations/langchain/vanban-vector-store.js";
import { analyzeQuery } from "../server/retrieve/analyze-query.js";
import { createArchive } from "../server/retrieve/archive.js";
import { searchArchive } from "../server/retrieve/hybrid-search.js";
import { foldDiacritics } from "../core/vietnamese.js";

/**
 * `tsx bench/langchain-community.ts [--questions FILE]`
 *
 * What @langchain/community offers against what Vanban wrote by hand, on the
 * five sample documents and the development questions: its document loaders
 * (PDFLoader, DocxLoader), text splitter (RecursiveCharacterTextSplitter) and
 * HNSWLib vector store, swapped in one at a time. For each pipeline:
 * passage@5 (a top-5 passage of the right document holds the evidence, as in
 * the eval), search p50, and build time. All use the same hashed embedder.
 */
type Passage = { source: string; text: string };
type Question = { id: string; lang: string; question: string; doc?: string; evidence: string[] };
type Pipeline = { name: string; buildSeconds: number; search(question: string): Promise<Passage[]> };

const here = path.dirname(fileURLToPath(import.meta.url));
const SAMPLES_DIR = path.resolve(here, "../tests/fixtures/samples");
const SAMPLE_FILES = ["000_492514bbfbcde4f8.pdf", "001_02132e011992bfae.docx", "002_606ab56a5eb8481a.docx", "003_66615375c7bf5e13.pdf", "004_38b8e90ea4ed07a7.pdf"];
const CHUNK_CHARS = 1200;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { questions: { type: "string", default: path.resolve(here, "../../shared/eval/questions.jsonl") } } });
  const questions = (await readFile(values.questions!, "utf8"))
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Question)
    .filter((question) => question.doc);
  const embeddings = new HashedEmbeddings({ dimension: 512 });
  const corpusDir = SAMPLES_DIR;
  const indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-community-"));
  try {
    // Vanban: its own loaders, cleaning, section-aware chunks, hybrid search.
    let started = performance.now();
    const { copyFile, mkdir } = await import("node:fs/promises");
    const corpus = path.join(indexDir, "corpus");
    await mkdir(corpus);
    for (const file of SAMPLE_FILES) await copyFile(path.join(corpusDir, file), path.join(corpus, file));
    await runIngest({ embedder: embeddings }, { corpusDir: corpus, indexDir: path.join(indexDir, "index"), chunkChars: CHUNK_CHARS, maxBytes: 50 * 1024 * 1024 });
    const archive = createArchive({ snapshot: await loadSnapshot(path.join(indexDir, "index")), embedder: embeddings });
    const vanbanSeconds = (performance.now() - started) / 1000;

    // Loaders alone: time and characters.
    const loaderRows: Array<Record<string, string | number>> = [];
    const communityDocuments: Document[] = [];
    for (const file of SAMPLE_FILES) {
      const absolute = path.join(corpusDir, file);
      started = performance.now();
      const loader = file.endsWith(".pdf") ? new PDFLoader(absolute, { splitPages: false }) : new DocxLoader(absolute);
      const loaded = await loader.load();
      const communityMs = performance.now() - started;
      started = performance.now();
      const ours = await loadFile(absolute, { maxBytes: 50 * 1024 * 1024 });
      const oursMs = performance.now() - started;
      for (const document of loaded) communityDocuments.push(new Document({ pageContent: document.pageContent, metadata: { source: file } }));
      const vanbanDocument = archive.documents.find((document) => document.source === file)!;
      loaderRows.push({
        file,
        "community ms": round(communityMs),
        "vanban loader ms": round(oursMs),
        "community chars": loaded.reduce((sum, document) => sum + document.pageContent.length, 0),
        "vanban raw chars": ours.text.length,
        "vanban clean chars": vanbanDocument.text.length,
      });
    }

    const splitter = new RecursiveCharacterTextSplitter({ chunkSize: CHUNK_CHARS, chunkOverlap: 200 });
    const storePipeline = async (name: string, documents: Document[], kind: "hnswlib" | "memory"): Promise<Pipeline> => {
      const begin = performance.now();
      const store = kind === "hnswlib" ? await HNSWLib.fromDocuments(documents, embeddings) : await MemoryVectorStore.fromDocuments(documents, embeddings);
      const buildSeconds = (performance.now() - begin) / 1000;
      return {
        name,
        buildSeconds,
        async search(question) {
          return (await store.similaritySearch(question, 5)).map((document) => ({ source: String(document.metadata.source), text: document.pageContent }));
        },
      };
    };
    const vanbanCleanTexts = archive.documents.map((document) => new Document({ pageContent: document.text, metadata: { source: document.source } }));
    const splitClean = await splitter.splitDocuments(vanbanCleanTexts);
    const splitCommunity = await splitter.splitDocuments(communityDocuments);
    const vanbanChunks = archive.chunks.map((chunk) => new Document({ pageContent: chunk.text, metadata: { source: archive.documentsById.get(chunk.docId)!.source } }));
    const vectorView = new VanbanVectorStore(archive);

    const pipelines: Pipeline[] = [
      await storePipeline("community loaders + splitter + HNSWLib", splitCommunity, "hnswlib"),
      await storePipeline("Vanban clean text + splitter + HNSWLib", splitClean, "hnswlib"),
      await storePipeline("Vanban chunks + HNSWLib", vanbanChunks, "hnswlib"),
      await storePipeline("community loaders + splitter + exact (MemoryVectorStore)", splitCommunity, "memory"),
      await storePipeline("Vanban clean text + splitter + exact (MemoryVectorStore)", splitClean, "memory"),
      await storePipeline("Vanban chunks + exact (MemoryVectorStore)", vanbanChunks, "memory"),
      {
        name: "Vanban chunks + Vanban vector index (VanbanVectorStore)",
        buildSeconds: 0,
        async search(question) {
          return (await vectorView.similaritySearch(question, 5)).map((document) => ({ source: String(document.metadata.source), text: document.pageContent }));
        },
      },
      {
        name: "Vanban hybrid search (default)",
        buildSeconds: vanbanSeconds,
        async search(question) {
          const query = analyzeQuery(question, { knownProvinces: archive.provinces });
          const result = await searchArchive({ archive, query, limit: 5 });
          return result.hits.map((hit) => ({ source: hit.document.source, text: hit.chunk.text }));
        },
      },
    ];

    const rows: Array<Record<string, string | number>> = [];
    for (const pipeline of pipelines) {
      const latencies: number[] = [];
      let hits = 0;
      let hitsVi = 0;
      const vi = questions.filter((question) => question.lang !== "en");
      for (const question of questions) {
        const begin = performance.now();
        const passages = await pipeline.search(question.question);
        latencies.push(performance.now() - begin);
        const hit = passageHit(passages, question);
        if (hit) hits++;
        if (hit && question.lang !== "en") hitsVi++;
      }
      rows.push({
        pipeline: pipeline.name,
        "passage@5": round(hits / questions.length),
        "passage@5 (vi, no English)": round(hitsVi / vi.length),
        "search p50 ms": round(median(latencies)),
        "build s": round(pipeline.buildSeconds),
      });
    }

    const crossing = (chunks: Document[]) => {
      let crossed = 0;
      for (const chunk of chunks) {
        const document = archive.documents.find((candidate) => candidate.source === chunk.metadata.source)!;
        const start = document.text.indexOf(chunk.pageContent);
        if (start < 0) continue;
        const end = start + chunk.pageContent.length;
        // A chunk crosses a section when a heading starts strictly inside it.
        if (document.sections.some((section) => section.start > start && section.start < end)) crossed++;
      }
      return round(crossed / chunks.length);
    };
    console.log(`questions: ${questions.length} (${questions.filter((question) => question.lang !== "en").length} Vietnamese)\n`);
    console.log("Loaders on the five samples:");
    console.table(loaderRows);
    console.log("Retrieval pipelines (hashed 512-d embedder everywhere):");
    console.table(rows);
    console.log(
      `Chunks: splitter over Vanban clean text ${splitClean.length} (share containing a section start inside: ${crossing(splitClean)}), ` +
        `Vanban chunker ${archive.chunks.length} (section-aware: each chunk lies inside one section).`,
    );
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

/** As the eval: a top-5 passage of the right document holds 80% of one evidence span's words. */
function passageHit(passages: Passage[], question: Question): boolean {
  const stem = (file: string) => path.basename(file).replace(/\.[^.]+$/u, "");
  const words = (text: string) => (foldDiacritics(text.normalize("NFC")).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  return passages.some((passage) => {
    if (stem(passage.source) !== stem(question.doc!)) return false;
    const present = new Set(words(passage.text));
    return question.evidence.some((evidence) => {
      const wanted = words(evidence);
      return wanted.length > 0 && wanted.filter((word) => present.has(word)).length / wanted.length >= 0.8;
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
