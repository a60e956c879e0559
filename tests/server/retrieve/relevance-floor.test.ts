import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeQuery } from "../../../server/retrieve/analyze-query.js";
import { searchArchive } from "../../../server/retrieve/hybrid-search.js";
import { getDefaultLexicon } from "../../../server/retrieve/query/lexicon.js";
import { clearsRelevanceFloor, countUntranslatedWords, HASHED_EMBEDDER_FLOOR, measureQueryMass, relevanceFloorFor } from "../../../server/retrieve/relevance-floor.js";
import { buildTestArchive } from "../../helpers/start-test-server.js";

describe("relevance floor (pure parts)", () => {
  const lexical = {
    queryTermFrequency: (term: { term: string }) => ({ so: 140, noi: 100, "noi vu": 20 })[term.term] ?? 0,
    inverseDocumentFrequency: (frequency: number) => Math.log(1 + (141 - frequency + 0.5) / (frequency + 0.5)),
  };

  it("counts every query term's idf, unknown ones at the highest", () => {
    const known = measureQueryMass(lexical, [{ term: "noi vu", weight: 1 }]);
    const withUnknown = measureQueryMass(lexical, [{ term: "noi vu", weight: 1 }, { term: "xyzzy", weight: 1 }]);
    expect(withUnknown - known).toBeCloseTo(lexical.inverseDocumentFrequency(0));
    expect(measureQueryMass(lexical, [], { untranslatedWords: 2 })).toBeCloseTo(2 * lexical.inverseDocumentFrequency(0));
  });

  it.each([
    [{ lexicalScore: 2, vectorScore: 0, queryMass: 4 }, true],
    [{ lexicalScore: 0.4, vectorScore: 0, queryMass: 4 }, false],
    [{ lexicalScore: 0, vectorScore: 0.35, queryMass: 4 }, true],
    [{ lexicalScore: 0, vectorScore: 0.29, queryMass: 4 }, false],
    [{ lexicalScore: 0, vectorScore: 0, queryMass: 0 }, false],
  ])("%j clears the hashed floor: %s", (scores, expected) => {
    expect(clearsRelevanceFloor({ ...scores, floor: HASHED_EMBEDDER_FLOOR })).toBe(expected);
  });

  it("keeps dense embedders' vectors from passing alone until calibrated", () => {
    expect(relevanceFloorFor("hashed-ngram-v1-512")).toBe(HASHED_EMBEDDER_FLOOR);
    expect(clearsRelevanceFloor({ lexicalScore: 0, vectorScore: 0.99, queryMass: 3, floor: relevanceFloorFor("ollama:bge-m3:1024") })).toBe(false);
  });

  it.each([
    ["how to bake sourdough bread", 3],
    ["Which documents set deadlines for civil servant recruitment?", 0],
    ["Sở Nội vụ được giao những nhiệm vụ gì?", 0],
  ])("untranslated English words in %j: %i", (question, expected) => {
    const query = analyzeQuery(question);
    expect(countUntranslatedWords(query, getDefaultLexicon())).toBe(expected);
  });
});

describe("relevance floor on the sample archive", () => {
  let built: Awaited<ReturnType<typeof buildTestArchive>>;
  beforeAll(async () => {
    built = await buildTestArchive();
  }, 60_000);
  afterAll(async () => built?.cleanup());

  const search = (text: string) =>
    searchArchive({ archive: built.archive, query: analyzeQuery(text, { knownProvinces: built.archive.provinces }), limit: 5, relevanceFloor: HASHED_EMBEDDER_FLOOR });

  it.each(["xyzzy qwerty", "how to bake sourdough bread", "lịch thi đấu bóng đá ngoại hạng Anh"])("lists nothing for %j", async (text) => {
    expect((await search(text)).total).toBe(0);
  });

  it("keeps what is relevant and drops what only shares a common folded word", async () => {
    const soNoiVu = await search("so noi vu");
    expect(soNoiVu.total).toBeGreaterThan(10);
    expect(soNoiVu.total).toBeLessThan(built.archive.chunks.length / 1.5);
    const unfloored = await searchArchive({ archive: built.archive, query: analyzeQuery("so noi vu"), limit: 5 });
    expect(unfloored.total).toBeGreaterThan(soNoiVu.total);
    const deadline = await search("hồ sơ đề án sắp xếp đơn vị hành chính cấp xã nộp Bộ Nội vụ trước ngày nào");
    expect(deadline.hits[0]!.chunk.text).toContain("30/6/2024");
  });
});
