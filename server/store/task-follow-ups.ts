import type { Database } from "better-sqlite3";

/** What a person recorded about a task: its status, a note, who and when. */
export type FollowUpStatus = "open" | "done" | "ongoing";
export const FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ["open", "done", "ongoing"];

export type TaskFollowUp = {
  taskId: string;
  docId: string;
  status: FollowUpStatus;
  note: string;
  /** The task's sentence when it was recorded (to recognize it if the document changes). */
  quote: string;
  changedBy: string;
  /** ISO date-time. */
  changedAt: string;
};

export type TaskFollowUps = {
  get(taskId: string): TaskFollowUp | undefined;
  /** Every recorded follow-up, by task id. */
  all(): Map<string, TaskFollowUp>;
  save(followUp: TaskFollowUp): TaskFollowUp;
};

type Row = { task_id: string; doc_id: string; status: FollowUpStatus; note: string; quote: string; changed_by: string; changed_at: string };

const toFollowUp = (row: Row): TaskFollowUp => ({
  taskId: row.task_id,
  docId: row.doc_id,
  status: row.status,
  note: row.note,
  quote: row.quote,
  changedBy: row.changed_by,
  changedAt: row.changed_at,
});

export function createTaskFollowUps(database: Database): TaskFollowUps {
  const selectOne = database.prepare<[string], Row>("SELECT * FROM task_follow_ups WHERE task_id = ?");
  const selectAll = database.prepare<[], Row>("SELECT * FROM task_follow_ups");
  const upsert = database.prepare(
    `INSERT INTO task_follow_ups (task_id, doc_id, status, note, quote, changed_by, changed_at)
     VALUES (@taskId, @docId, @status, @note, @quote, @changedBy, @changedAt)
     ON CONFLICT (task_id) DO UPDATE SET doc_id = excluded.doc_id, status = excluded.status, note = excluded.note,
       quote = excluded.quote, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
  );
  return {
    get(taskId) {
      const row = selectOne.get(taskId);
      return row ? toFollowUp(row) : undefined;
    },
    all() {
      return new Map(selectAll.all().map((row) => [row.task_id, toFollowUp(row)]));
    },
    save(followUp) {
      upsert.run(followUp);
      return followUp;
    },
  };
}
