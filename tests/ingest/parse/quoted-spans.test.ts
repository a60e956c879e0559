import { describe, expect, it } from "vitest";
import { findQuotedSpans, isInsideQuotation } from "../../../ingest/parse/quoted-spans.js";

describe("findQuotedSpans", () => {
  it.each<[string, string, string[]]>([
    ["curly marks within a paragraph", "Luật quy định: “Hoạt động xuất khẩu thực hiện theo quy định.” Theo đó, đề nghị Sở rà soát.", ["“Hoạt động xuất khẩu thực hiện theo quy định.”"]],
    [
      "a straight opening closed by a curly mark, across paragraphs (corpus-dev cv-597)",
      'Điều 4 Luật Quản lý ngoại thương năm 2017 quy định:\n\n"1. Nhà nước quản lý ngoại thương.\n\n3. Bảo đảm thực hiện đầy đủ các nguyên tắc.”\n\nBiện pháp quản lý …',
      ['"1. Nhà nước quản lý ngoại thương.\n\n3. Bảo đảm thực hiện đầy đủ các nguyên tắc.”'],
    ],
    ["a name in quotes", 'Dự án "Nhà máy tuyển quặng apatit" tại tỉnh Lào Cai.', ['"Nhà máy tuyển quặng apatit"']],
    ["an unclosed mark", "Đề nghị Công ty ghi rõ “ số lượng theo chủng loại.", []],
  ])("%s", (_name, text, expected) => {
    expect(findQuotedSpans(text).map((span) => text.slice(span.start, span.end))).toEqual(expected);
  });

  it("tells whether an offset is inside a quotation", () => {
    const text = "Luật quy định: “1. Nhà nước quản lý. 2. Bảo đảm thực hiện.” Đề nghị Sở rà soát.";
    const spans = findQuotedSpans(text);
    expect(isInsideQuotation(spans, text.indexOf("2. Bảo đảm"))).toBe(true);
    expect(isInsideQuotation(spans, text.indexOf("Đề nghị"))).toBe(false);
    expect(isInsideQuotation(spans, text.indexOf("“"))).toBe(false);
  });
});
