import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manyPagesPdf } from "../../bench/hostile-files.js";
import { PROJECT_ROOT } from "../../bench/measure.js";
import { SAMPLE_FILES, SAMPLES_DIR } from "../helpers/start-test-server.js";

/**
 * `npm start` (server/main.ts in a child process): it listens at once and
 * answers /api/health while the first ingest runs ("indexing", N of M files),
 * then serves the new generation; a port in use stops it before it says
 * anything else; SKIP_INGEST=true without an index stops it with a message.
 */
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "vanban-serve-first-"));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "server/main.ts")], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, HOST: "127.0.0.1", LOG_LEVEL: "info", RATE_LIMIT_PER_MIN: "0", OCR: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (data: Buffer) => (output += data.toString("utf8")));
  child.stderr.on("data", (data: Buffer) => (output += data.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("npm start serves first", () => {
  it("answers /api/health at once while the first ingest runs, reports its progress, then serves the new generation", async () => {
    const corpusDir = path.join(workDir, "corpus");
    const indexDir = path.join(workDir, "index");
    await rm(corpusDir, { recursive: true, force: true });
    await mkdir(corpusDir);
    for (const file of SAMPLE_FILES) await copyFile(path.join(SAMPLES_DIR, file), path.join(corpusDir, file));
    // A file that keeps the first ingest busy for a few seconds (its time limit stops it).
    await writeFile(path.join(corpusDir, "cham.pdf"), manyPagesPdf(40_000));
    const port = await freePort();
    const started = performance.now();
    const server = startMain({ PORT: String(port), CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, MAX_PAGES: "100000", FILE_TIME_LIMIT_S: "4", INGEST_WORKERS: "1" });
    try {
      const states: Array<{ status: string; ingest?: { state: string; processed?: number; total?: number } }> = [];
      let firstAnswerMs: number | undefined;
      let searchWhileIndexing: { status: number; body: { error?: { code: string; message: string } } } | undefined;
      for (;;) {
        if (server.child.exitCode !== null) throw new Error(`the server exited: ${server.output()}`);
        try {
          const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as (typeof states)[number];
          firstAnswerMs ??= performance.now() - started;
          states.push(health);
          // Once the corpus is listed (before it, the message cannot name a file count yet).
          if (health.status === "indexing" && health.ingest?.total !== undefined && !searchWhileIndexing) {
            const response = await fetch(`http://127.0.0.1:${port}/api/search?q=x`);
            searchWhileIndexing = { status: response.status, body: (await response.json()) as never };
          }
          if (health.status === "ok") break;
        } catch {
          // Not listening yet.
        }
        if (performance.now() - started > 120_000) throw new Error(`no index after 120 s: ${JSON.stringify(states.at(-1))}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(firstAnswerMs).toBeLessThan(10_000);
      // Once the corpus is listed, the state says how many files there are.
      const indexing = states.find((state) => state.status === "indexing" && state.ingest?.total !== undefined);
      expect(indexing?.ingest).toMatchObject({ state: "running", total: 6 });
      expect(searchWhileIndexing?.status).toBe(503);
      expect(searchWhileIndexing?.body.error?.code).toBe("index_missing");
      expect(searchWhileIndexing?.body.error?.message).toMatch(/being indexed \(\d+ of 6 files\)/u);
      const ready = states.at(-1)!;
      expect(ready).toMatchObject({ status: "ok", documents: 5, ingest: { state: "idle", last: { ok: true, documents: 5, failed: 1 } } });
      const search = await fetch(`http://127.0.0.1:${port}/api/search?q=${encodeURIComponent("Sở Nội vụ")}`);
      expect(search.status).toBe(200);
      expect(server.output()).toMatch(/not indexed: cham\.pdf: \[file_over_budget, limit time\]/u);
    } finally {
      await server.stop();
    }
  }, 180_000);

  it("stops on a port in use without a word of serving", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const server = startMain({ PORT: String(port), CORPUS_DIR: path.join(workDir, "none"), INDEX_DIR: path.join(workDir, "none-index") });
      const code = await server.exited;
      expect(code).toBe(1);
      expect(server.output()).toMatch(/cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/u);
      expect(server.output()).not.toMatch(/listening|serving|ingest/iu);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  }, 60_000);

  it("stops with a message when SKIP_INGEST=true and there is no index", async () => {
    const server = startMain({ PORT: String(await freePort()), SKIP_INGEST: "true", INDEX_DIR: path.join(workDir, "empty-index") });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/No index in .* and SKIP_INGEST=true: run `npm run ingest`/u);
  }, 60_000);
});
