import { describe, expect, it } from "vitest";
import { bigramKey, countWordBigrams, listWords, tokenizeWords, wordKey } from "../../../ingest/clean/count-word-bigrams.js";

describe("bigramKey", () => {
  it.each([
    ["Tồn", "tồn"],
    ["vụ1", "vụ"],
    ["dưỡng¹", "dưỡng"],
    ["2024", "#"],
    ["16/2021/QĐ-UBND", "#"],
    ["19.121", "#"],
  ])("%j -> %j", (word, key) => {
    expect(bigramKey(word)).toBe(key);
  });
});

describe("countWordBigrams", () => {
  // Sample 000: "các tồn tại, hạn chế" is written twice; a clause end stops a pair.
  const text = "Để khắc phục các tồn tại, hạn chế; nâng cao hiệu quả. Tháo gỡ các tồn tại, hạn chế trong lĩnh vực nội vụ.";
  const bigrams = countWordBigrams(listWords(text));

  it.each([
    ["tại", "hạn", 2],
    ["tồn", "tại", 2],
    ["chế", "nâng", 0],
    ["quả", "tháo", 0],
    ["vực", "nội", 1],
  ])("pair(%j, %j) = %d", (first, second, count) => {
    expect(bigrams.pair(first, second)).toBe(count);
  });

  it("counts followers within clauses only", () => {
    expect(bigrams.followers("chế")).toBe(1);
  });

  it("tokens carry offsets into the text", () => {
    const tokens = tokenizeWords(text);
    expect(tokens.every((token) => text.slice(token.start, token.end).toLowerCase().startsWith(token.key) || token.key === "#")).toBe(true);
  });

  it("the word list holds the same words as the tokens", () => {
    const words = listWords(text);
    const tokens = tokenizeWords(text);
    expect(words.length).toBe(tokens.length);
    tokens.forEach((token, index) => {
      expect([wordKey(words, index), words.starts[index], words.ends[index], words.clauseStarts[index] === 1]).toEqual([token.key, token.start, token.end, token.startsClause]);
    });
  });
});
