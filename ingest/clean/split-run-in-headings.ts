import { foldDiacritics } from "../../core/vietnamese.js";

/**
 * PDF text extraction often puts a capitalised heading and the text after it
 * on one line ("THÔNG BÁO Kết luận của …", "II. PHƯƠNG HƯỚNG, MỤC TIÊU Năm
 * 2024, toàn ngành …"). The heading goes back on a line of its own so that
 * section parsing sees it.
 *
 * A split needs at least two capitalised Vietnamese syllables ("THÔNG BÁO")
 * followed by a capitalised ordinary word ("Kết"). Acronyms (UBND, HĐND, TP)
 * are not syllables, so "UBND TP Bắc Giang" is never split.
 */
export function splitRunInHeadings(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const split = findRunInHeadingEnd(line);
      return split === null ? line : `${line.slice(0, split).trimEnd()}\n${line.slice(split).trimStart()}`;
    })
    .join("\n");
}

const WORD = /\S+/gu;
const PLAIN_ASCII = /^[\x00-\x7f]*$/u;
const ITEM_MARKER = /^[ \t]*(?:[IVXLC]{1,6}\.|\d{1,2}\.|PHẦN|CHƯƠNG|MỤC)?[ \t]*/u;
const SYLLABLE = /^(?:NGH|NG|NH|CH|GH|GI|KH|PH|QU|TH|TR|[BCDGHKLMNPQRSTVX])?[AEIOUY]{1,3}(?:CH|NG|NH|[CMNPTIYOU])?$/u;

/** Offset where the run-in heading ends and the ordinary text starts, or null. */
export function findRunInHeadingEnd(line: string): number | null {
  const marker = ITEM_MARKER.exec(line)?.[0] ?? "";
  let syllables = 0;
  // Word by word with exec, not a list of all words: most lines are settled by their first word.
  // WORD is shared, which is safe because this loop runs to its end without yielding.
  WORD.lastIndex = marker.length;
  for (let index = 0; ; index++) {
    const token = WORD.exec(line);
    if (!token) break;
    const word = token[0];
    if (/\p{Ll}/u.test(word)) {
      const startsOrdinaryWord = /^[“"(]?\p{Lu}\p{Ll}/u.test(word);
      if (index === 0 || !startsOrdinaryWord || syllables < 2) return null;
      return token.index;
    }
    if (/[“"”]/u.test(word)) return null;
    const letters = capitalLetters(word);
    if (letters !== "" && SYLLABLE.test(letters)) syllables++;
  }
  return null;
}

// Word-level memo, as in core/vietnamese.ts: headings repeat a few hundred words,
// and folding takes two NFD/NFC round trips. Bounded against random input.
const CACHE_LIMIT = 50_000;
const capitalLetterCache = new Map<string, string>();

/** The A–Z letters of a word once diacritics are folded ("THÔNG," -> "THONG"). */
function capitalLetters(word: string): string {
  // Most such words are numbers, dates and dashes: ASCII, which folding leaves as it is.
  if (PLAIN_ASCII.test(word)) return word.replace(/[^A-Z]/gu, "");
  let letters = capitalLetterCache.get(word);
  if (letters === undefined) {
    letters = foldDiacritics(word).replace(/[^A-Z]/gu, "");
    if (capitalLetterCache.size >= CACHE_LIMIT) capitalLetterCache.clear();
    capitalLetterCache.set(word, letters);
  }
  return letters;
}
