/**
 * Whether a PDF page's text layer can be trusted, judged from the text alone
 * (no file names, no fonts). Two kinds of text layer decode without error yet
 * say nothing:
 * - a font whose encoding maps glyphs to the wrong code points (Word's
 *   "Times New Roman" subset without a usable ToUnicode map): "7ӌ1+ LÀO CAI"
 *   for "TỈNH LÀO CAI", letters of other scripts inside Latin words;
 * - a poor OCR layer made by the scanner without Vietnamese: "CQNG HOA XA HQI
 *   CHU NGHIA", no diacritic anywhere, digits inside words ("C6ng").
 * A Vietnamese page has most of its words shaped like Vietnamese syllables,
 * and about half of those carry a diacritic.
 */

export type TextLayerMeasures = {
  /** Letters on the page. */
  letters: number;
  /** Words (runs of letters, digits and marks holding a letter). */
  words: number;
  /** Share of letters outside the Latin letters Vietnamese and English use (Cyrillic, Armenian, "Ĉ" …). */
  foreignLetters: number;
  /** Share of words that are well-formed Vietnamese syllables (consistent case, one tone at most). */
  syllables: number;
  /** Share of those syllables that carry a Vietnamese diacritic. */
  marked: number;
  /** Share of words that mix letters and digits ("C6ng", "H4nh") or change case inside ("DQc", "QăP"). */
  malformed: number;
};

/** What is wrong with an untrusted text layer. */
export type TextLayerProblem = "foreign-script" | "malformed-words" | "no-diacritics";

/** The problems in words, for warnings that name several pages at once. */
export const TEXT_LAYER_PROBLEMS: Readonly<Record<TextLayerProblem, string>> = {
  "foreign-script": "letters of other scripts inside the words: a font without a usable Unicode map",
  "malformed-words": "words that mix letters with digits or change case inside: a poor OCR layer",
  "no-diacritics": "Vietnamese words without their diacritics: an OCR layer made without Vietnamese",
};

export type TextLayerAssessment =
  | { verdict: "empty"; measures: TextLayerMeasures }
  | { verdict: "trusted"; measures: TextLayerMeasures }
  | { verdict: "untrusted"; problem: TextLayerProblem; reason: string; measures: TextLayerMeasures };

export type AssessTextLayerOptions = {
  /** Fewer letters than this: nothing to judge ("empty"). Default 30, as for a scanned page. */
  minLetters?: number;
};

/** Below this many words the shares say too little; a short page is judged only by its letters. */
const MIN_WORDS_FOR_SHARES = 25;
/** Broken fonts put a letter of another script in most words; a real page has almost none. */
const MAX_FOREIGN_LETTERS = 0.03;
/** Word-level garbage: a typed Vietnamese page stays far under this (measured 0-4%). */
const MAX_MALFORMED = 0.12;
/** A page this Vietnamese-looking ... */
const MIN_SYLLABLES_FOR_VIETNAMESE = 0.6;
/** ... with this few diacritics lost them (typed Vietnamese: 45-70% of syllables are marked). */
const MIN_MARKED = 0.12;

// Letters Vietnamese writes with, plus the four Latin letters it lacks (f, j, w, z) for names and English.
const VIETNAMESE_OR_ENGLISH_LETTER = /^[a-zàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]$/u;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const LETTER = /\p{L}/gu;
const HAS_LETTER = /\p{L}/u;
const HAS_DIGIT = /\p{N}/u;
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const COMBINING = /[\u0300-\u036f]/gu;
/** Onset, vowel nucleus, coda of a Vietnamese syllable, on its folded form. */
const SYLLABLE_SHAPE = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(?:[aeiouy]{1,3})(?:ch|ng|nh|[cmnpt])?$/u;
const VIETNAMESE_DIACRITIC = /[^\x00-\x7f]/u;

export function measureTextLayer(text: string): TextLayerMeasures {
  const nfc = text.normalize("NFC");
  const letterMatches = nfc.match(LETTER) ?? [];
  let foreign = 0;
  for (const letter of letterMatches) if (!VIETNAMESE_OR_ENGLISH_LETTER.test(letter.toLowerCase())) foreign++;
  let words = 0;
  let syllables = 0;
  let marked = 0;
  let malformed = 0;
  for (const match of nfc.matchAll(WORD)) {
    const word = match[0];
    if (!HAS_LETTER.test(word)) continue;
    words++;
    if (HAS_DIGIT.test(word) || !hasConsistentCase(word)) {
      // "m2", "CO2", "N2O": a unit or a formula, not a broken word.
      if (!isShortCode(word)) malformed++;
      continue;
    }
    if (isVietnameseSyllable(word)) {
      syllables++;
      if (VIETNAMESE_DIACRITIC.test(word)) marked++;
    }
  }
  const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  return {
    letters: letterMatches.length,
    words,
    foreignLetters: share(foreign, letterMatches.length),
    syllables: share(syllables, words),
    marked: share(marked, syllables),
    malformed: share(malformed, words),
  };
}

/**
 * Judges a page's text layer. "untrusted" comes with the reason in words a
 * user can check against the page ("letters of other scripts in 41% of …").
 */
export function assessTextLayer(text: string, options: AssessTextLayerOptions = {}): TextLayerAssessment {
  const measures = measureTextLayer(text);
  if (measures.letters < (options.minLetters ?? 30)) return { verdict: "empty", measures };
  const percent = (share: number) => `${Math.round(share * 100)}%`;
  if (measures.foreignLetters > MAX_FOREIGN_LETTERS) {
    return { verdict: "untrusted", problem: "foreign-script", reason: `${percent(measures.foreignLetters)} of its letters belong to other scripts (a font without a usable Unicode map)`, measures };
  }
  if (measures.words < MIN_WORDS_FOR_SHARES) return { verdict: "trusted", measures };
  if (measures.malformed > MAX_MALFORMED) {
    return { verdict: "untrusted", problem: "malformed-words", reason: `${percent(measures.malformed)} of its words mix letters with digits or change case inside (a poor OCR layer)`, measures };
  }
  if (measures.syllables >= MIN_SYLLABLES_FOR_VIETNAMESE && measures.marked < MIN_MARKED) {
    return { verdict: "untrusted", problem: "no-diacritics", reason: `it reads as Vietnamese but only ${percent(measures.marked)} of its syllables carry diacritics (an OCR layer without Vietnamese)`, measures };
  }
  return { verdict: "trusted", measures };
}

/** All lower case, all upper case, or one capital then lower case. */
function hasConsistentCase(word: string): boolean {
  const letters = word.replace(/[^\p{L}]/gu, "");
  if (letters === letters.toLowerCase() || letters === letters.toUpperCase()) return true;
  const rest = letters.slice(1);
  return rest === rest.toLowerCase();
}

/** Units and formulas: a few letters and digits ("m2", "km2", "CO2", "N2O", "PM2"). */
function isShortCode(word: string): boolean {
  return word.length <= 4 && /^(?:\p{L}{1,3}\d|\p{Lu}\d\p{Lu}|\d\p{L}{1,2})$/u.test(word) && hasConsistentCase(word);
}

function isVietnameseSyllable(word: string): boolean {
  const lower = word.toLowerCase();
  const decomposed = lower.normalize("NFD");
  if ((decomposed.match(TONE_MARKS)?.length ?? 0) > 1) return false;
  for (const letter of lower) if (!VIETNAMESE_OR_ENGLISH_LETTER.test(letter)) return false;
  const folded = decomposed.replace(COMBINING, "").replace(/đ/gu, "d");
  return SYLLABLE_SHAPE.test(folded);
}
