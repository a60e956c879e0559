import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import os from "node:os";
import { runLoad, type LoadResult } from "./load.js";
import { PROJECT_ROOT, readCpuMilliseconds, readPeakRssMegabytes, round, summarizeLatencies, type LatencySummary } from "./measure.js";

/**
 * The real server (server/main.ts) in a child process, on an existing index
 * (SKIP_INGEST), so the bench measures what `npm start` serves: its HTTP
 * stack, its memory, its single event loop.
 */
export type ServerProcess = {
  url: string;
  /** The server's process (with `entry: "start"`, the launcher's child). */
  pid: number;
  /** With `entry: "start"`: the launcher `npm start` runs. */
  launcherPid?: number;
  peakRssMegabytes(): number | undefined;
  stop(): Promise<void>;
};

export async function startServerProcess(options: {
  indexDir: string;
  corpusDir: string;
  rateLimitPerMinute?: number;
  env?: Record<string, string>;
  /** "main": server/main.ts itself (default); "start": what `npm start` runs, the launcher server/start.js and the server it starts. */
  entry?: "main" | "start";
}): Promise<ServerProcess> {
  const port = await findFreePort();
  const command = options.entry === "start" ? [path.join(PROJECT_ROOT, "server/start.js")] : ["--import", "tsx", path.join(PROJECT_ROOT, "server/main.ts")];
  const child = spawn(process.execPath, command, {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      INDEX_DIR: options.indexDir,
      CORPUS_DIR: options.corpusDir,
      HOST: "127.0.0.1",
      PORT: String(port),
      SKIP_INGEST: "true",
      RATE_LIMIT_PER_MIN: String(options.rateLimitPerMinute ?? 0),
      LOG_LEVEL: "warn",
      EMBEDDER: "hashed",
      ANSWERER: "extractive",
      ...options.env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before listening`);
    try {
      // The server listens before its index is loaded: ready means serving documents.
      const response = await fetch(`${url}/api/health`);
      if (response.ok && ((await response.json()) as { status?: string }).status === "ok") break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("the server did not start within 300 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // The launcher starts the server as its only child.
  const serverPid = options.entry === "start" ? Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").trim().split(/\s+/u)[0]) : child.pid!;
  return {
    url,
    pid: serverPid,
    ...(options.entry === "start" ? { launcherPid: child.pid! } : {}),
    peakRssMegabytes: () => readPeakRssMegabytes(serverPid),
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A TCP port nothing listens on at the moment (127.0.0.1). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Sequential requests (one at a time, like a single user), each timed end to end. */
export async function measureHttpLatency(options: { url: string; endpoint: "search" | "ask"; questions: readonly string[]; warmup?: number }): Promise<{ times: number[]; errors: number }> {
  let errors = 0;
  const send = async (question: string) => {
    const response =
      options.endpoint === "search"
        ? await fetch(`${options.url}/api/search?${new URLSearchParams({ q: question, k: "10" })}`)
        : await fetch(`${options.url}/api/ask`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question }) });
    await response.arrayBuffer();
    if (!response.ok) errors++;
  };
  for (const question of options.questions.slice(0, options.warmup ?? 10)) await send(question);
  errors = 0;
  const times: number[] = [];
  for (const question of options.questions) {
    const started = performance.now();
    await send(question);
    times.push(performance.now() - started);
  }
  return { times, errors };
}

/**
 * One server on an index with `searchWorkers` search threads (SEARCH_WORKERS):
 * sequential /api/search and /api/ask latency, then, when asked, autocannon
 * load on both; the server's peak RSS (every thread: one process).
 */
export async function measureServing(options: {
  indexDir: string;
  corpusDir: string;
  questions: readonly string[];
  searchWorkers: number;
  load?: { connections: number; seconds: number };
  log?: (message: string) => void;
}): Promise<{
  http: { search: LatencySummary & { errors: number }; ask: LatencySummary & { errors: number }; serverPeakRssMegabytes: number | null };
  /** Per load test: the server's CPU time (all threads) per completed request, and the cores it got on average. */
  load?: Array<LoadResult & { cpuMillisecondsPerRequest: number | null; coresUsed: number | null }>;
  loadAverage: number[];
}> {
  const { questions } = options;
  const loadAverage = os.loadavg().map((value) => round(value));
  const server = await startServerProcess({ indexDir: options.indexDir, corpusDir: options.corpusDir, env: { SEARCH_WORKERS: String(options.searchWorkers) } });
  try {
    const search = await measureHttpLatency({ url: server.url, endpoint: "search", questions });
    const ask = await measureHttpLatency({ url: server.url, endpoint: "ask", questions });
    let load: Array<LoadResult & { cpuMillisecondsPerRequest: number | null; coresUsed: number | null }> | undefined;
    if (options.load) {
      load = [];
      for (const endpoint of ["search", "ask"] as const) {
        options.log?.(`load ${endpoint}: ${options.load.connections} connections × ${options.load.seconds} s, ${options.searchWorkers} search workers…`);
        const cpuBefore = readCpuMilliseconds(server.pid);
        const result = await runLoad({ url: server.url, endpoint, questions, connections: options.load.connections, durationSeconds: options.load.seconds });
        const cpuAfter = readCpuMilliseconds(server.pid);
        const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
        load.push({
          ...result,
          cpuMillisecondsPerRequest: cpu === undefined || !result.requests ? null : round(cpu / result.requests),
          coresUsed: cpu === undefined ? null : round(cpu / 1000 / result.seconds),
        });
      }
    }
    const peak = server.peakRssMegabytes();
    return {
      http: {
        search: { ...summarizeLatencies(search.times), errors: search.errors },
        ask: { ...summarizeLatencies(ask.times), errors: ask.errors },
        serverPeakRssMegabytes: peak === undefined ? null : round(peak, 0),
      },
      ...(load ? { load } : {}),
      loadAverage,
    };
  } finally {
    await server.stop();
  }
}
