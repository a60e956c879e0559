import { VanbanError } from "../../core/errors.js";
import type { ArchiveDocument, SearchFilters, Task } from "../../core/types.js";
import { analyzeQuery } from "../retrieve/analyze-query.js";
import type { Archive } from "../retrieve/archive.js";
import { findHighlights, searchArchive } from "../retrieve/hybrid-search.js";
import { relevanceFloorFor } from "../retrieve/relevance-floor.js";
import type { TaskFollowUp } from "../store/task-follow-ups.js";
import { documentDisplayName } from "../tasks/display-name.js";
import type { TaskFilters } from "../tasks/filter-tasks.js";
import type { TaskState } from "../tasks/follow-up-status.js";
import { assignTaskIds } from "../tasks/task-ids.js";
import { collectTaskFacets, selectTasks, type TaskOrdering, type TaskSelection } from "../tasks/select-tasks.js";
import { buildTaskViews, type TaskView } from "../tasks/task-views.js";
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
  work?: Pick<WorkQueue, "run" | "pool">;
  q: string;
  k: number;
  offset?: number;
  filters?: SearchFilters;
  /** Aborted when the client goes away: a search still waiting for its turn is skipped. */
  signal?: AbortSignal;
}): Promise<SearchResponseBody> {
  const { archive } = options;
  const pool = options.work?.pool;
  const workOptions = options.signal ? { signal: options.signal } : {};
  // On a worker thread holding this archive the same function runs (search-worker.ts), without a pool.
  if (pool?.serves(archive)) return pool.search(archive, { q: options.q, k: options.k, ...(options.offset !== undefined ? { offset: options.offset } : {}), ...(options.filters ? { filters: options.filters } : {}) }, workOptions);
  const query = analyzeQuery(options.q, { knownProvinces: archive.provinces });
  const work = options.work ?? IMMEDIATE_WORK;
  // A passage without lexical evidence or a close vector is not a result: a query with nothing relevant lists nothing.
  const relevanceFloor = relevanceFloorFor(archive.embedder.id);
  const result = await work.run(() => searchArchive({ archive, query, limit: options.k, offset: options.offset ?? 0, filters: options.filters, relevanceFloor }), workOptions);
  return {
    results: result.hits.map((hit) => ({
      docId: hit.document.id,
      chunkId: hit.chunk.id,
      source: hit.document.source,
      title: hit.document.meta.title ?? hit.document.source,
      documentName: documentDisplayName(hit.document.meta, hit.document.source),
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

/** The archive's tasks by document id, once per archive generation (its task array): references only. */
const tasksByDocumentCache = new WeakMap<readonly Task[], Map<string, Task[]>>();

function tasksByDocument(tasks: readonly Task[]): Map<string, Task[]> {
  let byDocument = tasksByDocumentCache.get(tasks);
  if (!byDocument) {
    byDocument = new Map();
    for (const task of tasks) {
      const list = byDocument.get(task.docId);
      if (list) list.push(task);
      else byDocument.set(task.docId, [task]);
    }
    tasksByDocumentCache.set(tasks, byDocument);
  }
  return byDocument;
}

/**
 * Stable ids (keyed by positional id) of the `selected` tasks of the archive's
 * `tasks` (default all). A stable id depends only on its own document's tasks
 * (task-ids.ts), so only the selected tasks' documents are hashed: a
 * document's task table does not hash, nor read the sentences of, the whole
 * archive's tasks (95,088 at 100k chunks).
 */
export function taskIdsOf(tasks: readonly Task[], selected: readonly Task[] = tasks): Map<string, string> {
  const byDocument = tasksByDocument(tasks);
  const ids = new Map<string, string>();
  for (const docId of new Set(selected.map((task) => task.docId))) {
    for (const [id, stableId] of assignTaskIds(byDocument.get(docId) ?? [])) ids.set(id, stableId);
  }
  return ids;
}

/** The task with this stable id (which starts with its document's id), and the ids of its document's tasks. */
export function findTaskByStableId(tasks: readonly Task[], stableId: string): { task: Task; taskIds: Map<string, string> } | undefined {
  const docId = stableId.slice(0, Math.max(0, stableId.lastIndexOf(":")));
  const candidates = tasksByDocument(tasks).get(docId) ?? [];
  const taskIds = taskIdsOf(tasks, candidates);
  const task = candidates.find((candidate) => taskIds.get(candidate.id) === stableId);
  return task ? { task, taskIds } : undefined;
}

/** An archive's tasks and documents, the filters, the recorded follow-ups, and which tasks in what order. */
export type ArchiveTaskSelection = {
  tasks: Task[];
  documents: ArchiveDocument[];
  filters: TaskFilters;
  followUps?: ReadonlyMap<string, TaskFollowUp>;
} & TaskOrdering;

/** The selected tasks of an archive in order, with their states and counts (select-tasks.ts). */
export function selectArchiveTasks(options: ArchiveTaskSelection): TaskSelection {
  return selectTasks({ ...options, stableIdsOf: (selected) => taskIdsOf(options.tasks, selected) });
}

/** Tasks a page lists when a request does not say how many. */
export const DEFAULT_TASK_PAGE_SIZE = 100;
/** The most tasks one page lists; the CSV, Excel and calendar exports give a whole selection. */
export const MAX_TASK_PAGE_SIZE = 1000;

/**
 * One page of the tasks that pass the filters, each with its stable id, its
 * follow-up (what was recorded, else what its deadline says on
 * `filters.today`) and its document's name, title, number, province and year.
 * `state` keeps one follow-up status (open, done, ongoing, overdue); `total`
 * and `counts` are those of the whole selection, `facets` (when asked) too.
 * Only the page's tasks become views (select-tasks.ts).
 */
export function listTaskItems(
  options: ArchiveTaskSelection & {
    offset?: number;
    /** Tasks on the page (default DEFAULT_TASK_PAGE_SIZE); 0 gives the counts (and facets) alone. */
    limit?: number;
    facets?: boolean;
  },
): TasksResponseBody {
  const followUps = options.followUps ?? new Map<string, TaskFollowUp>();
  const selection = selectArchiveTasks(options);
  const offset = options.offset ?? 0;
  const limit = options.limit ?? DEFAULT_TASK_PAGE_SIZE;
  const page = selection.tasks.slice(offset, offset + limit);
  const total = selection.tasks.length;
  return {
    today: selection.today,
    total,
    offset,
    limit,
    nextOffset: offset + page.length < total ? offset + page.length : null,
    counts: selection.counts,
    ...(options.facets ? { facets: collectTaskFacets(selection, options.documents) } : {}),
    tasks: buildTaskViewsOf({ tasks: options.tasks, documents: options.documents, page, today: selection.today, followUps }),
  };
}

/** Task views of some tasks of an archive, their stable ids computed from their own documents' tasks. */
export function buildTaskViewsOf(options: {
  tasks: readonly Task[];
  documents: readonly ArchiveDocument[] | ReadonlyMap<string, ArchiveDocument>;
  page: readonly Task[];
  today: string;
  followUps: ReadonlyMap<string, TaskFollowUp>;
}): TaskView[] {
  const documents = options.documents instanceof Map ? options.documents : new Map((options.documents as readonly ArchiveDocument[]).map((document) => [document.id, document]));
  return buildTaskViews({ tasks: options.page, taskIds: taskIdsOf(options.tasks, options.page), documents, followUps: options.followUps, today: options.today });
}

/**
 * Every task of a selection as views, `batchSize` at a time (the exports
 * write each batch before building the next: the views of 95,088 tasks are
 * never all held at once).
 */
export function* taskViewBatches(options: ArchiveTaskSelection & { batchSize?: number }): Generator<TaskView[]> {
  const followUps = options.followUps ?? new Map<string, TaskFollowUp>();
  const selection = selectArchiveTasks(options);
  const documents = new Map(options.documents.map((document) => [document.id, document]));
  const size = options.batchSize ?? 500;
  // In deadline order a document's tasks are spread over many batches: its stable ids are
  // computed once and kept until the last batch that lists one of its tasks.
  const lastBatch = new Map<string, number>();
  selection.tasks.forEach((task, position) => lastBatch.set(task.docId, Math.floor(position / size)));
  const byDocument = tasksByDocument(options.tasks);
  const idsOfDocument = new Map<string, Map<string, string>>();
  for (let start = 0, batch = 0; start < selection.tasks.length; start += size, batch++) {
    const page = selection.tasks.slice(start, start + size);
    const taskIds = new Map<string, string>();
    const listed = new Set(page.map((task) => task.docId));
    for (const docId of listed) {
      let ids = idsOfDocument.get(docId);
      if (!ids) idsOfDocument.set(docId, (ids = assignTaskIds(byDocument.get(docId) ?? [])));
      for (const [id, stableId] of ids) taskIds.set(id, stableId);
    }
    yield buildTaskViews({ tasks: page, taskIds, documents, followUps, today: selection.today });
    for (const docId of listed) if (lastBatch.get(docId) === batch) idsOfDocument.delete(docId);
  }
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
