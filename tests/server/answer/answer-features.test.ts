import { describe, expect, it } from "vitest";
import { answerFeatures, type RankedCandidate } from "../../../server/answer/answer-features.js";
import { analyzeQuery } from "../../../server/retrieve/analyze-query.js";

/** A ranked candidate with only what the abstainer's features read. */
function candidate(documentId: string, start: number, score: number, share: number, features: Record<string, number>): RankedCandidate {
  return { hit: { document: { id: documentId } }, rank: 0, span: { start, end: start + 10 }, score, share, features } as unknown as RankedCandidate;
}

describe("answerFeatures", () => {
  const ranked = [
    candidate("a", 0, 2, 0.6, { coverage_sentence: 0.8, kind_match: 1, name_missing: 0, numbered_conflict: 1 }),
    candidate("a", 50, 1, 0.3, { coverage_sentence: 0.5 }),
    candidate("b", 0, 0.5, 0.1, { coverage_sentence: 0.4 }),
  ];

  it("gives each kind of answer its own intercept", () => {
    const date = answerFeatures(analyzeQuery("Sở Nội vụ phải hoàn thành trước ngày nào?", {}), ranked);
    const who = answerFeatures(analyzeQuery("Ai chủ trì thực hiện đề án?", {}), ranked);
    expect(date.kind_date).toBe(1);
    expect(date.kind_who).toBeUndefined();
    expect(who.kind_who).toBe(1);
  });

  it("carries the best candidate's scope checks, margins and document share", () => {
    const features = answerFeatures(analyzeQuery("Gói thầu 17 có hạn đến khi nào?", {}), ranked);
    expect(features).toMatchObject({ top_coverage_sentence: 0.8, top_name_missing: 0, top_numbered_conflict: 1, margin: 1, document_margin: 1.5 });
    expect(features.top_document_share).toBeCloseTo(0.9, 12);
  });

  it("reads the best and the least of the gathered candidates whatever the ranker put first", () => {
    const query = analyzeQuery("Gói thầu 17 có hạn đến khi nào?", {});
    const pool = [
      candidate("a", 0, 2, 0.6, { coverage_window: 0.4, missing_in_document: 0.5, numbered_conflict: 1 }),
      candidate("b", 0, 1, 0.4, { coverage_window: 0.9, missing_in_document: 0.1, numbered_conflict: 0 }),
    ];
    const asRanked = answerFeatures(query, pool);
    const reversed = answerFeatures(query, [...pool].reverse());
    expect(asRanked).toMatchObject({ field_max_coverage_window: 0.9, field_min_missing_in_document: 0.1, field_min_numbered_conflict: 0 });
    for (const name of Object.keys(asRanked).filter((key) => key.startsWith("field_"))) expect(reversed[name]).toBe(asRanked[name]);
    expect(reversed.top_coverage_window).not.toBe(asRanked.top_coverage_window);
  });

  it("has nothing to say without candidates", () => {
    expect(answerFeatures(analyzeQuery("Ai ký?", {}), [])).toEqual({});
  });
});
