import type { ArchiveDocument, Task } from "../../core/types.js";
import { foldPhrase } from "../../ingest/parse/fold-text.js";
import type { TaskFollowUp } from "../store/task-follow-ups.js";
import { documentDisplayName } from "./display-name.js";
import { filterTasks, toIsoDay, type TaskFilters } from "./filter-tasks.js";
import { TASK_STATES, taskState, type TaskState } from "./follow-up-status.js";

/**
 * The task table's selection before any page is cut from it: the filters,
 * each task's follow-up state (what was recorded, else what its deadline
 * says), the state filter, the order, the counts and the facets. It reads only
 * what an archive keeps in memory for every task (document, offsets, lead,
 * partners, deadline) and the documents' summaries, never the task sentences
 * (unless the words filter or the task order asks for them), so listing a page
 * of 95,088 tasks builds 100 task views, not 95,088.
 */

export type TaskSortKey = "deadline" | "status" | "lead" | "task" | "source";
export const TASK_SORT_KEYS: readonly TaskSortKey[] = ["deadline", "status", "lead", "task", "source"];

export type TaskCounts = Record<TaskState, number>;

/** One lead unit of the selection and its tasks' states (the page's "by unit" view). */
export type LeadFacet = { unit: string; total: number } & TaskCounts;

export type TaskFacets = {
  /** Lead units with their counts, most tasks first; "" is a task without a stated lead. */
  leads: LeadFacet[];
  /** Every unit named as lead or partner, in Vietnamese order. */
  units: string[];
  provinces: string[];
  years: number[];
};

/** Which tasks and in what order: the follow-up state to keep, the sort key and direction. */
export type TaskOrdering = { state?: TaskState; sort?: TaskSortKey; order?: "asc" | "desc" };

export type TaskSelection = {
  today: string;
  /** The selected tasks in the asked order. */
  tasks: Task[];
  /** Each selected task's follow-up state, by position in `tasks`. */
  states: TaskState[];
  counts: TaskCounts;
};

type DocumentInfo = Pick<ArchiveDocument, "id" | "meta" | "source">;

/** How many characters of a task's sentence order it when sorting by task: a prefix, so sorting 95,088 tasks holds small keys, not every sentence. */
const TASK_SORT_KEY_CHARACTERS = 32;

const STATE_ORDER: Readonly<Record<TaskState, number>> = { overdue: 0, open: 1, ongoing: 2, done: 3 };

export function selectTasks(options: {
  tasks: readonly Task[];
  documents: readonly DocumentInfo[];
  filters: TaskFilters;
  /** Recorded follow-ups by stable task id. */
  followUps?: ReadonlyMap<string, TaskFollowUp>;
  /** Stable ids (by positional id) of the given tasks: only those of documents with a recorded follow-up are asked for. */
  stableIdsOf: (selected: readonly Task[]) => ReadonlyMap<string, string>;
} & TaskOrdering): TaskSelection {
  const today = toIsoDay(options.filters.today);
  const documentsById = new Map(options.documents.map((document) => [document.id, document]));
  const filtered = filterTasks(options.tasks, options.filters, options.documents);
  const recorded = recordedStates({ tasks: filtered, followUps: options.followUps, stableIdsOf: options.stableIdsOf });
  const stateOf = (task: Task): TaskState => {
    const meta = documentsById.get(task.docId)?.meta;
    return taskState({ task, recorded: recorded.get(task), today, documentDate: meta?.date ?? meta?.meetingDate });
  };
  let entries = filtered.map((task) => ({ task, state: stateOf(task) }));
  if (options.state) entries = entries.filter((entry) => entry.state === options.state);
  entries = sortEntries(entries, { sort: options.sort ?? "deadline", order: options.order ?? "asc", documentsById });
  const counts = Object.fromEntries(TASK_STATES.map((state) => [state, 0])) as TaskCounts;
  for (const entry of entries) counts[entry.state]++;
  return { today, tasks: entries.map((entry) => entry.task), states: entries.map((entry) => entry.state), counts };
}

/**
 * Recorded follow-up states by task; ids are hashed only for the documents
 * that have a follow-up. Keyed by the task itself: an archive's task is a view
 * whose positional id is read from its document store.
 */
function recordedStates(options: {
  tasks: readonly Task[];
  followUps?: ReadonlyMap<string, TaskFollowUp>;
  stableIdsOf: (selected: readonly Task[]) => ReadonlyMap<string, string>;
}): Map<Task, TaskFollowUp["status"]> {
  const states = new Map<Task, TaskFollowUp["status"]>();
  if (!options.followUps?.size) return states;
  const followedDocuments = new Set([...options.followUps.values()].map((followUp) => followUp.docId));
  const followed = options.tasks.filter((task) => followedDocuments.has(task.docId));
  if (!followed.length) return states;
  const stableIds = options.stableIdsOf(followed);
  for (const task of followed) {
    const followUp = options.followUps.get(stableIds.get(task.id) ?? "");
    if (followUp) states.set(task, followUp.status);
  }
  return states;
}

type Entry = { task: Task; state: TaskState };

/**
 * The asked order; ties (and the "deadline" order itself) fall back to the
 * table's own order: dated tasks by deadline, undated ones after, each in
 * document order (filterTasks already sorted them so, and Array.sort is stable).
 */
function sortEntries(entries: Entry[], options: { sort: TaskSortKey; order: "asc" | "desc"; documentsById: ReadonlyMap<string, DocumentInfo> }): Entry[] {
  const direction = options.order === "desc" ? -1 : 1;
  const collator = new Intl.Collator("vi");
  if (options.sort === "deadline") {
    if (direction === 1) return entries;
    // Later deadlines first; undated tasks stay last, whichever the direction.
    const dated = entries.filter((entry) => entry.task.deadline?.end);
    const undated = entries.filter((entry) => !entry.task.deadline?.end);
    const byEnd = new Map<string, Entry[]>();
    for (const entry of dated) {
      const end = entry.task.deadline!.end!;
      const group = byEnd.get(end);
      if (group) group.push(entry);
      else byEnd.set(end, [entry]);
    }
    return [...[...byEnd.values()].reverse().flat(), ...undated];
  }
  if (options.sort === "status") return [...entries].sort((a, b) => (STATE_ORDER[a.state] - STATE_ORDER[b.state]) * direction);
  const keys = new Map<Task, string>();
  const names = new Map<string, string>();
  const keyOf = (task: Task): string => {
    let key = keys.get(task);
    if (key === undefined) {
      if (options.sort === "lead") key = task.lead;
      else if (options.sort === "task") key = task.task.slice(0, TASK_SORT_KEY_CHARACTERS);
      else {
        key = names.get(task.docId);
        if (key === undefined) {
          const document = options.documentsById.get(task.docId);
          key = documentDisplayName(document?.meta ?? {}, document?.source ?? task.source);
          names.set(task.docId, key);
        }
      }
      keys.set(task, key);
    }
    return key;
  };
  // A task without a stated lead sorts after every named one, whichever the direction.
  return [...entries].sort((a, b) => {
    const aKey = keyOf(a.task);
    const bKey = keyOf(b.task);
    if (options.sort === "lead" && !aKey !== !bKey) return aKey ? -1 : 1;
    if (options.sort === "source" && a.task.docId === b.task.docId) return a.task.start - b.task.start;
    return collator.compare(aKey, bKey) * direction;
  });
}

/** Lead units with their states' counts, the units named anywhere, provinces and years of the selection. */
export function collectTaskFacets(selection: Pick<TaskSelection, "tasks" | "states">, documents: readonly DocumentInfo[]): TaskFacets {
  const collator = new Intl.Collator("vi");
  const documentsById = new Map(documents.map((document) => [document.id, document]));
  const leads = new Map<string, LeadFacet>();
  const units = new Map<string, string>();
  const provinces = new Set<string>();
  const years = new Set<number>();
  const seenDocuments = new Set<string>();
  selection.tasks.forEach((task, position) => {
    const state = selection.states[position]!;
    let lead = leads.get(task.lead);
    if (!lead) {
      lead = { unit: task.lead, total: 0, open: 0, done: 0, ongoing: 0, overdue: 0 };
      leads.set(task.lead, lead);
    }
    lead.total++;
    lead[state]++;
    for (const unit of [task.lead, ...task.partners]) {
      // One spelling per unit whatever the case or diacritics a document used.
      if (unit && !units.has(foldPhrase(unit))) units.set(foldPhrase(unit), unit);
    }
    if (seenDocuments.has(task.docId)) return;
    seenDocuments.add(task.docId);
    const meta = documentsById.get(task.docId)?.meta;
    if (meta?.province) provinces.add(meta.province);
    if (meta?.year) years.add(meta.year);
  });
  return {
    leads: [...leads.values()].sort((a, b) => b.total - a.total || collator.compare(a.unit || "~", b.unit || "~")),
    units: [...units.values()].sort(collator.compare),
    provinces: [...provinces].sort(collator.compare),
    years: [...years].sort((a, b) => a - b),
  };
}
