import type { Database } from "better-sqlite3";

/**
 * Who did what: sign-ins (and failed ones), sign-outs, uploads, deletions,
 * task changes, reindexes, changes to accounts and document access, and
 * refusals. Append-only from the program's side; administrators read and
 * export it (GET /api/admin/audit, /api/admin/audit.csv).
 */
export type AuditAction =
  | "sign_in"
  | "sign_out"
  | "upload"
  | "delete_document"
  | "task_change"
  | "reindex"
  | "access_denied"
  | "user_change"
  | "token_change"
  | "document_access_change";

export type AuditEntry = {
  id: number;
  /** ISO date-time. */
  at: string;
  /** Who: a user name, "anonymous", or "system". */
  actor: string;
  action: AuditAction;
  outcome: "ok" | "failed" | "denied";
  /** What it was done to: a document's source, a task id, a user name, a route. */
  target: string;
  address: string;
  requestId: string;
  /** Short free text (a reason, a summary). */
  details: string;
};

export type AuditQuery = { from?: string; to?: string; action?: AuditAction; actor?: string; limit?: number; offset?: number };

export type AuditLog = {
  record(entry: Omit<AuditEntry, "id">): void;
  list(query?: AuditQuery): { total: number; entries: AuditEntry[] };
};

type Row = { id: number; at: string; actor: string; action: AuditAction; outcome: AuditEntry["outcome"]; target: string; address: string; request_id: string; details: string };

export function createAuditLog(database: Database): AuditLog {
  const insert = database.prepare(
    "INSERT INTO audit_log (at, actor, action, outcome, target, address, request_id, details) VALUES (@at, @actor, @action, @outcome, @target, @address, @requestId, @details)",
  );
  return {
    record(entry) {
      insert.run({ ...entry, details: entry.details.slice(0, 2000), target: entry.target.slice(0, 500) });
    },
    list(query = {}) {
      const where: string[] = [];
      const values: Record<string, unknown> = {};
      if (query.from) (where.push("at >= @from"), (values.from = query.from));
      // A day given as the end includes that whole day.
      if (query.to) (where.push("at < @to"), (values.to = /^\d{4}-\d{2}-\d{2}$/u.test(query.to) ? `${query.to}T99` : query.to));
      if (query.action) (where.push("action = @action"), (values.action = query.action));
      if (query.actor) (where.push("actor = @actor"), (values.actor = query.actor));
      const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
      const total = (database.prepare(`SELECT COUNT(*) AS n FROM audit_log ${clause}`).get(values) as { n: number }).n;
      const rows = database
        .prepare(`SELECT * FROM audit_log ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
        .all({ ...values, limit: query.limit ?? 100, offset: query.offset ?? 0 }) as Row[];
      return {
        total,
        entries: rows.map((row) => ({
          id: row.id,
          at: row.at,
          actor: row.actor,
          action: row.action,
          outcome: row.outcome,
          target: row.target,
          address: row.address,
          requestId: row.request_id,
          details: row.details,
        })),
      };
    },
  };
}
