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
  return analyzeIndexText(text, options).terms;
}

/** The index terms of a text and its length in syllables (what BM25 normalizes by), from one tokenization. */
export function analyzeIndexText(text: string, options: TermOptions = {}): { terms: string[]; length: number } {
  const exact = options.exact ?? true;
  const folded = options.folded ?? true;
  const syllables = tokenize(text);
  const terms: string[] = [];
  const pairs = bigrams(syllables);
  if (exact) {
    terms.push(...syllables, ...pairs);
  }
  if (folded) {
    const foldedSyllables = syllables.map(foldTerm);
    for (const term of foldedSyllables) terms.push(FOLDED_PREFIX + term);
    for (const pair of bigrams(foldedSyllables)) terms.push(FOLDED_PREFIX + pair);
  }
  return { terms, length: syllables.length };
}

/** Number of syllables in a text; the length BM25 normalizes by. */
export function countSyllables(text: string): number {
  return tokenize(text).length;
}
