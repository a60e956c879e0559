/** LangChain adapters: the hybrid retriever (in-process or remote) and a read-only VectorStore view. */
export { VanbanRetriever, toLangChainDocument, type VanbanDocumentMetadata, type VanbanRetrieverInput } from "./vanban-retriever.js";
export { VanbanVectorStore } from "./vanban-vector-store.js";
export { createLocalVanbanClient, createRemoteVanbanClient, type VanbanClient } from "../vanban-client.js";
