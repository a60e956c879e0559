import { describe, expect, it } from "vitest";
import { detectLanguage, looksLikeVietnameseSyllable } from "../../../server/retrieve/query/detect-language.js";
import { getDefaultLexicon } from "../../../server/retrieve/query/lexicon.js";

const lexicon = getDefaultLexicon();

describe("detectLanguage", () => {
  it.each([
    // Vietnamese with diacritics, also with one English word or only names
    ["Sở Nội vụ Bắc Giang có bao nhiêu phòng chuyên môn?", "vi"],
    ["Deadline nộp hồ sơ sáp nhập xã của Bắc Ninh là khi nào?", "vi"],
    ["Bắc Giang có bao nhiêu xã được merge?", "vi"],
    ["UBND tỉnh Hưng Yên", "vi"],
    ["Hưng Yên", "vi"],
    ["Thủ tục hành chính nào được cắt giảm?", "vi"],
    ["Tỉnh ủy Quảng Trị ban hành Chỉ thị 05-CT/TU ngày nào?", "vi"],
    // typed without diacritics
    ["so noi vu bac giang co bao nhieu phong", "vi-nodiacritics"],
    ["cap xa nam nao hoan thanh sap xep", "vi-nodiacritics"],
    ["cchc la gi", "vi-nodiacritics"],
    ["ubnd tinh bac giang", "vi-nodiacritics"],
    ["bac giang", "vi-nodiacritics"],
    ["the nao la bien che", "vi-nodiacritics"],
    ["co quan nao chu tri to chuc bo may", "vi-nodiacritics"],
    // a few capitalized names with diacritics do not make a bare question Vietnamese-with-diacritics
    ["so noi vu Bắc Giang duoc dong y phoi hop so tai chinh", "vi-nodiacritics"],
    // English, with or without Vietnamese names
    ["Under Bắc Giang's 2024 conclusion, which new units were to be created by re-drawing the boundaries of Lục Ngạn and Sơn Động districts?", "en"],
    ["What was the voter turnout in Bắc Giang in the 2021 elections?", "en"],
    ["deadline", "en"],
    ["Bac Giang 2024 deadline for commune merger", "en"],
    ["Is the plan still in force?", "en"],
    ["Which districts of Bac Giang were merged in 2024?", "en"],
    ["what is Sở Nội vụ's deadline for the commune merger?", "en"],
  ] as const)("%s -> %s", (question, language) => {
    expect(detectLanguage(question, { lexicon })).toBe(language);
  });

  it("calls a question of codes and numbers only Vietnamese", () => {
    expect(detectLanguage("16/2021/QĐ-UBND", { lexicon })).toBe("vi");
    expect(detectLanguage("", { lexicon })).toBe("vi");
  });
});

describe("looksLikeVietnameseSyllable", () => {
  it.each(["nghieng", "so", "noi", "vu", "thuong", "khuyen", "quyet", "giang", "the"])("accepts %s", (word) => {
    expect(looksLikeVietnameseSyllable(word)).toBe(true);
  });
  it.each(["units", "plan", "created", "district", "what", "boundaries", "for", "strength"])("rejects %s", (word) => {
    expect(looksLikeVietnameseSyllable(word)).toBe(false);
  });
});
