import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../bench/measure.js";
import { findFreePort } from "../../bench/server-process.js";
import { SAMPLES_DIR } from "../helpers/start-test-server.js";

/**
 * `npm start` is `node server/start.js`: a small launcher that runs
 * server/main.ts as its child, with no heap limit for the in-process engine
 * and, with SEARCH_BACKEND=opensearch, under one chosen from the archive's
 * size; it passes signals on and exits with the server's code. With
 * OpenSearch the server runs each ingest in a process of its own.
 */
let workDir: string;
let corpusDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "vanban-start-"));
  corpusDir = path.join(workDir, "corpus");
  await mkdir(corpusDir);
  await copyFile(path.join(SAMPLES_DIR, "001_02132e011992bfae.docx"), path.join(corpusDir, "001_02132e011992bfae.docx"));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** The command lines of a process's children (Linux /proc). */
async function childCommands(pid: number): Promise<string[][]> {
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, "utf8")).trim().split(/\s+/u).filter(Boolean);
  return Promise.all(children.map(async (child) => (await readFile(`/proc/${child}/cmdline`, "utf8")).split("\0").filter(Boolean)));
}

function startLauncher(env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "server/start.js")], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, HOST: "127.0.0.1", LOG_LEVEL: "info", RATE_LIMIT_PER_MIN: "0", OCR: "off", INGEST_WORKERS: "0", NODE_OPTIONS: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (data: Buffer) => (output += data.toString("utf8")));
  child.stderr.on("data", (data: Buffer) => (output += data.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

async function waitFor<T>(what: string, read: () => Promise<T | undefined>, output: () => string): Promise<T> {
  for (const deadline = Date.now() + 240_000; Date.now() < deadline; ) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}: ${output()}`);
}

type Health = { status: string; documents?: number; ingest?: { state: string; last?: { ok: boolean; error?: string } } };

describe("npm start's launcher", { timeout: 300_000 }, () => {
  it("runs the in-process engine's server as its child without a heap limit, and stops it on SIGTERM with its exit code", async () => {
    const port = await findFreePort();
    const launcher = startLauncher({ PORT: String(port), CORPUS_DIR: corpusDir, INDEX_DIR: path.join(workDir, "index-local") });
    try {
      const health = await waitFor("the first ingest", async () => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as Health;
        return body.status === "ok" ? body : undefined;
      }, launcher.output);
      expect(health.documents).toBe(1);
      const [server, ...others] = await childCommands(launcher.child.pid!);
      expect(others).toEqual([]);
      expect(server!.at(-1)).toBe(path.join(PROJECT_ROOT, "server/main.ts"));
      expect(server!.some((argument) => argument.includes("max-old-space-size"))).toBe(false);
      expect(launcher.output()).not.toContain("heap limit");
      launcher.child.kill("SIGTERM");
      expect(await launcher.exited).toEqual({ code: 0, signal: null });
      await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    } finally {
      launcher.child.kill("SIGKILL");
    }
  });

  it("with SEARCH_BACKEND=opensearch runs the server under a 128 MB heap limit and the ingest in a process of its own, whose failure the server reports; a kill of the launcher stops the server", async () => {
    const port = await findFreePort();
    // No cluster answers there: the ingest processes the files, then cannot write the index.
    const launcher = startLauncher({ PORT: String(port), CORPUS_DIR: corpusDir, INDEX_DIR: path.join(workDir, "index-opensearch"), SEARCH_BACKEND: "opensearch", OPENSEARCH_URL: `http://127.0.0.1:${await findFreePort()}` });
    try {
      const commands = await waitFor("the server and its ingest", async () => {
        const [server] = await childCommands(launcher.child.pid!);
        const serverPid = Number((await readFile(`/proc/${launcher.child.pid}/task/${launcher.child.pid}/children`, "utf8")).trim().split(/\s+/u)[0]);
        const ingest = (await childCommands(serverPid)).find((command) => command.some((argument) => argument.endsWith(path.join("ingest", "cli.ts"))));
        return server && ingest ? { server, ingest } : undefined;
      }, launcher.output);
      expect(commands.server).toContain("--max-old-space-size=128");
      expect(commands.ingest.some((argument) => argument.includes("max-old-space-size"))).toBe(false);
      expect(launcher.output()).toContain("serving process with a 128 MB heap limit (chosen for 0 chunks");
      const health = await waitFor("the ingest's failure", async () => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as Health;
        return body.ingest?.last ? body : undefined;
      }, launcher.output);
      expect(health.ingest?.last?.ok).toBe(false);
      expect(launcher.output()).toMatch(/ingest failed: .*OpenSearch/u);
      // A launcher killed outright takes its server with it (the server sees the channel close).
      const serverPid = Number((await readFile(`/proc/${launcher.child.pid}/task/${launcher.child.pid}/children`, "utf8")).trim());
      launcher.child.kill("SIGKILL");
      await launcher.exited;
      await waitFor("the server to stop", async () => (await readFile(`/proc/${serverPid}/status`, "utf8").then(() => undefined, () => true)), launcher.output);
    } finally {
      launcher.child.kill("SIGKILL");
    }
  });

  it("exits with the server's code when the configuration is bad, with the server's message", async () => {
    const launcher = startLauncher({ PORT: "not-a-port", SEARCH_BACKEND: "opensearch", OPENSEARCH_URL: "http://127.0.0.1:9" });
    expect((await launcher.exited).code).toBe(1);
    expect(launcher.output()).toContain("PORT");
  });
});
