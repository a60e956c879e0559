import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitSentences } from "../../../core/sentences.js";
import { bigrams, foldTerm, normalizeUnicode, tokenize } from "../../../core/vietnamese.js";
import { termSet, TextTerms } from "../../../server/answer/question-terms.js";

/**
 * The answerer tokenizes each text of a question once (TextTerms) and each
 * document once, and derives what it tokenized again before: a window's
 * terms from its two sentences, bigrams from folded words, a document's terms
 * from its sentences'. These are the equalities that makes exact.
 */

// Pieces that stress word boundaries and normalization: Vietnamese words in NFC and NFD, numbers and
// compounds, sentence ends, line breaks, joiners, combining marks, invisible characters, odd cases.
const PIECES = [
  "Sở", "Nội", "vụ", "hoà", "hòa", "thuỷ", "Hoa\u0300", "đơn vị", "ĐVHC", "16/2021/QĐ-UBND", "30/6/2024", "19.121", "99,0%", "UBND", "tỉnh",
  " ", "  ", "\n", "\n\n", ". ", "; ", ": ", "! ", "? ", "… ", ".", ",", "-", "–", "/", "\"", "“", "”", "(", ")", "- ", "• ",
  "\u0301", "\u0323", "\u00a0", "\u200b", "\ufeff", "\u00ad", "\u2060", "ΑΣ", "İ", "ß", "ﬁ", "TP. ", "1. ", "II. ",
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((pieces) => pieces.join(""));
const anyText = fc.oneof(text, fc.string({ maxLength: 60, unit: "binary" }));

describe("TextTerms", () => {
  it("gives termSet's terms, in termSet's order", () => {
    fc.assert(
      fc.property(anyText, (value) => {
        expect([...new TextTerms().termsOf(value)]).toEqual([...termSet(value)]);
      }),
      { numRuns: 400 },
    );
  });

  it("joins two texts' terms as termSet of the texts joined by a space, in the same order", () => {
    fc.assert(
      fc.property(anyText, anyText, (first, second) => {
        expect([...new TextTerms().joinedTermsOf(first, second)]).toEqual([...termSet(`${first} ${second}`)]);
      }),
      { numRuns: 400 },
    );
  });

  it("folds bigrams word by word as folding each pair does", () => {
    fc.assert(
      fc.property(anyText, (value) => {
        expect([...new TextTerms().foldedBigramsOf(value)]).toEqual([...new Set(bigrams(tokenize(value)).map((pair) => foldTerm(pair)))]);
      }),
      { numRuns: 400 },
    );
  });

  it("tokenizes a text once however often it is asked", () => {
    const texts = new TextTerms();
    const first = texts.termsOf("Sở Nội vụ chủ trì");
    expect(texts.termsOf("Sở Nội vụ chủ trì")).toBe(first);
    expect([...first]).toEqual(["so", "noi", "vu", "chu", "tri"]);
  });
});

describe("a document's terms from its sentences", () => {
  it("are the terms of the whole text when the text is in normal form", () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const value = normalizeUnicode(raw);
        const union = new Set(splitSentences(value).flatMap((span) => [...termSet(value.slice(span.start, span.end))]));
        expect([...union].sort()).toEqual([...termSet(value)].sort());
      }),
      { numRuns: 400 },
    );
  });

  it("may differ for a text that is not (why the answerer checks)", () => {
    // A byte-order mark is white space to the sentence splitter and nothing to the tokenizer.
    const value = "Hết hạn.\ufeffSở Nội vụ";
    const union = new Set(splitSentences(value).flatMap((span) => [...termSet(value.slice(span.start, span.end))]));
    expect(normalizeUnicode(value)).not.toBe(value);
    expect([...union].sort()).not.toEqual([...termSet(value)].sort());
  });
});
