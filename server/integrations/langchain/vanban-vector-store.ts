import type { DocumentInterface } from "@langchain/core/documents";
import { Document } from "@langchain/core/documents";
import { VectorStore } from "@langchain/core/vectorstores";
import { VanbanError } from "../../../core/errors.js";
import type { SearchFilters } from "../../../core/types.js";
import type { Archive } from "../../retrieve/archive.js";
import { createFilter } from "../../retrieve/hybrid-search.js";
import { pickMeta, presentHeaderFields } from "../../http/archive-queries.js";
import type { VanbanDocumentMetadata } from "./vanban-retriever.js";

/**
 * A read-only LangChain VectorStore view of an archive's vector index, for
 * code written against the VectorStore interface (similaritySearchWithScore,
 * asRetriever, filters). It is the vector side only: plain cosine similarity
 * of the query's embedding, without Vanban's lexical side, query analysis or
 * boosts, so VanbanRetriever is the better retriever; this view is for
 * comparison and for tools that need a VectorStore. Filters are Vanban's
 * ({ province, year, type, docId }). The archive is written by the ingest,
 * never through this view.
 */
export class VanbanVectorStore extends VectorStore {
  declare FilterType: SearchFilters;

  private readonly archive: Archive;

  constructor(archive: Archive) {
    super(archive.embedder, {});
    this.archive = archive;
  }

  _vectorstoreType(): string {
    return "vanban";
  }

  async addVectors(_vectors: number[][], _documents: DocumentInterface[]): Promise<string[]> {
    throw new VanbanError("bad_request", "The Vanban archive is read-only here: add files to the corpus and run the ingest.");
  }

  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    return this.addVectors([], documents);
  }

  async similaritySearchVectorWithScore(query: number[], k: number, filter?: SearchFilters): Promise<[DocumentInterface<VanbanDocumentMetadata>, number][]> {
    const { archive } = this;
    const accept = createFilter(archive, filter);
    const { vector } = await archive.index.retrieve({ terms: [], vector: query, lexicalLimit: 0, vectorLimit: k, filters: filter, accept });
    return vector.map(({ chunk: index, score }) => {
      const chunk = archive.chunks[index]!;
      const document = archive.documents[archive.chunkDocument[index]!]!;
      const header = presentHeaderFields(pickMeta(document));
      const metadata: VanbanDocumentMetadata = {
        docId: document.id,
        chunkId: chunk.id,
        source: document.source,
        title: document.meta.title ?? document.source,
        section: chunk.sectionPath.join(" › "),
        start: chunk.start,
        end: chunk.end,
        score,
        ...header,
      };
      return [new Document({ id: chunk.id, pageContent: chunk.text, metadata }), score];
    });
  }
}
