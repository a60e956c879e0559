import type { ArchiveDocument } from "../../core/types.js";
import { withoutHiddenReferences } from "../../ingest/index/document-store.js";
import type { Archive } from "../retrieve/archive.js";

/**
 * The archive as one reader may see it: only the documents `visible` keeps,
 * with their chunks renumbered, the search generation restricted to those chunks (its
 * chunk count, lengths and document frequencies, hence every idf the search,
 * the relevance floor and the answerer's term weights use, are those of the
 * visible documents), the vector index seen through the same numbering, the
 * visible documents' tasks and provinces, and references to hidden documents
 * unlinked. Everything downstream (search, answers, tasks, examples, health)
 * then works on it unchanged and cannot name, count or be swayed by a hidden
 * document. See DESIGN.md, "Accounts and document access".
 */
export function scopeArchive(archive: Archive, visible: (document: ArchiveDocument) => boolean): Archive {
  const keepDocument = archive.documents.map(visible);
  if (keepDocument.every(Boolean)) return archive;
  const keepChunk = (chunk: number) => keepDocument[archive.chunkDocument[chunk]!] === true;
  const renumbered = new Int32Array(archive.chunks.length);
  let kept = 0;
  for (let chunk = 0; chunk < archive.chunks.length; chunk++) renumbered[chunk] = keepChunk(chunk) ? kept++ : -1;
  const documentIds = new Set(archive.documents.filter((_document, index) => keepDocument[index]).map((document) => document.id));
  const documents = archive.documents.filter((_document, index) => keepDocument[index]).map((document) => withoutHiddenReferences(document, documentIds));
  const position = new Map(documents.map((document, index) => [document.id, index]));
  const chunks = archive.chunks.filter((_chunk, index) => renumbered[index]! >= 0);
  const index = archive.index.restrict({ renumbered, size: kept, visibleDocumentIds: documentIds });
  const scoped: Archive = {
    generation: archive.generation,
    documents,
    documentsById: new Map(documents.map((document) => [document.id, document])),
    chunks,
    chunkDocument: Int32Array.from(chunks, (chunk) => position.get(chunk.docId) ?? -1),
    index,
    lexical: index.termStatistics,
    embedder: archive.embedder,
    tasks: archive.tasks.filter((task) => documentIds.has(task.docId)),
    provinces: archive.provinces.filter((province) => documents.some((document) => document.meta.province === province)),
  };
  return scoped;
}
