import { readFileSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { createRandom } from "./generate-corpus.js";
import { summarizeLatencies } from "./measure.js";
import { startServerProcess } from "./server-process.js";

/**
 * The real HTTP server's memory under a realistic mixed load (issue 16's
 * "Vanban's own process under 300 MB"): server/main.ts on an existing index
 * (SKIP_INGEST), then phases, each followed by the process's resident set
 * (now and its peak, /proc) and the V8 heap (from /metrics):
 *   opened → searches → answers → task pages → viewer reads → exports (CSV,
 *   Excel, calendar of the whole table) → a mixed load of all of them, 4 at a time.
 *
 *   [SEARCH_BACKEND=opensearch OPENSEARCH_URL=…] npx tsx bench/serving-memory.ts --index DIR --corpus DIR [--out FILE] [--node-options "--max-old-space-size=192"] [--entry start]
 */
const { values } = parseArgs({
  options: {
    index: { type: "string" },
    corpus: { type: "string" },
    out: { type: "string" },
    searches: { type: "string", default: "100" },
    asks: { type: "string", default: "20" },
    "task-pages": { type: "string", default: "40" },
    views: { type: "string", default: "40" },
    mixed: { type: "string", default: "300" },
    "node-options": { type: "string" },
    /** "main": server/main.ts (default, as before); "start": what `npm start` runs (server/start.js and the server it starts, with the heap limit it chooses). */
    entry: { type: "string", default: "main" },
    seed: { type: "string", default: "7" },
    /** Comma-separated phases to run (default all): searches, asks, taskPages, viewer, exports, mixed. */
    phases: { type: "string", default: "searches,asks,taskPages,viewer,exports,mixed" },
  },
});

type Sample = { rssMegabytes: number; peakRssMegabytes: number; heapUsedMegabytes: number; heapTotalMegabytes: number; externalMegabytes: number };

function readProcessMegabytes(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, "mu").exec(status)?.[1] ?? 0) / 1024;
  return { rss: field("VmRSS"), peak: field("VmHWM") };
}

async function sample(url: string, pid: number): Promise<Sample> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^vanban_${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, "mu").exec(metrics)?.[1] ?? Number.NaN) / 1024 / 1024;
  const memory = readProcessMegabytes(pid);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    rssMegabytes: round(memory.rss),
    peakRssMegabytes: round(memory.peak),
    heapUsedMegabytes: round(metric("nodejs_heap_size_used_bytes")),
    heapTotalMegabytes: round(metric("nodejs_heap_size_total_bytes")),
    externalMegabytes: round(metric("nodejs_external_memory_bytes")),
  };
}

/** Questions: lines of the corpus's own texts (every one has an answer somewhere). */
async function readQuestions(corpus: string, count: number, random: () => number): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(corpus, { withFileTypes: true, recursive: true })) if (entry.isFile()) files.push(path.join(entry.parentPath, entry.name));
  files.sort();
  const questions: string[] = [];
  while (questions.length < count) {
    const file = files[Math.floor(random() * files.length)]!;
    const lines = (await readFile(file, "utf8")).split("\n").map((line) => line.trim()).filter((line) => line.length >= 40 && line.length <= 200);
    if (lines.length) questions.push(lines[Math.floor(random() * lines.length)]!.slice(0, 120));
  }
  return questions;
}

type Request = { kind: "search" | "ask" | "tasks" | "view" | "documents" | "csv" | "xlsx" | "ics"; path: string; body?: unknown };

/** Requests sent again after the connection was reset before any answer (a kept-alive connection the server had just closed). */
let resends = 0;

async function send(url: string, request: Request): Promise<{ milliseconds: number; bytes: number }> {
  try {
    return await sendOnce(url, request);
  } catch (error) {
    const code = ((error as { cause?: { code?: string } }).cause ?? {}).code;
    if (code !== "ECONNRESET" && code !== "UND_ERR_SOCKET") throw error;
    resends++;
    console.error(`${request.kind} ${request.path.slice(0, 80)}: ${code}, sent again`);
    return sendOnce(url, request);
  }
}

async function sendOnce(url: string, request: Request): Promise<{ milliseconds: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(`${url}${request.path}`, request.body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request.body) });
  // Read the body as a stream, counting bytes, as a client saving a download would.
  let bytes = 0;
  for await (const piece of response.body ?? []) bytes += (piece as Uint8Array).length;
  if (!response.ok) throw new Error(`${request.path}: HTTP ${response.status}`);
  return { milliseconds: performance.now() - started, bytes };
}

async function runAll(url: string, requests: readonly Request[], concurrency: number): Promise<Map<string, number[]>> {
  const times = new Map<string, number[]>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const { milliseconds } = await send(url, request);
        times.set(request.kind, [...(times.get(request.kind) ?? []), milliseconds]);
      }
    }),
  );
  return times;
}

async function main(): Promise<void> {
  if (!values.index || !values.corpus) throw new Error("--index and --corpus are required");
  const random = createRandom(Number(values.seed));
  const questions = await readQuestions(values.corpus, Number(values.searches) + Number(values.asks) + Number(values.mixed), random);
  const env: Record<string, string> = {};
  if (values["node-options"]) env.NODE_OPTIONS = values["node-options"];
  const startedAt = performance.now();
  if (values.entry !== "main" && values.entry !== "start") throw new Error("--entry is main or start");
  const server = await startServerProcess({ indexDir: values.index, corpusDir: values.corpus, env, entry: values.entry });
  const report: Record<string, unknown> = { date: new Date().toISOString(), backend: process.env.SEARCH_BACKEND ?? "local", nodeOptions: values["node-options"] ?? null, entry: values.entry };
  if (server.launcherPid) report.serverArguments = readFileSync(`/proc/${server.pid}/cmdline`, "utf8").split("\0").filter(Boolean).slice(1, -1);
  const phases: Record<string, Sample & { latency?: Record<string, unknown> }> = {};
  try {
    report.openSeconds = Number(((performance.now() - startedAt) / 1000).toFixed(1));
    phases.opened = await sample(server.url, server.pid);
    console.error(`opened: ${JSON.stringify(phases.opened)}`);
    const documents = ((await (await fetch(`${server.url}/api/documents`)).json()) as { documents: Array<{ id: string }> }).documents;
    report.documents = documents.length;
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { chunks: number };
    report.chunks = health.chunks;
    phases.documentList = await sample(server.url, server.pid);

    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const units = ["Sở Nội vụ", "Sở Tài chính", "Sở Y tế", "Sở Xây dựng", "Sở Tư pháp"];
    const statuses = ["", "overdue", "open", "done", "ongoing", "upcoming"];
    const searchOf = (question: string): Request => ({ kind: "search", path: `/api/search?${new URLSearchParams({ q: question, k: "10" })}` });
    const askOf = (question: string): Request => ({ kind: "ask", path: "/api/ask", body: { question } });
    const taskPage = (): Request => {
      const parameters = new URLSearchParams({ limit: "100", offset: String(Math.floor(random() * 5) * 100) });
      const status = pick(statuses);
      if (status) parameters.set("status", status);
      if (random() < 0.3) parameters.set("unit", pick(units));
      if (random() < 0.2) parameters.set("sort", pick(["lead", "status", "source"]));
      if (random() < 0.2) parameters.set("facets", "true");
      return { kind: "tasks", path: `/api/tasks?${parameters}` };
    };
    const viewOf = (docId: string): Request => ({ kind: "view", path: `/api/documents/${encodeURIComponent(docId)}` });
    const documentTasks = (docId: string): Request => ({ kind: "tasks", path: `/api/tasks?${new URLSearchParams({ docId, limit: "1000" })}` });

    const chosen = new Set(values.phases!.split(","));
    const phase = async (name: string, requests: Request[], concurrency = 1) => {
      if (!chosen.has(name)) return;
      const times = await runAll(server.url, requests, concurrency);
      phases[name] = { ...(await sample(server.url, server.pid)), latency: Object.fromEntries([...times].map(([kind, milliseconds]) => [kind, summarizeLatencies(milliseconds)])) };
      console.error(`${name}: ${JSON.stringify(phases[name])}`);
    };
    const searchQuestions = questions.slice(0, Number(values.searches));
    const askQuestions = questions.slice(Number(values.searches), Number(values.searches) + Number(values.asks));
    const mixedQuestions = questions.slice(Number(values.searches) + Number(values.asks));
    await phase("searches", searchQuestions.map(searchOf));
    await phase("asks", askQuestions.map(askOf));
    await phase("taskPages", [{ kind: "tasks", path: "/api/tasks" }, { kind: "tasks", path: "/api/tasks?limit=0&facets=true" }, ...Array.from({ length: Number(values["task-pages"]) }, taskPage)]);
    await phase("viewer", Array.from({ length: Number(values.views) }, () => pick(documents).id).flatMap((docId) => [viewOf(docId), documentTasks(docId)]));
    await phase("exports", [
      { kind: "csv", path: "/api/tasks.csv" },
      { kind: "xlsx", path: "/api/tasks.xlsx" },
      { kind: "ics", path: "/api/tasks.ics" },
    ]);
    const mixed: Request[] = mixedQuestions.map((question) => {
      const roll = random();
      if (roll < 0.45) return searchOf(question);
      if (roll < 0.6) return askOf(question);
      if (roll < 0.78) return taskPage();
      if (roll < 0.95) return viewOf(pick(documents).id);
      if (roll < 0.98) return { kind: "documents", path: "/api/documents" };
      return { kind: pick(["csv", "xlsx"] as const), path: pick(["/api/tasks.csv?status=overdue", "/api/tasks.xlsx?status=open", "/api/tasks.csv"]) };
    });
    await phase("mixed", mixed, 4);
    report.phases = phases;
    report.peakRssMegabytes = server.peakRssMegabytes();
    if (server.launcherPid) report.launcherPeakRssMegabytes = readProcessMegabytes(server.launcherPid).peak;
    report.resends = resends;
    report.seconds = Number(((performance.now() - startedAt) / 1000).toFixed(1));
  } finally {
    await server.stop();
  }
  const text = JSON.stringify(report, null, 1);
  console.log(text);
  if (values.out) await writeFile(values.out, `${text}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
