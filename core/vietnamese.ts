/**
 * Vietnamese text utilities shared by ingest and retrieval. Pure functions.
 *
 * Two normal forms matter:
 * - the *tone-canonical* form of a syllable: the same key whether the tone
 *   mark was typed on the old or the new position (hoà/hòa, thuỷ/thủy,
 *   quý/qúy), and whether the input was NFC or NFD;
 * - the *folded* form: every diacritic removed and đ -> d, which is what a
 *   user typing without diacritics produces ("so noi vu").
 */

/** The five Vietnamese tone marks as combining characters (NFD). */
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const TONE_MARK = /[\u0300\u0301\u0303\u0309\u0323]/u;
const COMBINING_MARKS = /[\u0300-\u036f]/gu;
/** Letters that only exist with diacritics; their presence means the text was typed with them. */
const VIETNAMESE_DIACRITIC_LETTER = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/iu;

// Word-level memo tables. Vietnamese has a few thousand distinct syllables, so
// after the first pages almost every word is a cache hit; this takes the NFD
// round trips out of the ingest's and the query path's hot loops. Bounded so a
// corpus of random tokens cannot grow them without limit.
const PLAIN_ASCII = /^[\x20-\x7e]*$/u;
const CACHE_LIMIT = 200_000;
const toneCache = new Map<string, string>();
const foldCache = new Map<string, string>();

function remember(cache: Map<string, string>, key: string, value: string): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

/** Unicode NFC plus the usual invisible junk (zero-width spaces, soft hyphens, BOM). */
export function normalizeUnicode(text: string): string {
  return text.normalize("NFC").replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/gu, "");
}

/**
 * Tone-canonical key of one word: tone mark removed from wherever it stood and
 * appended at the end, then NFC. Lower-cased. Not meant for display.
 */
export function canonicalizeTone(word: string): string {
  // The table first: a lookup is several times cheaper than even the ASCII test.
  const cached = toneCache.get(word);
  if (cached !== undefined) return cached;
  if (PLAIN_ASCII.test(word)) {
    const lower = word.toLowerCase();
    remember(toneCache, word, lower);
    return lower;
  }
  const decomposed = word.toLowerCase().normalize("NFD");
  const tone = decomposed.match(TONE_MARK)?.[0] ?? "";
  const canonical = tone ? (decomposed.replace(TONE_MARKS, "") + tone).normalize("NFC") : decomposed.normalize("NFC");
  remember(toneCache, word, canonical);
  return canonical;
}

/** Removes every diacritic and maps đ/Đ to d/D. Keeps case. */
export function foldDiacritics(text: string): string {
  return text.normalize("NFD").replace(COMBINING_MARKS, "").replace(/đ/gu, "d").replace(/Đ/gu, "D").normalize("NFC");
}

/** True when the text contains at least one letter that carries a Vietnamese diacritic. */
export function hasVietnameseDiacritics(text: string): boolean {
  return VIETNAMESE_DIACRITIC_LETTER.test(text.normalize("NFC"));
}

/** A word of the text with its offsets (end exclusive). */
export type WordSpan = { word: string; start: number; end: number };

// Words: letters/digits joined by inner punctuation typical of document
// numbers and dates (16/2021/QĐ-UBND, 30/6/2024, 19.121, 99,0%).
const WORD_PATTERN = /[\p{L}\p{M}\p{N}]+(?:[\/.,\-–][\p{L}\p{M}\p{N}]+)*/gu;

const COMPOUND_PUNCTUATION = /[\/.,\-–]/u;
const COMPOUND_SEPARATORS = /[\/.,\-–]+/u;

/** Splits text into words with offsets into the given string. */
export function splitWords(text: string): WordSpan[] {
  const spans: WordSpan[] = [];
  for (const match of text.matchAll(WORD_PATTERN)) {
    spans.push({ word: match[0], start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

/**
 * Index terms of a text: lower-case, tone-canonical syllables. Compound words
 * such as "16/2021/QĐ-UBND" yield the whole compound and its parts, so both
 * an exact number and its pieces match.
 */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  // The words without their offsets: this runs over every chunk at ingest and every query.
  for (const match of normalizeUnicode(text).matchAll(WORD_PATTERN)) {
    const canonical = canonicalizeTone(match[0]);
    if (COMPOUND_PUNCTUATION.test(canonical)) {
      terms.push(canonical.replace(/–/gu, "-"));
      for (const part of canonical.split(COMPOUND_SEPARATORS)) if (part) terms.push(part);
    } else {
      terms.push(canonical);
    }
  }
  return terms;
}

/** Folded (no diacritics) lower-case form of a canonical term. */
export function foldTerm(term: string): string {
  const cached = foldCache.get(term);
  if (cached !== undefined) return cached;
  if (PLAIN_ASCII.test(term)) return term.toLowerCase();
  const folded = foldDiacritics(term).toLowerCase();
  // Bigrams ("sở nội") are many and rarely repeat across chunks; only words are worth keeping.
  if (!term.includes(" ")) remember(foldCache, term, folded);
  return folded;
}

/** Joins consecutive syllables into bigrams ("sở nội vụ" -> ["sở nội", "nội vụ"]). */
export function bigrams(terms: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < terms.length; i++) pairs.push(`${terms[i]} ${terms[i + 1]}`);
  return pairs;
}

/**
 * Normalizes text for comparison: NFC, lower case, tone-canonical words,
 * single spaces. Useful to check that a quote occurs in a passage whatever the
 * tone placement.
 */
export function normalizeForMatch(text: string): string {
  return splitWords(normalizeUnicode(text))
    .map(({ word }) => canonicalizeTone(word))
    .join(" ");
}
