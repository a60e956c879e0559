import { describe, expect, it } from "vitest";
import { expandVietnamese } from "../../../server/retrieve/query/expand-query.js";
import { getDefaultLexicon } from "../../../server/retrieve/query/lexicon.js";

const lexicon = getDefaultLexicon();
const expand = (text: string, folded = false) => expandVietnamese(text, { lexicon, folded });

describe("expandVietnamese", () => {
  it.each([
    // short -> long
    ["sắp xếp ĐVHC cấp xã", ["đơn vị hành chính"]],
    ["chỉ số CCHC", ["cải cách hành chính"]],
    ["Đề án VTVL", ["vị trí việc làm"]],
    ["UBND tỉnh và HĐND tỉnh", ["ủy ban nhân dân", "hội đồng nhân dân"]],
    ["bồi dưỡng CBCCVC", ["cán bộ, công chức, viên chức"]],
    ["hưởng lương NSNN", ["ngân sách nhà nước"]],
    ["ngân sách TW", ["trung ương"]],
    ["Sở GD&ĐT", ["Sở Giáo dục và Đào tạo"]],
    ["Sở TN&MT", ["tài nguyên và môi trường"]],
    ["Sở VH-TT&DL", ["văn hóa, thể thao và du lịch"]],
    ["đại biểu ĐBQH người DTTS", ["đại biểu quốc hội", "dân tộc thiểu số"]],
    // long -> short
    ["sắp xếp đơn vị hành chính", ["ĐVHC"]],
    ["cải cách hành chính", ["CCHC"]],
    ["thủ tục hành chính", ["TTHC"]],
    ["cán bộ, công chức, viên chức", ["CBCCVC"]],
    ["Sở Nội vụ", ["SNV"]],
    // synonyms
    ["sáp nhập xã", ["sắp xếp"]],
    ["ngừng tiếp nhận", ["dừng"]],
    ["hoãn trình", ["lùi"]],
    // typed without diacritics: folded abbreviations and restored phrases
  ])("%s", (text, phrases) => {
    expect(expand(text)).toEqual(expect.arrayContaining(phrases));
  });

  it.each([
    ["sap xep dvhc cap xa", ["đơn vị hành chính", "sắp xếp", "cấp xã"]],
    ["so noi vu tham muu", ["Sở Nội vụ", "tham mưu"]],
    ["chi so cchc", ["cải cách hành chính", "chỉ số"]],
    ["tinh gian bien che", ["tinh giản biên chế", "giảm biên chế"]],
  ])("%s (no diacritics)", (text, phrases) => {
    expect(expand(text, true)).toEqual(expect.arrayContaining(phrases));
  });

  it("expands two-letter codes only when typed in capitals", () => {
    expect(expand("theo KH của tỉnh")).toContain("kế hoạch");
    expect(expand("kh va tb")).toEqual([]);
  });

  it("does not turn generic type words into codes", () => {
    expect(expand("kế hoạch và quyết định")).toEqual([]);
  });

  it("skips ignored spans such as document numbers", () => {
    const text = "số 16/2021/QĐ-UBND";
    expect(expandVietnamese(text, { lexicon, folded: false, ignore: [{ start: 3, end: text.length }] })).toEqual([]);
  });

  it("does not repeat what the text already says", () => {
    const expansions = expand("sắp xếp, sáp nhập ĐVHC là đơn vị hành chính");
    expect(expansions).not.toContain("sắp xếp");
    expect(expansions).not.toContain("sáp nhập");
    expect(expansions).not.toContain("đơn vị hành chính");
    expect(new Set(expansions).size).toBe(expansions.length);
  });
});
