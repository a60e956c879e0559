import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../../ingest/index/bm25-index.js";
import { analyzeIndexText, extractIndexTerms } from "../../../ingest/index/index-terms.js";
import { buildSharedTermDictionary, TermDictionaryReader } from "../../../ingest/index/shared-term-dictionary.js";

// Real spellings: old and new tone placement, NFC and NFD (different strings, different terms), bigrams.
const vocabulary = ["sở", "số", "so", "nội", "nội vụ", "hoà", "hòa", "ho\u0300a", "ủy ban", "uỷ ban", "30/6/2024", "đvhc"];

describe("shared term dictionary", () => {
  const reader = new TermDictionaryReader(buildSharedTermDictionary(vocabulary));

  it.each(vocabulary.map((term, id) => [term, id] as const))("finds %j at id %i and spells it back", (term, id) => {
    expect(reader.idOf(term)).toBe(id);
    expect(reader.termOf(id)).toBe(term);
  });

  it.each([["sơ"], ["noi"], [""], ["hoa binh"], ["sở nội"]])("has no id for %j", (term) => {
    expect(reader.idOf(term)).toBeUndefined();
  });

  it.each([
    ["so", [0, 1, 2]],
    ["hoa", [5, 6, 7]],
    ["uy ban", [8, 9]],
    ["noi vu", [4]],
    ["xyz", []],
  ] as const)("lists the terms folding to %j in id order", (key, ids) => {
    expect(reader.foldedIds(key)).toEqual(ids);
  });

  it("lives in shared memory", () => {
    const dictionary = buildSharedTermDictionary(vocabulary);
    for (const array of [dictionary.terms.bytes, dictionary.terms.slots, dictionary.folded.starts, dictionary.groupIds]) expect(array.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(new TermDictionaryReader(dictionary).size).toBe(vocabulary.length);
  });

  it("handles an empty vocabulary", () => {
    const empty = new TermDictionaryReader(buildSharedTermDictionary([]));
    expect(empty.size).toBe(0);
    expect(empty.idOf("sở")).toBeUndefined();
    expect(empty.foldedIds("so")).toEqual([]);
  });
});

describe("Bm25Index.toShared", () => {
  const passages = [
    "Sở Nội vụ hoàn thành hồ sơ đề án sắp xếp đơn vị hành chính cấp xã trước ngày 30/6/2024.",
    "Số lượng công chức được tuyển dụng năm 2021 là 941 người.",
    "Ủy ban nhân dân tỉnh giao Sở Tài chính bố trí kinh phí; Uỷ ban hoà giải.",
    "Kế hoạch cải cách hành chính năm 2024 của tỉnh Hưng Yên, hòa nhập.",
  ];
  const index = Bm25Index.build({ count: passages.length, documentOf: (i) => analyzeIndexText(passages[i]!, { folded: false }) });
  const { index: shared, shared: parts } = index.toShared();
  const queries = ["sắp xếp đơn vị hành chính cấp xã", "so noi vu", "uy ban hoa giai", "Hưng Yên 2024", "không có"];

  it.each(queries)("scores %j exactly as the unshared index", (query) => {
    for (const folded of [false, true]) {
      const terms = extractIndexTerms(query, { folded: false }).map((term) => ({ term, weight: 1, folded }));
      expect(shared.search({ terms, limit: 10 })).toEqual(index.search({ terms, limit: 10 }));
      for (const term of terms) expect(shared.queryTermFrequency(term)).toBe(index.queryTermFrequency(term));
    }
  });

  it("opens in another thread's terms without copying, restricts and serializes the same", () => {
    const reopened = Bm25Index.fromShared(parts);
    expect(parts.postingChunks.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(reopened.documentFrequency("sở")).toBe(index.documentFrequency("sở"));
    expect(reopened.vocabularySize).toBe(index.vocabularySize);
    expect(reopened.serialize().header).toEqual(index.serialize().header);
    const keep = (chunk: number) => chunk !== 1;
    const terms = extractIndexTerms("số lượng sở nội vụ", { folded: false }).map((term) => ({ term, weight: 1 }));
    expect(reopened.restrict(keep).search({ terms, limit: 5 })).toEqual(index.restrict(keep).search({ terms, limit: 5 }));
    // A second share reuses the shared arrays.
    expect(shared.toShared().shared.postingChunks).toBe(parts.postingChunks);
  });
});
