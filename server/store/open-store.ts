import { mkdirSync } from "node:fs";
import path from "node:path";
import BetterSqlite3, { type Database } from "better-sqlite3";
import { VanbanError } from "../../core/errors.js";
import { migrate, MIGRATIONS, type Migration } from "./migrations.js";
import { createTaskFollowUps, type TaskFollowUps } from "./task-follow-ups.js";
import { createAccounts, type Accounts } from "./accounts.js";
import { createAuditLog, type AuditLog } from "./audit-log.js";
import { createDocumentAccessOverrides, type DocumentAccessOverrides } from "./document-access-overrides.js";
import { createSignInFailures, type SignInFailures } from "./sign-in-failures.js";

/**
 * The application database (SQLite through better-sqlite3): what people add
 * to the archive (task follow-up now; accounts and an audit log later). It
 * lives beside the index generations, not inside one, so a reindex or a
 * restart keeps it. One connection, synchronous calls (each a few µs).
 */
export type Store = {
  database: Database;
  followUps: TaskFollowUps;
  accounts: Accounts;
  audit: AuditLog;
  signInFailures: SignInFailures;
  documentAccess: DocumentAccessOverrides;
  close(): void;
};

export const STORE_FILE_NAME = "vanban.sqlite";

export function openStore(options: { directory: string; fileName?: string; migrations?: readonly Migration[] }): Store {
  mkdirSync(options.directory, { recursive: true });
  const file = path.join(options.directory, options.fileName ?? STORE_FILE_NAME);
  let database: Database;
  try {
    database = new BetterSqlite3(file);
  } catch (error) {
    throw new VanbanError("config_invalid", `Cannot open the database ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  try {
    // WAL: readers never wait for the writer; NORMAL sync is durable across a process crash.
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.pragma("foreign_keys = ON");
    database.pragma("busy_timeout = 5000");
    migrate(database, options.migrations ?? MIGRATIONS);
  } catch (error) {
    database.close();
    throw error;
  }
  return {
    database,
    followUps: createTaskFollowUps(database),
    accounts: createAccounts(database),
    audit: createAuditLog(database),
    signInFailures: createSignInFailures(database),
    documentAccess: createDocumentAccessOverrides(database),
    close: () => database.close(),
  };
}
