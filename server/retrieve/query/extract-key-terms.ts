import { foldTerm, normalizeUnicode, tokenize } from "../../../core/vietnamese.js";
import type { Lexicon } from "./lexicon.js";
import { matchPhrases, splitQueryWords } from "./query-words.js";

/**
 * Content terms of a Vietnamese text: the same tone-canonical syllables the
 * index uses (core/vietnamese tokenize), without question words ("bao
 * nhiêu", "nào") and function words ("của", "các"). With `folded` the terms
 * are folded, for questions typed without diacritics; function words whose
 * folded form is also a content syllable ("co": có / cơ) are kept then.
 */
export function extractKeyTerms(text: string, options: { lexicon: Lexicon; folded: boolean }): string[] {
  const { lexicon, folded } = options;
  const normalized = normalizeUnicode(text);
  const words = splitQueryWords(normalized);
  const mode = folded ? "folded" : "canonical";
  let blanked = normalized;
  for (const match of matchPhrases(words, lexicon.questionWords[mode], { mode, strategy: "longest" })) {
    const start = words[match.first]?.start ?? 0;
    const end = words[match.end - 1]?.end ?? start;
    blanked = blanked.slice(0, start) + " ".repeat(end - start) + blanked.slice(end);
  }
  const stopwords = lexicon.stopwords[mode];
  const terms: string[] = [];
  for (const token of tokenize(blanked)) {
    const term = folded ? foldTerm(token) : token;
    if (stopwords.has(term)) continue;
    // Single letters are list markers ("a)", "b)") or stray initials, not content.
    if (term.length === 1 && !/\p{N}/u.test(term)) continue;
    if (!terms.includes(term)) terms.push(term);
  }
  return terms;
}
