import type { Request } from "express";
import { VanbanError } from "../../core/errors.js";
import type { ArchiveDocument } from "../../core/types.js";
import type { ArchiveHolder } from "../http/archive-holder.js";
import type { Archive } from "../retrieve/archive.js";
import { principalOf, type Principal } from "../auth/principal.js";
import type { DocumentAccessOverrides } from "../store/document-access-overrides.js";
import { resolveDocumentGroups, type DocumentGroups } from "./document-groups.js";
import { scopeArchive } from "./scope-archive.js";

/**
 * The one place that decides what a request may read. Routes ask
 * `archives.get(request)` for the archive and receive the view of it scoped
 * to the request's principal (scope-archive.ts): the whole archive in open
 * mode and for administrators, the documents without groups plus those of the
 * user's groups for everyone else, nothing for an anonymous request. Views are
 * cached per index generation, per set of groups that matters, and per version
 * of the administrators' settings.
 */
export type RequestArchives = {
  /** Whether a generation is live yet (the server listens before its first index exists; see ArchiveHolder). */
  has(): boolean;
  /** The archive as the request's principal may read it; index_missing (503) while there is none. */
  get(request: Request): Archive;
};

export type AccessControl = RequestArchives & {
  /** The archive as a principal may read it. */
  archiveFor(principal: Principal): Archive;
  /** The whole live archive (administration only). */
  whole(): Archive;
  /** Groups of every document of the live archive. */
  documentGroups(archive?: Archive): DocumentGroups;
  canRead(principal: Principal, document: ArchiveDocument, archive?: Archive): boolean;
};

/** Scoped views kept per index generation (each costs about its share of the BM25 postings). */
const MAX_SCOPES_PER_ARCHIVE = 16;

export function createAccessControl(options: { holder: ArchiveHolder; enabled: boolean; corpusDir?: string; overrides?: DocumentAccessOverrides }): AccessControl {
  const groupsCache = new WeakMap<Archive, { version: number; groups: DocumentGroups }>();
  const scopeCache = new WeakMap<Archive, Map<string, Archive>>();
  const version = () => options.overrides?.version() ?? 0;

  const documentGroups = (archive: Archive = options.holder.get()): DocumentGroups => {
    const cached = groupsCache.get(archive);
    if (cached && cached.version === version()) return cached.groups;
    const groups = resolveDocumentGroups({ documents: archive.documents, corpusDir: options.corpusDir, overrides: options.overrides?.all() });
    groupsCache.set(archive, { version: version(), groups });
    return groups;
  };

  const readsEverything = (principal: Principal): boolean => !options.enabled || principal.kind === "open" || (principal.kind === "user" && principal.role === "admin");

  /** Which of the archive's groups the principal holds; undefined = reads everything. */
  const heldGroups = (principal: Principal, archive: Archive): Set<string> | undefined => {
    if (readsEverything(principal)) return undefined;
    if (principal.kind !== "user") return new Set();
    const present = documentGroups(archive).groups;
    return new Set(principal.groups.filter((group) => present.has(group)));
  };

  const readable = (held: Set<string> | undefined, groups: readonly string[] | undefined, anonymous: boolean): boolean => {
    if (!held) return true;
    if (anonymous) return false;
    return !groups || groups.length === 0 || groups.some((group) => held.has(group));
  };

  const archiveFor = (principal: Principal): Archive => {
    if (!options.holder.has() && !readsEverything(principal)) {
      // The holder's message counts the corpus's files ("3 of 9"), hidden ones included: only administrators see it.
      throw new VanbanError("index_missing", "The archive is being indexed; try again in a moment.");
    }
    const archive = options.holder.get();
    const held = heldGroups(principal, archive);
    if (!held) return archive;
    const key = `${version()}|${principal.kind}|${[...held].sort().join(",")}`;
    let scopes = scopeCache.get(archive);
    if (!scopes) scopeCache.set(archive, (scopes = new Map()));
    const cached = scopes.get(key);
    if (cached) {
      // Most recently used last.
      scopes.delete(key);
      scopes.set(key, cached);
      return cached;
    }
    const byDocument = documentGroups(archive).byDocument;
    const scoped = scopeArchive(archive, (document) => readable(held, byDocument.get(document.id), principal.kind === "anonymous"));
    scopes.set(key, scoped);
    if (scopes.size > MAX_SCOPES_PER_ARCHIVE) scopes.delete(scopes.keys().next().value!);
    return scoped;
  };

  return {
    has: () => options.holder.has(),
    get: (request) => archiveFor(principalOf(request)),
    archiveFor,
    whole: () => options.holder.get(),
    documentGroups,
    canRead(principal, document, archive = options.holder.get()) {
      return readable(heldGroups(principal, archive), documentGroups(archive).byDocument.get(document.id), principal.kind === "anonymous");
    },
  };
}
