import { describe, expect, it } from "vitest";
import { splitSentences } from "../../core/sentences.js";

const sentencesOf = (text: string) => splitSentences(text).map((span) => text.slice(span.start, span.end));

describe("splitSentences", () => {
  it.each([
    ["Một câu. Hai câu.", ["Một câu.", "Hai câu."]],
    ["1. Chú trọng nâng cao chất lượng. Lãnh đạo cần nắm chắc.", ["1. Chú trọng nâng cao chất lượng.", "Lãnh đạo cần nắm chắc."]],
    ["II. NHIỆM VỤ\n- Giao Sở Nội vụ chủ trì.", ["II. NHIỆM VỤ", "- Giao Sở Nội vụ chủ trì."]],
    ["Tổng số 19.121 lượt. Trong đó 586 lượt.", ["Tổng số 19.121 lượt.", "Trong đó 586 lượt."]],
    ["Họp tại TP. Hà Nội ngày 5/3.", ["Họp tại TP. Hà Nội ngày 5/3."]],
    ["Hoàn thành trước ngày 30/6/2024. Giao Sở Nội vụ.", ["Hoàn thành trước ngày 30/6/2024.", "Giao Sở Nội vụ."]],
  ])("%s", (text, expected) => {
    expect(sentencesOf(text)).toEqual(expected);
  });

  it("respects a range and returns absolute offsets", () => {
    const text = "Đầu. Giữa câu một. Giữa câu hai. Cuối.";
    const start = text.indexOf("Giữa");
    const end = text.indexOf(" Cuối");
    const spans = splitSentences(text, { start, end });
    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual(["Giữa câu một.", "Giữa câu hai."]);
  });
});
