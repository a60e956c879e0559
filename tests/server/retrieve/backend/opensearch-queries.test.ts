import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../../core/config.js";
import type { ArchiveDocument, Chunk } from "../../../../core/types.js";
import { analyzeIndexText } from "../../../../ingest/index/index-terms.js";
import { indexTextOf } from "../../../../ingest/pipeline/process-file.js";
import { createSearchBackend } from "../../../../server/retrieve/backend/create-search-backend.js";
import { chunkSource, filterClauses, innerProductOfScore, lexicalClauses } from "../../../../server/retrieve/backend/opensearch-search-backend.js";

/** The OpenSearch adapter's pure parts, offline: what it sends and how it reads scores back. */
describe("OpenSearch requests", () => {
  const document = {
    id: "doc-1",
    source: "a.pdf",
    hash: "h",
    meta: { province: "Bắc  Giang", type: "Kế hoạch", number: "12/KH-UBND", year: 2024 },
    text: "Sở Nội vụ nộp hồ sơ trước ngày 30/6/2024. Sở Nội vụ chủ trì.",
    sections: [],
    footnotes: [],
  } as unknown as ArchiveDocument;
  const chunk: Chunk = { id: "doc-1:0", docId: "doc-1", sectionPath: [], text: document.text, start: 0, end: document.text.length, notes: [] };

  it("sends a chunk with Vanban's own terms (repeated as often as they occur), their folded forms and normalized filter fields", () => {
    const source = chunkSource({ chunk, number: 7, document, vector: [0.6, 0.8] });
    const { terms } = analyzeIndexText(indexTextOf(chunk, document), { folded: false });
    expect(source.terms).toEqual(terms);
    expect(source.terms.filter((term) => term === "sở")).toHaveLength(2);
    expect(source.folded).toContain("so noi");
    expect(source.folded).toHaveLength(terms.length);
    expect(source).toMatchObject({ chunk: 7, docId: "doc-1", province: "bac giang", type: "ke hoach", number: "12/KH-UBND", year: 2024, vector: [0.6, 0.8] });
  });

  it("turns filters into term clauses compared as createFilter compares them, and a scope into a docId list", () => {
    expect(filterClauses({ province: "Bắc Giang", type: "KẾ HOẠCH", year: 2024, docId: "doc-1" }, new Set(["doc-1", "doc-2"]))).toEqual([
      { term: { province: "bac giang" } },
      { term: { type: "ke hoach" } },
      { term: { year: 2024 } },
      { term: { docId: "doc-1" } },
      { terms: { docId: ["doc-1", "doc-2"] } },
    ]);
    expect(filterClauses(undefined)).toEqual([]);
  });

  it("boosts each term by its weight times k1 + 1 (the in-process BM25 scale) on the exact or the folded field", () => {
    expect(lexicalClauses([{ term: "nội vụ", weight: 1 }, { term: "Nội", weight: 0.5, folded: true }])).toEqual([
      { term: { terms: { value: "nội vụ", boost: 2.2 } } },
      { term: { folded: { value: "noi", boost: 1.1 } } },
    ]);
  });

  it.each([
    [1.25, 0.25],
    [1, 0],
    [2, 1],
    [0.5, -1],
  ])("reads the inner product back from Lucene's score %d -> %d", (score, product) => {
    expect(innerProductOfScore(score)).toBeCloseTo(product, 10);
  });
});

describe("search backend configuration", () => {
  it("is the in-process engine when nothing is configured", () => {
    const config = loadConfig({});
    expect(config.SEARCH_BACKEND).toBe("local");
    expect(createSearchBackend(config).kind).toBe("local");
  });

  it("takes several OpenSearch URLs, a prefix, shards and replicas (0 stays 0)", () => {
    const config = loadConfig({ SEARCH_BACKEND: "opensearch", OPENSEARCH_URL: "http://10.0.0.5:9200, http://10.0.0.6:9200", OPENSEARCH_REPLICAS: "0", OPENSEARCH_SHARDS: "3", OPENSEARCH_INDEX_PREFIX: "so-noivu" });
    expect(config.OPENSEARCH_URL).toEqual(["http://10.0.0.5:9200", "http://10.0.0.6:9200"]);
    expect([config.OPENSEARCH_REPLICAS, config.OPENSEARCH_SHARDS, config.OPENSEARCH_INDEX_PREFIX]).toEqual([0, 3, "so-noivu"]);
    expect(createSearchBackend(config).kind).toBe("opensearch");
  });

  it.each([
    [{ SEARCH_BACKEND: "opensearch" }, /needs OPENSEARCH_URL/u],
    [{ SEARCH_BACKEND: "elastic" }, /SEARCH_BACKEND/u],
    [{ SEARCH_BACKEND: "opensearch", OPENSEARCH_URL: "not a url" }, /OPENSEARCH_URL/u],
    [{ SEARCH_BACKEND: "opensearch", OPENSEARCH_URL: "http://127.0.0.1:9200", OPENSEARCH_INDEX_PREFIX: "Vanban" }, /OPENSEARCH_INDEX_PREFIX/u],
  ])("refuses %j with a message that names the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
