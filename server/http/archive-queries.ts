import { VanbanError } from "../../core/errors.js";
import type { ArchiveDocument, SearchFilters, Task } from "../../core/types.js";
import { analyzeQuery } from "../retrieve/analyze-query.js";
import type { Archive } from "../retrieve/archive.js";
import { findHighlights, searchArchive } from "../retrieve/hybrid-search.js";
import { filterTasks, taskStatus, toIsoDay, type TaskFilters } from "../tasks/filter-tasks.js";
import type { DocumentDetailBody, SearchResponseBody, TasksResponseBody } from "./response-schemas.js";
import type { WorkQueue } from "./work-queue.js";

/**
 * The archive's read operations in the shape the HTTP API sends them, shared
 * by /api, the MCP tools and the LangChain adapters so that every way in gives
 * the same passages, documents and tasks.
 */

/** Runs work now (for callers without a queue: scripts, LangChain in-process). */
export const IMMEDIATE_WORK: Pick<WorkQueue, "run"> = { run: async (work) => work() };

export async function searchPassages(options: {
  archive: Archive;
  work?: Pick<WorkQueue, "run">;
  q: string;
  k: number;
  offset?: number;
  filters?: SearchFilters;
}): Promise<SearchResponseBody> {
  const { archive } = options;
  const query = analyzeQuery(options.q, { knownProvinces: archive.provinces });
  const work = options.work ?? IMMEDIATE_WORK;
  const result = await work.run(() => searchArchive({ archive, query, limit: options.k, offset: options.offset ?? 0, filters: options.filters }));
  return {
    results: result.hits.map((hit) => ({
      docId: hit.document.id,
      chunkId: hit.chunk.id,
      source: hit.document.source,
      title: hit.document.meta.title ?? hit.document.source,
      section: hit.chunk.sectionPath.join(" › "),
      text: hit.chunk.text,
      score: Number(hit.score.toFixed(4)),
      start: hit.chunk.start,
      end: hit.chunk.end,
      highlights: findHighlights(hit.chunk.text, query),
      meta: pickMeta(hit.document),
    })),
    total: result.total,
    facets: result.facets,
    query: { language: query.language },
  };
}

/** A document with its chunks' offsets; not_found when the archive has no such id. */
export function readDocument(archive: Archive, docId: string): DocumentDetailBody {
  const document = archive.documentsById.get(docId);
  if (!document) throw new VanbanError("not_found", `No document ${docId}`);
  return {
    ...document,
    chunks: archive.chunks.filter((chunk) => chunk.docId === document.id).map(({ id, start, end, sectionPath }) => ({ id, start, end, sectionPath })),
  };
}

/** Tasks that pass the filters, each with its status on `filters.today` and its document's title, province and year. */
export function listTaskItems(options: { tasks: Task[]; documents: ArchiveDocument[]; filters: TaskFilters }): TasksResponseBody {
  const { filters } = options;
  const today = typeof filters.today === "string" ? filters.today : toIsoDay(filters.today);
  const documents = new Map(options.documents.map((document) => [document.id, document]));
  const tasks = filterTasks(options.tasks, filters, options.documents);
  return {
    today,
    total: tasks.length,
    tasks: tasks.map((task) => {
      const meta = documents.get(task.docId)?.meta;
      return {
        id: task.id,
        task: task.task,
        lead: task.lead,
        partners: task.partners,
        deadline: task.deadline
          ? { text: task.deadline.text, start: task.deadline.start ?? null, end: task.deadline.end ?? null, relative: Boolean(task.deadline.relative) }
          : null,
        status: taskStatus(task, today),
        docId: task.docId,
        source: task.source,
        title: meta?.title ?? null,
        province: meta?.province ?? null,
        year: meta?.year ?? null,
        quote: task.quote,
        start: task.start,
        end: task.end,
      };
    }),
  };
}

/** The header fields a search result carries. */
export function pickMeta(document: ArchiveDocument) {
  const { type, number, date, year, province, issuer } = document.meta;
  return { type, number, date, year, province, issuer };
}

/** Header fields the document has (no undefined or empty values). */
export function presentHeaderFields(meta: Partial<Record<string, string | number | undefined>>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(meta).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== ""));
}
