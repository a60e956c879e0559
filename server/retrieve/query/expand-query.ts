import { normalizeForMatch } from "../../../core/vietnamese.js";
import type { Lexicon } from "./lexicon.js";
import { isAllCapitals, matchPhrases, splitQueryWords, type QueryWord } from "./query-words.js";

/**
 * Vietnamese phrases to search with besides the text itself (with a lower
 * weight): abbreviations expanded both ways (ĐVHC -> đơn vị hành chính and
 * back), synonyms the archive uses interchangeably (sáp nhập / sắp xếp,
 * ngừng / dừng) and, for text typed without diacritics, the known phrases it
 * spells restored with diacritics ("so noi vu" -> "Sở Nội vụ").
 * `ignore` spans (document numbers) take no part: the QĐ of
 * "16/2021/QĐ-UBND" is not an abbreviation to expand.
 */
export function expandVietnamese(
  text: string,
  options: { lexicon: Lexicon; folded: boolean; ignore?: ReadonlyArray<{ start: number; end: number }> },
): string[] {
  return expandVietnameseWithSources(text, options).map((equivalent) => equivalent.phrase);
}

/** A phrase that says what `source` (words of the query) says: "ĐVHC" for "đơn vị hành chính". */
export type Equivalent = { phrase: string; source: string };

/** expandVietnamese, each expansion with the words of the query it stands for. */
export function expandVietnameseWithSources(
  text: string,
  options: { lexicon: Lexicon; folded: boolean; ignore?: ReadonlyArray<{ start: number; end: number }> },
): Equivalent[] {
  const { lexicon, folded } = options;
  const words = splitQueryWords(text);
  const ignored = (index: number) => {
    const word = words[index];
    return word !== undefined && (options.ignore ?? []).some((span) => word.start < span.end && word.end > span.start);
  };
  const found: Array<{ at: number; phrases: readonly string[]; source: readonly QueryWord[] }> = [];

  for (const match of matchPhrases(words, lexicon.abbreviationShorts, { mode: "folded", strategy: "longest", skip: ignored })) {
    const source = words.slice(match.first, match.end);
    // "KH", "TB", "TW" only in capitals: lower case they are ordinary syllables.
    if (match.value.capitalsOnly && !source.every(isAllCapitals)) continue;
    found.push({ at: match.first, phrases: match.value.entry.long, source });
  }
  const mode = folded ? "folded" : "canonical";
  for (const match of matchPhrases(words, lexicon.abbreviationLongs[mode], { mode, strategy: "longest", skip: ignored })) {
    if (!match.value.twoWay) continue;
    found.push({ at: match.first, phrases: match.value.short.slice(0, 1), source: words.slice(match.first, match.end) });
  }
  for (const match of matchPhrases(words, lexicon.synonyms[mode], { mode, strategy: "longest", skip: ignored })) {
    found.push({ at: match.first, phrases: match.value, source: words.slice(match.first, match.end) });
  }
  if (folded) {
    for (const match of matchPhrases(words, lexicon.restorations, { mode: "folded", strategy: "longest", skip: ignored })) {
      found.push({ at: match.first, phrases: [match.value], source: words.slice(match.first, match.end) });
    }
  }

  const textKey = ` ${normalizeForMatch(text)} `;
  const expansions: Equivalent[] = [];
  const seen = new Set<string>();
  for (const { phrases, source } of found.sort((a, b) => a.at - b.at)) {
    const sourceKey = source.map((word) => word.canonical).join(" ");
    for (const phrase of phrases) {
      const key = normalizeForMatch(phrase);
      if (!key || key === sourceKey || seen.has(key) || textKey.includes(` ${key} `)) continue;
      seen.add(key);
      expansions.push({ phrase, source: source.map((word) => word.text).join(" ") });
    }
  }
  return expansions;
}
