import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { Client } from "@opensearch-project/opensearch";
import { VanbanError } from "../../../core/errors.js";
import type { ArchiveDocument, Chunk, SearchFilters } from "../../../core/types.js";
import { foldTerm } from "../../../core/vietnamese.js";
import type { QueryTerm, ScoredChunk } from "../../../ingest/index/bm25-index.js";
import { commitGeneration, readManifest, type GenerationContent, type IndexSnapshot } from "../../../ingest/index/index-store.js";
import { analyzeIndexText } from "../../../ingest/index/index-terms.js";
import { indexTextOf } from "../../../ingest/pipeline/process-file.js";
import { normalizeNameKey } from "../archive.js";
import type { BackendHealth, GenerationScope, RetrieveOptions, RetrievedCandidates, SearchBackend, SearchGeneration, TermStatistics } from "./search-backend.js";

/**
 * OpenSearch behind the search-backend port.
 *
 * - One generation is one index `<prefix>-gen-<time>-<random>`; the live one is
 *   also the alias `<prefix>-live`, swapped in one atomic _aliases call. The
 *   generation's manifest (on disk, beside documents and chunks) names its
 *   index, so a server always searches the index its documents were written with.
 * - Tokens are Vanban's own: each chunk is sent with the terms Vanban's
 *   analysis gives (tone-canonical syllables and bigrams, `terms`) and their
 *   folded forms (`folded`), one array value per occurrence, indexed with the
 *   `keyword` analyzer, so OpenSearch's tokens are exactly Vanban's.
 * - Scoring is BM25 (k1 1.2, b 0.75 as in-process) with global statistics
 *   (dfs_query_then_fetch); each query term is a `term` query boosted by its
 *   weight · (k1 + 1), the in-process scale (Lucene's BM25 leaves out k1 + 1).
 * - Vectors: `knn_vector` (Lucene engine, HNSW, inner product; the embedder's
 *   vectors are unit length, so it is cosine); filters go inside the knn query.
 * - Fusion, boosts, facets and highlights stay in Vanban (hybrid-search.ts).
 */
export type OpenSearchSettings = {
  /** One or more node URLs. */
  urls: string[];
  username?: string;
  password?: string;
  indexPrefix: string;
  shards: number;
  replicas: number;
  /** Chunks per bulk request. */
  bulkChunks?: number;
  /** Bulk requests in flight at once. */
  bulkConcurrency?: number;
  /** Tries of one bulk request (the first included) before the generation is refused. */
  bulkAttempts?: number;
  /** Milliseconds of the first back-off; doubled at each retry. */
  retryDelayMs?: number;
  rejectUnauthorized?: boolean;
};

const K1 = 1.2;
const B = 0.75;
/** Tries of one search, and the pause between them. */
const SEARCH_ATTEMPTS = 2;
const SEARCH_RETRY_MS = 500;
/** Term statistics remembered per generation before the memory is cleared. */
const STATISTICS_CACHE_LIMIT = 50_000;

type ChunkSource = {
  chunk: number;
  docId: string;
  province?: string;
  type?: string;
  number?: string;
  year?: number;
  terms: string[];
  folded: string[];
  vector: number[];
};

export function createOpenSearchBackend(settings: OpenSearchSettings): SearchBackend {
  const client = new Client({
    nodes: settings.urls,
    ...(settings.username ? { auth: { username: settings.username, password: settings.password ?? "" } } : {}),
    ssl: { rejectUnauthorized: settings.rejectUnauthorized ?? true },
    // A node that stops answering is marked dead and the request tried on another.
    maxRetries: 3,
    requestTimeout: 30_000,
  });
  const alias = `${settings.indexPrefix}-live`;

  async function call<T>(what: string, request: () => Promise<{ body: unknown }>): Promise<T> {
    try {
      return (await request()).body as T;
    } catch (error) {
      throw new VanbanError("search_backend_unavailable", `OpenSearch ${what} failed: ${describeOpenSearchError(error)}`, { cause: error });
    }
  }

  async function createIndex(name: string, dimension: number): Promise<void> {
    await call("index creation", () =>
      client.indices.create({
        index: name,
        body: {
          settings: {
            index: {
              number_of_shards: settings.shards,
              // Replicas are added once the bulk is in: copying while writing doubles the work.
              number_of_replicas: 0,
              refresh_interval: "-1",
              knn: true,
              similarity: { vanban_bm25: { type: "BM25", k1: K1, b: B } },
            },
          },
          mappings: {
            dynamic: "strict",
            properties: {
              chunk: { type: "integer" },
              docId: { type: "keyword" },
              province: { type: "keyword" },
              type: { type: "keyword" },
              number: { type: "keyword" },
              year: { type: "integer" },
              terms: { type: "text", analyzer: "keyword", similarity: "vanban_bm25", index_options: "freqs" },
              folded: { type: "text", analyzer: "keyword", similarity: "vanban_bm25", index_options: "freqs" },
              vector: { type: "knn_vector", dimension, method: { name: "hnsw", engine: "lucene", space_type: "innerproduct", parameters: { m: 16, ef_construction: 100 } } },
            },
          },
        },
      } as never),
    );
  }

  /** Sends one batch; items refused for a passing reason (429, 5xx) are sent again with back-off, anything else refuses the generation. */
  async function bulkWrite(index: string, sources: ChunkSource[]): Promise<void> {
    let pending = sources;
    const attempts = settings.bulkAttempts ?? 5;
    for (let attempt = 1; pending.length; attempt++) {
      const body = pending.flatMap((source) => [{ index: { _index: index, _id: String(source.chunk) } }, source]);
      let response: { errors: boolean; items: Array<{ index?: { status: number; error?: { type: string; reason: string } } }> } | undefined;
      let failure: unknown;
      try {
        response = (await client.bulk({ body } as never)).body as typeof response;
      } catch (error) {
        failure = error;
      }
      let retry: ChunkSource[] = pending;
      if (response) {
        retry = [];
        for (let i = 0; i < response.items.length; i++) {
          const item = response.items[i]!.index;
          if (!item || (item.status >= 200 && item.status < 300)) continue;
          if (item.status === 429 || item.status >= 500) retry.push(pending[i]!);
          else throw new VanbanError("index_write_failed", `OpenSearch refused chunk ${pending[i]!.chunk}: ${item.error?.type ?? item.status} ${item.error?.reason ?? ""}`.trim());
        }
      }
      if (!retry.length) return;
      if (attempt >= attempts) {
        throw new VanbanError("index_write_failed", `OpenSearch did not take ${retry.length} chunks after ${attempts} tries${failure ? `: ${describeOpenSearchError(failure)}` : ""}`, { cause: failure });
      }
      pending = retry;
      await new Promise((resolve) => setTimeout(resolve, (settings.retryDelayMs ?? 500) * 2 ** (attempt - 1)));
    }
  }

  async function writeIndex(index: string, content: GenerationContent): Promise<void> {
    const { documents, chunks } = content;
    const dimension = content.manifest.embedder.dimension;
    await createIndex(index, dimension);
    const byId = new Map(documents.map((document) => [document.id, document]));
    const vectors = rowsOf(content.vectors, dimension);
    const batchSize = settings.bulkChunks ?? 500;
    // A few batches in flight: the next one is analysed and serialized while the cluster indexes the others.
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    for (let from = 0; from < chunks.length && !failure; from += batchSize) {
      const batch: ChunkSource[] = [];
      for (let i = from; i < Math.min(chunks.length, from + batchSize); i++) {
        batch.push(chunkSource({ chunk: chunks[i]!, number: i, document: byId.get(chunks[i]!.docId)!, vector: vectors(i) }));
      }
      const sending: Promise<void> = bulkWrite(index, batch).then(
        () => void inFlight.delete(sending),
        (error: unknown) => {
          inFlight.delete(sending);
          failure ??= { error };
        },
      );
      inFlight.add(sending);
      if (inFlight.size >= (settings.bulkConcurrency ?? 2)) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    await call("refresh", () => client.indices.refresh({ index }));
    await call("replica settings", () => client.indices.putSettings({ index, body: { index: { number_of_replicas: settings.replicas, refresh_interval: "1s" } } } as never));
    const health = await call<{ status: string; timed_out: boolean }>("health", () =>
      client.cluster.health({ index, wait_for_status: settings.replicas > 0 ? "green" : "yellow", timeout: "120s" } as never),
    );
    if (health.timed_out) throw new VanbanError("index_write_failed", `The new index ${index} did not become ${settings.replicas > 0 ? "green" : "yellow"} (it is ${health.status})`);
    const { count } = await call<{ count: number }>("count", () => client.count({ index }));
    // Refuse a partial write: every chunk must be there before the alias may point at it.
    if (count !== chunks.length) throw new VanbanError("index_write_failed", `The new index ${index} holds ${count} chunks, expected ${chunks.length}`);
  }

  async function swapAlias(index: string): Promise<void> {
    const current = await aliasTargets();
    await call("alias swap", () =>
      client.indices.updateAliases({
        body: { actions: [...current.map((target) => ({ remove: { index: target, alias } })), { add: { index, alias } }] },
      } as never),
    );
  }

  async function aliasTargets(): Promise<string[]> {
    try {
      return Object.keys((await client.indices.getAlias({ name: alias })).body as Record<string, unknown>);
    } catch (error) {
      if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return [];
      throw new VanbanError("search_backend_unavailable", `OpenSearch alias lookup failed: ${describeOpenSearchError(error)}`, { cause: error });
    }
  }

  /** Deletes this prefix's generation indexes that no generation directory names and the alias does not point at. */
  async function pruneIndexes(indexDir: string, keep: string[]): Promise<void> {
    const named = new Set(keep);
    for (const entry of await fs.readdir(indexDir, { withFileTypes: true })) {
      if (!entry.isDirectory() || !entry.name.startsWith("gen-")) continue;
      const manifest = await readManifest(path.join(indexDir, entry.name)).catch(() => undefined);
      if (manifest?.searchBackend?.index) named.add(manifest.searchBackend.index);
    }
    for (const target of await aliasTargets()) named.add(target);
    const existing = Object.keys(await call<Record<string, unknown>>("index listing", () => client.indices.get({ index: `${settings.indexPrefix}-gen-*` } as never)));
    const stale = existing.filter((index) => !named.has(index));
    if (stale.length) await call("index deletion", () => client.indices.delete({ index: stale.join(",") }));
  }

  return {
    kind: "opensearch",
    needsLocalIndexes: false,
    async commitGeneration(options) {
      const index = `${settings.indexPrefix}-gen-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
      try {
        await writeIndex(index, options.content);
      } catch (error) {
        // The previous alias and generation are untouched; the half-written index goes.
        await client.indices.delete({ index }).catch(() => undefined);
        if (error instanceof VanbanError) throw error;
        throw new VanbanError("index_write_failed", `Could not write the OpenSearch index ${index}: ${describeOpenSearchError(error)}`, { cause: error });
      }
      // The documents and chunks are written (and made current) on disk only once the index is whole;
      // the manifest names the index, so a crash before the alias swap still serves a complete pair.
      const manifest = { ...options.content.manifest, searchBackend: { kind: "opensearch" as const, index } };
      const directory = await commitGeneration({ ...options, content: { ...options.content, manifest, vectorIndex: undefined } });
      await swapAlias(index);
      // Pruning is housekeeping: the new generation is live whether or not old indexes could be deleted now.
      await pruneIndexes(options.indexDir, [index]).catch(() => undefined);
      return directory;
    },
    async openGeneration(snapshot: IndexSnapshot) {
      const index = snapshot.manifest.searchBackend?.kind === "opensearch" ? snapshot.manifest.searchBackend.index : undefined;
      if (!index) throw new VanbanError("index_missing", "The live generation was not written for OpenSearch: run the ingest with SEARCH_BACKEND=opensearch.");
      return createOpenSearchGeneration({ client, index, chunkCount: snapshot.chunks.length });
    },
    async health(): Promise<BackendHealth> {
      try {
        const health = (await client.cluster.health({ timeout: "2s" } as never)).body as { status: string; number_of_nodes: number };
        const status = health.status === "green" ? "ok" : health.status === "yellow" ? "degraded" : "down";
        return { status, kind: "opensearch", detail: `cluster ${health.status}, ${health.number_of_nodes} nodes` };
      } catch (error) {
        return { status: "down", kind: "opensearch", detail: describeOpenSearchError(error) };
      }
    },
    async close() {
      await client.close();
    },
  };
}

/** The document OpenSearch stores for one chunk: Vanban's terms, the vector and the filter fields. */
export function chunkSource(options: { chunk: Chunk; number: number; document: ArchiveDocument; vector: number[] }): ChunkSource {
  const { document } = options;
  const { terms } = analyzeIndexText(indexTextOf(options.chunk, document), { folded: false });
  return {
    chunk: options.number,
    docId: document.id,
    ...(document.meta.province ? { province: normalizeNameKey(document.meta.province) } : {}),
    ...(document.meta.type ? { type: normalizeNameKey(document.meta.type) } : {}),
    ...(document.meta.number ? { number: document.meta.number } : {}),
    ...(document.meta.year !== undefined ? { year: document.meta.year } : {}),
    terms,
    folded: terms.map(foldTerm),
    vector: options.vector,
  };
}

/** Row i of vectors stored in one or more consecutive blocks. */
function rowsOf(vectors: Float32Array | Float32Array[], dimension: number): (row: number) => number[] {
  const blocks = Array.isArray(vectors) ? vectors : [vectors];
  const starts: number[] = [];
  let rows = 0;
  for (const block of blocks) {
    starts.push(rows);
    rows += block.length / dimension;
  }
  return (row) => {
    let at = starts.length - 1;
    while (starts[at]! > row) at--;
    const offset = (row - starts[at]!) * dimension;
    return Array.from(blocks[at]!.subarray(offset, offset + dimension));
  };
}

/** Filters in the indexed form (keys normalized as createFilter compares them). */
export function filterClauses(filters: SearchFilters | undefined, visibleDocumentIds?: ReadonlySet<string>): object[] {
  const clauses: object[] = [];
  if (filters?.province) clauses.push({ term: { province: normalizeNameKey(filters.province) } });
  if (filters?.type) clauses.push({ term: { type: normalizeNameKey(filters.type) } });
  if (filters?.year !== undefined) clauses.push({ term: { year: filters.year } });
  if (filters?.docId) clauses.push({ term: { docId: filters.docId } });
  if (visibleDocumentIds) clauses.push({ terms: { docId: [...visibleDocumentIds] } });
  return clauses;
}

/** The lexical query: one boosted `term` clause per weighted term, on the exact or the folded field. */
export function lexicalClauses(terms: readonly QueryTerm[]): object[] {
  return terms.map((term) =>
    term.folded
      ? { term: { folded: { value: foldTerm(term.term), boost: term.weight * (K1 + 1) } } }
      : { term: { terms: { value: term.term, boost: term.weight * (K1 + 1) } } },
  );
}

/** Lucene's inner-product score back to the inner product (max(1 + d, …) for d ≥ 0, 1 / (1 − d) below). */
export function innerProductOfScore(score: number): number {
  return score >= 1 ? score - 1 : 1 - 1 / score;
}

type Hit = { _score: number; fields?: { chunk?: number[] } };

function createOpenSearchGeneration(options: { client: Client; index: string; chunkCount: number; scope?: GenerationScope }): SearchGeneration {
  const { client, index, scope } = options;
  const frequencies = new Map<string, number>();
  const keyOf = (term: QueryTerm) => (term.folded ? `~${foldTerm(term.term)}` : term.term);
  const scopeClauses = scope ? filterClauses(undefined, scope.visibleDocumentIds) : [];
  const chunkCount = scope ? scope.size : options.chunkCount;
  const toChunks = (hits: Hit[]): ScoredChunk[] => {
    const out: ScoredChunk[] = [];
    for (const hit of hits) {
      const own = hit.fields?.chunk?.[0];
      if (own === undefined) continue;
      const chunk = scope ? scope.renumbered[own]! : own;
      if (chunk >= 0) out.push({ chunk, score: hit._score });
    }
    return out;
  };
  /** The chunk numbers and scores of the best `size` hits of a query. */
  const search = async (options: { size: number; query: object; dfs: boolean; sort?: object[] }): Promise<Hit[]> => {
    const body = { size: options.size, _source: false, docvalue_fields: ["chunk"], query: options.query, ...(options.sort ? { sort: options.sort } : {}) };
    const response = await readWithRetry("search", () =>
      // Whole results or an error: a shard whose every copy failed must not silently drop its passages.
      client.search({ index, body, allow_partial_search_results: false, ...(options.dfs ? { search_type: "dfs_query_then_fetch" } : {}) } as never),
    );
    return (response as { hits: { hits: Hit[] } }).hits.hits;
  };
  const statistics: TermStatistics & { misses: number } = {
    chunkCount,
    misses: 0,
    documentFrequency(term) {
      return this.queryTermFrequency({ term, weight: 1 });
    },
    queryTermFrequency(term) {
      const frequency = frequencies.get(keyOf(term));
      if (frequency === undefined) {
        // Not prepared (see prepareTermStatistics): counted, and taken as absent.
        statistics.misses++;
        return 0;
      }
      return frequency;
    },
    inverseDocumentFrequency(documentFrequency) {
      return Math.log(1 + (chunkCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
    },
  };
  return {
    description: `opensearch ${index}`,
    termStatistics: statistics,
    async prepareTermStatistics(terms) {
      // Each term exact and folded: the answerer asks for folded forms of the question's words.
      const wanted = new Map<string, QueryTerm>();
      for (const term of terms) {
        for (const variant of [term, { ...term, folded: true }]) {
          const key = keyOf(variant);
          if (!frequencies.has(key)) wanted.set(key, variant);
        }
      }
      if (!wanted.size) return;
      if (frequencies.size + wanted.size > STATISTICS_CACHE_LIMIT) frequencies.clear();
      const keys = [...wanted.keys()];
      const body = keys.flatMap((key) => {
        const term = wanted.get(key)!;
        const clause = term.folded ? { term: { folded: foldTerm(term.term) } } : { term: { terms: term.term } };
        return [{ index }, { size: 0, track_total_hits: true, query: { bool: { filter: [clause, ...scopeClauses] } } }];
      });
      const response = await readWithRetry("term statistics", () => client.msearch({ body } as never));
      const responses = (response as { responses: Array<{ hits?: { total: { value: number } }; error?: unknown }> }).responses;
      responses.forEach((answer, i) => {
        if (answer.hits) frequencies.set(keys[i]!, Math.min(answer.hits.total.value, chunkCount));
      });
    },
    async retrieve(query: RetrieveOptions): Promise<RetrievedCandidates> {
      const filter = [...filterClauses(query.filters), ...scopeClauses];
      const lexicalSearch =
        query.terms.length && query.lexicalLimit > 0
          ? search({
              size: query.lexicalLimit,
              query: { bool: { should: lexicalClauses(query.terms), minimum_should_match: 1, filter } },
              // Global document frequencies, as one in-process index has.
              dfs: true,
              sort: [{ _score: "desc" }, { chunk: "asc" }],
            })
          : Promise.resolve([]);
      const knn = { vector: [...query.vector], k: query.vectorLimit, ...(filter.length ? { filter: { bool: { filter } } } : {}) };
      const vectorSearch = query.vector.length && query.vectorLimit > 0 ? search({ size: query.vectorLimit, query: { knn: { vector: knn } }, dfs: false }) : Promise.resolve([]);
      const [lexicalHits, vectorHits] = await Promise.all([lexicalSearch, vectorSearch]);
      const vector = toChunks(vectorHits).map((hit) => ({ chunk: hit.chunk, score: innerProductOfScore(hit.score) }));
      return { lexical: toChunks(lexicalHits), vector };
    },
    restrict(next: GenerationScope): SearchGeneration {
      // Scopes compose: a scope of a scope maps through both numberings.
      const renumbered = scope ? Int32Array.from(scope.renumbered, (own) => (own >= 0 ? next.renumbered[own]! : -1)) : next.renumbered;
      return createOpenSearchGeneration({ client, index, chunkCount: options.chunkCount, scope: { ...next, renumbered } });
    },
  };
}

/**
 * A read, tried once more after a pause on a passing failure: the time a
 * cluster takes to notice a lost node and route to the shard's other copy
 * (bench/opensearch-failover.ts).
 */
async function readWithRetry(what: string, read: () => Promise<{ body: unknown }>): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await read()).body;
    } catch (error) {
      if (attempt < SEARCH_ATTEMPTS && isPassingFailure(error)) {
        await new Promise((resolve) => setTimeout(resolve, SEARCH_RETRY_MS));
        continue;
      }
      throw new VanbanError("search_backend_unavailable", `OpenSearch ${what} failed: ${describeOpenSearchError(error)}`, { cause: error });
    }
  }
}

/** A failure worth one more try: no answer at all, or a 5xx / 429 from the cluster (not a 4xx about the request). */
function isPassingFailure(error: unknown): boolean {
  const status = (error as { meta?: { statusCode?: number } }).meta?.statusCode;
  return status === undefined || status === 429 || status >= 500;
}

export function describeOpenSearchError(error: unknown): string {
  const meta = (error as { meta?: { statusCode?: number; body?: { error?: { type?: string; reason?: string } } } }).meta;
  const reason = meta?.body?.error ? `${meta.body.error.type ?? ""} ${meta.body.error.reason ?? ""}`.trim() : "";
  const status = meta?.statusCode ? `HTTP ${meta.statusCode}` : "";
  return [status, reason, !reason ? (error as Error)?.message : ""].filter(Boolean).join(" ") || String(error);
}
