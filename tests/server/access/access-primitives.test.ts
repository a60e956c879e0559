import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../../ingest/index/bm25-index.js";
import { groupsFromFolders, groupsFromSidecar, UNREADABLE_SIDECAR_GROUP } from "../../../server/access/document-groups.js";

describe("groups from folders", () => {
  it.each([
    ["000_x.pdf", []],
    ["@mat/x.pdf", ["mat"]],
    ["so-noi-vu/@to-chuc/2024/x.docx", ["to-chuc"]],
    ["@Mat/@to-chuc/x.pdf", ["mat", "to-chuc"]],
    ["@/x.pdf", []],
    ["@bad name/x.pdf", [UNREADABLE_SIDECAR_GROUP]],
    ["folder@mat/x.pdf", []],
    ["@mat.pdf", []],
  ])("%s -> %j", (source, expected) => {
    expect(groupsFromFolders(source)).toEqual(expected);
  });
});

describe("groups from sidecars", () => {
  it.each([
    ['{"groups":["to-chuc"]}', ["to-chuc"]],
    ['{"groups":["B","a","a"]}', ["a", "b"]],
    ['{"groups":[]}', [UNREADABLE_SIDECAR_GROUP]],
    ['{"groups":"mat"}', [UNREADABLE_SIDECAR_GROUP]],
    ['{"groups":["ok","not ok"]}', [UNREADABLE_SIDECAR_GROUP]],
    ["not json", [UNREADABLE_SIDECAR_GROUP]],
    ["null", [UNREADABLE_SIDECAR_GROUP]],
  ])("%s -> %j (an unreadable sidecar closes the document, never opens it)", (text, expected) => {
    expect(groupsFromSidecar(text)).toEqual(expected);
  });
});

describe("Bm25Index.restrict", () => {
  const vocabulary = ["sở", "nội", "vụ", "kế", "hoạch", "mật", "kho", "quarnix", "so"];
  const documentArbitrary = fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 12 });

  it("equals an index built from the kept chunks alone: same scores, same idf, same counts (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(documentArbitrary, fc.boolean()), { minLength: 1, maxLength: 20 }), fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 4 }), (chunks, query) => {
        const termsOf = (terms: string[]) => ({ terms, length: terms.length });
        const whole = Bm25Index.build({ count: chunks.length, documentOf: (i) => termsOf(chunks[i]![0]) });
        const kept = chunks.filter(([, keep]) => keep).map(([terms]) => terms);
        const restricted = whole.restrict((chunk) => chunks[chunk]![1]);
        const alone = Bm25Index.build({ count: kept.length, documentOf: (i) => termsOf(kept[i]!) });
        expect(restricted.chunkCount).toBe(alone.chunkCount);
        const terms = query.map((term, i) => ({ term, weight: 1, folded: i % 2 === 1 }));
        for (const term of terms) expect(restricted.queryTermFrequency(term)).toBe(alone.queryTermFrequency(term));
        const a = restricted.search({ terms, limit: 50 });
        const b = alone.search({ terms, limit: 50 });
        expect(a.map((hit) => hit.chunk)).toEqual(b.map((hit) => hit.chunk));
        a.forEach((hit, i) => expect(hit.score).toBeCloseTo(b[i]!.score, 5));
      }),
      { numRuns: 200 },
    );
  });

  it("forgets terms only hidden chunks use", () => {
    const whole = Bm25Index.build({ count: 2, documentOf: (i) => (i === 0 ? { terms: ["sở", "nội"], length: 2 } : { terms: ["quarnix"], length: 1 }) });
    const restricted = whole.restrict((chunk) => chunk === 0);
    expect(restricted.documentFrequency("quarnix")).toBe(0);
    expect(restricted.vocabularySize).toBe(2);
    expect(whole.documentFrequency("quarnix")).toBe(1);
  });
});
