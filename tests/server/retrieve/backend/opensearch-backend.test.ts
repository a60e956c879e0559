import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { access, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@opensearch-project/opensearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRandom, extractSeedMaterial, generateDocument } from "../../../../bench/generate-corpus.js";
import { findFreePort } from "../../../../bench/server-process.js";
import { HashedEmbeddings } from "../../../../ingest/index/hashed-embeddings.js";
import { loadSnapshot, readCurrentGeneration, readManifest } from "../../../../ingest/index/index-store.js";
import { analyzeIndexText } from "../../../../ingest/index/index-terms.js";
import { indexTextOf } from "../../../../ingest/pipeline/process-file.js";
import { runIngest } from "../../../../ingest/run-ingest.js";
import { scopeArchive } from "../../../../server/access/scope-archive.js";
import { answerQuestion } from "../../../../server/answer/answer-question.js";
import { analyzeQuery } from "../../../../server/retrieve/analyze-query.js";
import { createArchive, type Archive } from "../../../../server/retrieve/archive.js";
import { createOpenSearchBackend } from "../../../../server/retrieve/backend/opensearch-search-backend.js";
import type { SearchBackend } from "../../../../server/retrieve/backend/search-backend.js";
import { searchArchive } from "../../../../server/retrieve/hybrid-search.js";
import { buildTestArchive, makeSampleCorpus } from "../../../helpers/start-test-server.js";
import { provideTestCluster, testClusterAvailability, type TestCluster } from "../../../helpers/opensearch-test-cluster.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const availability = await testClusterAvailability();
if (!availability.available) console.warn(availability.reason);

type DevQuestion = { id: string; question: string; doc: string | null; must_contain?: string[] };
const SEED = "Sở Nội vụ phải nộp hồ sơ đề án sắp xếp ĐVHC cấp xã trước ngày nào?";
const SEEDS_DIR = path.resolve(here, "../../../fixtures/seeds");

/** A generated directive cut to its header and first sections (about 2,500 characters, a few chunks). */
function smallDocument(text: string): string {
  const end = text.indexOf("\n", 2500);
  return end < 0 ? text : text.slice(0, end + 1);
}

// Real processes on a shared 2-core machine: generous per-test time (the file takes about a minute alone).
describe.runIf(availability.available)("OpenSearch backend on a real cluster", { timeout: 180_000 }, () => {
  let cluster: TestCluster;
  let backend: SearchBackend;
  let client: Client;
  let local: Awaited<ReturnType<typeof buildTestArchive>>;
  let remote: Archive;
  let corpusDir: string;
  let indexDir: string;
  const prefix = `vanban-test-${randomBytes(4).toString("hex")}`;
  const embedder = new HashedEmbeddings({ dimension: 512 });

  beforeAll(async () => {
    cluster = await provideTestCluster();
    client = new Client({ nodes: cluster.urls });
    backend = createOpenSearchBackend({ urls: cluster.urls, indexPrefix: prefix, shards: 2, replicas: 1, bulkChunks: 40 });
    local = await buildTestArchive();
    corpusDir = await makeSampleCorpus();
    indexDir = path.join(local.indexDir, "..", `${path.basename(local.indexDir)}-opensearch`);
    await runIngest(
      { embedder, commitGeneration: backend.commitGeneration },
      { corpusDir, indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024, searchBackend: "opensearch" },
    );
    remote = await openRemote();
  }, 300_000);

  afterAll(async () => {
    await client?.indices.delete({ index: `${prefix}-*` }).catch(() => undefined);
    await client?.close();
    await backend?.close();
    await local?.cleanup();
    if (corpusDir) await rm(corpusDir, { recursive: true, force: true });
    if (indexDir) await rm(indexDir, { recursive: true, force: true });
    await cluster?.stop();
  }, 60_000);

  async function openRemote(): Promise<Archive> {
    // As the server opens it: the documents read on demand from the generation's document store.
    const snapshot = await loadSnapshot(indexDir, { vectors: false, indexes: false, documents: "on-demand" });
    expect(snapshot.documentStore).toBeDefined();
    return createArchive({ snapshot, embedder, index: await backend.openGeneration(snapshot) });
  }

  async function liveIndex(): Promise<string[]> {
    return Object.keys((await client.indices.getAlias({ name: `${prefix}-live` })).body as Record<string, unknown>);
  }

  it.runIf(!process.env.OPENSEARCH_URL)("started the cluster with `npm run cluster -- start`: one line per node, then OPENSEARCH_URL", () => {
    const printed = cluster.printed!;
    expect(printed).toHaveLength(3);
    expect(printed[0]).toMatch(/^node node-1 pid \d+ http http:\/\/127\.0\.0\.1:\d+$/u);
    expect(printed[1]).toMatch(/^node node-2 pid \d+ http http:\/\/127\.0\.0\.1:\d+$/u);
    expect(printed[2]).toBe(`OPENSEARCH_URL=${cluster.urls[0]}`);
  });

  it("stores exactly Vanban's tokens: the term vectors of every chunk equal Vanban's analysis", async () => {
    expect(remote.chunks.length).toBe(local.archive.chunks.length);
    const [index] = await liveIndex();
    const ids = remote.chunks.map((_chunk, i) => String(i));
    const response = await client.mtermvectors({ index: index!, body: { ids, parameters: { fields: ["terms", "folded"], term_statistics: false, field_statistics: false, positions: false, offsets: false } } } as never);
    const docs = (response.body as { docs: Array<{ _id: string; term_vectors: Record<string, { terms: Record<string, { term_freq: number }> }> }> }).docs;
    expect(docs).toHaveLength(remote.chunks.length);
    for (const doc of docs) {
      const chunk = remote.chunks[Number(doc._id)]!;
      const document = remote.documentsById.get(chunk.docId)!;
      const expected = new Map<string, number>();
      for (const term of analyzeIndexText(indexTextOf(chunk, document), { folded: false }).terms) expected.set(term, (expected.get(term) ?? 0) + 1);
      const stored = new Map(Object.entries(doc.term_vectors.terms!.terms).map(([term, { term_freq }]) => [term, term_freq]));
      expect(stored).toEqual(expected);
    }
  });

  it("writes the generation as an index with 2 shards and 1 replica, named in the manifest and behind the live alias", async () => {
    const manifest = await readManifest((await readCurrentGeneration(indexDir))!);
    expect(manifest.searchBackend?.kind).toBe("opensearch");
    expect(await liveIndex()).toEqual([manifest.searchBackend!.index]);
    const settings = (await client.indices.getSettings({ index: manifest.searchBackend!.index! })).body as Record<string, { settings: { index: { number_of_shards: string; number_of_replicas: string } } }>;
    const own = Object.values(settings)[0]!.settings.index;
    expect([own.number_of_shards, own.number_of_replicas]).toEqual(["2", "1"]);
    expect((await backend.health()).status).toBe("ok");
    // No in-process indexes are built or written for it; the in-process engine refuses it with a message saying why.
    const directory = (await readCurrentGeneration(indexDir))!;
    await expect(access(path.join(directory, "lexical.bin"))).rejects.toThrow();
    await expect(loadSnapshot(indexDir)).rejects.toMatchObject({ code: "index_corrupt", message: expect.stringContaining("SEARCH_BACKEND=opensearch") });
  });

  it("answers the seed question 30/6/2024 from the same document, with every term statistic it reads fetched beforehand", async () => {
    const statistics = remote.lexical as { misses?: number };
    const misses = statistics.misses;
    expect(typeof misses).toBe("number");
    const answer = await answerQuestion({ archive: remote, question: SEED, today: new Date("2026-01-01") });
    expect(statistics.misses).toBe(misses);
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("30/6/2024");
    expect(answer.citations[0]?.source).toBe("000_492514bbfbcde4f8.pdf");
  });

  it("gives the same accuracy as in-process on the sample dev set (key facts and recall@10 within 0.01)", async () => {
    const lines = (await readFile(path.resolve(here, "../../../../data/eval/samples-extra.jsonl"), "utf8")).split("\n").filter(Boolean);
    const questions = lines.map((line) => JSON.parse(line) as DevQuestion);
    const score = async (archive: Archive) => {
      let facts = 0;
      let recalled = 0;
      let withDocument = 0;
      for (const question of questions) {
        const answer = await answerQuestion({ archive, question: question.question, today: new Date("2026-01-01") });
        if ((question.must_contain ?? []).every((fact) => answer.answer.includes(fact))) facts++;
        const { hits } = await searchArchive({ archive, query: analyzeQuery(question.question, { knownProvinces: archive.provinces }), limit: 10 });
        if (!question.doc) continue;
        withDocument++;
        const stem = question.doc.replace(/\.[^.]+$/u, "");
        if (hits.some((hit) => hit.document.source.startsWith(stem))) recalled++;
      }
      return { keyFacts: facts / questions.length, recallAt10: recalled / withDocument };
    };
    const inProcess = await score(local.archive);
    const onOpenSearch = await score(remote);
    console.info(`sample dev set (${questions.length} questions): in-process ${JSON.stringify(inProcess)}, OpenSearch ${JSON.stringify(onOpenSearch)}`);
    expect(Math.abs(onOpenSearch.keyFacts - inProcess.keyFacts)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(onOpenSearch.recallAt10 - inProcess.recallAt10)).toBeLessThanOrEqual(0.01);
    expect(inProcess.recallAt10).toBeGreaterThan(0.5);
  });

  it("filters inside the engine and keeps a reader's scope: hidden documents never come back", async () => {
    const target = remote.documents[0]!;
    const province = target.meta.province;
    const query = analyzeQuery("kế hoạch triển khai nhiệm vụ", { knownProvinces: remote.provinces });
    if (province) {
      const filtered = await searchArchive({ archive: remote, query, limit: 20, filters: { province } });
      expect(filtered.hits.length).toBeGreaterThan(0);
      for (const hit of filtered.hits) expect(hit.document.meta.province).toBe(province);
    }
    const scoped = scopeArchive(remote, (document) => document.id !== target.id);
    const seen = await searchArchive({ archive: scoped, query: analyzeQuery(target.meta.title ?? SEED, { knownProvinces: scoped.provinces }), limit: 50 });
    expect(seen.hits.length).toBeGreaterThan(0);
    for (const hit of seen.hits) {
      expect(hit.document.id).not.toBe(target.id);
      expect(scoped.chunks[hit.chunkIndex]).toBe(hit.chunk);
    }
    // Statistics are the visible chunks': the scoped count excludes the hidden document's chunks.
    expect(scoped.lexical.chunkCount).toBe(scoped.chunks.length);
  });

  it("refuses a partial write: a bulk OpenSearch rejects leaves the previous alias and generation serving", async () => {
    const before = await liveIndex();
    const generationBefore = await readCurrentGeneration(indexDir);
    const snapshot = await loadSnapshot(indexDir, { vectors: true, indexes: false });
    // The last document's year is not a number: OpenSearch refuses its chunks (a mapping error, not worth
    // retrying) after the earlier batches went in.
    const documents = snapshot.documents.map((document, i) => (i === snapshot.documents.length - 1 ? { ...document, meta: { ...document.meta, year: "not a year" as unknown as number } } : document));
    await expect(
      backend.commitGeneration({ indexDir, content: { manifest: snapshot.manifest, documents, chunks: snapshot.chunks, vectors: snapshot.vectors, lexical: snapshot.lexical } }),
    ).rejects.toMatchObject({ code: "index_write_failed" });
    expect(await liveIndex()).toEqual(before);
    expect(await readCurrentGeneration(indexDir)).toBe(generationBefore);
    const indexes = Object.keys((await client.indices.get({ index: `${prefix}-gen-*` })).body as Record<string, unknown>);
    expect(indexes).toEqual(before);
    const answer = await answerQuestion({ archive: await openRemote(), question: SEED, today: new Date("2026-01-01") });
    expect(answer.answer).toContain("30/6/2024");
  });

  it("kill -9 of the ingest in the middle of its bulk leaves the previous alias serving a complete generation; the next ingest completes and removes the partial index", async () => {
    // A corpus of its own, big enough for a real window: the five samples and 400 small generated directives,
    // written 25 chunks per bulk request by the ingest CLI in a child process.
    const killPrefix = `${prefix}-kill`;
    const killCorpus = await makeSampleCorpus();
    const killIndex = `${indexDir}-kill`;
    const killBackend = createOpenSearchBackend({ urls: cluster.urls, indexPrefix: killPrefix, shards: 2, replicas: 1, bulkChunks: 100 });
    const genIndexes = async () => Object.keys((await client.indices.get({ index: `${killPrefix}-gen-*` })).body as Record<string, unknown>);
    const killAlias = async () => Object.keys((await client.indices.getAlias({ name: `${killPrefix}-live` })).body as Record<string, unknown>);
    /** Index operations the primaries have done: the bulk runs with refresh off, so `_count` stays 0 until it is over. */
    const indexedOperations = async (index: string) =>
      ((await client.indices.stats({ index, metric: "indexing" } as never)).body as { _all: { primaries: { indexing: { index_total: number } } } })._all.primaries.indexing.index_total;
    const ingestChild = () =>
      spawn(process.execPath, ["--import", "tsx", path.resolve(here, "../../../../ingest/cli.ts"), "--corpus", killCorpus, "--index", killIndex, "--force"], {
        env: { ...process.env, SEARCH_BACKEND: "opensearch", OPENSEARCH_URL: cluster.urls.join(","), OPENSEARCH_INDEX_PREFIX: killPrefix, OPENSEARCH_SHARDS: "2", OPENSEARCH_REPLICAS: "1", OPENSEARCH_BULK_CHUNKS: "25", INGEST_WORKERS: "0", OCR: "off", EMBEDDER: "hashed" },
        stdio: ["ignore", "ignore", "pipe"],
      });
    let child: ReturnType<typeof spawn> | undefined;
    try {
      const seeds = await Promise.all(
        (await readdir(SEEDS_DIR))
          // The seed question's own document is not recombined: its deadline stays the only answer.
          .filter((name) => name.endsWith(".txt") && !name.startsWith("000_"))
          .sort()
          .map((name) => readFile(path.join(SEEDS_DIR, name), "utf8")),
      );
      const material = extractSeedMaterial(seeds);
      const random = createRandom(16);
      for (let number = 0; number < 400; number++) {
        const document = generateDocument({ random, material, index: number });
        await writeFile(path.join(killCorpus, document.name), smallDocument(document.text));
      }
      const previous = await runIngest({ embedder, commitGeneration: killBackend.commitGeneration }, { corpusDir: killCorpus, indexDir: killIndex, chunkChars: 1200, maxBytes: 50 * 1024 * 1024, searchBackend: "opensearch" });
      expect(previous.documents).toBe(405);
      const before = await killAlias();
      expect(before).toHaveLength(1);
      const generationBefore = await readCurrentGeneration(killIndex);
      const chunkCount = previous.chunks;
      expect(chunkCount).toBeGreaterThan(1000);

      child = ingestChild();
      let stderr = "";
      child.stderr!.on("data", (piece: Buffer) => (stderr += piece.toString()));
      const exited = new Promise<void>((resolve) => child!.once("exit", () => resolve()));
      // Killed once its new index holds a tenth of the chunks or more, but not all of them: inside the bulk.
      let partial: string | undefined;
      let seen = 0;
      for (const deadline = Date.now() + 150_000; !partial && Date.now() < deadline && child.exitCode === null; ) {
        const written = (await genIndexes()).find((index) => !before.includes(index));
        if (written) {
          seen = await indexedOperations(written).catch(() => 0);
          if (seen >= chunkCount / 10 && seen < chunkCount) partial = written;
        }
        if (!partial) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.kill("SIGKILL");
      await exited;
      expect(partial, `the ingest never showed a partly written index (exit ${child.exitCode}): ${stderr.slice(-500)}`).toBeDefined();
      expect(child.signalCode).toBe("SIGKILL");
      // Bulk requests already sent may still land; then nothing more comes: the index stays partial, never refreshed, without replicas.
      let settled = -1;
      for (let now = await indexedOperations(partial!); now !== settled; now = await indexedOperations(partial!)) {
        settled = now;
        await new Promise((resolve) => setTimeout(resolve, 1500));
      }
      console.info(`kill -9 of the ingest with ${seen} of ${chunkCount} chunks in its new index (${settled} once the requests already sent had landed)`);
      expect(settled).toBeLessThan(chunkCount);
      const partialSettings = (await client.indices.getSettings({ index: partial! })).body as Record<string, { settings: { index: { number_of_replicas: string } } }>;
      expect(partialSettings[partial!]!.settings.index.number_of_replicas).toBe("0");

      // The previous generation is live and whole: the alias, the disk's CURRENT, its full count, a search, the seed answer.
      expect(await killAlias()).toEqual(before);
      expect(await readCurrentGeneration(killIndex)).toBe(generationBefore);
      expect(((await client.count({ index: `${killPrefix}-live` })).body as { count: number }).count).toBe(chunkCount);
      const snapshot = await loadSnapshot(killIndex, { vectors: false, indexes: false, documents: "on-demand" });
      expect(snapshot.chunks.length).toBe(chunkCount);
      const serving = createArchive({ snapshot, embedder, index: await killBackend.openGeneration(snapshot) });
      const { hits } = await searchArchive({ archive: serving, query: analyzeQuery("sắp xếp đơn vị hành chính cấp xã", { knownProvinces: serving.provinces }), limit: 10 });
      expect(hits.length).toBe(10);
      const answer = await answerQuestion({ archive: serving, question: SEED, today: new Date("2026-01-01") });
      expect(answer.answer).toContain("30/6/2024");
      expect(answer.citations[0]?.source).toBe("000_492514bbfbcde4f8.pdf");

      // The next ingest (the same CLI, to the end) writes a whole new generation, swaps the alias and deletes the partial index.
      child = ingestChild();
      const [code] = (await once(child, "exit")) as [number | null];
      expect(code).toBe(0);
      const after = await killAlias();
      expect(after).toHaveLength(1);
      expect(after).not.toEqual(before);
      expect(((await client.count({ index: after[0]! })).body as { count: number }).count).toBe(chunkCount);
      const remaining = await genIndexes();
      expect(remaining).not.toContain(partial);
      expect(remaining.sort()).toEqual([...before, ...after].sort());
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await client.indices.delete({ index: `${killPrefix}-*` }).catch(() => undefined);
      await killBackend.close();
      await rm(killCorpus, { recursive: true, force: true });
      await rm(killIndex, { recursive: true, force: true });
    }
  });

  it("npm start with SEARCH_BACKEND=opensearch: the server under its heap limit, the first ingest in a process of its own, then the seed answer over HTTP", async () => {
    const startPrefix = `${prefix}-start`;
    const startIndex = `${indexDir}-start`;
    const port = await findFreePort();
    const launcher = spawn(process.execPath, [path.resolve(here, "../../../../server/start.js")], {
      env: { ...process.env, NODE_OPTIONS: "", HOST: "127.0.0.1", PORT: String(port), CORPUS_DIR: corpusDir, INDEX_DIR: startIndex, SEARCH_BACKEND: "opensearch", OPENSEARCH_URL: cluster.urls.join(","), OPENSEARCH_INDEX_PREFIX: startPrefix, OPENSEARCH_SHARDS: "2", OPENSEARCH_REPLICAS: "1", INGEST_WORKERS: "0", OCR: "off", RATE_LIMIT_PER_MIN: "0", LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    launcher.stderr!.on("data", (piece: Buffer) => (stderr += piece.toString()));
    const exited = new Promise<number | null>((resolve) => launcher.once("exit", (code) => resolve(code)));
    try {
      let health: { status: string; documents?: number } | undefined;
      for (const deadline = Date.now() + 150_000; health?.status !== "ok" && Date.now() < deadline && launcher.exitCode === null; ) {
        health = await fetch(`http://127.0.0.1:${port}/api/health`).then((response) => response.json() as Promise<typeof health>, () => undefined);
        if (health?.status !== "ok") await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(health, stderr.slice(-800)).toMatchObject({ status: "ok", documents: local.archive.documents.length });
      const [serverPid] = (await readFile(`/proc/${launcher.pid}/task/${launcher.pid}/children`, "utf8")).trim().split(/\s+/u);
      expect((await readFile(`/proc/${serverPid}/cmdline`, "utf8")).split("\0")).toContain("--max-old-space-size=128");
      const answer = (await (await fetch(`http://127.0.0.1:${port}/api/ask`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: SEED }) })).json()) as { answer: string };
      expect(answer.answer).toContain("30/6/2024");
      launcher.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (launcher.exitCode === null) launcher.kill("SIGKILL");
      await client.indices.delete({ index: `${startPrefix}-*` }).catch(() => undefined);
      await rm(startIndex, { recursive: true, force: true });
    }
  });

  it("swaps the alias to a new generation and prunes indexes no generation names", async () => {
    const before = await liveIndex();
    await runIngest({ embedder, commitGeneration: backend.commitGeneration }, { corpusDir, indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024, searchBackend: "opensearch", force: true });
    const after = await liveIndex();
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    const manifest = await readManifest((await readCurrentGeneration(indexDir))!);
    expect(after).toEqual([manifest.searchBackend!.index]);
    const indexes = Object.keys((await client.indices.get({ index: `${prefix}-gen-*` })).body as Record<string, unknown>).sort();
    // The previous generation (kept on disk) keeps its index; nothing else is left.
    expect(indexes).toEqual([...before, ...after].sort());
    remote = await openRemote();
    expect((await answerQuestion({ archive: remote, question: SEED, today: new Date("2026-01-01") })).answer).toContain("30/6/2024");
  });
});
