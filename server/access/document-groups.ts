import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ArchiveDocument } from "../../core/types.js";
import { normalizeGroupName } from "../auth/principal.js";
import type { DocumentAccessOverride } from "../store/document-access-overrides.js";

/**
 * Which access groups a document belongs to. A document with none is open to
 * every signed-in user; one with groups only to members of at least one of
 * them (and administrators). In order of precedence:
 * 1. an administrator's setting (the database, by source path);
 * 2. else the union of the folder convention, `@<group>/` folders at any
 *    depth of its path ("@ban-to-chuc/2024/qd.pdf", "so/@mat/x.docx"), and
 *    its sidecar `<file>.access.json` `{"groups": [...]}`.
 * A sidecar that cannot be read or names an invalid group closes the document
 * to all but administrators (UNREADABLE_SIDECAR_GROUP), never opens it.
 */
export const UNREADABLE_SIDECAR_GROUP = "!unreadable-access-sidecar";
export const SIDECAR_SUFFIX = ".access.json";

/** Groups named by `@group/` folders of a corpus-relative source path ("a/@x/b.pdf" -> ["x"]). */
export function groupsFromFolders(source: string): string[] {
  const folders = source.split("/").slice(0, -1);
  const groups: string[] = [];
  for (const folder of folders) {
    if (!folder.startsWith("@") || folder.length < 2) continue;
    groups.push(normalizeGroupName(folder.slice(1)) ?? UNREADABLE_SIDECAR_GROUP);
  }
  return [...new Set(groups)].sort();
}

/** Groups of a sidecar's text; an unreadable or invalid sidecar gives the closed group. */
export function groupsFromSidecar(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [UNREADABLE_SIDECAR_GROUP];
  }
  const groups = (parsed as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups) || groups.length === 0) return [UNREADABLE_SIDECAR_GROUP];
  const names = groups.map((group) => (typeof group === "string" ? normalizeGroupName(group) : undefined));
  if (names.some((name) => name === undefined)) return [UNREADABLE_SIDECAR_GROUP];
  return [...new Set(names as string[])].sort();
}

export type DocumentGroups = {
  /** docId -> groups ([] = every signed-in user). */
  byDocument: Map<string, string[]>;
  /** Every group some document of the archive belongs to. */
  groups: Set<string>;
};

/**
 * The groups of every document of an archive: folders from its source,
 * sidecars read from the corpus (one directory listing per folder that holds
 * documents), then the administrators' settings.
 */
export function resolveDocumentGroups(options: {
  documents: readonly ArchiveDocument[];
  corpusDir?: string;
  overrides?: ReadonlyMap<string, DocumentAccessOverride>;
}): DocumentGroups {
  const sidecars = options.corpusDir ? readSidecars(options.corpusDir, options.documents) : new Map<string, string[]>();
  const byDocument = new Map<string, string[]>();
  const groups = new Set<string>();
  for (const document of options.documents) {
    const override = options.overrides?.get(document.source);
    const own = override ? override.groups : [...new Set([...groupsFromFolders(document.source), ...(sidecars.get(document.source) ?? [])])].sort();
    byDocument.set(document.id, own);
    for (const group of own) groups.add(group);
  }
  return { byDocument, groups };
}

function readSidecars(corpusDir: string, documents: readonly ArchiveDocument[]): Map<string, string[]> {
  const folders = new Set(documents.map((document) => path.posix.dirname(document.source)));
  const found = new Map<string, string[]>();
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(path.join(corpusDir, ...folder.split("/")));
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.endsWith(SIDECAR_SUFFIX)) continue;
      const source = folder === "." ? name.slice(0, -SIDECAR_SUFFIX.length) : `${folder}/${name.slice(0, -SIDECAR_SUFFIX.length)}`;
      let text: string;
      try {
        text = readFileSync(path.join(corpusDir, ...folder.split("/"), name), "utf8");
      } catch {
        text = "";
      }
      found.set(source, groupsFromSidecar(text));
    }
  }
  return found;
}
