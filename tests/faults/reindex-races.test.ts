import { createHash } from "node:crypto";
import type { Server } from "node:http";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess } from "../../bench/server-process.js";
import { createRandom, extractSeedMaterial, generateDocument } from "../../bench/generate-corpus.js";
import { HashedEmbeddings } from "../../ingest/index/hashed-embeddings.js";
import { IngestBusyError } from "../../ingest/index/ingest-lock.js";
import { runIngest } from "../../ingest/run-ingest.js";
import { createArchiveService, type ArchiveService } from "../../server/archive-service.js";
import { createApp } from "../../server/http/create-app.js";
import { spawnIngest } from "../../scripts/fault-trials.js";
import { checkCurrentGeneration, runReindexProbe } from "../../scripts/reindex-probe.js";

/**
 * Concurrency probes of the ingest: parallel reindex requests through HTTP,
 * and a property test of random interleavings of reindexes (several at once),
 * corpus changes, server restarts, `kill -9` of an ingest process and an
 * ingest process running beside the server's. After every step CURRENT must
 * name a complete generation holding only versions the files really had; a
 * restarted server must serve it; at the end one more reindex must bring the
 * index exactly to the corpus.
 */
const embedder = new HashedEmbeddings({ dimension: 512 });
const SEEDS_DIR = path.resolve(import.meta.dirname, "../fixtures/seeds");
let workDir: string;
let material: ReturnType<typeof extractSeedMaterial>;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "vanban-races-"));
  const seeds = await Promise.all((await readdir(SEEDS_DIR)).filter((name) => name.endsWith(".txt")).sort().map((name) => readFile(path.join(SEEDS_DIR, name), "utf8")));
  material = extractSeedMaterial(seeds);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

let nextCase = 0;

/** A corpus of generated directives and an index folder, fresh for each case. */
async function makeCase(documents: number, seed: number): Promise<{ corpusDir: string; indexDir: string }> {
  const caseDir = path.join(workDir, `case-${nextCase++}`);
  const corpusDir = path.join(caseDir, "corpus");
  const indexDir = path.join(caseDir, "index");
  await mkdir(corpusDir, { recursive: true });
  const random = createRandom(seed);
  for (let index = 0; index < documents; index++) {
    const document = generateDocument({ random, material, index });
    await writeFile(path.join(corpusDir, document.name), document.text);
  }
  return { corpusDir, indexDir };
}

/** The server's wiring (archive service, ingest queue, app) in this process, files processed on this thread. */
async function startServer(options: { corpusDir: string; indexDir: string }): Promise<{ url: string; service: ArchiveService; close(): Promise<void> }> {
  const service = createArchiveService({
    indexDir: options.indexDir,
    embedder,
    warmUp: false,
    ingest: (onProgress) => runIngest({ embedder, onProgress }, { corpusDir: options.corpusDir, indexDir: options.indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024 }),
  });
  await service.openLive();
  const server: Server = createApp({ archives: service.archives, ingest: service.ingest, rateLimitPerMinute: 0, privatePaths: [options.corpusDir, options.indexDir] }).listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    service,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function hashFile(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}

describe("parallel reindex requests through HTTP", () => {
  it("rounds of 4 at once after a change: no 5xx, CURRENT always complete and holding the change, and a restart with SKIP_INGEST=true serves it", async () => {
    const { corpusDir, indexDir } = await makeCase(6, 11);
    const server = await startServer({ corpusDir, indexDir });
    try {
      await server.service.ingest.request();
      const report = await runReindexProbe({ url: server.url, indexDir, corpusDir, rounds: 3, parallel: 4 });
      expect(report.problems).toEqual([]);
      expect(report.serverErrors).toBe(0);
      expect(report.statuses).toEqual({ "200": 12 });
      expect(report.completeRounds).toBe(3);
      expect(report.changeLiveRounds).toBe(3);
    } finally {
      await server.close();
    }
    // The real server, restarted on that index without ingesting.
    const restarted = await startServerProcess({ indexDir, corpusDir, env: { SKIP_INGEST: "true" } });
    try {
      const health = (await (await fetch(`${restarted.url}/api/health`)).json()) as { status: string; documents: number };
      expect(health).toMatchObject({ status: "ok", documents: 6 });
      const search = await fetch(`${restarted.url}/api/search?q=${encodeURIComponent("Sở Nội vụ rà soát")}`);
      expect(search.status).toBe(200);
    } finally {
      await restarted.stop();
    }
  }, 180_000);
});

type Action =
  | { kind: "reindex"; parallel: number }
  | { kind: "change"; file: number; how: "append" | "rewrite" | "remove" | "add" }
  | { kind: "restart" }
  | { kind: "kill"; delayMs: number }
  | { kind: "ingest-process-beside" };

const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("reindex" as const), parallel: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("change" as const), file: fc.nat({ max: 20 }), how: fc.constantFrom("append" as const, "rewrite" as const, "remove" as const, "add" as const) }) },
  { weight: 2, arbitrary: fc.constant({ kind: "restart" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("kill" as const), delayMs: fc.integer({ min: 0, max: 4000 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "ingest-process-beside" as const }) },
);

/**
 * Runs the actions on a fresh corpus and server; after every step CURRENT
 * must name a complete generation holding only versions the files had, and at
 * the end one more reindex must bring the index exactly to the corpus.
 */
async function runScenario(actions: readonly Action[], caseSeed: number): Promise<void> {
  const { corpusDir, indexDir } = await makeCase(5, caseSeed);
  const random = createRandom(caseSeed * 7);
  // Every version each file has had: the live generation may hold any of them, never anything else.
  const history = new Map<string, Set<string>>();
  const remember = async (name: string) => {
    const versions = history.get(name) ?? new Set<string>();
    versions.add(await hashFile(path.join(corpusDir, name)));
    history.set(name, versions);
  };
  for (const name of await readdir(corpusDir)) await remember(name);
  let server = await startServer({ corpusDir, indexDir });
  const log: string[] = [];
  try {
    await server.service.ingest.request();
    for (const action of actions) {
      log.push(JSON.stringify(action));
      if (action.kind === "reindex") {
        const results = await Promise.allSettled(Array.from({ length: action.parallel }, () => server.service.ingest.request()));
        for (const result of results) if (result.status === "rejected") throw result.reason;
      } else if (action.kind === "change") {
        const names = (await readdir(corpusDir)).sort();
        const name = names[action.file % Math.max(1, names.length)];
        if (action.how === "add" || !name) {
          const document = generateDocument({ random, material, index: 1000 + action.file + names.length });
          await writeFile(path.join(corpusDir, document.name), document.text);
          await remember(document.name);
        } else if (action.how === "remove") {
          await rm(path.join(corpusDir, name));
        } else {
          const file = path.join(corpusDir, name);
          const text = action.how === "append" ? `${await readFile(file, "utf8")}\nBổ sung: Sở Tài chính báo cáo trước ngày 30/6.\n` : generateDocument({ random, material, index: 2000 + action.file }).text;
          await writeFile(file, text);
          await remember(name);
        }
      } else if (action.kind === "restart") {
        await server.close();
        server = await startServer({ corpusDir, indexDir });
        expect(server.service.archives.has(), `after ${log.join(", ")}: the restarted server has no archive`).toBe(true);
        expect((await fetch(`${server.url}/api/search?q=${encodeURIComponent("Sở Nội vụ")}`)).status).toBe(200);
      } else if (action.kind === "kill") {
        const run = await spawnIngest({ corpusDir, indexDir });
        const timer = setTimeout(() => run.child.kill("SIGKILL"), action.delayMs);
        await run.exited;
        clearTimeout(timer);
      } else {
        // An ingest process and the server's own ingest at once: one waits its turn or is refused, nothing breaks.
        const run = await spawnIngest({ corpusDir, indexDir });
        await Promise.race([run.working, run.exited]);
        const own = await server.service.ingest.request().then(
          () => "done",
          (error: unknown) => (error instanceof IngestBusyError ? "busy" : Promise.reject(error)),
        );
        const exit = await run.exited;
        expect(exit.code === 0 || /Another ingest/u.test(run.output()), `the ingest process failed: ${run.output().slice(-400)}`).toBe(true);
        log.push(`server's ingest: ${own}`);
      }
      const check = await checkCurrentGeneration(indexDir);
      expect(check.problems, `after ${log.join(", ")}`).toEqual([]);
      for (const [source, hash] of check.hashes) {
        expect(history.get(source)?.has(hash), `after ${log.join(", ")}: ${source} holds a version it never had`).toBe(true);
      }
    }
    // Quiet now: one more reindex brings the index exactly to the corpus.
    await server.service.ingest.request();
    const check = await checkCurrentGeneration(indexDir);
    const expected = new Map<string, string>();
    for (const name of await readdir(corpusDir)) expected.set(name, await hashFile(path.join(corpusDir, name)));
    expect(check.problems).toEqual([]);
    expect(new Map([...check.hashes].sort()), `after ${log.join(", ")}`).toEqual(new Map([...expected].sort()));
    // Nothing is left behind by the dead and the finished: no lock, no staging folder of a dead writer.
    const leftovers = (await readdir(indexDir)).filter((name) => name === "ingest.lock" || name.startsWith(".staging-"));
    expect(leftovers, `after ${log.join(", ")}`).toEqual([]);
  } finally {
    await server.close();
  }
}

describe("interleavings of reindexes, changes, restarts and kills", () => {
  it("every kind of step in one scenario: CURRENT stays complete, a restart serves it, the index converges to the corpus", async () => {
    await runScenario(
      [
        { kind: "reindex", parallel: 4 },
        { kind: "change", file: 1, how: "append" },
        { kind: "kill", delayMs: 1500 },
        { kind: "restart" },
        { kind: "ingest-process-beside" },
        { kind: "change", file: 2, how: "remove" },
        { kind: "reindex", parallel: 2 },
        { kind: "kill", delayMs: 400 },
        { kind: "restart" },
      ],
      1,
    );
  }, 300_000);

  it("random interleavings (fast-check) keep the same invariants", async () => {
    let caseSeed = 100;
    await fc.assert(
      fc.asyncProperty(fc.array(actionArbitrary, { minLength: 3, maxLength: 6 }), async (actions) => runScenario(actions, caseSeed++)),
      { numRuns: 4, endOnFailure: true },
    );
  }, 600_000);
});
