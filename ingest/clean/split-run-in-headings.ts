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

const ITEM_MARKER = /^[ \t]*(?:[IVXLC]{1,6}\.|\d{1,2}\.|PHẦN|CHƯƠNG|MỤC)?[ \t]*/u;
const SYLLABLE = /^(?:NGH|NG|NH|CH|GH|GI|KH|PH|QU|TH|TR|[BCDGHKLMNPQRSTVX])?[AEIOUY]{1,3}(?:CH|NG|NH|[CMNPTIYOU])?$/u;

/** Offset where the run-in heading ends and the ordinary text starts, or null. */
export function findRunInHeadingEnd(line: string): number | null {
  const marker = ITEM_MARKER.exec(line)?.[0] ?? "";
  const tokens = [...line.slice(marker.length).matchAll(/\S+/gu)];
  let syllables = 0;
  for (const [index, token] of tokens.entries()) {
    const word = token[0];
    if (/\p{Ll}/u.test(word)) {
      const startsOrdinaryWord = /^[“"(]?\p{Lu}\p{Ll}/u.test(word);
      if (index === 0 || !startsOrdinaryWord || syllables < 2) return null;
      return marker.length + token.index;
    }
    if (/[“"”]/u.test(word)) return null;
    const letters = foldDiacritics(word).replace(/[^A-Z]/gu, "");
    if (letters !== "" && SYLLABLE.test(letters)) syllables++;
  }
  return null;
}
