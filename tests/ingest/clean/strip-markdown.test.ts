import { describe, expect, it } from "vitest";
import { looksLikeMarkdown, stripMarkdown } from "../../../ingest/clean/strip-markdown.js";

describe("stripMarkdown", () => {
  it.each([
    ["bold title (seed 001)", "**THÔNG BÁO**", "THÔNG BÁO"],
    ["italic date line (seed 001)", "*Bắc Giang, ngày tháng 9 năm 2021*", "Bắc Giang, ngày tháng 9 năm 2021"],
    ["bold-italic label (seed 001)", "***Nơi nhận:***", "Nơi nhận:"],
    ["bold inside a sentence (seed 003)", "+ **Chỉ số CCHC (PAR Index) tỉnh Bắc Giang** đạt 85,58/100", "+ Chỉ số CCHC (PAR Index) tỉnh Bắc Giang đạt 85,58/100"],
    ["italic in brackets (seed 001)", "địa bàn tỉnh (*trong đó đề cao chất lượng tuyển dụng*).", "địa bàn tỉnh (trong đó đề cao chất lượng tuyển dụng)."],
    ["bold over a soft line break (seed 003)", "**Đánh giá kết quả thực hiện nhiệm vụ phát triển\nkinh tế - xã hội năm 2021**", "Đánh giá kết quả thực hiện nhiệm vụ phát triển\nkinh tế - xã hội năm 2021"],
    ["heading marker", "## II. NHIỆM VỤ TRỌNG TÂM", "II. NHIỆM VỤ TRỌNG TÂM"],
    ["link keeps its label", "xem [Quyết định 16/2021/QĐ-UBND](https://example.vn/qd16)", "xem Quyết định 16/2021/QĐ-UBND"],
    ["nested bullet keeps the inner bullet (seed 001)", "  - + LĐVP, TKCT, các phòng, đơn vị;", "+ LĐVP, TKCT, các phòng, đơn vị;"],
    ["hard line break keeps the line break (seed 001)", "**TL. CHỦ TỊCH  \nCHÁNH VĂN PHÒNG**", "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG"],
    ["a lone star between spaces stays", "diện tích 5 * 3 m", "diện tích 5 * 3 m"],
    ["markers inside a word stay", "2**3**4", "2**3**4"],
    ["footnote syntax is left for the footnote step", "nội vụ[^1] cơ bản\n\n[^1]: nổi bật là", "nội vụ[^1] cơ bản\n\n[^1]: nổi bật là"],
    ["superscript HTML becomes a superscript digit", "bồi dưỡng<sup>1</sup> theo kế hoạch", "bồi dưỡng¹ theo kế hoạch"],
    ["escaped characters lose the backslash", "1\\. Mục đích", "1. Mục đích"],
  ])("%s", (_name, input, expected) => {
    expect(stripMarkdown(input)).toBe(expected);
  });

  it.each([
    ["seed 001 bold title", "Số: /TB-UBND\n\n**THÔNG BÁO**", true],
    ["a heading", "# Kế hoạch", true],
    ["Markdown footnote", "nội vụ[^1] cơ bản", true],
    ["plain PDF text", "Ngày 19/02/2024, đồng chí Lê Ánh Dương, Chủ tịch UBND tỉnh chủ trì buổi", false],
    ["an arithmetic star", "5 * 3 = 15", false],
  ])("looksLikeMarkdown: %s", (_name, input, expected) => {
    expect(looksLikeMarkdown(input)).toBe(expected);
  });
});
