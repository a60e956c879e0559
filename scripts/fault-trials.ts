import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs, { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import fsCallback from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createRandom, extractSeedMaterial, generateDocument } from "../bench/generate-corpus.js";
import { describeError, isVanbanError } from "../core/errors.js";
import { HashedEmbeddings } from "../ingest/index/hashed-embeddings.js";
import { loadSnapshot, readCurrentGeneration, type IndexSnapshot } from "../ingest/index/index-store.js";
import { runIngest } from "../ingest/run-ingest.js";
import { ArchiveHolder } from "../server/http/archive-holder.js";
import { createApp } from "../server/http/create-app.js";
import { createArchive } from "../server/retrieve/archive.js";

/**
 * Fault trials for the crash-safe ingest (`npm run bench` runs 20, the test
 * suite a quick few):
 *
 * - kill: an ingest of a changed corpus (`node --import tsx ingest/cli.ts`, the
 *   same as `npm run ingest`) is killed with SIGKILL after a random delay; the
 *   index must then load as exactly the previous complete generation or
 *   exactly the new complete one — never a mix, never a document whose chunks
 *   or vectors are missing — the server must start on it and answer, and the
 *   next ingest must finish the job (taking over the dead process's lock).
 * - write error, real: the same ingest under `ulimit -f` (the OS refuses to
 *   grow a file past the limit, EFBIG, as a full disk would refuse with
 *   ENOSPC); it must fail with index_write_failed and leave the previous
 *   generation live, the staging folder removed and the lock released.
 * - write error, injected: ENOSPC at the last step (the CURRENT pointer swap)
 *   inside the process; same expectations.
 */
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SEEDS_DIR = path.join(PROJECT_ROOT, "tests/fixtures/seeds");
const CHUNK_CHARS = 1200;
const MAX_BYTES = 50 * 1024 * 1024;

/** What a complete generation of a corpus state must hold: source -> sha256. */
type CorpusState = Map<string, string>;

export type FaultFixture = {
  workDir: string;
  /** The corpus after the change (the ingest being interrupted works on this). */
  corpusDir: string;
  /** A complete index of the corpus before the change, copied for every trial. */
  templateIndexDir: string;
  previous: CorpusState;
  next: CorpusState;
  /** Duration of an uninterrupted ingest of the change, spawn to exit, ms. */
  baselineMs: number;
  /** Of which: from the first progress line ("ingest: N file(s)") to exit, ms — the part that touches the index. */
  workMs: number;
  /** Sizes of the files of the new generation (from the uninterrupted run), bytes. */
  nextFileSizes: Record<string, number>;
  cleanup(): Promise<void>;
};

export type FaultTrialResult = {
  kind: "kill" | "write-error-ulimit" | "write-error-graph" | "write-error-enospc";
  delayMs?: number;
  from?: "spawn" | "work";
  /** How far the ingest got before it was stopped, from its progress output. */
  stage: string;
  /** Which complete generation is live afterwards. */
  outcome: "previous" | "next" | "broken";
  ok: boolean;
  detail: string;
  /** The next ingest completed the change. */
  recovered?: boolean;
};

export type FaultTrialsReport = { total: number; passed: number; baselineSeconds: number; workSeconds: number; trials: FaultTrialResult[] };

/** Builds the corpus before and after a change, and a complete index of the "before" state. */
export async function prepareFaultFixture(options: { documents?: number; seed?: number } = {}): Promise<FaultFixture> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "vanban-faults-"));
  const previousDir = path.join(workDir, "corpus-previous");
  const corpusDir = path.join(workDir, "corpus-next");
  await mkdir(previousDir, { recursive: true });
  const seeds = await Promise.all((await readdir(SEEDS_DIR)).filter((name) => name.endsWith(".txt")).sort().map((name) => readFile(path.join(SEEDS_DIR, name), "utf8")));
  const material = extractSeedMaterial(seeds);
  const random = createRandom(options.seed ?? 1234);
  const count = options.documents ?? 12;
  for (let index = 0; index < count; index++) {
    const document = generateDocument({ random, material, index });
    await writeFile(path.join(previousDir, document.name), document.text);
  }
  // The change: one file removed, one rewritten, half as many again added.
  await cp(previousDir, corpusDir, { recursive: true });
  const names = (await readdir(corpusDir)).sort();
  await rm(path.join(corpusDir, names[0]!));
  const rewritten = generateDocument({ random, material, index: 9999 });
  await writeFile(path.join(corpusDir, names[1]!), rewritten.text);
  for (let index = 0; index < Math.ceil(count / 2); index++) {
    const document = generateDocument({ random, material, index: count + index });
    await writeFile(path.join(corpusDir, `new-${document.name}`), document.text);
  }
  const templateIndexDir = path.join(workDir, "index-template");
  await runIngest({ embedder: new HashedEmbeddings({ dimension: 512 }) }, { corpusDir: previousDir, indexDir: templateIndexDir, chunkChars: CHUNK_CHARS, maxBytes: MAX_BYTES });

  const fixture: FaultFixture = {
    workDir,
    corpusDir,
    templateIndexDir,
    previous: await hashCorpus(previousDir),
    next: await hashCorpus(corpusDir),
    baselineMs: 0,
    workMs: 0,
    nextFileSizes: {},
    cleanup: () => rm(workDir, { recursive: true, force: true }),
  };
  const baselineIndex = await copyTemplate(fixture, "baseline");
  const started = performance.now();
  const run = await spawnIngest({ corpusDir, indexDir: baselineIndex });
  const workStarted = await Promise.race([run.working, run.exited.then(() => performance.now())]);
  const exit = await run.exited;
  fixture.baselineMs = performance.now() - started;
  fixture.workMs = performance.now() - workStarted;
  if (exit.code !== 0) throw new Error(`the uninterrupted ingest failed (${exit.code}): ${run.output().slice(-500)}`);
  const check = await verifyIndex({ indexDir: baselineIndex, fixture });
  if (check.outcome !== "next" || !check.ok) throw new Error(`the uninterrupted ingest did not produce the new state: ${check.detail}`);
  const generation = (await readCurrentGeneration(baselineIndex))!;
  for (const name of await readdir(generation)) fixture.nextFileSizes[name] = (await stat(path.join(generation, name))).size;
  await rm(baselineIndex, { recursive: true, force: true });
  return fixture;
}

/**
 * One kill -9 trial: `delayMs` after spawn (`from: "spawn"`), or after the
 * ingest printed its first progress line (`from: "work"`), so the kills land
 * in the part that reads and writes the index however long start-up takes.
 */
export async function runKillTrial(options: { fixture: FaultFixture; delayMs: number; from: "spawn" | "work"; name: string; recover?: boolean }): Promise<FaultTrialResult> {
  const { fixture } = options;
  const indexDir = await copyTemplate(fixture, options.name);
  const run = await spawnIngest({ corpusDir: fixture.corpusDir, indexDir });
  let timer: NodeJS.Timeout | undefined;
  const arm = () => (timer = setTimeout(() => run.child.kill("SIGKILL"), options.delayMs));
  if (options.from === "spawn") arm();
  else void run.working.then(arm, () => undefined);
  const exit = await run.exited;
  clearTimeout(timer);
  const stage = exit.signal === "SIGKILL" ? describeStage(run.output()) : `finished before the kill (exit ${exit.code})`;
  const check = await verifyIndex({ indexDir, fixture });
  const result: FaultTrialResult = { kind: "kill", delayMs: Math.round(options.delayMs), from: options.from, stage, outcome: check.outcome, ok: check.ok, detail: check.detail };
  if (options.recover) {
    const recovered = await recoverAndVerify({ indexDir, fixture });
    result.recovered = recovered.ok;
    if (!recovered.ok) {
      result.ok = false;
      result.detail += `; recovery: ${recovered.detail}`;
    }
  }
  await rm(indexDir, { recursive: true, force: true });
  return result;
}

/**
 * The ingest under a file-size limit (`ulimit -f`, in kB): the OS refuses to
 * grow a file past it (EFBIG), as a full disk refuses with ENOSPC.
 * `first-file`: the limit is below the first file the generation writes.
 * `graph-file`: the limit lets every file through except the HNSW graph,
 * which the native hnswlib writes (a C++ stream whose errors must not be lost).
 */
export async function runUlimitWriteErrorTrial(options: { fixture: FaultFixture; name: string; target: "first-file" | "graph-file" }): Promise<FaultTrialResult> {
  const { fixture } = options;
  const sizes = fixture.nextFileSizes;
  let limitKilobytes: number;
  if (options.target === "first-file") {
    limitKilobytes = Math.max(1, Math.floor((sizes["documents.json"] ?? 2048) / 2 / 1024));
  } else {
    const graph = sizes["vectors.hnsw"] ?? 0;
    const others = Math.max(...Object.entries(sizes).filter(([name]) => name !== "vectors.hnsw").map(([, size]) => size));
    limitKilobytes = Math.ceil(others / 1024) + 1;
    if (limitKilobytes * 1024 >= graph) {
      return { kind: "write-error-ulimit", stage: "not run", outcome: "previous", ok: true, detail: `skipped: the graph file (${graph} B) is not the largest (${others} B)` };
    }
  }
  const indexDir = await copyTemplate(fixture, options.name);
  const run = await spawnIngest({ corpusDir: fixture.corpusDir, indexDir, fileSizeLimitKilobytes: limitKilobytes });
  const exit = await run.exited;
  const output = run.output();
  const check = await verifyIndex({ indexDir, fixture });
  const leftovers = (await readdir(indexDir)).filter((name) => name.startsWith(".staging-") || name === "ingest.lock");
  const failedCleanly = exit.code !== 0 && /could not write|index_write_failed|EFBIG|file too large/iu.test(output);
  const ok = check.ok && check.outcome === "previous" && failedCleanly && leftovers.length === 0;
  const detail = [
    check.detail,
    `exit ${exit.code}${exit.signal ? ` (${exit.signal})` : ""}, limit ${limitKilobytes} kB`,
    failedCleanly ? "reported a write failure" : `unexpected output: ${output.slice(-300)}`,
    leftovers.length ? `left behind: ${leftovers.join(", ")}` : "no staging folder or lock left",
  ].join("; ");
  await rm(indexDir, { recursive: true, force: true });
  return { kind: "write-error-ulimit", stage: `${options.target}: ${describeStage(output)}`, outcome: check.outcome, ok, detail };
}

/**
 * ENOSPC injected in-process at the very last write (the CURRENT pointer
 * swap), after the whole new generation is on disk: the swap is what makes it
 * live, so the previous one must stay live.
 */
export async function runSwapWriteErrorTrial(options: { fixture: FaultFixture; name: string }): Promise<FaultTrialResult> {
  const { fixture } = options;
  const indexDir = await copyTemplate(fixture, options.name);
  const promises = fsCallback.promises;
  const originalRename = promises.rename;
  let injected = 0;
  promises.rename = async (from, to) => {
    if (path.basename(String(to)) === "CURRENT") {
      injected++;
      throw Object.assign(new Error("ENOSPC: no space left on device, rename"), { code: "ENOSPC" });
    }
    return originalRename(from, to);
  };
  let thrown: unknown;
  try {
    await runIngest({ embedder: new HashedEmbeddings({ dimension: 512 }) }, { corpusDir: fixture.corpusDir, indexDir, chunkChars: CHUNK_CHARS, maxBytes: MAX_BYTES });
  } catch (error) {
    thrown = error;
  } finally {
    promises.rename = originalRename;
  }
  const check = await verifyIndex({ indexDir, fixture });
  const lockLeft = (await readdir(indexDir)).includes("ingest.lock");
  const reported = isVanbanError(thrown) && thrown.code === "index_write_failed";
  const ok = injected > 0 && reported && check.ok && check.outcome === "previous" && !lockLeft;
  const detail = [
    check.detail,
    injected ? `ENOSPC injected ${injected}×` : "the injection was never reached (does index-store still use fs.promises.rename?)",
    reported ? "runIngest threw index_write_failed" : `runIngest ${thrown ? `threw ${describeError(thrown)}` : "did not fail"}`,
    lockLeft ? "lock left behind" : "lock released",
  ].join("; ");
  await rm(indexDir, { recursive: true, force: true });
  return { kind: "write-error-enospc", stage: "pointer swap", outcome: check.outcome, ok, detail };
}

/**
 * The native graph writer fails: hnswlib writes vectors.hnsw through a C++
 * stream, which is where a full disk would first bite at 100k chunks (it is
 * the largest file). The failure is made certain by putting a folder where
 * the file must go, as soon as the staging folder exists. The previous
 * generation must stay live.
 */
export async function runGraphWriteErrorTrial(options: { fixture: FaultFixture; name: string }): Promise<FaultTrialResult> {
  const { fixture } = options;
  const indexDir = await copyTemplate(fixture, options.name);
  const promises = fsCallback.promises;
  const originalMkdir = promises.mkdir;
  let injected = 0;
  promises.mkdir = (async (target: fsCallback.PathLike, mode?: fsCallback.MakeDirectoryOptions | fsCallback.Mode | null) => {
    const created = await originalMkdir(target, mode as fsCallback.MakeDirectoryOptions);
    if (path.basename(String(target)).startsWith(".staging-")) {
      injected++;
      await originalMkdir(path.join(String(target), "vectors.hnsw"));
    }
    return created;
  }) as typeof promises.mkdir;
  let thrown: unknown;
  try {
    // The graph is what hnswlib writes natively; the default (exact) index of the hashed embedder has none.
    await runIngest(
      { embedder: new HashedEmbeddings({ dimension: 512 }) },
      { corpusDir: fixture.corpusDir, indexDir, chunkChars: CHUNK_CHARS, maxBytes: MAX_BYTES, vectorIndex: "hnsw" },
    );
  } catch (error) {
    thrown = error;
  } finally {
    promises.mkdir = originalMkdir;
  }
  const check = await verifyIndex({ indexDir, fixture });
  const reported = isVanbanError(thrown) && thrown.code === "index_write_failed";
  const ok = injected > 0 && reported && check.ok && check.outcome === "previous";
  const detail = [
    check.detail,
    injected ? "graph file made unwritable" : "the injection was never reached (does index-store still create .staging-* with fs.promises.mkdir?)",
    reported ? "runIngest threw index_write_failed" : `runIngest ${thrown ? `threw ${describeError(thrown)}` : "did not report the failed graph write"}`,
  ].join("; ");
  await rm(indexDir, { recursive: true, force: true });
  return { kind: "write-error-graph", stage: "graph file write", outcome: check.outcome, ok, detail };
}

/**
 * Loads the live generation and checks it is whole and is exactly one of the
 * two corpus states; then serves it and asks /api/health and /api/search.
 */
export async function verifyIndex(options: { indexDir: string; fixture: FaultFixture }): Promise<{ outcome: FaultTrialResult["outcome"]; ok: boolean; detail: string }> {
  let snapshot: IndexSnapshot;
  try {
    snapshot = await loadSnapshot(options.indexDir);
  } catch (error) {
    return { outcome: "broken", ok: false, detail: `the index does not load: ${describeError(error)}` };
  }
  const problems = checkSnapshot(snapshot);
  const indexed = new Map(snapshot.documents.map((document) => [document.source, document.hash]));
  const outcome = sameState(indexed, options.fixture.previous) ? "previous" : sameState(indexed, options.fixture.next) ? "next" : "broken";
  if (outcome === "broken") problems.push(`the live documents match neither corpus state (${indexed.size} documents)`);
  const served = await serveAndAsk(snapshot);
  if (served) problems.push(served);
  return { outcome, ok: problems.length === 0, detail: problems.length ? problems.join("; ") : `${outcome} generation, ${snapshot.documents.length} documents, ${snapshot.chunks.length} chunks, served` };
}

/** Internal consistency of one generation: counts, chunk ranges, vectors. */
export function checkSnapshot(snapshot: IndexSnapshot): string[] {
  const problems: string[] = [];
  const { manifest, documents, chunks } = snapshot;
  if (manifest.counts.documents !== documents.length) problems.push(`manifest counts ${manifest.counts.documents} documents, found ${documents.length}`);
  if (manifest.counts.chunks !== chunks.length) problems.push(`manifest counts ${manifest.counts.chunks} chunks, found ${chunks.length}`);
  const chunkCounts = new Map<string, number>();
  const byId = new Map(documents.map((document) => [document.id, document]));
  for (const chunk of chunks) {
    chunkCounts.set(chunk.docId, (chunkCounts.get(chunk.docId) ?? 0) + 1);
    const document = byId.get(chunk.docId);
    if (!document || chunk.start < 0 || chunk.end > document.text.length || chunk.start >= chunk.end) problems.push(`chunk ${chunk.id} is out of its document`);
  }
  for (const file of manifest.files) {
    if (file.status !== "indexed") continue;
    const got = chunkCounts.get(file.docId ?? "") ?? 0;
    if (got !== file.chunks) problems.push(`${file.source}: manifest says ${file.chunks} chunks, ${got} present`);
  }
  if (snapshot.vectors.length !== chunks.length * manifest.embedder.dimension) problems.push("vectors do not match the chunks");
  if (snapshot.vectorIndex.size !== chunks.length || snapshot.lexical.chunkCount !== chunks.length) problems.push("the vector or lexical index does not cover every chunk");
  return problems.slice(0, 5);
}

/** Starts the real app on the snapshot; returns a problem or undefined. */
async function serveAndAsk(snapshot: IndexSnapshot): Promise<string | undefined> {
  const archive = createArchive({ snapshot, embedder: new HashedEmbeddings({ dimension: 512 }) });
  const server = createApp({ archives: new ArchiveHolder(archive), rateLimitPerMinute: 0 }).listen(0, "127.0.0.1");
  try {
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const health = (await (await fetch(`${url}/api/health`)).json()) as { documents?: number };
    if (health.documents !== snapshot.documents.length) return `/api/health reports ${health.documents} documents, the index holds ${snapshot.documents.length}`;
    const search = await fetch(`${url}/api/search?q=${encodeURIComponent("cải cách hành chính")}`);
    if (search.status !== 200) return `/api/search answered ${search.status}`;
    return undefined;
  } catch (error) {
    return `serving failed: ${describeError(error)}`;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The next ingest after a crash must complete the change and leave no staging folder. */
async function recoverAndVerify(options: { indexDir: string; fixture: FaultFixture }): Promise<{ ok: boolean; detail: string }> {
  try {
    await runIngest({ embedder: new HashedEmbeddings({ dimension: 512 }) }, { corpusDir: options.fixture.corpusDir, indexDir: options.indexDir, chunkChars: CHUNK_CHARS, maxBytes: MAX_BYTES });
  } catch (error) {
    return { ok: false, detail: `the next ingest failed: ${describeError(error)}` };
  }
  const check = await verifyIndex(options);
  const leftovers = (await readdir(options.indexDir)).filter((name) => name.startsWith(".staging-") || name.endsWith(".tmp"));
  const ok = check.ok && check.outcome === "next" && leftovers.length === 0;
  return { ok, detail: ok ? "completed" : `${check.detail}${leftovers.length ? `; leftovers ${leftovers.join(", ")}` : ""}` };
}

/**
 * Kill points for n trials: a quarter anywhere from spawn (start-up included),
 * the rest after the ingest started working — half of those spread over the
 * work, half in its last fifth, where the new generation is built and written.
 */
export function chooseKillDelays(options: { trials: number; baselineMs: number; workMs: number; random: () => number }): Array<{ delayMs: number; from: "spawn" | "work" }> {
  const { trials, baselineMs, workMs, random } = options;
  const anywhere = Math.floor(trials / 4);
  const spread = Math.ceil((trials - anywhere) / 2);
  const delays: Array<{ delayMs: number; from: "spawn" | "work" }> = [];
  for (let i = 0; i < anywhere; i++) delays.push({ delayMs: ((i + random()) / anywhere) * baselineMs, from: "spawn" });
  for (let i = 0; i < spread; i++) delays.push({ delayMs: ((i + random()) / spread) * workMs, from: "work" });
  for (let i = anywhere + spread; i < trials; i++) delays.push({ delayMs: workMs * (0.8 + 0.25 * random()), from: "work" });
  return delays;
}

export async function runFaultTrials(options: { trials: number; writeErrors?: boolean; seed?: number; documents?: number; log?: (line: string) => void }): Promise<FaultTrialsReport> {
  const log = options.log ?? (() => undefined);
  const fixture = await prepareFaultFixture({ documents: options.documents, seed: options.seed });
  log(`fault trials: uninterrupted ingest of the change takes ${(fixture.baselineMs / 1000).toFixed(1)} s, ${(fixture.workMs / 1000).toFixed(1)} s after start-up`);
  try {
    const trials: FaultTrialResult[] = [];
    const random = createRandom(options.seed ?? 99);
    const delays = chooseKillDelays({ trials: options.trials, baselineMs: fixture.baselineMs, workMs: fixture.workMs, random });
    for (const [i, { delayMs, from }] of delays.entries()) {
      // Recovery is checked on every trial in a long run, on the last one in a short run.
      const recover = options.trials >= 10 || i === delays.length - 1;
      const result = await runKillTrial({ fixture, delayMs, from, name: `kill-${i}`, recover });
      trials.push(result);
      log(`  kill ${i + 1}/${delays.length} at ${result.delayMs} ms after ${from} (${result.stage}): ${result.ok ? "ok" : "FAILED"} — ${result.detail}`);
    }
    if (options.writeErrors ?? true) {
      const runs = [
        () => runUlimitWriteErrorTrial({ fixture, name: "write-first", target: "first-file" }),
        () => runUlimitWriteErrorTrial({ fixture, name: "write-graph", target: "graph-file" }),
        () => runGraphWriteErrorTrial({ fixture, name: "write-graph-native" }),
        () => runSwapWriteErrorTrial({ fixture, name: "write-swap" }),
      ];
      for (const run of runs) {
        const result = await run();
        trials.push(result);
        log(`  ${result.kind}: ${result.ok ? "ok" : "FAILED"} — ${result.detail}`);
      }
    }
    return { total: trials.length, passed: trials.filter((trial) => trial.ok).length, baselineSeconds: Number((fixture.baselineMs / 1000).toFixed(2)), workSeconds: Number((fixture.workMs / 1000).toFixed(2)), trials };
  } finally {
    await fixture.cleanup();
  }
}

export type IngestRun = {
  child: ReturnType<typeof spawn>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves (with performance.now()) when the ingest prints its first progress line. */
  working: Promise<number>;
  output(): string;
};

/** `npm run ingest` without npm in between (so the pid killed is the ingest itself). */
export async function spawnIngest(options: { corpusDir: string; indexDir: string; fileSizeLimitKilobytes?: number }): Promise<IngestRun> {
  const node = [process.execPath, "--import", "tsx", path.join(PROJECT_ROOT, "ingest/cli.ts"), "--corpus", options.corpusDir, "--index", options.indexDir];
  const quoted = node.map((part) => `'${part.replace(/'/gu, "'\\''")}'`).join(" ");
  const child =
    options.fileSizeLimitKilobytes === undefined
      ? spawn(node[0]!, node.slice(1), { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] })
      : spawn("bash", ["-c", `ulimit -f ${options.fileSizeLimitKilobytes} && exec ${quoted}`], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let markWorking: (at: number) => void = () => undefined;
  const working = new Promise<number>((resolve) => (markWorking = resolve));
  const collect = (data: Buffer) => {
    output += data.toString("utf8");
    if (/^ingest: \d+ file/mu.test(output)) markWorking(performance.now());
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, exited, working, output: () => output };
}

/** The stage an ingest had reached, from its plain progress lines. */
function describeStage(output: string): string {
  if (/^ingest: \d+ documents/mu.test(output)) return "finished writing";
  if (/indexing \d+ chunks/u.test(output)) return "building and writing the index";
  const files = (output.match(/^ {2}(indexed|reused|skipped) /gmu) ?? []).length;
  if (/^ingest: \d+ file\(s\)/mu.test(output)) return `processing files (${files} done)`;
  return "starting up";
}

async function copyTemplate(fixture: FaultFixture, name: string): Promise<string> {
  const indexDir = path.join(fixture.workDir, `index-${name}`);
  await rm(indexDir, { recursive: true, force: true });
  await cp(fixture.templateIndexDir, indexDir, { recursive: true });
  return indexDir;
}

export async function hashCorpus(directory: string): Promise<CorpusState> {
  const state: CorpusState = new Map();
  for (const name of (await readdir(directory)).sort()) {
    state.set(name, createHash("sha256").update(await fs.readFile(path.join(directory, name))).digest("hex"));
  }
  return state;
}

function sameState(indexed: Map<string, string>, expected: CorpusState): boolean {
  if (indexed.size !== expected.size) return false;
  for (const [source, hash] of expected) if (indexed.get(source) !== hash) return false;
  return true;
}

/** `tsx scripts/fault-trials.ts [--trials 20] [--json]` */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { trials: { type: "string", default: "20" }, json: { type: "boolean", default: false }, seed: { type: "string", default: "99" } } });
  const report = await runFaultTrials({ trials: Number(values.trials), seed: Number(values.seed), log: (line) => process.stderr.write(`${line}\n`) });
  process.stderr.write(`fault trials: ${report.passed}/${report.total} passed\n`);
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  // With --json the report carries the verdict (the bench reads it); without, the exit code does.
  if (!values.json && report.passed !== report.total) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`fault-trials: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  });
}
