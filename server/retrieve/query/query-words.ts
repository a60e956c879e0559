import { canonicalizeTone, foldDiacritics, hasVietnameseDiacritics, normalizeUnicode } from "../../../core/vietnamese.js";
import { stemEnglishWord } from "./stem-english.js";

/**
 * A word of a question with the three keys the query analyzers compare on:
 * the tone-canonical form (hoà = hòa), the folded form (no diacritics, the
 * way "so noi vu" is typed) and, for English, a light stem.
 */
export type QueryWord = {
  /** As typed. */
  text: string;
  start: number;
  end: number;
  /** Lower case, tone-canonical. */
  canonical: string;
  /** Lower case, no diacritics, đ -> d. */
  folded: string;
  /** True when punctuation that ends a phrase (, . ; : ? ! brackets, quotes) stands between this word and the previous one. */
  breakBefore: boolean;
};

/** How two words are compared: with diacritics, without them, or as English stems. */
export type MatchMode = "canonical" | "folded" | "english";

// Letters and digits only: "GD&ĐT" is two words, "16/2021" three; document
// numbers and dates are taken out by their own regexes before words matter.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const PHRASE_BREAK = /[,;:?!()[\]{}"“”«»…\n]|\.\s/u;
// "TP. Hồ Chí Minh", "No. 16": a full stop after a short abbreviation does not end a phrase.
const SHORT_ABBREVIATION = /^\p{Lu}[\p{L}]{0,2}$/u;

/** Splits a question (or a lexicon phrase) into words. */
export function splitQueryWords(text: string): QueryWord[] {
  const normalized = normalizeUnicode(text);
  const words: QueryWord[] = [];
  let previousEnd = 0;
  for (const match of normalized.matchAll(WORD)) {
    const word = match[0];
    const start = match.index;
    const gap = normalized.slice(previousEnd, start);
    words.push({
      text: word,
      start,
      end: start + word.length,
      canonical: canonicalizeTone(word),
      folded: foldDiacritics(word).toLowerCase(),
      breakBefore: words.length > 0 && isPhraseBreak(gap, words[words.length - 1]?.text ?? ""),
    });
    previousEnd = start + word.length;
  }
  return words;
}

function isPhraseBreak(gap: string, previousWord: string): boolean {
  if (!PHRASE_BREAK.test(gap)) return false;
  const onlyFullStop = !/[,;:?!()[\]{}"“”«»…\n]/u.test(gap);
  return !(onlyFullStop && SHORT_ABBREVIATION.test(previousWord));
}

/** The key of a word under a match mode. */
export function wordKey(word: QueryWord, mode: MatchMode): string {
  if (mode === "canonical") return word.canonical;
  if (mode === "folded") return word.folded;
  return stemEnglishWord(word.folded);
}

/** Keys of every word of a phrase; English possessives are dropped first ("People's" -> "people"). */
export function phraseKeys(phrase: string, mode: MatchMode): string[] {
  const text = mode === "english" ? blankEnglishApostrophes(phrase) : phrase;
  return splitQueryWords(text).map((word) => wordKey(word, mode));
}

/**
 * Blanks possessive 's and other apostrophes with spaces of the same length,
 * so offsets into the question stay valid ("Bắc Giang's" -> "Bắc Giang  ").
 */
export function blankEnglishApostrophes(text: string): string {
  return text.replace(/(?<=[\p{L}\p{N}])['’]s(?![\p{L}\p{N}])/gu, "  ").replace(/['’]/gu, " ");
}

/** True when the word starts with a capital letter. */
export function isCapitalized(word: QueryWord): boolean {
  const first = word.text.charAt(0);
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

/** True when every letter of the word is a capital and it has at least two ("UBND", "ĐVHC"). */
export function isAllCapitals(word: QueryWord): boolean {
  const letters = word.text.replace(/[^\p{L}]/gu, "");
  return letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

export function hasDiacritics(word: QueryWord): boolean {
  return hasVietnameseDiacritics(word.text);
}

/**
 * A phrase of a table: its word keys, and where its own text has
 * punctuation between words ("cán bộ, công chức"), so the same punctuation in
 * a question does not stop the match there.
 */
export type PhraseEntry<T> = { keys: readonly string[]; breaks?: readonly boolean[]; value: T };

/** A table of phrases keyed by their first word, longest first. */
export type PhraseTable<T> = ReadonlyMap<string, ReadonlyArray<PhraseEntry<T>>>;

/** The table entry of a phrase under a match mode. */
export function phraseEntry<T>(phrase: string, mode: MatchMode, value: T): PhraseEntry<T> {
  const words = splitQueryWords(mode === "english" ? blankEnglishApostrophes(phrase) : phrase);
  return { keys: words.map((word) => wordKey(word, mode)), breaks: words.map((word) => word.breakBefore), value };
}

export function createPhraseTable<T>(items: Iterable<PhraseEntry<T>>): PhraseTable<T> {
  const table = new Map<string, PhraseEntry<T>[]>();
  const seen = new Set<string>();
  for (const item of items) {
    const first = item.keys[0];
    if (first === undefined) continue;
    // The first entry of a phrase wins; data files list the preferred reading first.
    const signature = item.keys.join(" ");
    if (seen.has(signature)) continue;
    seen.add(signature);
    const bucket = table.get(first) ?? [];
    bucket.push(item);
    table.set(first, bucket);
  }
  for (const bucket of table.values()) bucket.sort((a, b) => b.keys.length - a.keys.length);
  return table;
}

/** A phrase found in a word sequence: words [first, end). */
export type PhraseMatch<T> = { value: T; first: number; end: number };

/**
 * Finds phrases of the table in the word keys. "longest" takes, left to
 * right, the longest phrase at each position and skips past it (the usual
 * greedy reading); "all" reports every phrase at every position.
 */
export function matchPhrases<T>(
  words: readonly QueryWord[],
  table: PhraseTable<T>,
  options: { mode: MatchMode; strategy: "longest" | "all"; skip?: (index: number) => boolean },
): PhraseMatch<T>[] {
  const keys = words.map((word) => wordKey(word, options.mode));
  const matches: PhraseMatch<T>[] = [];
  let index = 0;
  while (index < keys.length) {
    const bucket = options.skip?.(index) ? undefined : table.get(keys[index] ?? "");
    let advanced = false;
    for (const candidate of bucket ?? []) {
      if (!fitsAt(keys, words, candidate, index, options.skip)) continue;
      matches.push({ value: candidate.value, first: index, end: index + candidate.keys.length });
      if (options.strategy === "longest") {
        index += candidate.keys.length;
        advanced = true;
        break;
      }
    }
    if (!advanced) index += 1;
  }
  return matches;
}

function fitsAt<T>(
  keys: readonly string[],
  words: readonly QueryWord[],
  phrase: PhraseEntry<T>,
  at: number,
  skip: ((index: number) => boolean) | undefined,
): boolean {
  if (at + phrase.keys.length > keys.length) return false;
  for (let offset = 0; offset < phrase.keys.length; offset++) {
    const index = at + offset;
    if (keys[index] !== phrase.keys[offset]) return false;
    if (offset === 0) continue;
    if (skip?.(index)) return false;
    if (words[index]?.breakBefore && !phrase.breaks?.[offset]) return false;
  }
  return true;
}
