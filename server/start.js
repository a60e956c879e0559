// Plain JavaScript on purpose: this process waits beside the server for its whole life, and without a
// TypeScript loader and zod it holds about 41 MB instead of about 100 MB (DESIGN.md, "npm start under
// 300 MB with OpenSearch"). It reads only the variables it routes on; the server validates them all.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { planServerLaunch, RESTART_WITH_MORE_HEAP_EXIT_CODE } from "./process/server-heap.js";

/**
 * `npm start`: runs the server (server/main.ts) as a child process, as
 * `tsx server/main.ts` did, and with SEARCH_BACKEND=opensearch under a V8 heap
 * limit chosen from the live archive's size (or SERVER_HEAP_MB), so the
 * serving process stays small without the user typing node flags. It passes
 * signals on, exits with the server's code, and starts the server again with
 * a larger heap when a new generation has outgrown the one it chose.
 */
const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), "main.ts");
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];

async function launch() {
  const env = process.env;
  for (;;) {
    const plan = planServerLaunch({
      backend: env.SEARCH_BACKEND,
      configuredHeapMegabytes: env.SERVER_HEAP_MB,
      nodeOptions: env.NODE_OPTIONS,
      liveChunks: env.SEARCH_BACKEND === "opensearch" ? await readLiveChunks(env.INDEX_DIR || "data/index") : undefined,
    });
    if (env.SEARCH_BACKEND === "opensearch") {
      process.stderr.write(`vanban: ${plan.heapMegabytes ? `serving process with a ${plan.heapMegabytes} MB heap limit` : "serving process without a heap limit"} (${plan.reason}; SERVER_HEAP_MB sets it, 0 for none)\n`);
    }
    const code = await runServer(plan.heapMegabytes);
    if (code !== RESTART_WITH_MORE_HEAP_EXIT_CODE || !plan.automatic) return code;
  }
}

/** The live generation's chunk count from its manifest (see ingest/index/index-store.ts); undefined before the first one. */
async function readLiveChunks(indexDir) {
  try {
    const name = (await readFile(path.resolve(indexDir, "CURRENT"), "utf8")).trim();
    if (!/^gen-[\w-]+$/u.test(name)) return undefined;
    const manifest = JSON.parse(await readFile(path.resolve(indexDir, name, "manifest.json"), "utf8"));
    return typeof manifest?.counts?.chunks === "number" ? manifest.counts.chunks : undefined;
  } catch {
    return undefined;
  }
}

/** The server with the TypeScript loader (and the heap limit); resolves with its exit code (128 + the signal's number when a signal ended it). */
function runServer(heapMegabytes) {
  // This launcher's own node flags (--inspect …) are not passed on; NODE_OPTIONS reaches the server as before.
  const child = spawn(process.execPath, ["--import", "tsx", ...(heapMegabytes ? [`--max-old-space-size=${heapMegabytes}`] : []), MAIN], {
    // The channel tells the server this launcher is alive (and may start it again with a larger heap).
    stdio: ["inherit", "inherit", "inherit", "ipc"],
  });
  const forward = (signal) => child.kill(signal);
  for (const signal of SIGNALS) process.on(signal, forward);
  return new Promise((resolve) => {
    child.once("error", (error) => {
      process.stderr.write(`vanban: the server could not start: ${error.message}\n`);
      resolve(1);
    });
    child.once("exit", (code, signal) => {
      for (const name of SIGNALS) process.off(name, forward);
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}

launch().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`vanban: ${error?.message ?? error}\n`);
    process.exitCode = 1;
  },
);
