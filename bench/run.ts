import { execFileSync, spawn } from "node:child_process";
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readAlqacQuestions } from "./alqac-scoring.js";
import { calibrateCharsPerChunk, generateCorpus } from "./generate-corpus.js";
import type { LoadResult } from "./load.js";
import { PROJECT_ROOT, round, runStep, type LatencySummary } from "./measure.js";
import { measureServing } from "./server-process.js";
import type { CompareMeasurement } from "./steps/compare-step.js";
import type { IngestMeasurement } from "./steps/ingest-step.js";
import { runRobustnessProbes, type RobustnessProbes } from "./robustness-probes.js";

/**
 * `npm run bench [-- --quick] [--sizes 10000,100000] [--skip-load] [--skip-robustness] [--robustness-only] [--keep]`
 *
 * For each corpus (the five samples, the ALQAC laws, generated corpora of
 * growing size): a timed ingest in its own process (MB/s, pages/s, peak RSS);
 * the real server on that index (sequential /api/search and /api/ask latency,
 * then autocannon load); and, on the same chunks and queries, the peers
 * (MemoryVectorStore, MiniSearch, an exact scan) with speed ratios and ALQAC
 * recall. Then the fault trials, the full fuzz run and the probes of
 * bench/robustness-probes.ts (hostile files, parallel reindexes, random
 * requests against the real server). Writes
 * bench/results/<date>.json and prints a table.
 */
type HttpMeasurement = { search: LatencySummary & { errors: number }; ask: LatencySummary & { errors: number }; serverPeakRssMegabytes: number | null };

/** One server start on the corpus's index with a number of search worker threads (SEARCH_WORKERS). */
type ServingMeasurement = { searchWorkers: number; http: HttpMeasurement; load?: Array<LoadResult & { cpuMillisecondsPerRequest: number | null; coresUsed: number | null }>; loadAverage: number[] };

type CorpusResult = {
  name: string;
  ingest: IngestMeasurement;
  /** The first of `serving` (the first --search-workers count), where earlier results kept it. */
  http: HttpMeasurement;
  load?: LoadResult[];
  /** Every --search-workers count, each on a fresh server over the same index, in this run. */
  serving: ServingMeasurement[];
  /** Absent with --skip-peers. */
  compare?: CompareMeasurement;
  loadAverage: { before: number[]; after: number[] };
};

type TargetCheck = { target: string; measured: string; met: boolean | null };

const SAMPLE_FILES = ["000_492514bbfbcde4f8.pdf", "001_02132e011992bfae.docx", "002_606ab56a5eb8481a.docx", "003_66615375c7bf5e13.pdf", "004_38b8e90ea4ed07a7.pdf"];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      sizes: { type: "string" },
      "skip-alqac": { type: "boolean", default: false },
      "skip-samples": { type: "boolean", default: false },
      "skip-load": { type: "boolean", default: false },
      "skip-robustness": { type: "boolean", default: false },
      /** No peer comparison (MiniSearch alone takes minutes at 100k on a loaded machine): ingest and serving only. */
      "skip-peers": { type: "boolean", default: false },
      "robustness-only": { type: "boolean", default: false },
      "load-duration": { type: "string" },
      connections: { type: "string", default: "100" },
      /** Search worker threads of the server (SEARCH_WORKERS), comma-separated: each count is measured on the same index. */
      "search-workers": { type: "string", default: "0,2" },
      queries: { type: "string" },
      work: { type: "string", default: path.join(os.tmpdir(), "vanban-bench") },
      alqac: { type: "string", default: path.resolve(PROJECT_ROOT, "../shared/bench/alqac") },
      questions: { type: "string", default: path.resolve(PROJECT_ROOT, "../shared/eval/questions.jsonl") },
      out: { type: "string" },
      keep: { type: "boolean", default: false },
      seed: { type: "string", default: "20261122" },
    },
  });
  const quick = values.quick;
  const sizes = (values.sizes ?? (quick ? "2000" : "10000,100000")).split(",").filter(Boolean).map(Number);
  const loadSeconds = Number(values["load-duration"] ?? (quick ? 3 : 30));
  const connections = Number(values.connections);
  const queryCount = Number(values.queries ?? (quick ? 40 : 200));
  const searchWorkerCounts = values["search-workers"].split(",").filter(Boolean).map(Number);
  if (!searchWorkerCounts.length || searchWorkerCounts.some((count) => !Number.isInteger(count) || count < 0)) throw new Error("--search-workers takes counts such as 0,2");
  const work = values.work;
  await mkdir(work, { recursive: true });
  const startedAt = new Date();
  log(`bench: ${quick ? "quick" : "full"} run, generated sizes ${sizes.join(", ")}, work folder ${work}`);

  const questions = await buildQueryList({ questionsFile: values.questions, alqacFile: path.join(values.alqac, "dev-questions.jsonl"), count: queryCount });
  const queriesFile = path.join(work, "queries.json");
  await writeFile(queriesFile, JSON.stringify(questions));

  type Plan = { name: string; corpusDir: () => Promise<string>; alqac?: boolean; load: boolean };
  const plans: Plan[] = [];
  const onlyRobustness = values["robustness-only"];
  if (!values["skip-samples"] && !onlyRobustness) {
    plans.push({
      name: "samples",
      load: !values["skip-load"],
      corpusDir: async () => {
        const directory = path.join(work, "corpus-samples");
        await mkdir(directory, { recursive: true });
        for (const file of SAMPLE_FILES) await copyFile(path.join(PROJECT_ROOT, "tests/fixtures/samples", file), path.join(directory, file));
        return directory;
      },
    });
  }
  if (!values["skip-alqac"] && !onlyRobustness) plans.push({ name: "alqac-laws", alqac: true, load: false, corpusDir: async () => path.join(values.alqac, "laws") });
  let charsPerChunk: number | undefined;
  for (const [i, size] of (onlyRobustness ? [] : sizes).entries()) {
    plans.push({
      name: `generated-${size >= 1000 ? `${size / 1000}k` : size}`,
      load: !values["skip-load"] && i === sizes.length - 1,
      corpusDir: async () => {
        charsPerChunk ??= await calibrateCharsPerChunk({ seedsDir: path.join(PROJECT_ROOT, "tests/fixtures/seeds"), chunkChars: 1200 });
        const generated = await generateCorpus({
          outputDir: path.join(work, `corpus-generated-${size}`),
          seedsDir: path.join(PROJECT_ROOT, "tests/fixtures/seeds"),
          targetChunks: size,
          seed: Number(values.seed),
          charsPerChunk,
        });
        log(`bench: corpus generated-${size}: ${generated.files} files, ${(generated.bytes / 1e6).toFixed(1)} MB${generated.reused ? " (reused)" : ""}`);
        return generated.directory;
      },
    });
  }

  const corpora: CorpusResult[] = [];
  for (const plan of plans) {
    const corpusDir = await plan.corpusDir();
    const indexDir = path.join(work, `index-${plan.name}`);
    await rm(indexDir, { recursive: true, force: true });
    const before = os.loadavg().map((value) => round(value));
    log(`bench: [${plan.name}] ingest…`);
    const ingest = await runStep<IngestMeasurement>({ script: "bench/steps/ingest-step.ts", args: ["--corpus", corpusDir, "--index", indexDir] });
    log(`bench: [${plan.name}] ${ingest.documents} documents, ${ingest.chunks} chunks in ${ingest.seconds} s (${ingest.textMegabytesPerSecond} MB/s of text, peak ${ingest.peakRssMegabytes} MB)`);

    const serving: ServingMeasurement[] = [];
    for (const searchWorkers of searchWorkerCounts) {
      log(`bench: [${plan.name}] server latency, ${searchWorkers} search workers…`);
      serving.push({ searchWorkers, ...(await measureServing({ indexDir, corpusDir, questions, searchWorkers, load: plan.load ? { connections, seconds: loadSeconds } : undefined, log: (message) => log(`bench: [${plan.name}] ${message}`) })) });
    }
    const { http, load } = serving[0]!;

    if (!values["skip-peers"]) log(`bench: [${plan.name}] peers…`);
    const compare = values["skip-peers"] ? undefined : await runStep<CompareMeasurement>({
      script: "bench/steps/compare-step.ts",
      args: [
        "--index",
        indexDir,
        "--queries",
        queriesFile,
        ...(ingest.chunks > 50_000 ? ["--peer-queries", String(Math.min(100, questions.length))] : []),
        ...(plan.alqac ? ["--alqac", path.join(values.alqac, "dev-questions.jsonl")] : []),
      ],
      nodeOptions: ["--max-old-space-size=12288"],
    });
    corpora.push({ name: plan.name, ingest, http, ...(load ? { load } : {}), serving, ...(compare ? { compare } : {}), loadAverage: { before, after: os.loadavg().map((value) => round(value)) } });
    if (!values.keep) await rm(indexDir, { recursive: true, force: true });
  }

  const robustness = values["skip-robustness"] ? undefined : await runRobustness({ quick, work, probesOnly: onlyRobustness });
  const targets = checkTargets(corpora, robustness);
  const result = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: quick ? "quick" : "full",
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "", memoryGigabytes: round(os.totalmem() / 2 ** 30, 1), node: process.version, platform: `${os.platform()} ${os.release()}` },
    commit: gitCommit(),
    settings: { embedder: "hashed-512", chunkChars: 1200, queries: questions.length, loadSeconds, connections, rateLimit: "off (RATE_LIMIT_PER_MIN=0) for the bench server" },
    corpora,
    robustness,
    targets,
  };
  const day = startedAt.toISOString().slice(0, 10);
  const out = values.out ?? path.join(PROJECT_ROOT, "bench/results", `${day}${quick ? "-quick" : ""}.json`);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 1)}\n`);
  printTables(corpora, targets, robustness);
  log(`bench: results written to ${path.relative(process.cwd(), out)}`);
}

/** Dev questions (on the samples' topics, all three languages) first, then ALQAC law questions. */
async function buildQueryList(options: { questionsFile: string; alqacFile: string; count: number }): Promise<string[]> {
  const questions: string[] = [];
  try {
    const lines = (await readFile(options.questionsFile, "utf8")).split("\n").filter((line) => line.trim());
    for (const line of lines) questions.push((JSON.parse(line) as { question: string }).question);
  } catch {
    log(`bench: no ${options.questionsFile}; using ALQAC questions only`);
  }
  try {
    for (const question of await readAlqacQuestions(options.alqacFile)) questions.push(question.question);
  } catch {
    log(`bench: no ${options.alqacFile}`);
  }
  if (!questions.length) throw new Error("no benchmark questions found");
  return questions.slice(0, options.count);
}

type Robustness = {
  faultTrials?: unknown;
  fuzz?: { passed: boolean; seconds: number; tests: number; failed: number };
  probes?: RobustnessProbes;
  errors: string[];
};

/** The kill -9 / write-error trials (20 in full mode), the fuzz tests with many runs, and the probes against the real server. */
async function runRobustness(options: { quick: boolean; work: string; probesOnly: boolean }): Promise<Robustness> {
  const robustness: Robustness = { errors: [] };
  robustness.probes = await runRobustnessProbes({ work: options.work, quick: options.quick, log });
  if (options.probesOnly) return robustness;
  try {
    log(`bench: fault trials…`);
    robustness.faultTrials = await runStep<unknown>({ script: "scripts/fault-trials.ts", args: ["--trials", options.quick ? "3" : "20", "--json"] });
  } catch (error) {
    robustness.errors.push(`fault trials: ${error instanceof Error ? error.message : String(error)}`);
  }
  log(`bench: fuzz tests (${options.quick ? "quick" : "full"})…`);
  const started = performance.now();
  const report = path.join(os.tmpdir(), `vanban-fuzz-${process.pid}.json`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "node_modules/vitest/vitest.mjs"), "run", "tests/fuzz", "--reporter=json", `--outputFile=${report}`], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, VANBAN_FULL: options.quick ? "0" : "1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.once("exit", (exitCode) => resolve(exitCode));
  });
  try {
    const parsed = JSON.parse(await readFile(report, "utf8")) as { numTotalTests: number; numFailedTests: number };
    robustness.fuzz = { passed: code === 0, seconds: round((performance.now() - started) / 1000, 1), tests: parsed.numTotalTests, failed: parsed.numFailedTests };
  } catch (error) {
    robustness.errors.push(`fuzz: exit ${code}, no report (${error instanceof Error ? error.message : String(error)})`);
  }
  await rm(report, { force: true });
  return robustness;
}

/** The acceptance targets, checked on the largest generated corpus (100k chunks in a full run). */
function checkTargets(corpora: CorpusResult[], robustness: Robustness | undefined): TargetCheck[] {
  const generated = corpora.filter((corpus) => corpus.name.startsWith("generated-"));
  const largest = generated[generated.length - 1];
  const checks: TargetCheck[] = [];
  if (largest) {
    const at = `at ${largest.ingest.chunks} chunks`;
    checks.push({ target: `search p95 ≤ 50 ms ${at}`, measured: `${largest.http.search.p95} ms`, met: largest.http.search.p95 <= 50 });
    if (largest.compare) {
      const speedup = largest.compare.speedups.vectorOverMemoryVectorStore;
      const recall = largest.compare.vectorRecallAt10.vector;
      checks.push({
        target: `vector search ≥ 5× faster than exact brute force (MemoryVectorStore) ${at}, recall@10 ≥ 0.98 of it`,
        measured: `${speedup}× (${largest.compare.speedups.vectorOverExactScan}× vs a typed-array scan; ${largest.compare.vectorIndex.kind} index), recall@10 ${recall}`,
        met: speedup >= 5 && recall >= 0.98,
      });
    }
    checks.push({ target: "ingest ≥ 1 MB/s of text", measured: `${largest.ingest.textMegabytesPerSecond} MB/s`, met: largest.ingest.textMegabytesPerSecond >= 1 });
    const peak = Math.max(largest.ingest.peakRssMegabytes, largest.http.serverPeakRssMegabytes ?? 0);
    checks.push({ target: `peak RSS ≤ 1.5 GB ${at}`, measured: `ingest ${largest.ingest.peakRssMegabytes} MB, server ${largest.http.serverPeakRssMegabytes ?? "?"} MB`, met: peak <= 1536 });
  }
  const loads = corpora.flatMap((corpus) => (corpus.load ?? []).map((load) => ({ corpus: corpus.name, load })));
  if (loads.length) {
    const errors = loads.reduce((sum, { load }) => sum + load.errors + load.timeouts, 0);
    checks.push({ target: "0 errors under load", measured: loads.map(({ corpus, load }) => `${corpus} ${load.endpoint}: ${load.errors + load.timeouts}`).join(", "), met: errors === 0 });
  }
  const probes = robustness?.probes;
  if (probes) {
    const serve = probes.serveFirst;
    const expected = probes.hostileFiles.every((file) => serve?.failed.some((failure) => failure.source === file.source && failure.limit === file.expectedLimit));
    checks.push({
      target: "hostile files beside the samples: /api/health within 10 s, ingest within 5 min, samples indexed, each hostile file reported with its limit, peak RSS < 1.5 GB",
      measured: serve
        ? `health after ${serve.firstHealthSeconds} s, ingest ${serve.ingestSeconds} s, samples ${serve.samplesIndexed ? "indexed" : "MISSING"}, ${serve.failed.map((failure) => `${failure.source}: ${failure.limit ?? failure.code}`).join(", ")}, peak ${serve.peakRssMegabytes} MB`
        : "not run",
      met: serve ? serve.firstHealthSeconds <= 10 && (serve.ingestSeconds ?? Infinity) <= 300 && serve.samplesIndexed && expected && (serve.peakRssMegabytes ?? Infinity) < 1536 : null,
    });
    const reindex = probes.reindex;
    checks.push({
      target: "parallel reindexes: 0 responses 5xx, CURRENT always complete, a SKIP_INGEST restart serves it",
      measured: reindex ? `${reindex.rounds} rounds × ${reindex.parallel}: ${reindex.serverErrors} 5xx (${JSON.stringify(reindex.statuses)}), ${reindex.completeRounds}/${reindex.rounds} complete, restart ${reindex.restart.ok ? "serves" : `FAILED (${reindex.restart.detail})`}` : "not run",
      met: reindex ? reindex.serverErrors === 0 && reindex.completeRounds === reindex.rounds && reindex.restart.ok : null,
    });
    const requests = probes.requests;
    checks.push({ target: "random requests (dates included): 0 responses 5xx", measured: requests ? `${requests.requests} requests, ${requests.serverErrors} 5xx` : "not run", met: requests ? requests.serverErrors === 0 : null });
  }
  if (robustness?.fuzz || robustness?.faultTrials) {
    checks.push({ target: "fuzz: never a 5xx, never a crash", measured: robustness.fuzz ? `${robustness.fuzz.tests} tests, ${robustness.fuzz.failed} failed` : "not run", met: robustness.fuzz ? robustness.fuzz.failed === 0 && robustness.fuzz.passed : null });
    const trials = robustness.faultTrials as { passed?: number; total?: number } | undefined;
    checks.push({ target: "faults: previous complete index after kill -9 / write error", measured: trials ? `${trials.passed}/${trials.total} trials` : "not run", met: trials ? trials.passed === trials.total : null });
  }
  return checks;
}

function printTables(corpora: CorpusResult[], targets: TargetCheck[], robustness: Robustness | undefined): void {
  const rows = corpora.map((corpus) => ({
    corpus: corpus.name,
    docs: corpus.ingest.documents,
    chunks: corpus.ingest.chunks,
    "ingest MB/s": corpus.ingest.textMegabytesPerSecond,
    "pages/s": corpus.ingest.pagesPerSecond ?? "-",
    "ingest RSS MB": corpus.ingest.peakRssMegabytes,
    "server RSS MB": corpus.http.serverPeakRssMegabytes ?? "-",
    "search p50/p95/p99": `${corpus.http.search.p50}/${corpus.http.search.p95}/${corpus.http.search.p99}`,
    "ask p50/p95/p99": `${corpus.http.ask.p50}/${corpus.http.ask.p95}/${corpus.http.ask.p99}`,
  }));
  if (corpora.length) {
    console.log("\nIngest and latency (ms, sequential HTTP requests)");
    console.table(rows);
  }
  const compared = corpora.flatMap((corpus) => (corpus.compare ? [{ ...corpus, compare: corpus.compare }] : []));
  if (compared.length) console.log("Peers on the same chunks and queries (in-process p50 ms; ratio = peer p50 / ours)");
  if (compared.length) console.table(
    compared.map((corpus) => ({
      corpus: corpus.name,
      hybrid: corpus.compare.latency.hybrid.p50,
      bm25: corpus.compare.latency.bm25.p50,
      vector: corpus.compare.latency.vector.p50,
      "hnsw graph": corpus.compare.latency.hnswGraph.p50,
      "exact scan": corpus.compare.latency.exactScan.p50,
      MemoryVectorStore: corpus.compare.latency.memoryVectorStore.p50,
      MiniSearch: corpus.compare.latency.miniSearch.p50,
      "vector vs MVS": `${corpus.compare.speedups.vectorOverMemoryVectorStore}×`,
      "vector recall@10": corpus.compare.vectorRecallAt10.vector,
      "graph recall@10": corpus.compare.vectorRecallAt10.hnswGraph ?? "-",
    })),
  );
  const alqac = compared.find((corpus) => corpus.compare.alqac);
  if (alqac?.compare.alqac) {
    console.log("ALQAC dev questions (recall@1 / recall@10 / MRR@10)");
    console.table(Object.fromEntries(Object.entries(alqac.compare.alqac).map(([system, scores]) => [system, { "R@1": scores.recallAt1, "R@10": scores.recallAt10, "MRR@10": scores.mrrAt10 }])));
  }
  const loads = corpora.flatMap((corpus) =>
    corpus.serving.flatMap((serving) =>
      (serving.load ?? []).map((load) => ({ corpus: corpus.name, "search workers": serving.searchWorkers, endpoint: load.endpoint, "req/s": load.requestsPerSecond, "p50 ms": load.latencyMs.p50, "p99 ms": load.latencyMs.p99, errors: load.errors, timeouts: load.timeouts })),
    ),
  );
  if (loads.length) {
    console.log("Load (autocannon)");
    console.table(loads);
  }
  const servings = corpora.flatMap((corpus) => corpus.serving.map((serving) => ({ corpus: corpus.name, serving })));
  if (servings.some(({ serving }) => serving.searchWorkers !== servings[0]!.serving.searchWorkers)) {
    console.log("Search workers (same index, same run; ratio = req/s over the first count's)");
    console.table(
      servings.map(({ corpus, serving }) => {
        const first = corpora.find((entry) => entry.name === corpus)!.serving[0]!;
        const requestsPerSecond = (endpoint: "search" | "ask", of: ServingMeasurement) => of.load?.find((load) => load.endpoint === endpoint)?.requestsPerSecond;
        const ratio = (endpoint: "search" | "ask") => {
          const own = requestsPerSecond(endpoint, serving);
          const base = requestsPerSecond(endpoint, first);
          return own !== undefined && base ? `${round(own / base)}×` : "-";
        };
        return {
          corpus,
          workers: serving.searchWorkers,
          "search p50/p95": `${serving.http.search.p50}/${serving.http.search.p95}`,
          "ask p50/p95": `${serving.http.ask.p50}/${serving.http.ask.p95}`,
          "search req/s": requestsPerSecond("search", serving) ?? "-",
          "search ratio": ratio("search"),
          "ask req/s": requestsPerSecond("ask", serving) ?? "-",
          "ask ratio": ratio("ask"),
          "search CPU ms/request": serving.load?.find((load) => load.endpoint === "search")?.cpuMillisecondsPerRequest ?? "-",
          "cores used": serving.load?.find((load) => load.endpoint === "search")?.coresUsed ?? "-",
          "load average": serving.loadAverage[0] ?? "-",
          "server RSS MB": serving.http.serverPeakRssMegabytes ?? "-",
        };
      }),
    );
  }
  if (robustness?.probes) {
    console.log("Robustness: each hostile file alone (default budget, one worker)");
    console.table(
      robustness.probes.hostileFiles.map((file) => ({
        file: file.source,
        "size MB": round(file.bytes / 1e6, 1),
        outcome: file.limit ? `over budget: ${file.limit}` : file.outcome,
        seconds: file.seconds,
        "peak RSS MB": file.peakRssMegabytes,
      })),
    );
    if (robustness.probes.errors.length) console.log("Robustness probe errors", robustness.probes.errors);
  }
  if (robustness) console.log("Robustness", JSON.stringify({ fuzz: robustness.fuzz, faultTrials: robustness.faultTrials, errors: robustness.errors }));
  console.log("Targets");
  console.table(targets.map((check) => ({ target: check.target, measured: check.measured, met: check.met === null ? "n/a" : check.met ? "yes" : "NO" })));
}

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: PROJECT_ROOT, encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
