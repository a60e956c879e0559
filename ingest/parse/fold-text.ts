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
  // One document is folded by the reference finder, the unit finder and the task
  // extractor in turn: the last long text is kept so the work is done once.
  if (text === lastFolded.text) return lastFolded.folded;
  const folded = foldByTable(text) ?? foldByNormalizing(text);
  if (text.length >= MEMO_MIN_LENGTH) lastFolded = { text, folded };
  return folded;
}

const MEMO_MIN_LENGTH = 1000;
let lastFolded = { text: "", folded: "" };

/**
 * Characters whose fold can be looked up one by one: ASCII, the Latin blocks
 * Vietnamese letters come from, and general punctuation, super- and
 * subscripts. For a text made only of them, normalizing the whole text (the
 * definition, below) gives the concatenation of each character's fold: their
 * decompositions are a base plus marks of U+0300–U+036F, which are removed,
 * nothing left recomposes across characters, and lower-casing them depends on
 * no context (only Greek final sigma and "İ" would). Any other character
 * sends the text to the definition.
 */
function isTableRange(code: number): boolean {
  return (code >= 0x80 && code < 0x300 && code !== 0x130) || (code >= 0x1e00 && code < 0x1f00) || (code >= 0x2000 && code < 0x20d0);
}

/** Fold of each character of the table ranges, 0 where a character is not in them or folds to more than one. */
let foldTable: Uint16Array | undefined;

function table(): Uint16Array {
  if (foldTable) return foldTable;
  const built = new Uint16Array(0x10000);
  for (let code = 1; code < 0x10000; code++) {
    if (code < 128) built[code] = code >= 65 && code <= 90 ? code + 32 : code;
    else if (isTableRange(code)) {
      const folded = foldDiacritics(String.fromCharCode(code)).toLowerCase();
      if (folded.length === 1) built[code] = folded.charCodeAt(0);
    }
  }
  foldTable = built;
  return built;
}

const UTF16 = new TextDecoder("utf-16le");

/** The fold by table lookup, or undefined when a character is outside the table. */
function foldByTable(text: string): string | undefined {
  const lookup = table();
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const plain = lookup[code]!;
    // U+0000 is the one character that folds to 0.
    if (plain === 0 && code !== 0) return undefined;
    out[i] = plain;
  }
  return UTF16.decode(out);
}

/** The definition of the fold, for any text. */
function foldByNormalizing(text: string): string {
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
