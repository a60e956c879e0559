import { describe, expect, it } from "vitest";
import { splitRunInHeadings } from "../../../ingest/clean/split-run-in-headings.js";

describe("splitRunInHeadings", () => {
  it.each([
    ["document type run into the title (sample 000 PDF)", "THÔNG BÁO Kết luận của Chủ tịch UBND tỉnh", "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh"],
    ["plan type run into the title (sample 003 PDF)", "KẾ HOẠCH Phát triển kinh tế - xã hội năm 2022", "KẾ HOẠCH\nPhát triển kinh tế - xã hội năm 2022"],
    ["numbered part heading run into its text (sample 004 PDF)", "II. PHƯƠNG HƯỚNG, MỤC TIÊU Năm 2024, toàn ngành Nội vụ quyết", "II. PHƯƠNG HƯỚNG, MỤC TIÊU\nNăm 2024, toàn ngành Nội vụ quyết"],
    ["signature titles run into the name", "KT. CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG Nguyễn Thị Ngọc", "KT. CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG\nNguyễn Thị Ngọc"],
    ["acronyms are not a heading", "UBND TP Bắc Giang, 02 đơn chuyển đến", "UBND TP Bắc Giang, 02 đơn chuyển đến"],
    ["one capital syllable is not enough", "HĐND, UBND tỉnh về các cơ chế", "HĐND, UBND tỉnh về các cơ chế"],
    ["a heading alone stays", "I. MỤC ĐÍCH, YÊU CẦU", "I. MỤC ĐÍCH, YÊU CẦU"],
    ["capitals inside a quotation stay", "“KỶ CƯƠNG, TRÁCH NHIỆM” Năm 2024", "“KỶ CƯƠNG, TRÁCH NHIỆM” Năm 2024"],
    ["ordinary sentence", "Ngày 19/02/2024, đồng chí Lê Ánh Dương", "Ngày 19/02/2024, đồng chí Lê Ánh Dương"],
  ])("%s", (_name, input, expected) => {
    expect(splitRunInHeadings(input)).toBe(expected);
  });
});
