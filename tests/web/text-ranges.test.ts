import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { collectBoundaries, makeSnippet, normalizeRanges, segmentByRanges, splitCitationMarkers } from "../../web/assets/text-ranges.js";

const DEADLINE = "- Sở Nội vụ hoàn thành hồ sơ Đề án sắp xếp lại ĐVHC cấp huyện; hoàn thành việc nộp hồ sơ về Bộ Nội vụ trước ngày 30/6/2024.";

describe("normalizeRanges", () => {
  it.each([
    { name: "sorts and merges overlaps", ranges: [[10, 14], [2, 4], [3, 6]] as Array<[number, number]>, length: 20, expected: [[2, 6], [10, 14]] },
    { name: "merges touching ranges", ranges: [[0, 2], [2, 5]] as Array<[number, number]>, length: 10, expected: [[0, 5]] },
    { name: "clips to the text", ranges: [[-3, 2], [8, 40]] as Array<[number, number]>, length: 10, expected: [[0, 2], [8, 10]] },
    { name: "drops empty and reversed ranges", ranges: [[4, 4], [6, 3]] as Array<[number, number]>, length: 10, expected: [] },
  ])("$name", ({ ranges, length, expected }) => {
    expect(normalizeRanges(ranges, length)).toEqual(expected);
  });

  it("ignores malformed entries from a bad response", () => {
    expect(normalizeRanges([[1, 3], "x", [Number.NaN, 2], [5]] as never, 10)).toEqual([[1, 3]]);
    expect(normalizeRanges(undefined, 10)).toEqual([]);
  });
});

describe("segmentByRanges", () => {
  it("marks the matched words of a Vietnamese passage", () => {
    const start = DEADLINE.indexOf("Sở Nội vụ");
    const pieces = segmentByRanges(DEADLINE, [[start, start + 2], [start + 3, start + 6], [start + 7, start + 9]]);
    expect(pieces.filter((piece) => piece.highlighted).map((piece) => piece.text)).toEqual(["Sở", "Nội", "vụ"]);
  });

  it("returns the whole text when nothing is highlighted, including the empty text", () => {
    expect(segmentByRanges("abc", [])).toEqual([{ text: "abc", highlighted: false }]);
    expect(segmentByRanges("", [])).toEqual([{ text: "", highlighted: false }]);
  });

  it("always gives the text back unchanged and never marks outside the ranges", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.array(fc.tuple(fc.integer({ min: -5, max: 90 }), fc.integer({ min: -5, max: 90 })), { maxLength: 6 }), (text, ranges) => {
        const pieces = segmentByRanges(text, ranges);
        expect(pieces.map((piece) => piece.text).join("")).toBe(text);
        let offset = 0;
        const merged = normalizeRanges(ranges, text.length);
        for (const piece of pieces) {
          if (piece.highlighted) expect(merged.some(([start, end]) => start <= offset && offset + piece.text.length <= end)).toBe(true);
          offset += piece.text.length;
        }
      }),
    );
  });
});

describe("makeSnippet", () => {
  const longText = `${"Năm 2023, tập thể lãnh đạo thuộc ngành đã đoàn kết, thống nhất. ".repeat(8)}${DEADLINE} ${"Các cơ quan, đơn vị tiếp tục thực hiện. ".repeat(8)}`;

  it("keeps a short passage whole", () => {
    expect(makeSnippet({ text: DEADLINE, highlights: [[2, 4]], maxChars: 320 })).toEqual({ text: DEADLINE, highlights: [[2, 4]], truncatedStart: false, truncatedEnd: false });
  });

  it("centres a long passage on its highlights and rebases them", () => {
    const start = longText.indexOf("30/6/2024");
    const snippet = makeSnippet({ text: longText, highlights: [[start, start + 9]], maxChars: 200 });
    expect(snippet.text.length).toBeLessThanOrEqual(200);
    expect(snippet.truncatedStart).toBe(true);
    const [range] = snippet.highlights;
    expect(range && snippet.text.slice(range[0], range[1])).toBe("30/6/2024");
  });

  it("starts and ends on word boundaries", () => {
    const start = longText.indexOf("Bộ Nội vụ");
    const snippet = makeSnippet({ text: longText, highlights: [[start, start + 2]], maxChars: 150 });
    expect(longText.indexOf(snippet.text)).toBeGreaterThan(0);
    expect(snippet.text.startsWith(" ")).toBe(false);
    const before = longText[longText.indexOf(snippet.text) - 1];
    expect(before).toMatch(/\s/u);
  });

  it("prefers the window holding the most highlights", () => {
    const text = `alpha ${"x ".repeat(200)}beta beta beta ${"y ".repeat(200)}`;
    const alpha = [0, 5] as [number, number];
    const betas = [...text.matchAll(/beta/gu)].map((match) => [match.index, match.index + 4] as [number, number]);
    const snippet = makeSnippet({ text, highlights: [alpha, ...betas], maxChars: 100 });
    expect(snippet.highlights.length).toBe(3);
    expect(snippet.text).toContain("beta beta beta");
  });
});

describe("splitCitationMarkers", () => {
  it.each([
    {
      answer: "Nộp hồ sơ trước ngày 30/6/2024 [1]. Lấy ý kiến cử tri ngày 21/4/2024 [2].",
      known: new Set([1, 2]),
      expected: [
        { kind: "text", text: "Nộp hồ sơ trước ngày 30/6/2024 " },
        { kind: "marker", n: 1, text: "[1]" },
        { kind: "text", text: ". Lấy ý kiến cử tri ngày 21/4/2024 " },
        { kind: "marker", n: 2, text: "[2]" },
        { kind: "text", text: "." },
      ],
    },
    {
      answer: "Theo khoản [3] và nguồn [1]",
      known: new Set([1]),
      expected: [
        { kind: "text", text: "Theo khoản [3] và nguồn " },
        { kind: "marker", n: 1, text: "[1]" },
      ],
    },
    { answer: "Không có nguồn.", known: new Set<number>(), expected: [{ kind: "text", text: "Không có nguồn." }] },
    { answer: "[1][2]", known: undefined, expected: [{ kind: "marker", n: 1, text: "[1]" }, { kind: "marker", n: 2, text: "[2]" }] },
    { answer: "đang gõ [1", known: new Set([1]), expected: [{ kind: "text", text: "đang gõ [1" }] },
  ])("splits %#", ({ answer, known, expected }) => {
    expect(splitCitationMarkers(answer, known)).toEqual(expected);
  });
});

describe("collectBoundaries", () => {
  it("sorts, deduplicates and drops offsets outside the text", () => {
    expect(collectBoundaries(10, [5, 3, 5, -1, 11, 2.5, 10])).toEqual([0, 3, 5, 10]);
  });
});
