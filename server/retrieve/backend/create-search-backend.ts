import type { Config } from "../../../core/config.js";
import { createLocalSearchBackend } from "./local-search-backend.js";
import { createOpenSearchBackend } from "./opensearch-search-backend.js";
import type { SearchBackend } from "./search-backend.js";

/** The search backend the configuration asks for (only entry points call it). */
export function createSearchBackend(config: Config): SearchBackend {
  if (config.SEARCH_BACKEND === "local") return createLocalSearchBackend();
  return createOpenSearchBackend({
    urls: config.OPENSEARCH_URL ?? [],
    username: config.OPENSEARCH_USERNAME,
    password: config.OPENSEARCH_PASSWORD,
    indexPrefix: config.OPENSEARCH_INDEX_PREFIX,
    shards: config.OPENSEARCH_SHARDS,
    replicas: config.OPENSEARCH_REPLICAS,
    rejectUnauthorized: config.OPENSEARCH_TLS_VERIFY,
    bulkChunks: config.OPENSEARCH_BULK_CHUNKS,
  });
}
