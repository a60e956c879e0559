import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findSentenceStarts, splitAtWords, splitSentences } from "../../../ingest/chunk/split-sentences.js";

function sentencesOf(text: string): string[] {
  return splitSentences(text, { start: 0, end: text.length }).map((span) => text.slice(span.start, span.end).trim());
}

describe("splitSentences", () => {
  it.each([
    [
      "Năm 2023, Sở Nội vụ hoàn thành tốt các lĩnh vực công tác. Tuy nhiên một số lĩnh vực chưa cao.",
      ["Năm 2023, Sở Nội vụ hoàn thành tốt các lĩnh vực công tác.", "Tuy nhiên một số lĩnh vực chưa cao."],
    ],
    ["Hoàn thành trước ngày 30/6/2024. Phấn đấu trình HĐND tỉnh trong tháng 5/2024.", ["Hoàn thành trước ngày 30/6/2024.", "Phấn đấu trình HĐND tỉnh trong tháng 5/2024."]],
    ["Làm việc tại TP. Hồ Chí Minh với các tỉnh. Sau đó báo cáo.", ["Làm việc tại TP. Hồ Chí Minh với các tỉnh.", "Sau đó báo cáo."]],
    ["Toàn tỉnh có 19.121 người dự thi, đạt 99,0%. Kết quả tốt.", ["Toàn tỉnh có 19.121 người dự thi, đạt 99,0%.", "Kết quả tốt."]],
    ["Yêu cầu: Các Đề án phải đảm bảo chất lượng.\n- Tăng cường kiểm tra;\n- Báo cáo kịp thời.", ["Yêu cầu: Các Đề án phải đảm bảo chất lượng.", "- Tăng cường kiểm tra;", "- Báo cáo kịp thời."]],
    ["Phong trào “Cả nước đoàn kết.” Sở Nội vụ chủ trì.", ["Phong trào “Cả nước đoàn kết.”", "Sở Nội vụ chủ trì."]],
    ["cải cách hành chính… có nhiều tiến bộ. Tuy nhiên còn hạn chế", ["cải cách hành chính… có nhiều tiến bộ.", "Tuy nhiên còn hạn chế"]],
    ["Giao Sở Nội vụ chủ trì. và phối hợp", ["Giao Sở Nội vụ chủ trì. và phối hợp"]],
  ])("%j", (text, expected) => {
    expect(sentencesOf(text)).toEqual(expected);
  });

  it("covers its span exactly with consecutive pieces", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.nat(), fc.nat(), (text, a, b) => {
        const start = Math.min(a, b) % (text.length + 1);
        const end = Math.max(start, Math.max(a, b) % (text.length + 1));
        const spans = splitSentences(text, { start, end });
        let cursor = start;
        for (const span of spans) {
          expect(span.start).toBe(cursor);
          expect(span.end).toBeGreaterThan(span.start);
          cursor = span.end;
        }
        expect(cursor).toBe(start === end ? start : end);
        for (const offset of findSentenceStarts(text, { start, end })) {
          expect(offset).toBeGreaterThan(start);
          expect(offset).toBeLessThan(end);
        }
      }),
    );
  });
});

describe("splitAtWords", () => {
  it("cuts at the last whitespace before the limit", () => {
    const text = "một hai ba bốn năm sáu bảy tám chín mười";
    const pieces = splitAtWords(text, { span: { start: 0, end: text.length }, maxChars: 12 });
    for (const piece of pieces) {
      expect(piece.end - piece.start).toBeLessThanOrEqual(12);
      // Never mid-word: a piece ends at the end of the text or before a word start.
      expect(piece.end === text.length || /\s/u.test(text[piece.end - 1] ?? "")).toBe(true);
    }
    expect(pieces.map((piece) => text.slice(piece.start, piece.end)).join("")).toBe(text);
  });

  it("cuts a run without whitespace at the limit", () => {
    const text = "x".repeat(25);
    expect(splitAtWords(text, { span: { start: 0, end: 25 }, maxChars: 10 })).toEqual([
      { start: 0, end: 10 },
      { start: 10, end: 20 },
      { start: 20, end: 25 },
    ]);
  });
});
