import type { Lexicon } from "./lexicon.js";
import { hasDiacritics, isAllCapitals, isCapitalized, splitQueryWords } from "./query-words.js";

export type QueryLanguage = "vi" | "vi-nodiacritics" | "en";

// Shape of a Vietnamese syllable once its diacritics are folded: optional
// initial consonant(s), one to three vowels, optional final from a short list.
// Most English words fail it (final s/d/r/l/x, clusters such as "pl", "str").
const VIETNAMESE_SYLLABLE = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$/u;

/** True when a folded lower-case word has the shape of a Vietnamese syllable ("nghieng", "so", "the"; not "units", "plan"). */
export function looksLikeVietnameseSyllable(folded: string): boolean {
  return VIETNAMESE_SYLLABLE.test(folded);
}

/** Below this share of diacritic-bearing words among lower-case Vietnamese words the question counts as typed without diacritics. */
const DIACRITIC_SHARE_FOR_VIETNAMESE = 0.25;

export type LanguageEvidence = { english: number; vietnamese: number; language: QueryLanguage };

/**
 * Votes word by word. Lower-case words with diacritics are strong Vietnamese
 * evidence; capitalized ones are mostly place names ("Under Bắc Giang's 2024
 * conclusion ...") and count little. ASCII words count for English when they
 * are English function or glossary words or cannot be a Vietnamese syllable,
 * and for Vietnamese when they have the shape of one ("so noi vu"). Codes and
 * numbers (UBND, 16/2021) do not vote.
 */
export function detectLanguage(question: string, options: { lexicon: Lexicon }): QueryLanguage {
  return weighLanguageEvidence(question, options).language;
}

export function weighLanguageEvidence(question: string, options: { lexicon: Lexicon }): LanguageEvidence {
  const { lexicon } = options;
  let english = 0;
  let vietnamese = 0;
  let lowerCaseWithDiacritics = 0;
  let lowerCaseFolded = 0;
  let anyDiacritics = false;
  for (const word of splitQueryWords(question)) {
    if (/\p{N}/u.test(word.text)) continue;
    const capitalized = isCapitalized(word);
    if (hasDiacritics(word)) {
      anyDiacritics = true;
      if (isAllCapitals(word)) continue;
      vietnamese += capitalized ? 0.3 : 1;
      if (!capitalized) lowerCaseWithDiacritics += 1;
      continue;
    }
    const key = word.folded;
    if (isAllCapitals(word)) continue;
    if (lexicon.abbreviationShorts.has(key) && !lexicon.englishFunctionWords.has(key)) {
      vietnamese += 0.5;
      continue;
    }
    const knownEnglish = lexicon.englishFunctionWords.has(key) || lexicon.englishVocabulary.has(key);
    const syllableShaped = VIETNAMESE_SYLLABLE.test(key);
    if (knownEnglish) {
      // "the", "to", "so", "do" are also folded Vietnamese syllables (thế, tổ, sở, đó).
      english += syllableShaped ? 0.5 : 1;
    } else if (syllableShaped) {
      vietnamese += capitalized ? 0.3 : 1;
      if (!capitalized) lowerCaseFolded += 1;
    } else if (key.length > 1) {
      english += 1;
    }
  }
  if (english > vietnamese) return { english, vietnamese, language: "en" };
  const lowerCaseVietnamese = lowerCaseWithDiacritics + lowerCaseFolded;
  const typedWithoutDiacritics =
    lowerCaseVietnamese > 0
      ? lowerCaseWithDiacritics / lowerCaseVietnamese < DIACRITIC_SHARE_FOR_VIETNAMESE
      : vietnamese > 0 && !anyDiacritics; // names only: "bac giang" vs "Bắc Giang"
  return { english, vietnamese, language: typedWithoutDiacritics ? "vi-nodiacritics" : "vi" };
}
