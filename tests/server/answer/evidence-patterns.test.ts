import { describe, expect, it } from "vitest";
import { datePrecision, findQuantities, findTimePhrase, hasEvidenceOf } from "../../../server/answer/evidence-patterns.js";

describe("datePrecision", () => {
  it.each([
    ["hoàn thành việc nộp hồ sơ về Bộ Nội vụ trước ngày 30/6/2024.", 3],
    ["Phấn đấu toàn tỉnh lấy ý kiến cử tri về các Đề án vào ngày 21/4/2024.", 3],
    ["Bắc Giang, ngày 05 tháng 3 năm 2024", 3],
    ["Phấn đấu trình HĐND tỉnh trong tháng 5/2024", 2],
    ["hoàn thành trong quý III/2026", 2],
    ["xác định đây là nhiệm vụ trọng tâm số 1 của ngành trong năm 2024", 1],
    ["Sở Nội vụ chủ trì, phối hợp với các sở, ngành liên quan", 0],
  ])("%s -> %i", (sentence, precision) => {
    expect(datePrecision(sentence)).toBe(precision);
  });
});

describe("hasEvidenceOf / findTimePhrase", () => {
  it.each([
    ["date", "hoàn thành trước ngày 30/6/2024", true],
    ["date", "Sở Nội vụ chủ trì thực hiện", false],
    // A date a report counts up to is not a date anything is due.
    ["date", "Tính đến 31/7/2021 đã giải quyết 514/703 cán bộ, công chức cấp xã dôi dư", false],
    ["date", "tính đến hết ngày 15/10/2023, toàn tỉnh đã tiếp nhận 120 hồ sơ", false],
    ["date", "Tính đến 31/7/2021 đã giải quyết 514 trường hợp; số còn lại hoàn thành trước ngày 31/12/2021", true],
    ["date", "các đơn vị báo cáo đến ngày 31/7/2021", true],
    ["date", "Tính đến tháng 6/2024, toàn tỉnh đã hoàn thành 120 hồ sơ", false],
    ["period", "Đề án sắp xếp ĐVHC cấp xã giai đoạn 2023-2025", true],
    ["who", "giao Sở Tài chính bố trí kinh phí", true],
    ["number", "tuyển dụng 941 người", true],
  ] as const)("%s in %j: %s", (kind, sentence, expected) => {
    expect(hasEvidenceOf(kind, sentence)).toBe(expected);
  });

  it("reads an amount of money in đồng written with its sign", () => {
    expect(hasEvidenceOf("number", "mức hỗ trợ 500.000đ mỗi người.", { question: "Mức hỗ trợ bao nhiêu tiền?" })).toBe(true);
    expect(hasEvidenceOf("number", "hỗ trợ 20 người", { question: "Mức hỗ trợ bao nhiêu tiền?" })).toBe(false);
  });

  it("needs a rank for a rank question, a count of something else will not do", () => {
    const question = "Năm 2023, Chỉ số PAR INDEX của tỉnh xếp thứ mấy trên cả nước?";
    expect(hasEvidenceOf("number", "Triển khai đồng bộ, hiệu quả 06 nhiệm vụ về cải cách hành chính.", { question })).toBe(false);
    expect(hasEvidenceOf("number", "Chỉ số CCHC (PAR Index) tỉnh đạt 85,58/100, đứng thứ 13/63 tỉnh, thành phố.", { question })).toBe(true);
    expect(hasEvidenceOf("number", "1 Thứ hạng năng lực cạnh tranh cấp tỉnh PCI 27 25 22 Tăng 9,3%", { question })).toBe(true);
    expect(hasEvidenceOf("number", "phấn đấu đứng trong nhóm 10 tỉnh/thành phố đạt điểm cao nhất", { question: "What rank does the province aim for?" })).toBe(true);
  });

  it("finds the time phrase closest to a position", () => {
    const sentence = "Phấn đấu trình HĐND tỉnh trong tháng 5/2024; hoàn thành việc nộp hồ sơ về Bộ Nội vụ trước ngày 30/6/2024.";
    expect(findTimePhrase(sentence, "date", sentence.length)).toBe("trước ngày 30/6/2024");
    expect(findTimePhrase(sentence, "date", 0)).toBe("trong tháng 5/2024");
    // Asked for a deadline, the limit wins over a nearer plain date.
    expect(findTimePhrase(sentence, "date", 0, { preferLimit: true })).toBe("trước ngày 30/6/2024");
  });
});

describe("findQuantities", () => {
  it.each([
    ["tuyển dụng 941 người, đạt 99,0%", ["941", "99,0"]],
    // Item numbers are not quantities.
    ["4. Công tác cải cách hành chính và văn thư lưu trữ", []],
    ["- 2) Chỉ số hài lòng của người dân", []],
    ["Tổ chức xác định: (1) Chỉ số CCHC tỉnh, (2) Chỉ số PAPI các sở", []],
    ["4. Hoàn thành 12 lớp bồi dưỡng", ["12"]],
  ])("%s -> %j", (sentence, expected) => {
    expect(findQuantities(sentence)).toEqual(expected);
  });
});
