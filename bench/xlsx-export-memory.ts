import { createWriteStream, readdirSync, readFileSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { ArchiveDocument, Task } from "../core/types.js";
import { assignTaskIds } from "../server/tasks/task-ids.js";
import { buildTaskViews, type TaskView } from "../server/tasks/task-views.js";

/**
 * Peak memory and time of the Excel export of many tasks, in this process
 * alone: `--tasks` tasks whose sentences are lines of the seed texts
 * (tests/fixtures/seeds), over 500 documents, turned into views 500 at a time
 * as the HTTP export does, and streamed to a temporary file (`--reader fast`)
 * or to a reader taking `--reader-mb-per-s` MB a second (`--reader slow`).
 * `--module` names another writer with the same `streamTasksXlsx` export
 * (to compare with an older one). Prints one JSON line: peak RSS (VmHWM),
 * RSS before the export, seconds, file bytes.
 *
 *   npx tsx bench/xlsx-export-memory.ts --tasks 100000 [--reader slow]
 */

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    tasks: { type: "string", default: "100000" },
    reader: { type: "string", default: "fast" },
    "reader-mb-per-s": { type: "string", default: "4" },
    module: { type: "string", default: path.join(root, "server/tasks/stream-tasks-xlsx.ts") },
  },
});

const LEADS = ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "UBND các huyện, thành phố", "Công ty TNHH MTV Xổ số kiến thiết", "Ban Quản lý các khu công nghiệp tỉnh"];

function makeTasks(count: number): { tasks: Task[]; documents: Map<string, Pick<ArchiveDocument, "meta" | "source">> } {
  const seedDirectory = path.join(root, "tests/fixtures/seeds");
  const sentences = readdirSync(seedDirectory)
    .flatMap((name) => readFileSync(path.join(seedDirectory, name), "utf8").split("\n"))
    .map((line) => line.trim())
    .filter((line) => line.length >= 40);
  const documents = new Map<string, Pick<ArchiveDocument, "meta" | "source">>();
  for (let index = 0; index < 500; index++) {
    documents.set(`doc${index}`, { source: `${String(index).padStart(3, "0")}_bench.pdf`, meta: { type: "THÔNG BÁO", number: `${index}/TB-UBND`, title: `Kết luận của Chủ tịch UBND tỉnh tại cuộc họp số ${index}`, province: "Lào Cai", date: "2024-03-15", year: 2024 } });
  }
  const tasks: Task[] = [];
  for (let index = 0; index < count; index++) {
    const sentence = sentences[index % sentences.length]!;
    const month = (index % 12) + 1;
    const end = `2024-${String(month).padStart(2, "0")}-28`;
    tasks.push({
      id: `doc${index % 500}:${index}`,
      task: sentence,
      lead: LEADS[index % LEADS.length]!,
      partners: index % 3 ? ["Sở Tài chính", "các đơn vị liên quan"] : [],
      deadline: index % 4 ? { text: `trước ngày 28/${month}/2024`, start: end, end } : null,
      docId: `doc${index % 500}`,
      source: `${String(index % 500).padStart(3, "0")}_bench.pdf`,
      quote: sentence,
      start: index * 10,
      end: index * 10 + sentence.length,
    });
  }
  return { tasks, documents };
}

function peakRssMb(): number {
  const line = readFileSync("/proc/self/status", "utf8").match(/^VmHWM:\s+(\d+) kB/mu);
  return line ? Math.round(Number(line[1]) / 1024) : Math.round(process.memoryUsage().rss / 2 ** 20);
}

const { tasks, documents } = makeTasks(Number(values.tasks));
const taskIds = assignTaskIds(tasks);
function* batches(): Generator<TaskView[]> {
  for (let start = 0; start < tasks.length; start += 500) {
    yield buildTaskViews({ tasks: tasks.slice(start, start + 500), taskIds, documents, followUps: new Map(), today: "2024-06-01" });
  }
}
const writer = (await import(pathToFileURL(values.module!).href)) as { streamTasksXlsx: (options: { batches: Iterable<readonly TaskView[]>; write: (bytes: Uint8Array) => Promise<void> | void }) => Promise<void> };
const file = path.join(os.tmpdir(), `xlsx-export-memory-${process.pid}.xlsx`);
const output = createWriteStream(file);
const bytesPerMs = (Number(values["reader-mb-per-s"]) * 2 ** 20) / 1000;
let writtenBytes = 0;
const started = performance.now();
const write = async (bytes: Uint8Array) => {
  writtenBytes += bytes.length;
  if (!output.write(bytes)) await once(output, "drain");
  if (values.reader === "slow") {
    const due = started + writtenBytes / bytesPerMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
};
global.gc?.();
const rssBefore = Math.round(process.memoryUsage().rss / 2 ** 20);
const peakBefore = peakRssMb();
await writer.streamTasksXlsx({ batches: batches(), write });
output.end();
await once(output, "finish");
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ module: path.relative(root, values.module!), tasks: tasks.length, reader: values.reader, rssBeforeMb: rssBefore, peakBeforeMb: peakBefore, peakRssMb: peakRssMb(), seconds: Number(seconds.toFixed(1)), fileBytes: statSync(file).size }));
await rm(file, { force: true });
