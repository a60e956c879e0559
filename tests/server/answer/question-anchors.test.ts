import { describe, expect, it } from "vitest";
import { passageAnchorFeatures, questionAnchors } from "../../../server/answer/question-anchors.js";
import { analyzeQuery } from "../../../server/retrieve/analyze-query.js";

const anchorsOf = (question: string) => questionAnchors(analyzeQuery(question, {}));

describe("questionAnchors", () => {
  it.each([
    ["Cửa hàng xăng dầu Phúc Thành có tổng mức đầu tư bao nhiêu?", ["phuc thanh"], []],
    ["Quyết định 2556/QĐ-XPHC xử phạt Công ty TNHH Đồng Tiến nêu hành vi vi phạm thứ hai là gì?", ["tnhh dong tien"], [{ word: "dinh", number: "2556/qd-xphc" }]],
    ["giay phep su dung vlncn goi thau so 17 duong ket noi muong la than uyen co han den khi nao", [], [{ word: "thau", number: "17" }]],
    ["What was Bắc Giang's 2020 PAR Index score and its national ranking?", ["bac giang"], []],
    // "Sở Nội vụ" capitalizes its first words only: the run "Sở Nội" is still found inside the whole name.
    ["Sở Nội vụ được giao những nhiệm vụ gì?", ["so noi"], []],
  ])("%s", (question, names, numbered) => {
    expect(anchorsOf(question)).toEqual({ names, numbered });
  });
});

describe("passageAnchorFeatures", () => {
  it("finds a name only as a whole, in any tone spelling or case", () => {
    const anchors = anchorsOf("Cửa hàng xăng dầu Phúc Thành có tổng mức đầu tư bao nhiêu?");
    expect(passageAnchorFeatures(anchors, 'Dự án "Cửa hàng xăng dầu Phúc Lộc": có tổng mức đầu tư 4,5 tỷ đồng.')).toEqual({ name_missing_passage: 1 });
    expect(passageAnchorFeatures(anchors, "CỬA HÀNG XĂNG DẦU PHÚC THÀNH, tổng mức đầu tư 4,5 tỷ đồng.")).toEqual({ name_missing_passage: 0 });
  });

  it("tells a numbered thing with another number from the same one, with or without 'số' and a longer number", () => {
    const anchors = anchorsOf("giay phep su dung vlncn goi thau 17 co han den khi nao");
    expect(passageAnchorFeatures(anchors, "Giấy phép cấp cho Gói thầu số 14: Thi công đường nối.")).toEqual({ numbered_conflict_passage: 1 });
    expect(passageAnchorFeatures(anchors, "Giấy phép cấp cho Gói thầu số 17: Thi công đường nối.")).toEqual({ numbered_conflict_passage: 0 });
    expect(passageAnchorFeatures(anchors, "Giấy phép cấp cho công trình đường nối.")).toEqual({ numbered_conflict_passage: 0 });
    const circular = anchorsOf("theo thong tu 16/2018 bca dinh ky bao cao may lan");
    expect(passageAnchorFeatures(circular, "Thông tư số 16/2018/TT-BCA ngày 15/5/2018 của Bộ Công an")).toEqual({ numbered_conflict_passage: 0 });
  });

  it("gives nothing for a question without names or numbered things", () => {
    expect(passageAnchorFeatures(anchorsOf("thoi han bao cao la khi nao"), "Báo cáo trước ngày 30/6/2024.")).toEqual({});
  });
});
