import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker, type ResourceLimits } from "node:worker_threads";
import { VanbanError } from "./errors.js";

/**
 * Starts a worker thread on a TypeScript module. Workers are TypeScript like
 * the rest; they are started through tsx's loader API so they run the same way
 * under `tsx` (npm start, npm run ingest) and under vitest, with no build step.
 * The module reads its settings from `workerData` (`settings` plus the two
 * fields the bootstrap uses).
 */
export function startTypeScriptWorker(options: { entry: URL; settings: object; resourceLimits?: ResourceLimits }): Worker {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("tsx/package.json");
  const manifest = require(manifestPath) as { exports: Record<string, { import?: { default?: string } }> };
  const loaderApi = manifest.exports["./esm/api"]?.import?.default;
  if (!loaderApi) throw new VanbanError("internal", "tsx's ESM loader API was not found; reinstall dependencies (npm install).");
  const bootstrap = [
    'const { workerData } = require("node:worker_threads");',
    // tsx turns source maps on; Node then decodes the map of every module it loads, and pdfjs's
    // maps alone hold about 60 MB of heap per thread. A worker's errors travel as messages.
    "import(workerData.loaderApi).then((api) => { api.register(); process.setSourceMapsEnabled(false); return import(workerData.entry); });",
  ].join("\n");
  return new Worker(bootstrap, {
    eval: true,
    workerData: { ...options.settings, loaderApi: new URL(loaderApi, pathToFileURL(manifestPath)).href, entry: options.entry.href },
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
  });
}
