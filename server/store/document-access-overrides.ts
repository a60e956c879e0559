import type { Database } from "better-sqlite3";

/**
 * Access groups an administrator set for a document (by its source path, which
 * survives reindexing), replacing what its folder and sidecar say.
 */
export type DocumentAccessOverride = { source: string; groups: string[]; changedBy: string; changedAt: string };

export type DocumentAccessOverrides = {
  all(): Map<string, DocumentAccessOverride>;
  set(override: DocumentAccessOverride): void;
  remove(source: string): boolean;
  /** Changes on every set/remove: caches of access decisions key on it. */
  version(): number;
};

export function createDocumentAccessOverrides(database: Database): DocumentAccessOverrides {
  const selectAll = database.prepare<[], { source: string; groups: string; changed_by: string; changed_at: string }>("SELECT * FROM document_access");
  const upsert = database.prepare(
    `INSERT INTO document_access (source, groups, changed_by, changed_at) VALUES (@source, @groups, @changedBy, @changedAt)
     ON CONFLICT (source) DO UPDATE SET groups = excluded.groups, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
  );
  const remove = database.prepare<[string]>("DELETE FROM document_access WHERE source = ?");
  let version = 0;
  let cache: Map<string, DocumentAccessOverride> | undefined;
  return {
    all() {
      cache ??= new Map(
        selectAll.all().map((row) => [row.source, { source: row.source, groups: JSON.parse(row.groups) as string[], changedBy: row.changed_by, changedAt: row.changed_at }]),
      );
      return cache;
    },
    set(override) {
      upsert.run({ ...override, groups: JSON.stringify(override.groups) });
      cache = undefined;
      version++;
    },
    remove(source) {
      const removed = remove.run(source).changes > 0;
      cache = undefined;
      version++;
      return removed;
    },
    version: () => version,
  };
}
