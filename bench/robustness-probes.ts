import { spawn } from "node:child_process";
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { runRequestFuzz } from "../scripts/fuzz-requests.js";
import { runReindexProbe, type ReindexProbeReport } from "../scripts/reindex-probe.js";
import { createRandom, extractSeedMaterial, generateDocument } from "./generate-corpus.js";
import { FULL_SIZES, readSeedText, writeHostileFiles, type HostileSizes } from "./hostile-files.js";
import { PROJECT_ROOT, readPeakRssMegabytes, round, runStep } from "./measure.js";
import { startServerProcess } from "./server-process.js";

/**
 * The probes of issue 10 against the real server (`server/main.ts` in a
 * child process, default settings):
 * - hostile files: the five samples and the four hostile files, from an
 *   empty index: seconds to the first /api/health answer, the whole ingest,
 *   what was reported for each file, the server's peak memory; and each
 *   hostile file alone (its outcome, time and peak memory);
 * - parallel reindexes: rounds of 4 POST /api/admin/reindex after a change;
 *   5xx count, CURRENT complete after each round, and a restart with
 *   SKIP_INGEST=true serving it;
 * - random requests (dates included): 5xx count.
 */
export type HostileFileResult = { source: string; bytes: number; expectedLimit: string; outcome: string; limit?: string; message?: string; chunks?: number; seconds: number; peakRssMegabytes: number };

export type ServeFirstResult = {
  firstHealthSeconds: number;
  readySeconds: number;
  ingestSeconds: number | null;
  documents: number;
  failed: Array<{ source: string; code: string; limit?: string; message: string }>;
  peakRssMegabytes: number | null;
  samplesIndexed: boolean;
};

export type RobustnessProbes = {
  hostileFiles: HostileFileResult[];
  serveFirst?: ServeFirstResult;
  reindex?: ReindexProbeReport & { restart: { ok: boolean; documents: number; detail: string } };
  requests?: { requests: number; serverErrors: number; statuses: Record<string, number>; failures: unknown[]; seconds: number };
  errors: string[];
};

const SAMPLE_FILES = ["000_492514bbfbcde4f8.pdf", "001_02132e011992bfae.docx", "002_606ab56a5eb8481a.docx", "003_66615375c7bf5e13.pdf", "004_38b8e90ea4ed07a7.pdf"];

export async function runRobustnessProbes(options: { work: string; quick: boolean; log: (line: string) => void }): Promise<RobustnessProbes> {
  const result: RobustnessProbes = { hostileFiles: [], errors: [] };
  const seedsDir = path.join(PROJECT_ROOT, "tests/fixtures/seeds");
  const sizes: HostileSizes = options.quick ? { declaredPages: 1_000_000, flateBytes: 256 * 1024 ** 2, docxBytes: 190 * 1024 ** 2, textBytes: 49 * 1024 ** 2 } : FULL_SIZES;
  const corpusDir = path.join(options.work, "corpus-hostile");
  const indexDir = path.join(options.work, "index-hostile");
  await rm(corpusDir, { recursive: true, force: true });
  await rm(indexDir, { recursive: true, force: true });
  await mkdir(corpusDir, { recursive: true });
  for (const file of SAMPLE_FILES) await copyFile(path.join(PROJECT_ROOT, "tests/fixtures/samples", file), path.join(corpusDir, file));
  options.log("bench: robustness: writing the hostile files…");
  const hostile = await writeHostileFiles({ directory: corpusDir, sizes, seedText: await readSeedText(seedsDir) });

  for (const file of hostile) {
    options.log(`bench: robustness: ${file.name} alone…`);
    try {
      const measured = await runStep<Omit<HostileFileResult, "bytes" | "expectedLimit">>({ script: "bench/steps/hostile-file-step.ts", args: ["--file", path.join(corpusDir, file.name)] });
      result.hostileFiles.push({ ...measured, bytes: file.bytes, expectedLimit: file.limit });
    } catch (error) {
      result.errors.push(`${file.name}: ${String(error)}`);
    }
  }

  options.log("bench: robustness: npm start on the samples and the hostile files, from an empty index…");
  try {
    result.serveFirst = await measureServeFirst({ corpusDir, indexDir });
  } catch (error) {
    result.errors.push(`serve first: ${String(error)}`);
  }

  try {
    result.reindex = await measureParallelReindexes({ work: options.work, rounds: options.quick ? 3 : 12, parallel: 4, seedsDir, log: options.log });
  } catch (error) {
    result.errors.push(`parallel reindexes: ${String(error)}`);
  }

  options.log(`bench: robustness: ${options.quick ? "1,000" : "10,000"} random requests…`);
  try {
    const server = await startServerProcess({ indexDir, corpusDir });
    try {
      const started = performance.now();
      const report = await runRequestFuzz({ url: server.url, count: options.quick ? 1000 : 10_000, concurrency: 8 });
      result.requests = { ...report, seconds: round((performance.now() - started) / 1000, 1) };
    } finally {
      await server.stop();
    }
  } catch (error) {
    result.errors.push(`random requests: ${String(error)}`);
  }
  await rm(corpusDir, { recursive: true, force: true });
  await rm(indexDir, { recursive: true, force: true });
  return result;
}

/** `npm start` from an empty index: when /api/health first answers, when the ingest is done, what it reported, peak memory. */
async function measureServeFirst(options: { corpusDir: string; indexDir: string }): Promise<ServeFirstResult> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "server/main.ts")], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CORPUS_DIR: options.corpusDir, INDEX_DIR: options.indexDir, HOST: "127.0.0.1", PORT: String(port), RATE_LIMIT_PER_MIN: "0", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "ignore"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let firstHealthSeconds: number | undefined;
  let peak = 0;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      peak = Math.max(peak, readPeakRssMegabytes(child.pid!) ?? 0);
      try {
        const health = (await (await fetch(`${url}/api/health`)).json()) as { status: string; documents: number; ingest?: { state: string; last?: { ok: boolean } } };
        firstHealthSeconds ??= (performance.now() - started) / 1000;
        if (health.status === "ok" && health.ingest?.state === "idle" && health.ingest.last) break;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 20 * 60_000) throw new Error("no index after 20 minutes");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const readySeconds = (performance.now() - started) / 1000;
    const status = (await (await fetch(`${url}/api/admin/ingest`)).json()) as { summary?: { seconds: number; documents: number; failed: ServeFirstResult["failed"] } };
    const documents = await (await fetch(`${url}/api/documents`)).json() as { documents: Array<{ source: string }> };
    peak = Math.max(peak, readPeakRssMegabytes(child.pid!) ?? 0);
    return {
      firstHealthSeconds: round(firstHealthSeconds ?? readySeconds, 2),
      readySeconds: round(readySeconds, 1),
      ingestSeconds: status.summary ? round(status.summary.seconds, 1) : null,
      documents: status.summary?.documents ?? 0,
      failed: (status.summary?.failed ?? []).map(({ source, code, limit, message }) => ({ source, code, ...(limit ? { limit } : {}), message })),
      peakRssMegabytes: peak ? round(peak, 0) : null,
      samplesIndexed: SAMPLE_FILES.every((file) => documents.documents.some((document) => document.source === file)),
    };
  } finally {
    if (child.exitCode === null) child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** Rounds of parallel reindexes against the real server, then a SKIP_INGEST restart on the index they left. */
async function measureParallelReindexes(options: { work: string; rounds: number; parallel: number; seedsDir: string; log: (line: string) => void }): Promise<NonNullable<RobustnessProbes["reindex"]>> {
  const corpusDir = path.join(options.work, "corpus-reindex");
  const indexDir = path.join(options.work, "index-reindex");
  await rm(corpusDir, { recursive: true, force: true });
  await rm(indexDir, { recursive: true, force: true });
  await mkdir(corpusDir, { recursive: true });
  const seeds = await Promise.all((await readdir(options.seedsDir)).filter((name) => name.endsWith(".txt")).sort().map((name) => readFile(path.join(options.seedsDir, name), "utf8")));
  const material = extractSeedMaterial(seeds);
  const random = createRandom(4242);
  for (let index = 0; index < 12; index++) {
    const document = generateDocument({ random, material, index });
    await writeFile(path.join(corpusDir, document.name), document.text);
  }
  options.log(`bench: robustness: ${options.rounds} rounds of ${options.parallel} parallel reindexes…`);
  // The server ingests at start (SKIP_INGEST off), as npm start does.
  const server = await startServerProcess({ indexDir, corpusDir, env: { SKIP_INGEST: "false" } });
  let report: ReindexProbeReport;
  try {
    report = await runReindexProbe({ url: server.url, indexDir, corpusDir, rounds: options.rounds, parallel: options.parallel, log: options.log });
  } finally {
    await server.stop();
  }
  let restart = { ok: false, documents: 0, detail: "" };
  try {
    const restarted = await startServerProcess({ indexDir, corpusDir, env: { SKIP_INGEST: "true" } });
    try {
      const health = (await (await fetch(`${restarted.url}/api/health`)).json()) as { status: string; documents: number };
      const search = await fetch(`${restarted.url}/api/search?q=${encodeURIComponent("Sở Nội vụ")}`);
      restart = { ok: health.status === "ok" && health.documents === 12 && search.status === 200, documents: health.documents, detail: `health ${health.status}, search ${search.status}` };
    } finally {
      await restarted.stop();
    }
  } catch (error) {
    restart.detail = String(error);
  }
  await rm(corpusDir, { recursive: true, force: true });
  await rm(indexDir, { recursive: true, force: true });
  return { ...report, restart };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
