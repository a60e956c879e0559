import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { createRandom } from "../bench/generate-corpus.js";
import type { ArchiveDocument, Deadline } from "../core/types.js";
import { loadFile, type LoadedFile } from "../ingest/load/load-file.js";
import { processText } from "../ingest/pipeline/process-file.js";
import { describeDeadline } from "../ingest/parse/parse-deadline.js";
import { docIdFromSource, listCorpusFiles } from "../ingest/run-ingest.js";

/**
 * Precision and recall of task extraction against hand labels.
 *
 *   npx tsx scripts/task-precision.ts --corpus DIR [--corpus DIR]… [--labels FILE] [--cache DIR]
 *   npx tsx scripts/task-precision.ts --corpus DIR --sample 150 --seed 12 [--exclude FILE]
 *
 * `data/eval/task-labels.jsonl` holds, one per line, a task quote drawn from an
 * extraction run (`sample`: before or after the assignment filter of
 * select-assignments.ts and extract-tasks.ts) with its file and a hand label: `assignment` (a unit or person
 * is given something to do by the issuing body, what a leader would follow up)
 * or `not` (a technical requirement, a table cell, legal background, a report of
 * what was done, generic text), and why. Scoring re-extracts the corpora:
 * precision is the share of the labelled quotes still extracted that are
 * assignments, recall the share of the labelled assignments still extracted (a
 * quote counts as extracted when a task of the same file covers most of it).
 * `--sample N` draws N tasks (seeded, without the quotes already labelled) to
 * label. `--cache DIR` keeps the loaders' text between runs (loading is most of
 * the time; the pipeline after it is what changes).
 */
const { values } = parseArgs({
  options: {
    corpus: { type: "string", multiple: true, default: [] },
    labels: { type: "string", default: "data/eval/task-labels.jsonl" },
    cache: { type: "string" },
    sample: { type: "string" },
    seed: { type: "string", default: "12" },
    verbose: { type: "boolean", default: false },
    dump: { type: "string" },
  },
});

/**
 * `sample`: "before" labels were drawn from the extraction before the assignment filter, "after" ones from
 * the one after it, "unsure" ones from the tasks the extractor leads by default (no unit named in the
 * sentence) or leaves without a deadline, "added" ones are the tasks a change newly extracted, labelled before the
 * change was kept. An assignment may say who is asked to act (`lead`) and what its
 * text gives as its time limit (`deadline`: an ISO date, "ongoing", "recurring", or "none" when it states
 * none). `labeller` says who labelled a line added after the first two samples.
 */
type Label = {
  sample: "before" | "after" | "unsure" | "added";
  file: string;
  type: string;
  quote: string;
  label: "assignment" | "not";
  reason: string;
  lead?: string;
  deadline?: string;
  labeller?: string;
};
type ExtractedTask = { quote: string; lead: string; deadline: Deadline | null };
type CorpusDocument = Pick<ArchiveDocument, "source" | "meta" | "tasks">;

async function readCorpus(corpusDir: string, cacheDir: string | undefined): Promise<CorpusDocument[]> {
  const documents: CorpusDocument[] = [];
  for (const file of await listCorpusFiles(corpusDir)) {
    const loaded = await loadCached(file.absolutePath, cacheDir);
    if (!loaded) continue;
    const { document } = processText({
      raw: loaded.text,
      format: loaded.format,
      source: file.source,
      docId: docIdFromSource(file.source),
      hash: "",
      chunkChars: 1200,
      ...(loaded.pages !== undefined ? { pages: loaded.pages } : {}),
    });
    documents.push({ source: path.join(path.basename(path.resolve(corpusDir)), file.source), meta: document.meta, tasks: document.tasks });
  }
  return documents;
}

async function loadCached(filePath: string, cacheDir: string | undefined): Promise<LoadedFile | undefined> {
  const cacheFile = cacheDir ? path.join(cacheDir, `${createHash("sha256").update(filePath).digest("hex").slice(0, 16)}.json`) : undefined;
  if (cacheFile) {
    const cached = await readFile(cacheFile, "utf8").catch(() => undefined);
    if (cached !== undefined) return (JSON.parse(cached) as { loaded: LoadedFile | null }).loaded ?? undefined;
  }
  const loaded = await loadFile(filePath, { maxBytes: 50 * 1024 * 1024 }).catch(() => undefined);
  if (cacheFile && cacheDir) {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(cacheFile, JSON.stringify({ loaded: loaded ?? null }));
  }
  return loaded;
}

/** White space collapsed, so a quote matches across re-wrapped lines. */
function normalize(text: string): string {
  return text.normalize("NFC").replace(/[\s*]+/gu, " ").trim();
}

/** The task of the file that covers most of the labelled quote (extraction may cut a sentence differently). */
function extractedTask(label: Label, tasksByFile: Map<string, ExtractedTask[]>): ExtractedTask | undefined {
  const quote = normalize(label.quote);
  const head = quote.slice(0, Math.min(60, quote.length));
  return (tasksByFile.get(label.file) ?? []).find((task) => task.quote.includes(head) || (quote.includes(task.quote) && task.quote.length >= quote.length * 0.6));
}

function isExtracted(label: Label, tasksByFile: Map<string, ExtractedTask[]>): boolean {
  return extractedTask(label, tasksByFile) !== undefined;
}

/** Whether a task's deadline is what the label says its text gives ("none": no end, not ongoing or recurring). */
function deadlineAgrees(deadline: Deadline | null, labelled: string): boolean {
  if (labelled === "none") return !deadline?.end && !deadline?.ongoing && !deadline?.recurring;
  if (labelled === "ongoing") return deadline?.ongoing === true;
  if (labelled === "recurring") return deadline?.recurring === true;
  return deadline?.end === labelled;
}

/**
 * Leads and deadlines of the labelled assignments that are extracted: how many leads are the one
 * asked to act, and for each way a deadline is read (`describeDeadline`: the sentence's own date,
 * the heading, the wording …) how often it is what the label says, so a reader is kept only when it
 * is right on the cases it fires on.
 */
function scoreFields(labels: readonly Label[], tasksByFile: Map<string, ExtractedTask[]>): void {
  const leads = { labelled: 0, extracted: 0, right: 0 };
  const readers: Record<string, { fired: number; right: number }> = {};
  for (const label of labels) {
    if (label.label !== "assignment") continue;
    const task = extractedTask(label, tasksByFile);
    if (label.lead !== undefined) {
      leads.labelled++;
      if (task) leads.extracted++;
      if (task && normalize(task.lead).toLowerCase() === normalize(label.lead).toLowerCase()) leads.right++;
      else if (task && values.verbose) console.log(`  lead ${task.lead} (labelled ${label.lead}): ${label.file}: ${normalize(label.quote).slice(0, 100)}`);
    }
    if (label.deadline !== undefined && task) {
      const reader = describeDeadline(task.deadline);
      const row = (readers[reader] ??= { fired: 0, right: 0 });
      row.fired++;
      if (deadlineAgrees(task.deadline, label.deadline)) row.right++;
      else if (values.verbose) console.log(`  deadline ${reader} ${task.deadline?.end ?? task.deadline?.text ?? ""} (labelled ${label.deadline}): ${label.file}: ${normalize(label.quote).slice(0, 100)}`);
    }
  }
  if (leads.labelled) console.table({ leads });
  if (Object.keys(readers).length) console.table(readers);
}

async function readLabels(file: string): Promise<Label[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Label);
}

async function main() {
  const documents = (await Promise.all(values.corpus!.map((corpus) => readCorpus(corpus, values.cache)))).flat();
  const tasks = documents.flatMap((document) => document.tasks.map((task) => ({ task, document })));
  const labels = await readLabels(values.labels!);
  if (values.dump) {
    const lines = tasks.map(({ task, document }) => JSON.stringify({ file: document.source, type: document.meta.type ?? "", issuer: document.meta.issuer ?? "", quote: task.quote, lead: task.lead, deadline: describeDeadline(task.deadline), deadlineEnd: task.deadline?.end ?? "", deadlineText: task.deadline?.text ?? "" }));
    await writeFile(values.dump, lines.join("\n") + "\n");
  }

  if (values.sample) {
    const labelled = new Set(labels.map((label) => `${label.file}\n${normalize(label.quote)}`));
    const pool = tasks.filter(({ task, document }) => !labelled.has(`${document.source}\n${normalize(task.quote)}`));
    const random = createRandom(Number(values.seed));
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    for (const { task, document } of pool.slice(0, Number(values.sample))) {
      console.log(JSON.stringify({ file: document.source, type: document.meta.type ?? "", quote: task.quote, lead: task.lead, deadline: describeDeadline(task.deadline) }));
    }
    return;
  }

  const tasksByFile = new Map<string, ExtractedTask[]>();
  for (const { task, document } of tasks) {
    const list = tasksByFile.get(document.source) ?? [];
    list.push({ quote: normalize(task.quote), lead: task.lead, deadline: task.deadline });
    tasksByFile.set(document.source, list);
  }
  const groups = [...new Set(labels.map((label) => `${label.file.split("/")[0]!}\n${label.sample}`))];
  const rows: Record<string, Record<string, number | string>> = {};
  for (const group of groups) {
    const [corpus, sample] = group.split("\n") as [string, string];
    if (!documents.some((document) => document.source.startsWith(`${corpus}/`))) continue;
    const own = labels.filter((label) => label.file.startsWith(`${corpus}/`) && label.sample === sample);
    const extracted = own.filter((label) => isExtracted(label, tasksByFile));
    const assignments = own.filter((label) => label.label === "assignment");
    const keptAssignments = extracted.filter((label) => label.label === "assignment");
    if (values.verbose) {
      for (const label of own) {
        const kept = extracted.includes(label);
        if (kept !== (label.label === "assignment")) console.log(`  ${kept ? "kept not" : "lost assignment"}: ${label.file}: ${normalize(label.quote).slice(0, 160)}`);
      }
    }
    rows[`${corpus} (${sample} sample)`] = {
      labelled: own.length,
      assignments: assignments.length,
      "still extracted": extracted.length,
      "assignments extracted": keptAssignments.length,
      precision: extracted.length ? Number((keptAssignments.length / extracted.length).toFixed(3)) : 0,
      recall: assignments.length ? Number((keptAssignments.length / assignments.length).toFixed(3)) : 0,
      "tasks now": tasks.filter(({ document }) => document.source.startsWith(`${corpus}/`)).length,
    };
  }
  console.table(rows);
  scoreFields(labels, tasksByFile);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
