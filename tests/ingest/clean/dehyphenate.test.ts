import { describe, expect, it } from "vitest";
import { collectVocabulary, dehyphenate, joinAcrossLineBreak } from "../../../ingest/clean/dehyphenate.js";

describe("joinAcrossLineBreak", () => {
  it.each([
    ["document number wrapped after its hyphen (sample 004 PDF)", "số 1436/QĐ-", "SNV ngày 16/5/2023", "số 1436/QĐ-SNV ngày 16/5/2023"],
    ["year range wrapped after its hyphen (sample 003 PDF)", "giai đoạn 2021-", "2030; ngoài ra", "giai đoạn 2021-2030; ngoài ra"],
    ["party document number (sample 004 PDF)", "Kế hoạch số 208-", "KH/TU ngày 07/7/2023", "Kế hoạch số 208-KH/TU ngày 07/7/2023"],
    ["spaced dash between names keeps its spaces (sample 000 PDF)", "tham mưu cho Tỉnh ủy -", "UBND tỉnh chỉ đạo", "tham mưu cho Tỉnh ủy - UBND tỉnh chỉ đạo"],
    ["slash binds both sides", "có phản ánh/", "dư luận không tốt", "có phản ánh/dư luận không tốt"],
    ["ordinary wrap gets one space", "tháo gỡ các tồn tại,", "hạn chế trong lĩnh vực", "tháo gỡ các tồn tại, hạn chế trong lĩnh vực"],
  ])("%s", (_name, left, right, expected) => {
    expect(joinAcrossLineBreak(left, right)).toBe(expected);
  });

  it.each([
    ["a foreign word used unbroken elsewhere loses the line-break hyphen", "hệ thống manage-", "ment mới", "management", "hệ thống management mới"],
    ["without such evidence the hyphen stays", "hệ thống manage-", "ment mới", "khác", "hệ thống manage-ment mới"],
    ["Vietnamese syllables are never glued", "kinh tế - xã hội, tiếp-", "nhận hồ sơ", "tiếpnhận", "kinh tế - xã hội, tiếp-nhận hồ sơ"],
    ["a hyphenated form used elsewhere keeps the hyphen", "địa chỉ e-", "mail công vụ", "email e-mail", "địa chỉ e-mail công vụ"],
  ])("%s", (_name, left, right, elsewhere, expected) => {
    expect(joinAcrossLineBreak(left, right, { vocabulary: collectVocabulary(elsewhere) })).toBe(expected);
  });
});

describe("dehyphenate", () => {
  it("joins hyphen-broken lines and leaves other line breaks", () => {
    const input = "Quyết định số 01/2023/QĐ-\nUBND ngày 11/01/2023\ncủa UBND tỉnh";
    expect(dehyphenate(input)).toBe("Quyết định số 01/2023/QĐ-UBND ngày 11/01/2023\ncủa UBND tỉnh");
  });

  it("never touches ranges inside a line", () => {
    expect(dehyphenate("giai đoạn 2023-2025 và 2022 - 2025")).toBe("giai đoạn 2023-2025 và 2022 - 2025");
  });
});
