import { execFileSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandingDocx, manyPagesPdf, readSeedText, writeHostileFiles, type HostileFile } from "../../bench/hostile-files.js";
import { HashedEmbeddings } from "../../ingest/index/hashed-embeddings.js";
import { loadSnapshot } from "../../ingest/index/index-store.js";
import type { FileBudget } from "../../ingest/pipeline/file-budget.js";
import { createFileProcessorPool } from "../../ingest/pipeline/file-processor-pool.js";
import { createProgressReporter, type IngestSummary } from "../../ingest/progress.js";
import { runIngest } from "../../ingest/run-ingest.js";
import { formatTasksIcs } from "../../server/tasks/format-tasks-ics.js";
import { SAMPLE_FILES, SAMPLES_DIR } from "../helpers/start-test-server.js";

/**
 * The hostile-file probes of issue 10, at test scale (the files are written
 * here, never committed; `npm run bench` runs them at full size): beside the
 * five samples, a PDF declaring a million pages, a Flate bomb, a DOCX
 * expanding six to one, a one-line text over the text limit, one under it,
 * a symbolic link loop, a broken link, a FIFO and a file named with an ANSI
 * escape. Each hostile file must be reported with the limit it hit, the
 * special entries by name and reason, and everything else indexed.
 */
const MB = 1024 * 1024;
const embedder = new HashedEmbeddings({ dimension: 512 });
/** Small limits, so that test-sized files pass them. */
const budget: FileBudget = { timeLimitSeconds: 120, memoryMegabytes: 512, maxPages: 2000, maxInflatedBytes: 16 * MB, maxTextCharacters: 1_000_000 };
const ANSI_NAME = "ghi-chu-\u001b[31mdo\u001b[0m.txt";

let workDir: string;
let corpusDir: string;
let indexDir: string;
let seedText: string;
let hostile: HostileFile[];
let summary: IngestSummary;
let terminal: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "vanban-hostile-"));
  corpusDir = path.join(workDir, "corpus");
  indexDir = path.join(workDir, "index");
  await mkdir(corpusDir);
  for (const file of SAMPLE_FILES) await copyFile(path.join(SAMPLES_DIR, file), path.join(corpusDir, file));
  seedText = await readSeedText(path.resolve(import.meta.dirname, "../fixtures/seeds"));
  hostile = await writeHostileFiles({
    directory: corpusDir,
    sizes: { declaredPages: 1_000_000, flateBytes: 64 * MB, docxBytes: 24 * MB, textBytes: 8 * MB },
    seedText,
  });
  // A one-line text within the limits: indexed, cleaned in linear time.
  await writeFile(path.join(corpusDir, "mot-dong.txt"), `${seedText.replace(/\s+/gu, " ").slice(0, 600_000)}`);
  await writeFile(path.join(corpusDir, ANSI_NAME), "Sở Nội vụ chủ trì, hoàn thành trước ngày 30/6/2025 việc rà soát hồ sơ.\n");
  await mkdir(path.join(corpusDir, "vong"));
  await symlink("..", path.join(corpusDir, "vong", "lap"));
  await symlink(path.join(corpusDir, "khong-co.pdf"), path.join(corpusDir, "gay.pdf"));
  await symlink(path.join(corpusDir, SAMPLE_FILES[1]!), path.join(corpusDir, "lien-ket.docx"));
  try {
    execFileSync("mkfifo", [path.join(corpusDir, "ong.txt")]);
  } catch {
    // No mkfifo here: the FIFO case is skipped below.
  }
  const output = new PassThrough();
  let printed = "";
  output.on("data", (data: Buffer) => (printed += data.toString("utf8")));
  const fileProcessor = createFileProcessorPool({ size: 2, hashedDimension: embedder.dimension, budget });
  try {
    summary = await runIngest(
      { embedder, fileProcessor, progress: createProgressReporter({ stream: output, interactive: false }) },
      { corpusDir, indexDir, chunkChars: 1200, maxBytes: 50 * MB, budget },
    );
  } finally {
    await fileProcessor.close();
  }
  terminal = printed;
}, 300_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe("hostile files beside the five samples", () => {
  it("reports each hostile file with the limit it hit", () => {
    for (const file of hostile) {
      const failure = summary.failed.find((entry) => entry.source === file.name);
      expect(failure, file.name).toBeDefined();
      expect(failure).toMatchObject({ code: "file_over_budget", limit: file.limit });
    }
    const messages = Object.fromEntries(summary.failed.map((failure) => [failure.source, failure.message]));
    expect(messages["hostile-pages.pdf"]).toMatch(/declares 1,000,000 pages, more than the page limit of 2,000 \(MAX_PAGES\)/u);
    expect(messages["hostile-flate.pdf"]).toMatch(/inflates past 16 MB, the inflated-size limit \(MAX_INFLATED_MB\)/u);
    expect(messages["hostile-expanding.docx"]).toMatch(/word\/document\.xml inflates past 16 MB/u);
    expect(messages["hostile-one-line.txt"]).toMatch(/text-size limit \(MAX_TEXT_CHARS\)/u);
  });

  it("indexes everything else: the five samples, a linked file, the one-line text within the limits, the oddly named file", async () => {
    expect(summary.failed.map((failure) => failure.source).sort()).toEqual(hostile.map((file) => file.name).sort());
    const snapshot = await loadSnapshot(indexDir);
    const sources = snapshot.documents.map((document) => document.source).sort();
    for (const file of SAMPLE_FILES) expect(sources).toContain(file);
    expect(sources).toContain("lien-ket.docx");
    expect(sources).toContain("mot-dong.txt");
    expect(sources).toContain(ANSI_NAME);
    expect(snapshot.manifest.files.find((file) => file.source === "hostile-pages.pdf")?.error?.limit).toBe("pages");
  });

  it("reports symbolic link loops, broken links and FIFOs by name and reason, and never opens them", () => {
    const skipped = Object.fromEntries((summary.skipped ?? []).map((entry) => [entry.source, entry.reason]));
    expect(skipped["vong/lap"]).toMatch(/symbolic link loop/u);
    expect(skipped["gay.pdf"]).toMatch(/broken symbolic link/u);
    if (summary.skipped?.some((entry) => entry.source === "ong.txt")) expect(skipped["ong.txt"]).toMatch(/not a regular file \(a FIFO\)/u);
    expect(terminal).toMatch(/skipped: vong\/lap: a symbolic link loop/u);
  });

  it("prints file names with their control characters escaped: no ANSI sequence reaches the terminal or tasks.ics", async () => {
    expect(terminal).not.toContain("\u001b");
    expect(terminal).toContain("ghi-chu-\\u001b[31mdo\\u001b[0m.txt");
    const snapshot = await loadSnapshot(indexDir);
    const tasks = snapshot.documents.flatMap((document) => document.tasks ?? []).filter((task) => task.source === ANSI_NAME);
    expect(tasks.length).toBeGreaterThan(0);
    const ics = formatTasksIcs(tasks, { now: new Date("2025-01-01T00:00:00Z") });
    expect(ics).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u);
    expect(ics).toContain("ghi-chu-[31mdo[0m.txt");
  });

  it("does not try a file refused for its budget again while its bytes and the limits stay the same, and does when the limits change", async () => {
    const again = await runIngest({ embedder }, { corpusDir, indexDir, chunkChars: 1200, maxBytes: 50 * MB, budget });
    expect(again.changed).toBe(false);
    expect(again.failed.map((failure) => failure.limit).sort()).toEqual(summary.failed.map((failure) => failure.limit).sort());
    const higher = { ...budget, maxPages: 2001 };
    const retried = await runIngest({ embedder }, { corpusDir, indexDir, chunkChars: 1200, maxBytes: 50 * MB, budget: higher });
    expect(retried.changed).toBe(true);
    // Processed again (and refused again, under the new limits); the other files are reused.
    expect(retried.reused).toBe(retried.files - hostile.length);
    expect(retried.failed.find((failure) => failure.source === "hostile-pages.pdf")?.message).toMatch(/page limit of 2,001/u);
  }, 120_000);
});

/** Ingests `files` (and a short text) alone, with one worker under `limits`; the summary. */
async function ingestAlone(files: Record<string, Buffer>, limits: FileBudget): Promise<IngestSummary> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "vanban-limits-"));
  try {
    for (const [name, bytes] of Object.entries(files)) await writeFile(path.join(directory, name), bytes);
    await writeFile(path.join(directory, "ngan.txt"), "Sở Nội vụ báo cáo trước ngày 30/6/2025.\n");
    const fileProcessor = createFileProcessorPool({ size: 1, budget: limits });
    try {
      // The index inside the corpus folder is not taken for corpus files.
      return await runIngest({ embedder, fileProcessor }, { corpusDir: directory, indexDir: path.join(directory, "index"), chunkChars: 1200, maxBytes: 50 * MB, budget: limits });
    } finally {
      await fileProcessor.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe("the time and memory limits (a worker per file)", () => {
  it("stops a file past its time limit (busy time in its worker), reports it, and goes on with the next", async () => {
    const result = await ingestAlone({ "nhieu-trang.pdf": manyPagesPdf(40_000) }, { ...budget, timeLimitSeconds: 3, maxPages: 100_000 });
    expect(result.failed).toEqual([expect.objectContaining({ source: "nhieu-trang.pdf", code: "file_over_budget", limit: "time" })]);
    expect(result.failed[0]!.message).toMatch(/longer than 3 s .*\(FILE_TIME_LIMIT_S\)/u);
    expect(result.documents).toBe(1);
  }, 120_000);

  it("stops a file past its memory limit (its worker's heap), reports it, and goes on with the next", async () => {
    const result = await ingestAlone(
      { "lon.docx": await expandingDocx({ xmlBytes: 40 * MB, seedText }) },
      { ...budget, memoryMegabytes: 128, maxInflatedBytes: 64 * MB, maxTextCharacters: 100_000_000 },
    );
    expect(result.failed).toEqual([expect.objectContaining({ source: "lon.docx", code: "file_over_budget", limit: "memory" })]);
    expect(result.failed[0]!.message).toMatch(/more than 128 MB of memory, the memory limit \(FILE_MEMORY_MB\)/u);
    expect(result.documents).toBe(1);
  }, 120_000);
});
