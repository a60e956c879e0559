import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldDiacritics } from "../../../core/vietnamese.js";
import { allMatches } from "../../../ingest/parse/all-matches.js";
import { foldKeepingOffsets } from "../../../ingest/parse/fold-text.js";
import { topLevelAlternatives } from "../../../ingest/parse/regex-source.js";
import { collapseWhiteSpace } from "../../../ingest/parse/white-space.js";

/** The fold as first defined: the whole text natively when that keeps its length, else character by character. */
function definitionalFold(text: string): string {
  if (!/[\p{M}\u0130]/u.test(text)) {
    const whole = foldDiacritics(text).toLowerCase();
    if (whole.length === text.length) return whole;
  }
  return text
    .split("")
    .map((character) => {
      const folded = foldDiacritics(character).toLowerCase();
      return folded.length === 1 ? folded : character;
    })
    .join("");
}

/** Characters the fold meets: Vietnamese letters in both cases, punctuation, and some that need the slow path. */
const CHARACTERS = [
  ..."aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY0123456789",
  ..."àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ",
  ..."ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ",
  ..." \n\t.,;:!?()[]/-–—…“”‘’«»•°²⁵§&*_#",
  "\u00a0", "\u2028", "\ufeff", "\u0000",
  // Outside the lookup table: combining marks (non-NFC input), İ, Greek (final sigma), CJK, an emoji.
  "\u0301", "\u0323", "İ", "Σ", "α", "中", "😀",
];

describe("foldKeepingOffsets", () => {
  it("folds Vietnamese to plain lower-case letters, keeping length", () => {
    expect(foldKeepingOffsets("Trước NGÀY 30/6/2024, Sở Nội vụ")).toBe("truoc ngay 30/6/2024, so noi vu");
    expect(foldKeepingOffsets("ĐỀ NGHỊ").length).toBe("ĐỀ NGHỊ".length);
  });

  it("keeps the first definition on text the lookup table does not cover", () => {
    expect(foldKeepingOffsets("ΑΣ")).toBe(definitionalFold("ΑΣ"));
    expect(foldKeepingOffsets("hoa\u0300 İ")).toBe(definitionalFold("hoa\u0300 İ"));
  });

  it("property: equals the definition, short or long (the long ones are memoized)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CHARACTERS), { maxLength: 40 }), fc.integer({ min: 1, max: 60 }), (characters, repeat) => {
        const text = characters.join("").repeat(repeat);
        const folded = foldKeepingOffsets(text);
        expect(folded).toBe(definitionalFold(text));
        expect(folded.length).toBe(text.length);
        expect(foldKeepingOffsets(text)).toBe(folded);
      }),
      { numRuns: 400 },
    );
  });
});

describe("allMatches", () => {
  it.each<[RegExp, string]>([
    [/\d+/gu, "a1 b22 c333"],
    [/(?<![\p{L}])so\s+(\p{L}+)/gu, "so noi vu, so tai chinh; soat"],
    [/x*/gu, "axxb😀x"],
    [/(?:)/gu, "😀a"],
    [/b*/g, "abba"],
  ])("%s on %j gives what matchAll gives", (pattern, text) => {
    const expected = [...text.matchAll(pattern)].map((match) => [match.index, ...match]);
    expect(allMatches(pattern, text).map((match) => [match.index, ...match])).toEqual(expected);
    expect(pattern.lastIndex).toBe(0);
  });
});

describe("topLevelAlternatives", () => {
  it.each<[string, string[]]>([
    ["so noi vu", ["so noi vu"]],
    ["a|b c|d", ["a", "b c", "d"]],
    ["(?:a|b) c|d", ["(?:a|b) c", "d"]],
    ["[|(] x|y\\|z", ["[|(] x", "y\\|z"]],
    ["ban thi dua ?[-–,]? ?khen thuong(?: tinh)?", ["ban thi dua ?[-–,]? ?khen thuong(?: tinh)?"]],
  ])("%s", (source, expected) => {
    expect(topLevelAlternatives(source)).toEqual(expected);
  });
});

describe("collapseWhiteSpace", () => {
  it("property: is replace(/\\s+/gu, \" \")", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", " ", "  ", "\n", "\t", "\u00a0", "\u2028", "ư", "😀"), { maxLength: 30 }), (parts) => {
        const text = parts.join("");
        expect(collapseWhiteSpace(text)).toBe(text.replace(/\s+/gu, " "));
      }),
    );
  });
});
