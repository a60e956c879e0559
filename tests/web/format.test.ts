import { describe, expect, it } from "vitest";
import { buildDocumentUrl, formatAnswerForCopy, formatIsoDate, pagerItems, readHighlightParameters } from "../../web/assets/format.js";

describe("formatIsoDate", () => {
  it.each([
    { iso: "2024-06-30", language: "vi" as const, expected: "30/06/2024" },
    { iso: "2024-02", language: "vi" as const, expected: "02/2024" },
    { iso: "2024-06-30", language: "en" as const, expected: "30 June 2024" },
    { iso: "2021-09", language: "en" as const, expected: "September 2021" },
    { iso: "30/6/2024", language: "vi" as const, expected: "" },
    { iso: undefined, language: "vi" as const, expected: "" },
  ])("$iso in $language -> $expected", ({ iso, language, expected }) => {
    expect(formatIsoDate(iso, language)).toBe(expected);
  });
});

describe("buildDocumentUrl", () => {
  it.each([
    { target: { docId: "000_492514bbfbcde4f8" }, expected: "/documents/000_492514bbfbcde4f8" },
    { target: { docId: "a/b c", start: 10, end: 20 }, expected: "/documents/a%2Fb%20c?start=10&end=20" },
    { target: { docId: "d", start: 10, end: 90, quoteStart: 40, quoteEnd: 80 }, expected: "/documents/d?start=10&end=90&quoteStart=40&quoteEnd=80" },
    { target: { docId: "d", start: 10 }, expected: "/documents/d" },
  ])("$expected", ({ target, expected }) => {
    expect(buildDocumentUrl(target)).toBe(expected);
  });
});

describe("readHighlightParameters", () => {
  it.each([
    { query: "", expected: { passage: null, quote: null, invalid: false } },
    { query: "start=10&end=20", expected: { passage: [10, 20], quote: null, invalid: false } },
    { query: "start=10&end=90&quoteStart=40&quoteEnd=80", expected: { passage: [10, 90], quote: [40, 80], invalid: false } },
    { query: "quoteStart=40&quoteEnd=80", expected: { passage: [40, 80], quote: null, invalid: false } },
    { query: "start=20&end=10", expected: { passage: null, quote: null, invalid: true } },
    { query: "start=10&end=5000", expected: { passage: null, quote: null, invalid: true } },
    { query: "start=-1&end=5", expected: { passage: null, quote: null, invalid: true } },
    { query: "start=abc&end=5", expected: { passage: null, quote: null, invalid: true } },
    { query: "start=10", expected: { passage: null, quote: null, invalid: true } },
  ])("?$query", ({ query, expected }) => {
    expect(readHighlightParameters(new URLSearchParams(query), 1000)).toEqual(expected);
  });
});

describe("formatAnswerForCopy", () => {
  const citation = {
    n: 1,
    docId: "000_492514bbfbcde4f8",
    source: "000_492514bbfbcde4f8.pdf",
    title: "Kết luận của Chủ tịch UBND tỉnh",
    section: "2. Tập trung cao cho sắp xếp đơn vị hành chính",
    quote: "hoàn thành việc nộp hồ sơ về Bộ Nội vụ trước ngày 30/6/2024.",
    start: 100,
    end: 300,
    quoteStart: 200,
    quoteEnd: 260,
  };

  it("puts the numbered sources with section, quote and link under the answer", () => {
    const text = formatAnswerForCopy({ answer: "Trước ngày 30/6/2024 [1].", citations: [citation], language: "vi", origin: "http://vanban.local" });
    expect(text).toBe(
      [
        "Trước ngày 30/6/2024 [1].",
        "",
        "Nguồn:",
        "[1] Kết luận của Chủ tịch UBND tỉnh — 000_492514bbfbcde4f8.pdf",
        "    Mục: 2. Tập trung cao cho sắp xếp đơn vị hành chính",
        "    “hoàn thành việc nộp hồ sơ về Bộ Nội vụ trước ngày 30/6/2024.”",
        "    http://vanban.local/documents/000_492514bbfbcde4f8?start=100&end=300&quoteStart=200&quoteEnd=260",
      ].join("\n"),
    );
  });

  it("labels the sources in English and leaves them out when there are none", () => {
    expect(formatAnswerForCopy({ answer: "x", citations: [citation], language: "en" })).toContain("Sources:\n[1]");
    expect(formatAnswerForCopy({ answer: "Không tìm thấy.", citations: [], language: "vi" })).toBe("Không tìm thấy.");
  });
});

describe("pagerItems", () => {
  it.each([
    { current: 1, pages: 1, expected: [1] },
    { current: 1, pages: 3, expected: [1, 2, 3] },
    { current: 5, pages: 10, expected: [1, null, 4, 5, 6, null, 10] },
    { current: 10, pages: 10, expected: [1, null, 9, 10] },
  ])("page $current of $pages", ({ current, pages, expected }) => {
    expect(pagerItems({ current, pages })).toEqual(expected);
  });
});
