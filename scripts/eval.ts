import { cp, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
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
import { createArchive } from "../server/retrieve/archive.js";

/**
 * `npm run eval -- [--questions FILE] [--corpus DIR] [--extra DIR] [--alqac DIR] [--json FILE]`
 *
 * Ingests the corpus (plus optional distractor folders) into a temporary
 * index, starts the real API on 127.0.0.1 and scores a question file through
 * HTTP, the way a client sees it. With --alqac, runs the ALQAC law retrieval
 * benchmark instead (recall@1, recall@10, MRR@10 through /api/search).
 */
type Question = {
  id: string;
  lang: "vi" | "vi-nodiacritics" | "en";
  question: string;
  doc: string | null;
  evidence: string[];
  must_contain: string[];
  kind: string;
};

type SearchResult = { source: string; section: string; text: string };

const { values } = parseArgs({
  options: {
    questions: { type: "string", default: "../shared/eval/questions.jsonl" },
    corpus: { type: "string", default: "corpus" },
    extra: { type: "string", multiple: true, default: [] },
    alqac: { type: "string" },
    json: { type: "string" },
    verbose: { type: "boolean", default: false },
  },
});

/** NFC, lower case, leading zeros of day/month numbers dropped. */
export function normalizeForScoring(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/(?<!\d)0(\d)(?=[\/.\-]\d)/gu, "$1")
    .replace(/([\/.\-])0(\d)(?!\d)/gu, "$1$2");
}

function scoringTokens(text: string): string[] {
  return (normalizeForScoring(text).match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).map((token) => (/^\d+$/u.test(token) ? String(Number(token)) : token));
}

const stem = (file: string) => path.basename(file).replace(/\.[^.]+$/u, "").replace(/\.scanned$/u, "");

function passageHit(results: SearchResult[], question: Question): boolean {
  if (!question.doc) return false;
  const gold = stem(question.doc);
  return results.slice(0, 5).some((result) => {
    if (stem(result.source) !== gold) return false;
    const tokens = new Set(scoringTokens(result.text));
    return question.evidence.some((evidence) => {
      const wanted = scoringTokens(evidence);
      const found = wanted.filter((token) => tokens.has(token)).length;
      return wanted.length > 0 && found / wanted.length >= 0.8;
    });
  });
}

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
  const app = createApp({ archives: new ArchiveHolder(archive), rateLimitPerMinute: 0 });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    summary,
    ingestSeconds,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(indexDir, { recursive: true, force: true });
      await rm(corpusDir, { recursive: true, force: true });
    },
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function runQuestions(url: string, questions: Question[]) {
  type Row = { question: Question; passage: boolean; facts: boolean; abstained: boolean; found: boolean; searchMs: number; askMs: number; answer: string; error?: string };
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
      const answer = normalizeForScoring(ask.value.answer);
      const facts = question.doc !== null && ask.value.found && ask.value.answer.length <= 700 && question.must_contain.every((fact) => answer.includes(normalizeForScoring(fact)));
      rows.push({
        question,
        passage: passageHit(search.value.results, question),
        facts,
        abstained: !ask.value.found,
        found: ask.value.found,
        searchMs: search.ms,
        askMs: ask.ms,
        answer: ask.value.answer,
      });
    } catch (error) {
      rows.push({ question, passage: false, facts: false, abstained: false, found: false, searchMs: 0, askMs: 0, answer: "", error: String(error) });
    }
  }
  return rows;
}

function summarize(rows: Awaited<ReturnType<typeof runQuestions>>) {
  const groups: Record<string, typeof rows> = { overall: rows };
  for (const row of rows) (groups[row.question.lang] ??= []).push(row);
  const table: Record<string, Record<string, number | string>> = {};
  for (const [name, group] of Object.entries(groups)) {
    const positives = group.filter((row) => row.question.doc !== null);
    const negatives = group.filter((row) => row.question.doc === null);
    const share = (list: typeof rows, pick: (row: (typeof rows)[number]) => boolean) => (list.length ? Number((list.filter(pick).length / list.length).toFixed(3)) : "-");
    table[name] = {
      questions: group.length,
      "passage@5": share(positives, (row) => row.passage),
      "key facts": share(positives, (row) => row.facts),
      "negatives abstained": share(negatives, (row) => row.abstained),
      errors: group.filter((row) => row.error).length,
      "search p50 ms": Number(percentile(group.map((row) => row.searchMs), 50).toFixed(1)),
      "search p95 ms": Number(percentile(group.map((row) => row.searchMs), 95).toFixed(1)),
      "ask p50 ms": Number(percentile(group.map((row) => row.askMs), 50).toFixed(1)),
      "ask p95 ms": Number(percentile(group.map((row) => row.askMs), 95).toFixed(1)),
    };
  }
  return table;
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
          if (stem(result.source) !== stem(gold.doc)) return false;
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
  const questions = (await readFile(values.questions!, "utf8"))
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Question);
  const server = await buildServer([values.corpus!, ...(values.extra ?? [])]);
  try {
    console.log(`indexed ${server.summary.documents} documents, ${server.summary.chunks} chunks in ${server.ingestSeconds.toFixed(1)} s`);
    const rows = await runQuestions(server.url, questions);
    if (values.verbose) {
      for (const row of rows) {
        const flags = `${row.passage ? "P" : "-"}${row.facts ? "F" : "-"}${row.found ? "+" : "0"}`;
        console.log(`${flags} ${row.question.id} [${row.question.lang}/${row.question.kind}] ${row.question.question}\n    must: ${JSON.stringify(row.question.must_contain)}\n    -> ${row.answer.replace(/\n/gu, " | ").slice(0, 400)}${row.error ? `\n    ERROR ${row.error}` : ""}`);
      }
    }
    const table = summarize(rows);
    console.table(table);
    if (values.json) {
      const { writeFile } = await import("node:fs/promises");
      await writeFile(values.json, JSON.stringify({ date: new Date().toISOString(), table }, null, 2));
    }
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
