import { describe, expect, it } from "vitest";
import { compareHeaderBlocks, findMissingLines, readHeaderBlock, splitLayoutColumns, tokenize } from "../../scripts/pdf-text-comparison.js";

// The header of cv-4378-sct-mong-son.pdf as `pdftotext -layout` prints it.
const POPPLER_HEADER = ` UBND TỈNH LÀO CAI                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
 SỞ CÔNG THƯƠNG                          Độc lập - Tự do - Hạnh phúc
 Số: 4378 /SCT - CN                  Lào Cai, ngày 22 tháng 7 năm 2026
V/v trả lại hồ sơ đề nghị
cấp Giấy phép sử dụng vật
liệu nổ công nghiệp

                            Kính gửi: Công ty cổ phần Mông Sơn`;

describe("tokenize", () => {
  it("gives NFC lower-case words and reads 'ƣ' as 'ư'", () => {
    expect(tokenize("Số: 4378 /SCT - CN, THƢƠNG")).toEqual(["số", "4378", "sct", "cn", "thương"]);
    expect(tokenize("Hòa".normalize("NFD"))).toEqual(["hòa"]);
  });
});

describe("findMissingLines", () => {
  it("names the lines holding words the candidate lacks, whatever the layout", () => {
    const vanban = "UBND TỈNH LÀO CAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ CÔNG THƯƠNG Độc lập - Tự do - Hạnh phúc\nSố: /SCT - CN Lào Cai, ngày tháng 7 năm 2026\nV/v trả lại hồ sơ đề nghị cấp Giấy phép sử dụng vật liệu nổ công nghiệp\nKính gửi: Công ty cổ phần Mông Sơn";
    const result = findMissingLines(POPPLER_HEADER, vanban);
    expect(result.lines).toEqual([{ line: 3, text: "Số: 4378 /SCT - CN  Lào Cai, ngày 22 tháng 7 năm 2026", missing: ["4378", "22"] }]);
    expect(result.missingWords).toBe(2);
    expect(result.words).toBe(tokenize(POPPLER_HEADER).length);
  });

  it("counts a word printed twice as lacking once when the candidate has it once", () => {
    expect(findMissingLines("ngày 30/6/2024\nngày 30/6/2024", "ngày 30/6/2024").lines.map((line) => line.line)).toEqual([2]);
  });
});

describe("splitLayoutColumns and readHeaderBlock", () => {
  it("reads the two-column header poppler prints on one line", () => {
    expect(splitLayoutColumns(" Số: 12/SCT-CN        Lào Cai, ngày 5 tháng 3 năm 2026")).toBe("Số: 12/SCT-CN\n\nLào Cai, ngày 5 tháng 3 năm 2026");
    expect(readHeaderBlock(splitLayoutColumns(POPPLER_HEADER))).toEqual({ number: "4378/SCT-CN", date: "2026-07-22", place: "Lào Cai", issuer: "Sở Công thương tỉnh Lào Cai" });
  });
});

describe("compareHeaderBlocks", () => {
  it("matches across spacing and case, and does not hold what poppler cannot read against Vanban", () => {
    const comparison = compareHeaderBlocks({ number: "4378/SCT-CN", date: "2026-07-22", place: "Lào Cai" }, { number: "4378 /SCT - CN", date: "2026-07-23", place: "lào cai", issuer: "UBND tỉnh Lào Cai" });
    expect(comparison.map((field) => field.verdict)).toEqual(["match", "differs", "match", "poppler-none"]);
    expect(compareHeaderBlocks({ number: "CQNG" }, {}, { popplerTrusted: false })[0]?.verdict).toBe("poppler-none");
  });
});
