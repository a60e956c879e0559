/**
 * How a task's status and deadline are shown, shared by the tasks page and
 * the document viewer (the assignments of a document at the top of it).
 */

import { createElement } from "./dom.js";
import { formatIsoDate } from "./format.js";
import { currentLanguageCode, t } from "./i18n.js";

/**
 * @typedef {{ text: string; start: string | null; end: string | null; relative?: boolean; ongoing?: boolean; kind?: string; resolvedFrom?: "heading" | "document" | "wording" | null }} TaskDeadline
 * @typedef {{ taskId: string; id: string; task: string; lead: string; partners: string[]; deadline: TaskDeadline | null;
 *   status: "open" | "done" | "ongoing" | "overdue"; timing?: string; note: string; changedBy: string | null; changedAt: string | null;
 *   docId: string; source: string; documentName: string; title: string | null; number: string | null; province: string | null; year: number | null;
 *   quote: string; start: number; end: number }} TaskView
 */

/** @param {TaskView["status"]} status */
export function statusBadge(status) {
  return createElement("span", { className: `task-status task-status-${status}`, text: t(`task.status.${status}`) });
}

/**
 * The deadline as a date (when it has one) and its words, with where it comes
 * from when the task's own sentence states none.
 * @param {TaskView["deadline"]} deadline
 */
export function deadlineLabel(deadline) {
  if (!deadline) return t("task.noDeadline");
  const date = deadline.end ? formatIsoDate(deadline.end, currentLanguageCode()) : "";
  const from = deadline.resolvedFrom ? ` (${t("task.deadline.inherited", { source: t(`task.deadline.${deadline.resolvedFrom}`) })})` : "";
  if (deadline.resolvedFrom === "wording") return `${t("task.status.ongoing")}${from}`;
  return `${date ? `${date} · ` : ""}${deadline.text}${from}`;
}

/** @param {TaskView} task */
export function taskSourceHref(task) {
  return `/documents/${encodeURIComponent(task.docId)}?start=${task.start}&end=${task.end}`;
}
