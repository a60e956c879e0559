import { describe, expect, it } from "vitest";
import { extractDocumentMonths, extractYears } from "../../../server/retrieve/query/extract-years.js";

describe("extractYears", () => {
  it.each([
    ["Năm 2021, các sở", [2021]],
    ["giai đoạn 2023-2025", [2023, 2025]],
    ["giai đoạn 2021 – 2030", [2021, 2030]],
    ["trước ngày 30/6/2024", [2024]],
    ["phiên họp tháng 4/2024", [2024]],
    ["kế hoạch năm 2022 (kết quả 2021) và 2022", [2022, 2021]],
    ["in the 2021 elections", [2021]],
    ["19.121 lượt người", []],
    ["20000 người, 586 lượt", []],
    ["99,0% cử tri", []],
    ["khóa XVI", []],
  ])("%s -> %j", (question, years) => {
    expect(extractYears(question)).toEqual(years);
  });

  it("ignores years inside document numbers", () => {
    const question = "sửa đổi Quyết định 16/2021/QĐ-UBND trong năm 2024";
    const start = question.indexOf("16/2021");
    expect(extractYears(question, { ignore: [{ start, end: start + "16/2021/QĐ-UBND".length }] })).toEqual([2024]);
    expect(extractYears(question)).toEqual([2021, 2024]);
  });
});

describe("extractDocumentMonths", () => {
  it.each([
    ["Kết luận tháng 9/2021 của Chủ tịch UBND tỉnh Bắc Giang yêu cầu dừng việc gì?", ["2021-09"]],
    ["Theo kết luận ngày 17/9/2021, Sở Nội vụ được giao gì?", ["2021-09"]],
    ["thông báo kết luận tháng 4 năm 2026 của Lạng Sơn", ["2026-04"]],
    ["ket luan thang 9/2021 cua chu tich ubnd tinh", ["2021-09"]],
    ["Kết luận của Chủ tịch UBND tỉnh tháng 9/2021 nói gì về tuyển dụng?", ["2021-09"]],
    // A month that is no document's date is a deadline.
    ["Sở Nội vụ có những nhiệm vụ nào hạn trong tháng 5/2026?", []],
    ["Báo cáo của Sở gửi trước ngày 30/6/2024 gồm những gì?", []],
    ["Kế hoạch của tỉnh hoàn thành trong tháng 5/2024 những việc nào?", []],
    ["Kế hoạch 171/KH-UBND giao việc gì trong tháng 13/2024?", []],
  ])("%s -> %j", (question, expected) => {
    expect(extractDocumentMonths(question)).toEqual(expected);
  });
});
