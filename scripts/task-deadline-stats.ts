import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Task } from "../core/types.js";
import { HashedEmbeddings } from "../ingest/index/hashed-embeddings.js";
import { loadSnapshot } from "../ingest/index/index-store.js";
import { describeDeadline } from "../ingest/parse/parse-deadline.js";
import { runIngest } from "../ingest/run-ingest.js";

/**
 * `npx tsx scripts/task-deadline-stats.ts --corpus DIR [--corpus DIR]… [--verbose]`
 *
 * Ingests each corpus into a temporary index and reports the share of its
 * tasks with a resolved deadline (an end date) or an ongoing one ("thường
 * xuyên", "hằng tháng"), with counts by kind. `--verbose` prints the tasks left
 * without one, to see what the parser misses.
 */
const { values } = parseArgs({
  options: {
    corpus: { type: "string", multiple: true, default: ["corpus"] },
    verbose: { type: "boolean", default: false },
    "by-type": { type: "boolean", default: false },
  },
});

async function tasksOf(corpusDir: string): Promise<{ tasks: Array<Task & { documentType: string }>; documents: number; failed: number }> {
  const indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-task-stats-"));
  try {
    const embedder = new HashedEmbeddings({ dimension: 512 });
    const summary = await runIngest({ embedder }, { corpusDir, indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024 });
    const snapshot = await loadSnapshot(indexDir, { vectors: false });
    return {
      tasks: snapshot.documents.flatMap((document) => document.tasks.map((task) => ({ ...task, documentType: document.meta.type ?? "(no type)" }))),
      documents: summary.documents,
      failed: summary.failed.length,
    };
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

async function main() {
  const rows: Record<string, Record<string, number | string>> = {};
  for (const corpus of values.corpus!) {
    const { tasks, documents, failed } = await tasksOf(corpus);
    const counts: Record<string, number> = {};
    for (const task of tasks) {
      const kind = describeDeadline(task.deadline);
      counts[kind] = (counts[kind] ?? 0) + 1;
      if (values.verbose && kind === "none") console.log(`  none: ${task.source}: ${task.quote.replace(/\s+/gu, " ").slice(0, 220)}`);
    }
    const resolved = tasks.filter((task) => task.deadline?.end || task.deadline?.ongoing || task.deadline?.recurring).length;
    rows[path.basename(path.resolve(corpus))] = {
      documents,
      failed,
      tasks: tasks.length,
      "resolved or ongoing": resolved,
      share: tasks.length ? Number((resolved / tasks.length).toFixed(3)) : 0,
      ...counts,
    };
    if (values["by-type"]) console.table(byType(tasks));
  }
  console.table(rows);
}

/** Share of tasks with a resolved or ongoing deadline per document type ("THÔNG BÁO", "CÔNG VĂN" …). */
function byType(tasks: ReadonlyArray<Task & { documentType: string }>): Record<string, { tasks: number; resolved: number; share: number }> {
  const out: Record<string, { tasks: number; resolved: number; share: number }> = {};
  for (const task of tasks) {
    const row = (out[task.documentType] ??= { tasks: 0, resolved: 0, share: 0 });
    row.tasks++;
    if (task.deadline?.end || task.deadline?.ongoing || task.deadline?.recurring) row.resolved++;
    row.share = Number((row.resolved / row.tasks).toFixed(3));
  }
  return out;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
