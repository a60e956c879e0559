import type { CallbackManagerForRetrieverRun } from "@langchain/core/callbacks/manager";
import { Document } from "@langchain/core/documents";
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import type { ChatModel } from "../../../core/ports.js";
import type { SearchFilters } from "../../../core/types.js";
import { presentHeaderFields } from "../../http/archive-queries.js";
import type { SearchResponseBody } from "../../http/response-schemas.js";
import type { Archive } from "../../retrieve/archive.js";
import { createLocalVanbanClient, createRemoteVanbanClient, type VanbanClient } from "../vanban-client.js";

/** What a retrieved passage carries besides its text: where it is and which document it belongs to. */
export type VanbanDocumentMetadata = {
  docId: string;
  chunkId: string;
  /** The file's path relative to the corpus root. */
  source: string;
  title: string;
  /** Heading path of the passage, joined with " › ". */
  section: string;
  /** Offsets of the passage in the document's clean text. */
  start: number;
  end: number;
  score: number;
  /** Header fields of the document (those it has). */
  type?: string;
  number?: string;
  date?: string;
  year?: number;
  province?: string;
  issuer?: string;
};

export type VanbanRetrieverInput = BaseRetrieverInput & {
  client: VanbanClient;
  /** Passages per query (default 6). */
  k?: number;
  filters?: Omit<SearchFilters, "docId">;
};

/**
 * Vanban's hybrid search as a LangChain retriever: `invoke(question)` gives
 * the best passages as LangChain Documents. In-process over an opened archive
 * (`VanbanRetriever.fromArchive`) or against a running server
 * (`VanbanRetriever.fromUrl`); both give the documents `/api/search` gives.
 */
export class VanbanRetriever extends BaseRetriever<VanbanDocumentMetadata> {
  static lc_name(): string {
    return "VanbanRetriever";
  }

  lc_namespace = ["vanban", "retrievers"];

  private readonly client: VanbanClient;
  private readonly k: number;
  private readonly filters?: Omit<SearchFilters, "docId">;

  constructor(fields: VanbanRetrieverInput) {
    super(fields);
    this.client = fields.client;
    this.k = fields.k ?? 6;
    this.filters = fields.filters;
  }

  static fromArchive(archive: Archive, options: Omit<VanbanRetrieverInput, "client"> & { chatModel?: ChatModel } = {}): VanbanRetriever {
    const { chatModel, ...fields } = options;
    return new VanbanRetriever({ ...fields, client: createLocalVanbanClient({ archives: { get: () => archive }, chatModel }) });
  }

  static fromUrl(baseUrl: string, options: Omit<VanbanRetrieverInput, "client"> & { apiKey?: string; fetch?: typeof fetch } = {}): VanbanRetriever {
    const { apiKey, fetch: fetchImplementation, ...fields } = options;
    return new VanbanRetriever({ ...fields, client: createRemoteVanbanClient({ baseUrl, apiKey, fetch: fetchImplementation }) });
  }

  async _getRelevantDocuments(query: string, _runManager?: CallbackManagerForRetrieverRun): Promise<Document<VanbanDocumentMetadata>[]> {
    const body = await this.client.search({ query, k: this.k, filters: this.filters });
    return body.results.map(toLangChainDocument);
  }
}

/** A search result as a LangChain Document (id = the chunk's id). */
export function toLangChainDocument(result: SearchResponseBody["results"][number]): Document<VanbanDocumentMetadata> {
  const header = presentHeaderFields(result.meta);
  return new Document<VanbanDocumentMetadata>({
    id: result.chunkId,
    pageContent: result.text,
    metadata: {
      docId: result.docId,
      chunkId: result.chunkId,
      source: result.source,
      title: result.title,
      section: result.section,
      start: result.start,
      end: result.end,
      score: result.score,
      ...header,
    },
  });
}
