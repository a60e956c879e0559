import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../../core/config.js";
import { describeError, isVanbanError } from "../../core/errors.js";
import { HashedEmbeddings } from "../../ingest/index/hashed-embeddings.js";
import { isFileOverBudgetError } from "../../ingest/load/file-over-budget.js";
import { fileBudgetFromConfig } from "../../ingest/pipeline/file-budget.js";
import { createFileProcessorPool } from "../../ingest/pipeline/file-processor-pool.js";
import { ownPeakRssMegabytes, round } from "../measure.js";

/**
 * One file through the real pipeline in a worker, within the configured
 * budget (the defaults unless the environment sets them), in a process of its
 * own so that its time and peak memory are its own. Prints one JSON line:
 * the outcome (indexed, or the limit it hit), seconds, peak RSS.
 * `tsx bench/steps/hostile-file-step.ts --file PATH`
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: "string" } } });
  if (!values.file) throw new Error("--file is required");
  const config = loadConfig(process.env);
  const budget = fileBudgetFromConfig(config);
  const embedder = new HashedEmbeddings({ dimension: 512 });
  const pool = createFileProcessorPool({ size: 1, hashedDimension: embedder.dimension, budget });
  const source = path.basename(values.file);
  const started = performance.now();
  let outcome: { outcome: string; limit?: string; code?: string; message?: string; chunks?: number };
  try {
    const result = await pool.process({
      absolutePath: values.file,
      source,
      docId: "probe",
      hash: "probe",
      maxBytes: config.MAX_FILE_MB * 1024 * 1024,
      chunkChars: config.CHUNK_CHARS,
      budget: { maxPages: budget.maxPages, maxInflatedBytes: budget.maxInflatedBytes, maxTextCharacters: budget.maxTextCharacters },
    });
    outcome = { outcome: "indexed", chunks: result.chunks.length };
  } catch (error) {
    outcome = {
      outcome: isFileOverBudgetError(error) ? "over budget" : "failed",
      ...(isFileOverBudgetError(error) ? { limit: error.limit } : {}),
      code: isVanbanError(error) ? error.code : "internal",
      message: describeError(error),
    };
  } finally {
    await pool.close();
  }
  process.stdout.write(`${JSON.stringify({ source, ...outcome, seconds: round((performance.now() - started) / 1000, 2), peakRssMegabytes: round(ownPeakRssMegabytes(), 0) })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`hostile-file-step: ${describeError(error)}\n`);
  process.exitCode = 1;
});
