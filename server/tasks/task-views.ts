import type { ArchiveDocument, Task } from "../../core/types.js";
import { describeDeadline, type DeadlineLabel } from "../../ingest/parse/parse-deadline.js";
import type { TaskFollowUp } from "../store/task-follow-ups.js";
import { documentDisplayName } from "./display-name.js";
import { taskState, type TaskState } from "./follow-up-status.js";
import { taskStatus, type TaskStatus } from "./filter-tasks.js";

/** A task as the API, the exports and the pages show it: the extracted task, its document, and its follow-up. */
export type TaskView = {
  /** Stable id (content-based): the one to PATCH. */
  taskId: string;
  /** Positional id of this index generation (kept for links and calendar UIDs). */
  id: string;
  task: string;
  lead: string;
  partners: string[];
  deadline: {
    text: string;
    start: string | null;
    end: string | null;
    relative: boolean;
    ongoing: boolean;
    /** How the deadline was resolved (a DeadlineLabel: day, month, …, inherited, ongoing-by-wording, none). */
    kind: DeadlineLabel | (string & {});
    resolvedFrom: "heading" | "document" | "wording" | null;
  } | null;
  status: TaskState;
  /** Where the deadline stands on the day asked about: upcoming, overdue or undated. */
  timing: TaskStatus;
  note: string;
  changedBy: string | null;
  changedAt: string | null;
  docId: string;
  source: string;
  documentName: string;
  title: string | null;
  number: string | null;
  type: string | null;
  issuer: string | null;
  province: string | null;
  year: number | null;
  quote: string;
  start: number;
  end: number;
};

export function buildTaskViews(options: {
  tasks: readonly Task[];
  taskIds: ReadonlyMap<string, string>;
  documents: ReadonlyMap<string, Pick<ArchiveDocument, "meta" | "source">>;
  followUps: ReadonlyMap<string, TaskFollowUp>;
  today: string;
}): TaskView[] {
  return options.tasks.map((task) => {
    const taskId = options.taskIds.get(task.id) ?? task.id;
    const followUp = options.followUps.get(taskId);
    const document = options.documents.get(task.docId);
    const meta = document?.meta ?? {};
    const deadline = task.deadline;
    return {
      taskId,
      id: task.id,
      task: task.task,
      lead: task.lead,
      partners: task.partners,
      deadline: deadline
        ? {
            text: deadline.text,
            start: deadline.start ?? null,
            end: deadline.end ?? null,
            relative: Boolean(deadline.relative),
            ongoing: Boolean(deadline.ongoing || deadline.recurring),
            kind: describeDeadline(deadline),
            resolvedFrom: deadline.resolvedFrom ?? null,
          }
        : null,
      status: taskState({ task, recorded: followUp?.status, today: options.today, documentDate: meta.date ?? meta.meetingDate }),
      timing: taskStatus(task, options.today),
      note: followUp?.note ?? "",
      changedBy: followUp?.changedBy ?? null,
      changedAt: followUp?.changedAt ?? null,
      docId: task.docId,
      source: task.source,
      documentName: documentDisplayName(meta, document?.source ?? task.source),
      title: meta.title ?? null,
      number: meta.number || null,
      type: meta.type ?? null,
      issuer: meta.issuer ?? null,
      province: meta.province ?? null,
      year: meta.year ?? null,
      quote: task.quote,
      start: task.start,
      end: task.end,
    };
  });
}
