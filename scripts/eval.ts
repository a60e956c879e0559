import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../core/config.js";
import { createEmbedder } from "../ingest/index/create-embedder.js";
import { loadSnapshot } from "../ingest/index/index-store.js";
import { runIngest } from "../ingest/run-ingest.js";
import { ArchiveHolder } from "../server/http/archive-holder.js";
import { createApp } from "../server/http/create-app.js";
import { warmUpArchive } from "../server/answer/warm-up.js";
import type { AnswerModel } from "../server/answer/model/answer-model.js";
import { fileStem, foldOf, holdsKeyFacts, loadQuestions, passageHit, type EvalQuestion } from "../server/answer/model/question-set.js";
import { collectExamples, fitAnswerModel } from "../server/answer/model/train-answer-model.js";
import { createArchive, type Archive } from "../server/retrieve/archive.js";
import { DEFAULT_CORPUS_FOLDERS, DEFAULT_QUESTION_FILES, openDevArchive } from "./eval/dev-archive.js";

/**
 * `npm run eval -- [--questions FILE]… [--corpus DIR]… [--extra DIR]… [--folds 5] [--committed] [--alqac DIR] [--json FILE] [--verbose]`
 *
 * Ingests the development archive (the samples and ../shared/corpus-dev, plus
 * optional distractor folders such as the ALQAC laws) and scores the
 * development questions through the real HTTP API, the way a client sees it.
 * By default by document folds: each fold's questions are answered by a model
 * fitted without them (this is the figure to move). With --committed, the
 * committed model answers every question. With --alqac, runs the ALQAC law
 * retrieval benchmark instead (recall@1, recall@10, MRR@10 through /api/search).
 */
type SearchResult = { source: string; section: string; text: string };

const { values } = parseArgs({
  options: {
    questions: { type: "string", multiple: true },
    corpus: { type: "string", multiple: true },
    extra: { type: "string", multiple: true, default: [] },
    folds: { type: "string", default: "5" },
    committed: { type: "boolean", default: false },
    alqac: { type: "string" },
    json: { type: "string" },
    verbose: { type: "boolean", default: false },
  },
});

function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function buildServer(corpusDirs: string[]) {
  const config = loadConfig({ ...process.env, EMBEDDER: process.env.EMBEDDER ?? "hashed" });
  const corpusDir = await mkdtemp(path.join(os.tmpdir(), "vanban-eval-corpus-"));
  for (const directory of corpusDirs) {
    for (const entry of await readdir(directory)) await cp(path.join(directory, entry), path.join(corpusDir, entry), { recursive: true });
  }
  const indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-eval-index-"));
  const embedder = createEmbedder(config);
  const started = Date.now();
  const summary = await runIngest({ embedder }, { corpusDir, indexDir, chunkChars: config.CHUNK_CHARS, maxBytes: config.MAX_FILE_MB * 1024 * 1024 });
  const ingestSeconds = (Date.now() - started) / 1000;
  const archive = createArchive({ snapshot: await loadSnapshot(indexDir), embedder });
  // As server/main.ts does, so latencies are what users see.
  await warmUpArchive(archive);
  const served = await serve(archive);
  return {
    ...served,
    summary,
    ingestSeconds,
    async close() {
      await served.close();
      await rm(indexDir, { recursive: true, force: true });
      await rm(corpusDir, { recursive: true, force: true });
    },
  };
}

/** The real API over an opened archive, on a free port (with one fold's model when given). */
async function serve(archive: Archive, answerModel?: AnswerModel) {
  const app = createApp({ archives: new ArchiveHolder(archive), rateLimitPerMinute: 0, ...(answerModel ? { answerModel } : {}) });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

type Row = { question: EvalQuestion; fold: number; passage: boolean; facts: boolean; found: boolean; searchMs: number; askMs: number; answer: string; error?: string };

async function runQuestions(url: string, questions: readonly EvalQuestion[], fold = -1): Promise<Row[]> {
  const rows: Row[] = [];
  // The client's first fetch loads and connects its HTTP stack (over 100 ms); do it before timing.
  await (await fetch(`${url}/api/health`)).arrayBuffer();
  for (const question of questions) {
    try {
      const search = await timed(async () => {
        const response = await fetch(`${url}/api/search?${new URLSearchParams({ q: question.question, k: "5" })}`);
        if (!response.ok) throw new Error(`search ${response.status}`);
        return (await response.json()) as { results: SearchResult[] };
      });
      const ask = await timed(async () => {
        const response = await fetch(`${url}/api/ask`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: question.question }) });
        if (!response.ok) throw new Error(`ask ${response.status}`);
        return (await response.json()) as { found: boolean; answer: string };
      });
      rows.push({
        question,
        fold,
        passage: passageHit(search.value.results, question),
        facts: ask.value.found && holdsKeyFacts(ask.value.answer, question),
        found: ask.value.found,
        searchMs: search.ms,
        askMs: ask.ms,
        answer: ask.value.answer,
      });
    } catch (error) {
      rows.push({ question, fold, passage: false, facts: false, found: false, searchMs: 0, askMs: 0, answer: "", error: String(error) });
    }
  }
  return rows;
}

function summarizeGroup(group: readonly Row[]) {
  const positives = group.filter((row) => row.question.doc !== null);
  const negatives = group.filter((row) => row.question.doc === null);
  const share = (list: readonly Row[], pick: (row: Row) => boolean) => (list.length ? Number((list.filter(pick).length / list.length).toFixed(3)) : "-");
  return {
    questions: group.length,
    "passage@5": share(positives, (row) => row.passage),
    "key facts": share(positives, (row) => row.facts),
    "negatives abstained": share(negatives, (row) => !row.found),
    errors: group.filter((row) => row.error).length,
  };
}

function summarize(rows: readonly Row[]) {
  const byLanguage: Record<string, Row[]> = { overall: [...rows] };
  const byKind: Record<string, Row[]> = {};
  const bySet: Record<string, Row[]> = {};
  for (const row of rows) {
    (byLanguage[row.question.lang] ??= []).push(row);
    (byKind[row.question.kind] ??= []).push(row);
    (bySet[row.question.set ?? "?"] ??= []).push(row);
  }
  const table = (groups: Record<string, Row[]>) => Object.fromEntries(Object.entries(groups).map(([name, group]) => [name, summarizeGroup(group)]));
  const positives = rows.filter((row) => row.question.doc !== null);
  const negatives = rows.filter((row) => row.question.doc === null);
  const confusion = {
    answered: {
      right: positives.filter((row) => row.found && row.facts).length,
      wrong: positives.filter((row) => row.found && !row.facts).length + negatives.filter((row) => row.found).length,
    },
    abstained: { right: negatives.filter((row) => !row.found).length, wrong: positives.filter((row) => !row.found).length },
  };
  const latency = {
    "search p50 ms": Number(percentile(rows.map((row) => row.searchMs), 50).toFixed(1)),
    "search p95 ms": Number(percentile(rows.map((row) => row.searchMs), 95).toFixed(1)),
    "ask p50 ms": Number(percentile(rows.map((row) => row.askMs), 50).toFixed(1)),
    "ask p95 ms": Number(percentile(rows.map((row) => row.askMs), 95).toFixed(1)),
  };
  return { language: table(byLanguage), kind: table(byKind), set: table(bySet), confusion, latency };
}

async function runAlqac(directory: string) {
  const server = await buildServer([path.join(directory, "laws")]);
  try {
    const lines = (await readFile(path.join(directory, "dev-questions.jsonl"), "utf8")).split("\n").filter(Boolean);
    let hitsAt1 = 0;
    let hitsAt10 = 0;
    let reciprocal = 0;
    const latencies: number[] = [];
    for (const line of lines) {
      const item = JSON.parse(line) as { question: string; gold: Array<{ doc: string; article: string }> };
      const { value, ms } = await timed(async () => {
        const response = await fetch(`${server.url}/api/search?${new URLSearchParams({ q: item.question, k: "10" })}`);
        return (await response.json()) as { results: SearchResult[] };
      });
      latencies.push(ms);
      const rank = value.results.findIndex((result) =>
        item.gold.some((gold) => {
          if (fileStem(result.source) !== fileStem(gold.doc)) return false;
          const article = new RegExp(`Điều\\s+${gold.article}(?![\\d])`, "u");
          return article.test(result.section) || new RegExp(`^\\s*Điều\\s+${gold.article}(?![\\d])`, "u").test(result.text);
        }),
      );
      if (rank === 0) hitsAt1++;
      if (rank >= 0) {
        hitsAt10++;
        reciprocal += 1 / (rank + 1);
      }
    }
    const n = lines.length;
    return {
      questions: n,
      "recall@1": Number((hitsAt1 / n).toFixed(3)),
      "recall@10": Number((hitsAt10 / n).toFixed(3)),
      "MRR@10": Number((reciprocal / n).toFixed(3)),
      "search p50 ms": Number(percentile(latencies, 50).toFixed(1)),
      "search p95 ms": Number(percentile(latencies, 95).toFixed(1)),
      "ingest s": Number(server.ingestSeconds.toFixed(1)),
      chunks: server.summary.chunks,
    };
  } finally {
    await server.close();
  }
}

async function main() {
  if (values.alqac) {
    const result = await runAlqac(values.alqac);
    console.table(result);
    return;
  }
  const questionFiles = values.questions ?? DEFAULT_QUESTION_FILES.filter((file) => existsSync(file));
  const folders = [...(values.corpus ?? DEFAULT_CORPUS_FOLDERS.filter((folder) => existsSync(folder))), ...(values.extra ?? [])];
  const questions = await loadQuestions(questionFiles);
  const folds = Number(values.folds);
  const dev = await openDevArchive({ folders });
  console.log(`indexed ${dev.archive.documents.length} documents, ${dev.archive.chunks.length} chunks (${dev.summary.failed.length} files failed; ingest ${dev.ingestSeconds.toFixed(1)} s); ${questions.length} questions from ${questionFiles.join(", ")}`);
  let rows: Row[] = [];
  if (values.committed) {
    // What a user sees: the committed model answers every question (its own training questions included).
    const served = await serve(dev.archive);
    try {
      rows = await runQuestions(served.url, questions);
    } finally {
      await served.close();
    }
  } else {
    // Document folds: each fold's questions are answered through HTTP by a model fitted without them.
    const examples = await collectExamples({ archive: dev.archive, questions, folds });
    for (let fold = 0; fold < folds; fold++) {
      const held = questions.filter((question) => foldOf(question, folds) === fold);
      if (!held.length) continue;
      const model = fitAnswerModel(examples.filter((example) => example.fold !== fold));
      const served = await serve(dev.archive, model);
      try {
        rows.push(...(await runQuestions(served.url, held, fold)));
      } finally {
        await served.close();
      }
      console.log(`fold ${fold}: ${held.length} questions, threshold ${model.threshold.toFixed(3)}`);
    }
  }
  if (values.verbose) {
    for (const row of rows) {
      const flags = `${row.passage ? "P" : "-"}${row.facts ? "F" : "-"}${row.found ? "+" : "0"}`;
      console.log(`${flags} ${row.question.id} [${row.question.lang}/${row.question.kind}] ${row.question.question}\n    must: ${JSON.stringify(row.question.must_contain)}\n    -> ${row.answer.replace(/\n/gu, " | ").slice(0, 400)}${row.error ? `\n    ERROR ${row.error}` : ""}`);
    }
  }
  const summary = summarize(rows);
  console.log(values.committed ? "\nCommitted model, every question:" : `\nCross-validated by ${folds} document folds, through HTTP:`);
  console.log("\nBy language:");
  console.table(summary.language);
  console.log("By kind:");
  console.table(summary.kind);
  console.log("By question set:");
  console.table(summary.set);
  console.log("Abstention confusion (answered/abstained x right/wrong):");
  console.table(summary.confusion);
  console.table(summary.latency);
  if (values.json) await writeFile(values.json, JSON.stringify({ date: new Date().toISOString(), folds: values.committed ? 0 : folds, summary, rows: rows.map(({ question, ...row }) => ({ id: question.id, ...row })) }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
