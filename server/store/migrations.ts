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
  {
    version: 2,
    name: "accounts, sessions, API tokens, document access and the audit log",
    up(database) {
      database.exec(`
        CREATE TABLE users (
          id            INTEGER PRIMARY KEY,
          name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
          display_name  TEXT NOT NULL DEFAULT '',
          role          TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
          password_hash TEXT,
          oidc_subject  TEXT UNIQUE,
          disabled      INTEGER NOT NULL DEFAULT 0,
          created_at    TEXT NOT NULL,
          updated_at    TEXT NOT NULL
        );
        CREATE TABLE user_groups (
          user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          group_name TEXT NOT NULL,
          PRIMARY KEY (user_id, group_name)
        );
        CREATE TABLE sessions (
          id_hash      TEXT PRIMARY KEY,
          user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          csrf_token   TEXT NOT NULL,
          method       TEXT NOT NULL,
          created_at   TEXT NOT NULL,
          expires_at   TEXT NOT NULL,
          last_seen_at TEXT NOT NULL
        );
        CREATE INDEX sessions_user ON sessions (user_id);
        CREATE TABLE api_tokens (
          id           TEXT PRIMARY KEY,
          user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          label        TEXT NOT NULL DEFAULT '',
          created_at   TEXT NOT NULL,
          expires_at   TEXT,
          last_used_at TEXT,
          revoked_at   TEXT
        );
        CREATE TABLE sign_in_failures (
          key          TEXT PRIMARY KEY,
          failures     INTEGER NOT NULL,
          window_start TEXT NOT NULL,
          locked_until TEXT
        );
        CREATE TABLE document_access (
          source     TEXT PRIMARY KEY,
          groups     TEXT NOT NULL,
          changed_by TEXT NOT NULL,
          changed_at TEXT NOT NULL
        );
        CREATE TABLE audit_log (
          id         INTEGER PRIMARY KEY,
          at         TEXT NOT NULL,
          actor      TEXT NOT NULL,
          action     TEXT NOT NULL,
          outcome    TEXT NOT NULL,
          target     TEXT NOT NULL DEFAULT '',
          address    TEXT NOT NULL DEFAULT '',
          request_id TEXT NOT NULL DEFAULT '',
          details    TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX audit_log_at ON audit_log (at);
        CREATE TABLE settings (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
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
