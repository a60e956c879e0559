import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collapseDoubleSpacing, detectLayout } from "../../../ingest/clean/detect-layout.js";

const seeds = path.resolve(import.meta.dirname, "../../fixtures/seeds");
const readSeed = (name: string): string => fs.readFileSync(path.join(seeds, name), "utf8");

// Lines as pdf-parse gives them for sample 000 (fixed width, one line each).
const PDF_LINES = [
  "Ngày 19/02/2024, đồng chí Lê Ánh Dương, Chủ tịch UBND tỉnh chủ trì buổi",
  "làm việc với Sở Nội vụ về kết quả thực hiện nhiệm vụ năm 2023; phương",
  "hướng, nhiệm vụ trọng tâm năm 2024. Tham dự buổi có đại diện lãnh đạo",
  "các cơ quan:",
  "Văn phòng UBND tỉnh, Sở Tư pháp, Sở Tài chính, Sở Xây dựng, Sở Kế hoạch",
  "và Đầu tư; Lãnh đạo và Trưởng các phòng, đơn vị thuộc Sở Nội vụ. Sau khi",
  "nghe báo cáo của Sở Nội vụ và các ý kiến phát biểu, đồng chí Chủ tịch",
  "UBND tỉnh kết luận như sau:",
  "Năm 2023, tập thể lãnh đạo, cán bộ, công chức, viên chức, người lao động",
  "thuộc Sở Nội vụ đã đoàn kết, thống nhất, có nhiều cố gắng nỗ lực, hoàn",
].join("\n");

describe("detectLayout", () => {
  it.each([
    ["pdf-parse lines", PDF_LINES, "pdf", "wrapped", false],
    ["seed 000 (wrapped, a blank line after every line)", readSeed("000_492514bbfbcde4f8.txt"), "text", "wrapped", true],
    ["seed 004 (wrapped, a blank line after every line)", readSeed("004_38b8e90ea4ed07a7.txt"), "text", "wrapped", true],
    ["seed 002 (one paragraph per line)", readSeed("002_606ab56a5eb8481a.txt"), "text", "paragraphs", false],
    ["seed 003 (one paragraph per line)", readSeed("003_66615375c7bf5e13.txt"), "text", "paragraphs", false],
    ["a short DOCX text", "Số: /TB-UBND\n\nTHÔNG BÁO", "docx", "paragraphs", false],
  ] as const)("%s", (_name, text, format, kind, doubleSpaced) => {
    const layout = detectLayout(text, { format });
    expect(layout.kind).toBe(kind);
    expect(layout.doubleSpaced).toBe(doubleSpaced);
  });

  it("measures a full line of the PDF text", () => {
    const { typicalLineLength } = detectLayout(PDF_LINES, { format: "pdf" });
    expect(typicalLineLength).toBeGreaterThan(60);
    expect(typicalLineLength).toBeLessThan(80);
  });

  it("collapseDoubleSpacing drops blank lines and keeps page breaks", () => {
    expect(collapseDoubleSpacing("nhiệm vụ năm 2023; nhiệm vụ \n\nxác định \n\f\nđây là")).toBe("nhiệm vụ năm 2023; nhiệm vụ \nxác định \n\f\nđây là");
  });
});
