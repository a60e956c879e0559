import { describe, expect, it } from "vitest";
import { canonicalizeTone, foldDiacritics, hasVietnameseDiacritics, normalizeForMatch, normalizeUnicode, splitWords, tokenize } from "../../core/vietnamese.js";

describe("canonicalizeTone", () => {
  it.each([
    ["hoà", "hòa"],
    ["thuỷ", "thủy"],
    ["quý", "qúy"],
    ["Hoá", "hóa"],
    ["uỷ", "ủy"],
    ["khoẻ", "khỏe"],
  ])("treats old and new tone placement alike: %s / %s", (oldForm, newForm) => {
    expect(canonicalizeTone(oldForm)).toBe(canonicalizeTone(newForm));
  });

  it.each([
    ["Sở Nội vụ".normalize("NFD"), "Sở Nội vụ".normalize("NFC")],
    ["ĐVHC".normalize("NFD"), "đvhc"],
  ])("NFC and NFD input give one key: %s", (a, b) => {
    expect(a.split(" ").map(canonicalizeTone)).toEqual(b.split(" ").map(canonicalizeTone));
  });

  it("keeps different tones apart", () => {
    expect(canonicalizeTone("sở")).not.toBe(canonicalizeTone("số"));
    expect(canonicalizeTone("ma")).not.toBe(canonicalizeTone("má"));
  });
});

describe("foldDiacritics", () => {
  it.each([
    ["Sở Nội vụ", "So Noi vu"],
    ["Đơn vị hành chính", "Don vi hanh chinh"],
    ["ĐVHC cấp xã", "DVHC cap xa"],
    ["Bắc Giang", "Bac Giang"],
  ])("%s -> %s", (input, expected) => {
    expect(foldDiacritics(input)).toBe(expected);
  });
});

describe("hasVietnameseDiacritics", () => {
  it.each([
    ["so noi vu bac giang", false],
    ["what is the deadline", false],
    ["Sở Nội vụ", true],
    ["dừng", true],
  ])("%s -> %s", (text, expected) => {
    expect(hasVietnameseDiacritics(text)).toBe(expected);
  });
});

describe("tokenize", () => {
  it("splits syllables and keeps document numbers whole and in parts", () => {
    expect(tokenize("Quyết định số 16/2021/QĐ-UBND")).toEqual(["quyêt́", "điṇh", "sô\u0301".normalize("NFC"), "16/2021/qđ-ubnd", "16", "2021", "qđ", "ubnd"].map((t) => canonicalizeTone(t)));
  });

  it("keeps dates and decimal numbers as single terms plus parts", () => {
    const terms = tokenize("trước ngày 30/6/2024 có 19.121 lượt");
    expect(terms).toContain("30/6/2024");
    expect(terms).toContain("19.121");
  });

  it("removes zero-width characters before splitting", () => {
    expect(tokenize(normalizeUnicode("Nội\u200b vụ"))).toEqual(tokenize("Nội vụ"));
  });
});

describe("splitWords", () => {
  it("reports offsets into the input", () => {
    const text = "Sở Nội vụ, ngày 30/6/2024.";
    for (const span of splitWords(text)) expect(text.slice(span.start, span.end)).toBe(span.word);
    expect(splitWords(text).map((span) => span.word)).toEqual(["Sở", "Nội", "vụ", "ngày", "30/6/2024"]);
  });
});

describe("normalizeForMatch", () => {
  it("ignores tone placement, case and punctuation", () => {
    expect(normalizeForMatch("Hoà  bình, THUỶ lợi")).toBe(normalizeForMatch("hòa bình thủy lợi"));
  });
});
