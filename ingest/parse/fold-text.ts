import { foldDiacritics } from "../../core/vietnamese.js";

/**
 * Lower-case, diacritic-free copy of a text with the *same length*, so a
 * match found in the copy has the same offsets in the original. Matching the
 * folded copy makes every rule work for text typed without diacritics
 * ("truoc ngay 30/6/2024") and for both tone placements (hoà/hòa).
 *
 * A character whose fold is not exactly one character (a stray combining
 * mark in non-NFC input) is kept as it is: offsets matter more than folding it.
 */
export function foldKeepingOffsets(text: string): string {
  // Fast path: without stray combining marks (and "İ", whose lower case is two
  // characters) every character folds to exactly one, so folding the whole
  // text natively keeps offsets aligned.
  if (!/[\p{M}\u0130]/u.test(text)) {
    const whole = foldDiacritics(text).toLowerCase();
    if (whole.length === text.length) return whole;
  }
  const parts: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const character = text[i]!;
    const code = character.charCodeAt(0);
    if (code < 128) {
      parts.push(code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : character);
      continue;
    }
    let plain = FOLDED_CHARACTERS.get(character);
    if (plain === undefined) {
      const folded = foldDiacritics(character).toLowerCase();
      plain = folded.length === 1 ? folded : character;
      FOLDED_CHARACTERS.set(character, plain);
    }
    parts.push(plain);
  }
  return parts.join("");
}

/** Memo of folded non-ASCII characters: a document repeats the same few hundred. */
const FOLDED_CHARACTERS = new Map<string, string>();

/** Folds a short phrase for comparison (no offset guarantee needed): lower case, no diacritics, single spaces. */
export function foldPhrase(text: string): string {
  return foldDiacritics(text.normalize("NFC")).toLowerCase().replace(/\s+/gu, " ").trim();
}
