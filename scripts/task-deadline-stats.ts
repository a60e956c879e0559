import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../core/config.js";
import type { Task } from "../core/types.js";
import { HashedEmbeddings } from "../ingest/index/hashed-embeddings.js";
import { loadSnapshot } from "../ingest/index/index-store.js";
import { ocrSettingsFromConfig } from "../ingest/load/ocr.js";
import { describeDeadline } from "../ingest/parse/parse-deadline.js";
import { runIngest } from "../ingest/run-ingest.js";

/**
 * `npx tsx scripts/task-deadline-stats.ts --corpus DIR [--corpus DIR]… [--ocr auto|on|off] [--verbose] [--by-type]`
 *
 * Ingests each corpus into a temporary index and reports the share of its
 * tasks with a resolved deadline (an end date) or an ongoing one ("thường
 * xuyên", "hằng tháng"), with counts by kind. `--verbose` prints the tasks left
 * without one, to see what the parser misses.
 *
 * Scanned PDFs are read by OCR as `npm start` reads them (`--ocr`, default
 * `auto`: on when the language data is installed), so their tasks count too;
 * the report says how many documents OCR read ("read by OCR", all pages or
 * some) with how many tasks, and how many files were left without text
 * ("no text": scans with OCR off, or pages OCR could not read).
 */
const { values } = parseArgs({
  options: {
    corpus: { type: "string", multiple: true, default: ["corpus"] },
    verbose: { type: "boolean", default: false },
    "by-type": { type: "boolean", default: false },
    ocr: { type: "string", default: "auto" },
  },
});

const ocr = ocrSettingsFromConfig(loadConfig({ OCR: values.ocr }));
if (ocr.note) console.warn(ocr.note);

type CorpusTasks = {
  tasks: Array<Task & { documentType: string }>;
  documents: number;
  failed: number;
  /** Files left without text: a scan with OCR off, or no page OCR could read. */
  noText: number;
  /** Documents OCR read all pages of, some pages of, and the tasks found in them. */
  ocrAllPages: number;
  ocrSomePages: number;
  ocrTasks: number;
};

async function tasksOf(corpusDir: string): Promise<CorpusTasks> {
  const indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-task-stats-"));
  try {
    const embedder = new HashedEmbeddings({ dimension: 512 });
    const summary = await runIngest({ embedder }, { corpusDir, indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024, ...(ocr.settings ? { ocr: ocr.settings } : {}) });
    const snapshot = await loadSnapshot(indexDir, { vectors: false });
    const read = snapshot.documents.filter((document) => (document.ocr?.pages.length ?? 0) > 0);
    const allPages = read.filter((document) => document.pages !== undefined && document.ocr!.pages.length >= document.pages);
    return {
      tasks: snapshot.documents.flatMap((document) => document.tasks.map((task) => ({ ...task, documentType: document.meta.type ?? "(no type)" }))),
      documents: summary.documents,
      failed: summary.failed.length,
      noText: summary.failed.filter((failure) => failure.code === "file_no_text_layer").length,
      ocrAllPages: allPages.length,
      ocrSomePages: read.length - allPages.length,
      ocrTasks: read.reduce((sum, document) => sum + document.tasks.length, 0),
    };
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

async function main() {
  const rows: Record<string, Record<string, number | string>> = {};
  for (const corpus of values.corpus!) {
    const { tasks, documents, failed, noText, ocrAllPages, ocrSomePages, ocrTasks } = await tasksOf(corpus);
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
      "no text": noText,
      "read by OCR (all pages)": ocrAllPages,
      "read by OCR (some pages)": ocrSomePages,
      "tasks from OCR": ocrTasks,
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
