import type { ArchiveDocument, Task } from "../../../core/types.js";
import { extractTasks } from "../../../ingest/parse/extract-tasks.js";
import { seedDocument, type SeedId } from "../../ingest/parse/seed-document.js";

/** Documents and tasks of the seeds, as the archive would hold them (tasks from the real extractor). */
export function sampleArchive(ids: readonly SeedId[] = ["000", "002"]): { documents: ArchiveDocument[]; tasks: Task[] } {
  const documents = ids.map((id) => {
    const base = seedDocument(id);
    return { ...base, meta: { ...base.meta, title: `Văn bản ${id}` }, tasks: extractTasks(base) };
  });
  return { documents, tasks: documents.flatMap((document) => document.tasks) };
}

/** A hand-made task for focused tests. */
export function makeTask(overrides: Partial<Task> & Pick<Task, "id">): Task {
  return {
    task: "Báo cáo kết quả",
    lead: "Sở Nội vụ",
    partners: [],
    deadline: null,
    docId: "d1",
    source: "d1.pdf",
    quote: "Báo cáo kết quả.",
    start: 0,
    end: 16,
    ...overrides,
  };
}
