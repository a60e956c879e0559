import { bigrams, foldTerm, tokenize } from "../../core/vietnamese.js";

/**
 * The terms a text contributes to the indexes. Kept in one place so the BM25
 * index, the hashed embedder and query processing agree on them:
 * - tone-canonical syllables and syllable bigrams (phrases such as "sở nội");
 * - a diacritic-folded shadow of both, prefixed with "~", so "so noi vu"
 *   finds "Sở Nội vụ" without making "sở" and "số" the same term for users
 *   who did type the diacritics.
 */
export type TermOptions = { exact?: boolean; folded?: boolean };

export const FOLDED_PREFIX = "~";

/** Unigrams and bigrams of canonical syllables; compound parts never form bigrams across a compound. */
export function extractIndexTerms(text: string, options: TermOptions = {}): string[] {
  const exact = options.exact ?? true;
  const folded = options.folded ?? true;
  const syllables = tokenize(text);
  const terms: string[] = [];
  const pairs = bigrams(syllables);
  if (exact) {
    terms.push(...syllables, ...pairs);
  }
  if (folded) {
    for (const term of syllables) terms.push(FOLDED_PREFIX + foldTerm(term));
    for (const pair of pairs) terms.push(FOLDED_PREFIX + foldTerm(pair));
  }
  return terms;
}

/** Number of syllables in a text; the length BM25 normalizes by. */
export function countSyllables(text: string): number {
  return tokenize(text).length;
}
