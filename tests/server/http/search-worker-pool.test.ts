import { EventEmitter } from "node:events";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../../core/config.js";
import { isVanbanError } from "../../../core/errors.js";
import { HashedEmbeddings } from "../../../ingest/index/hashed-embeddings.js";
import { createArchiveService, type ArchiveService } from "../../../server/archive-service.js";
import { runIngest } from "../../../ingest/run-ingest.js";
import { ArchiveHolder } from "../../../server/http/archive-holder.js";
import { createApp } from "../../../server/http/create-app.js";
import { createSearchWorkerPool, type SearchWorkerPool } from "../../../server/http/search-worker-pool.js";
import type { SearchWorkerRequest } from "../../../server/http/search-worker-protocol.js";
import type { Archive } from "../../../server/retrieve/archive.js";
import { buildTestArchive, SAMPLE_FILES } from "../../helpers/start-test-server.js";

const today = () => new Date("2024-05-01T00:00:00Z");

describe("search workers over the sample archive (real threads)", () => {
  let pool: SearchWorkerPool;
  let cleanup: () => Promise<void>;
  let single: ReturnType<typeof createApp>;
  let pooled: ReturnType<typeof createApp>;
  let live: Archive;
  let service: ArchiveService;
  let corpusDir: string;
  const questions: string[] = [];

  beforeAll(async () => {
    const built = await buildTestArchive();
    cleanup = built.cleanup;
    single = createApp({ archives: new ArchiveHolder(built.archive), rateLimitPerMinute: 0, today });
    pool = createSearchWorkerPool({ size: 2, config: loadConfig({ INDEX_DIR: built.indexDir }) });
    const embedder = new HashedEmbeddings({ dimension: 512 });
    service = createArchiveService({
      indexDir: built.indexDir,
      embedder,
      searchWorkers: pool,
      ingest: () => runIngest({ embedder }, { corpusDir: built.corpusDir, indexDir: built.indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024 }),
    });
    corpusDir = built.corpusDir;
    expect(await service.openLive()).toBe(true);
    live = service.archives.get();
    pooled = createApp({ archives: service.archives, rateLimitPerMinute: 0, today, searchWorkers: pool });
    const lines = (await readFile("data/eval/samples-extra.jsonl", "utf8")).split("\n").filter((line) => line.trim());
    for (const line of lines) questions.push((JSON.parse(line) as { question: string }).question);
  }, 120_000);

  afterAll(async () => {
    await pool?.close();
    await cleanup?.();
  });

  it("gives the same search results as the main thread, for every sample question", async () => {
    expect(pool.serves(live)).toBe(true);
    const searches = vi.spyOn(pool, "search");
    for (const q of [...questions, "so noi vu", "Hưng Yên 2024"]) {
      const query = { q, k: 10 };
      const [expected, actual] = await Promise.all([request(single).get("/api/search").query(query), request(pooled).get("/api/search").query(query)]);
      expect(actual.status).toBe(200);
      expect(actual.body).toEqual(expected.body);
    }
    // Filters and paging travel to the worker too.
    const filtered = { q: "Sở Nội vụ", province: "Hưng Yên", year: 2024, k: 3, offset: 1 };
    expect((await request(pooled).get("/api/search").query(filtered)).body).toEqual((await request(single).get("/api/search").query(filtered)).body);
    expect(searches).toHaveBeenCalledTimes(questions.length + 3);
    searches.mockRestore();
  }, 120_000);

  it("gives the same answers as the main thread", async () => {
    const answers = vi.spyOn(pool, "answer");
    for (const question of questions.slice(0, 20)) {
      const [expected, actual] = await Promise.all([request(single).post("/api/ask").send({ question }), request(pooled).post("/api/ask").send({ question })]);
      expect(actual.status).toBe(200);
      expect(actual.body).toEqual(expected.body);
    }
    const followUp = { question: "còn Hưng Yên thì sao?", history: [{ role: "user", content: questions[0]! }] };
    expect((await request(pooled).post("/api/ask").send(followUp)).body).toEqual((await request(single).post("/api/ask").send(followUp)).body);
    expect(answers).toHaveBeenCalledTimes(21);
    answers.mockRestore();
  }, 120_000);

  it("leaves an archive it does not hold (a reader's scoped view) to the main thread", () => {
    expect(pool.serves({ ...live })).toBe(false);
  });

  it("serves a new generation once the ingest swaps it in, with the new generation's results", async () => {
    await rm(path.join(corpusDir, SAMPLE_FILES[0]!));
    await service.ingest.request();
    const swapped = service.archives.get();
    expect(swapped.generation).not.toBe(live.generation);
    expect(swapped.documents).toHaveLength(4);
    expect(pool.serves(swapped)).toBe(true);
    expect(pool.serves(live)).toBe(false);
    const mainThread = createApp({ archives: new ArchiveHolder(swapped), rateLimitPerMinute: 0, today });
    for (const q of questions.slice(0, 10)) {
      const [expected, actual] = await Promise.all([request(mainThread).get("/api/search").query({ q }), request(pooled).get("/api/search").query({ q })]);
      expect(actual.body).toEqual(expected.body);
      expect(actual.body.results.some((result: { docId: string }) => SAMPLE_FILES[0]!.startsWith(result.docId))).toBe(false);
    }
  }, 120_000);
});

/** A stand-in worker thread: records what it is sent; the test answers for it. */
class FakeWorker extends EventEmitter {
  readonly sent: SearchWorkerRequest[] = [];
  postMessage(message: SearchWorkerRequest): void {
    this.sent.push(message);
    if (message.type === "open") queueMicrotask(() => this.emit("message", { type: "opened", generation: message.shared.generation }));
  }
  terminate(): Promise<number> {
    return Promise.resolve(0);
  }
  jobs(): Array<Extract<SearchWorkerRequest, { id: number }>> {
    return this.sent.filter((message): message is Extract<SearchWorkerRequest, { id: number }> => "id" in message);
  }
  reply(id: number, result: unknown = { results: [], total: 0 }): void {
    this.emit("message", { type: "done", id, result });
  }
}

function fakePool(size: number): { pool: SearchWorkerPool; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  const pool = createSearchWorkerPool({
    size,
    config: loadConfig({}),
    startWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
  });
  return { pool, workers };
}

const fakeArchive = (generation: string) => ({ generation }) as Archive;
const shared = {} as Parameters<SearchWorkerPool["publish"]>[1];
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("createSearchWorkerPool", () => {
  it("serves jobs first come, first served: a worker that finishes takes the oldest waiting job", async () => {
    const { pool, workers } = fakePool(2);
    const archive = fakeArchive("gen-a");
    await pool.publish(archive, shared);
    const done: string[] = [];
    const jobs = ["q1", "q2", "q3", "q4", "q5"].map((q) => pool.search(archive, { q, k: 10 }).then(() => done.push(q)));
    const [first, second] = workers as [FakeWorker, FakeWorker];
    expect(first.jobs().map((job) => job.type === "search" && job.job.q)).toEqual(["q1"]);
    expect(second.jobs().map((job) => job.type === "search" && job.job.q)).toEqual(["q2"]);
    expect(pool.length).toBe(5);
    second.reply(second.jobs()[0]!.id);
    await tick();
    expect(second.jobs().map((job) => job.type === "search" && job.job.q)).toEqual(["q2", "q3"]);
    first.reply(first.jobs()[0]!.id);
    await tick();
    expect(first.jobs().map((job) => job.type === "search" && job.job.q)).toEqual(["q1", "q4"]);
    first.reply(first.jobs()[1]!.id);
    second.reply(second.jobs()[1]!.id);
    await tick();
    expect(first.jobs().map((job) => job.type === "search" && job.job.q)).toEqual(["q1", "q4", "q5"]);
    first.reply(first.jobs()[2]!.id);
    await Promise.all(jobs);
    expect(done).toEqual(["q2", "q1", "q4", "q3", "q5"]);
    expect(pool.length).toBe(0);
    await pool.close();
  });

  it("skips a waiting job whose client went away", async () => {
    const { pool, workers } = fakePool(1);
    const [worker] = workers as [FakeWorker];
    const archive = fakeArchive("gen-a");
    await pool.publish(archive, shared);
    const gone = new AbortController();
    const running = pool.search(archive, { q: "running", k: 1 }, { signal: gone.signal });
    const skipped = pool.search(archive, { q: "gone", k: 1 }, { signal: gone.signal });
    const waiting = pool.search(archive, { q: "waiting", k: 1 });
    gone.abort();
    worker.reply(worker.jobs()[0]!.id);
    // The job already running finishes; the one not yet started is never sent.
    await running;
    await expect(skipped).rejects.toMatchObject({ code: "client_closed_request" });
    await tick();
    expect(worker.jobs().map((job) => job.type === "search" && job.job.q)).toEqual(["running", "waiting"]);
    worker.reply(worker.jobs()[1]!.id);
    await waiting;
    expect(pool.length).toBe(0);
    await pool.close();
  });

  it("keeps an old generation open until its last job is done, and never serves it after a swap", async () => {
    const { pool, workers } = fakePool(1);
    const [worker] = workers as [FakeWorker];
    const older = fakeArchive("gen-a");
    await pool.publish(older, shared);
    const inFlight = pool.search(older, { q: "before the swap", k: 5 });
    const newer = fakeArchive("gen-b");
    await pool.publish(newer, shared);
    expect(pool.serves(older)).toBe(false);
    expect(pool.serves(newer)).toBe(true);
    await expect(pool.search(older, { q: "after", k: 5 })).rejects.toThrow(/do not hold/u);
    expect(worker.sent.some((message) => message.type === "close")).toBe(false);
    worker.reply(worker.jobs()[0]!.id);
    await inFlight;
    const opened = worker.sent.filter((message) => message.type === "open").map((message) => message.type === "open" && message.shared.generation);
    expect(worker.sent.filter((message) => message.type === "close")).toEqual([{ type: "close", generation: opened[0] }]);
    // The same generation published again is a new entry: closing the old one leaves it open.
    const again = fakeArchive("gen-b");
    await pool.publish(again, shared);
    expect(pool.serves(again)).toBe(true);
    expect(pool.serves(newer)).toBe(false);
    expect(worker.sent.filter((message) => message.type === "close").map((message) => message.type === "close" && message.generation)).toEqual([opened[0], opened[1]]);
    expect(new Set(worker.sent.filter((message) => message.type === "open").map((message) => message.type === "open" && message.shared.generation)).size).toBe(3);
    await pool.close();
  });

  it("passes a worker's error on with its code, and goes on without a worker that died", async () => {
    const { pool, workers } = fakePool(2);
    const [first, second] = workers as [FakeWorker, FakeWorker];
    const archive = fakeArchive("gen-a");
    await pool.publish(archive, shared);
    const refused = pool.search(archive, { q: "x", k: 1 });
    const lost = pool.search(archive, { q: "y", k: 1 });
    const waiting = pool.search(archive, { q: "z", k: 1 });
    first.emit("message", { type: "failed", id: first.jobs()[0]!.id, error: { code: "bad_request", message: "no such filter" } });
    await expect(refused).rejects.toSatisfy((error: unknown) => isVanbanError(error) && error.code === "bad_request");
    // The freed first worker took "z"; the second dies with "y".
    second.emit("exit", 1);
    await expect(lost).rejects.toThrow(/stopped/u);
    expect(pool.serves(archive)).toBe(true);
    first.reply(first.jobs()[1]!.id, { results: [], total: 7 });
    expect(await waiting).toEqual({ results: [], total: 7 });
    first.emit("exit", 1);
    expect(pool.serves(archive)).toBe(false);
    await pool.close();
  });

  it("refuses a generation a worker cannot open", async () => {
    const { pool, workers } = fakePool(1);
    const [worker] = workers as [FakeWorker];
    worker.postMessage = function (message: SearchWorkerRequest) {
      this.sent.push(message);
      if (message.type === "open") queueMicrotask(() => this.emit("message", { type: "open-failed", generation: message.shared.generation, error: { code: "index_corrupt", message: "no documents.sqlite" } }));
    };
    const archive = fakeArchive("gen-a");
    await expect(pool.publish(archive, shared)).rejects.toThrow(/could not open the generation: no documents.sqlite/u);
    expect(pool.serves(archive)).toBe(false);
    await pool.close();
  });
});
