import { describe, expect, it } from "vitest";
import { normalizeText } from "../../../ingest/clean/normalize-text.js";

describe("normalizeText", () => {
  it.each([
    ["NFD input becomes NFC", "Sở Nội vụ tỉnh Bắc Giang".normalize("NFD"), "Sở Nội vụ tỉnh Bắc Giang"],
    ["tone placement is kept as typed (old style)", "hoà thuỷ", "hoà thuỷ"],
    ["tone placement is kept as typed (new style)", "hòa thủy", "hòa thủy"],
    ["non-breaking and thin spaces become spaces", "Điều\u00a05,\u2009khoản\u202f2", "Điều 5, khoản 2"],
    ["CRLF and CR become LF", "a\r\nb\rc", "a\nb\nc"],
    ["zero-width characters and soft hyphens go", "nội\u200b vụ\u00ad", "nội vụ"],
    ["a symbol-font bullet at line start becomes a bullet", "\uf0b7 Các sở;", "• Các sở;"],
    ["control characters go, page breaks and tabs stay", "a\u0001\tb\fc", "a\tb\fc"],
    ["the look-alike eth of legacy fonts becomes Đ/đ", "Quyết định số 555/Q\u00d0-BCT, \u00f0ồng", "Quyết định số 555/QĐ-BCT, đồng"],
  ])("%s", (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it("gives the same text for NFC and NFD input of a real sentence", () => {
    const sentence = "tháo gỡ các tồn tại, hạn chế trong lĩnh vực nội vụ hoặc tham mưu cho Tỉnh ủy - UBND tỉnh";
    expect(normalizeText(sentence.normalize("NFD"))).toBe(normalizeText(sentence.normalize("NFC")));
  });
});
