import { describe, expect, it } from "vitest";
import {
  blankEnglishApostrophes,
  createPhraseTable,
  matchPhrases,
  phraseEntry,
  splitQueryWords,
} from "../../../server/retrieve/query/query-words.js";

describe("splitQueryWords", () => {
  it("gives canonical and folded keys whatever the tone placement or normal form", () => {
    const [old, modern, decomposed] = splitQueryWords(`hoà hòa ${"Hòa".normalize("NFD")}`);
    expect(old?.canonical).toBe(modern?.canonical);
    expect(decomposed?.canonical).toBe(modern?.canonical);
    expect(splitQueryWords("Đơn vị")[0]?.folded).toBe("don");
  });

  it.each([
    ["sở, ngành", [false, true]],
    ["năm 2024. Sở", [false, false, true]],
    ["TP. Hồ", [false, false]],
    ["TP.HCM", [false, false]],
    ["GD&ĐT", [false, false]],
    ["(QĐ 2016)", [false, false]],
    ["a) b", [false, true]],
  ])("marks phrase breaks in %s", (text, breaks) => {
    expect(splitQueryWords(text).map((word) => word.breakBefore)).toEqual(breaks);
  });
});

describe("matchPhrases", () => {
  const table = createPhraseTable([
    phraseEntry("sở nội vụ", "canonical", "A"),
    phraseEntry("nội vụ", "canonical", "B"),
    phraseEntry("cán bộ, công chức", "canonical", "C"),
  ]);

  it("takes the longest phrase first and skips past it", () => {
    const words = splitQueryWords("Sở Nội vụ và ngành nội vụ");
    expect(matchPhrases(words, table, { mode: "canonical", strategy: "longest" }).map((match) => match.value)).toEqual(["A", "B"]);
  });

  it("reports overlapping phrases with the 'all' strategy", () => {
    const words = splitQueryWords("Sở Nội vụ");
    expect(matchPhrases(words, table, { mode: "canonical", strategy: "all" }).map((match) => match.value)).toEqual(["A", "B"]);
  });

  it("does not match across punctuation unless the phrase has it", () => {
    expect(matchPhrases(splitQueryWords("sở, nội vụ"), table, { mode: "canonical", strategy: "longest" }).map((m) => m.value)).toEqual(["B"]);
    expect(matchPhrases(splitQueryWords("cán bộ, công chức"), table, { mode: "canonical", strategy: "longest" }).map((m) => m.value)).toEqual(["C"]);
  });

  it("matches English phrases through inflections and possessives", () => {
    const english = createPhraseTable([phraseEntry("People's Council deputy", "english", "D")]);
    const words = splitQueryWords(blankEnglishApostrophes("the People's Council deputies"));
    expect(matchPhrases(words, english, { mode: "english", strategy: "longest" }).map((match) => match.value)).toEqual(["D"]);
  });
});

describe("blankEnglishApostrophes", () => {
  it("keeps offsets", () => {
    const text = "Bắc Giang's martyrs' cemetery";
    expect(blankEnglishApostrophes(text)).toHaveLength(text.length);
    expect(blankEnglishApostrophes(text)).toBe("Bắc Giang   martyrs  cemetery");
  });
});
