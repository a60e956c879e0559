import type { Database } from "better-sqlite3";
import { VanbanError } from "../../core/errors.js";

/**
 * Schema changes of the application database, applied in order. The
 * database's `user_version` is the last one applied; each runs in its own
 * transaction, so a failure leaves the previous version whole. Append new
 * ones (users, groups, an audit log …) with the next version number; never
 * edit or reorder one that has shipped.
 */
export type Migration = { version: number; name: string; up(database: Database): void };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "task follow-up",
    up(database) {
      database.exec(`
        CREATE TABLE task_follow_ups (
          task_id    TEXT PRIMARY KEY,
          doc_id     TEXT NOT NULL,
          status     TEXT NOT NULL CHECK (status IN ('open', 'done', 'ongoing')),
          note       TEXT NOT NULL DEFAULT '',
          quote      TEXT NOT NULL DEFAULT '',
          changed_by TEXT NOT NULL,
          changed_at TEXT NOT NULL
        );
        CREATE INDEX task_follow_ups_doc ON task_follow_ups (doc_id);
      `);
    },
  },
];

/** Brings the database to the last migration; refuses a database written by a newer version of the program. */
export function migrate(database: Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new VanbanError("internal", `Migrations must be numbered 1, 2, 3 …; found ${migration.version} at position ${index + 1}.`);
  });
  const from = Number(database.pragma("user_version", { simple: true }));
  const latest = ordered.length;
  if (from > latest) {
    throw new VanbanError("config_invalid", `The database is at schema version ${from}, newer than this program knows (${latest}); run a newer Vanban or restore a backup.`);
  }
  for (const migration of ordered.slice(from)) {
    database.transaction(() => {
      migration.up(database);
      database.pragma(`user_version = ${migration.version}`);
    })();
  }
  return { from, to: latest };
}
