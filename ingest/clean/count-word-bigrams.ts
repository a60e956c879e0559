/**
 * Word-pair counts of one document. The footnote step uses them to decide
 * where a sentence cut by a footnote block resumes: the body word before
 * the block ("tồn tại,") should be a usual predecessor of the word where
 * the body resumes ("hạn chế"), which the document itself shows elsewhere
 * ("các tồn tại, hạn chế"). Pairs never cross a sentence or clause end.
 */

/** A word of the text with its offsets and whether a sentence/clause end lies between it and the previous word. */
export type WordToken = { key: string; start: number; end: number; startsClause: boolean };

/**
 * The words of a text as parallel arrays: word i has the key keys[keyIds[i]]
 * and the offsets starts[i]..ends[i]. A long document has tens of thousands
 * of words, and one object and one key string per word made up most of the
 * work (and of the garbage) of the footnote step; here each distinct key is
 * one string and the rest are numbers.
 */
export type WordList = {
  readonly length: number;
  /** Distinct keys, by id. */
  readonly keys: readonly string[];
  /** Id of each key, the inverse of `keys`. */
  readonly ids: ReadonlyMap<string, number>;
  readonly keyIds: Int32Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** 1 where a sentence/clause end lies between the word and the previous one (and for the first word). */
  readonly clauseStarts: Uint8Array;
};

export type WordBigrams = {
  /** How often `second` follows `first` within a clause. */
  pair(first: string, second: string): number;
  /** How often `first` is followed by any word within a clause. */
  followers(first: string): number;
  /** Smoothed share of `word` among all words. */
  share(word: string): number;
};

const SUPERSCRIPTS = /[⁰¹²³⁴⁵⁶⁷⁸⁹]/gu;

/** Lower case; a digit glued to letters (a footnote mark) dropped; any other number becomes "#". */
export function bigramKey(word: string): string {
  const plain = word.replace(SUPERSCRIPTS, "").toLowerCase();
  const glued = /^([\p{L}\p{M}]+)\d{1,3}$/u.exec(plain);
  if (glued?.[1]) return glued[1];
  return /\p{N}/u.test(plain) ? "#" : plain;
}

/**
 * Splits text into words with offsets; `startsClause` is true after ". ! ? … ; :" (or at the start).
 * A word is a run of letters, marks and digits (\p{L}\p{M}\p{N}), runs joined by one "/", ".", ",",
 * "-" or "–" counting as one word.
 */
export function tokenizeWords(text: string): WordToken[] {
  const words = listWords(text);
  return Array.from({ length: words.length }, (_, index) => ({
    key: wordKey(words, index),
    start: words.starts[index] ?? 0,
    end: words.ends[index] ?? 0,
    startsClause: words.clauseStarts[index] === 1,
  }));
}

/** The words of tokenizeWords(text) as a WordList. */
export function listWords(text: string): WordList {
  const keys: string[] = [];
  const ids = new Map<string, number>();
  // Room for a word per eight characters to start with, doubled when full.
  let capacity = Math.max(16, text.length >> 3);
  let keyIds = new Int32Array(capacity);
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let clauseStarts = new Uint8Array(capacity);
  let count = 0;
  let previousEnd = 0;
  let position = 0;
  // The text is scanned by hand with a per-character class table rather than
  // with a regex: this runs over every word of every document.
  while (position < text.length) {
    const first = characterClass(text, position);
    if ((first & WORD_CHARACTER) === 0) {
      position += first & ASTRAL ? 2 : 1;
      continue;
    }
    const start = position;
    // Flags of any and of every character of the word, for quickKey.
    let anyFlags = 0;
    let everyFlags = ~0;
    for (;;) {
      // One run of word characters …
      for (;;) {
        const current = characterClass(text, position);
        if ((current & WORD_CHARACTER) === 0) break;
        anyFlags |= current;
        everyFlags &= current;
        position += current & ASTRAL ? 2 : 1;
      }
      // … and another after a joining "/", ".", ",", "-" or "–" ("16/2021/QĐ-UBND", "19.121").
      if (!isWordJoiner(text.charCodeAt(position)) || (characterClass(text, position + 1) & WORD_CHARACTER) === 0) break;
      position++;
    }
    const key = quickKey(text.slice(start, position), anyFlags, everyFlags);
    if (key === "") continue;
    if (count === capacity) {
      capacity *= 2;
      keyIds = grow(keyIds, new Int32Array(capacity));
      starts = grow(starts, new Int32Array(capacity));
      ends = grow(ends, new Int32Array(capacity));
      clauseStarts = grow(clauseStarts, new Uint8Array(capacity));
    }
    let id = ids.get(key);
    if (id === undefined) {
      id = keys.length;
      keys.push(key);
      ids.set(key, id);
    }
    keyIds[count] = id;
    starts[count] = start;
    ends[count] = position;
    clauseStarts[count] = count === 0 || hasClauseEnd(text, previousEnd, start) ? 1 : 0;
    count++;
    previousEnd = position;
  }
  return { length: count, keys, ids, keyIds, starts, ends, clauseStarts };
}

/** The key of word `index`. */
export function wordKey(words: WordList, index: number): string {
  return words.keys[words.keyIds[index] ?? 0] ?? "";
}

function grow<T extends Int32Array | Uint8Array>(old: T, larger: T): T {
  larger.set(old);
  return larger;
}

/**
 * bigramKey(word) for the common cases, from what the scan saw. Without a number it comes down to
 * lower case (lowering never creates a number; checked over all of Unicode), and most words are
 * lower case already: toLowerCase is costly on Vietnamese (two-byte) strings. A number with no
 * letter and no superscript ("2024", "19.121", "05/12/2024") is "#".
 */
function quickKey(word: string, anyFlags: number, everyFlags: number): string {
  if ((anyFlags & NUMBER) === 0) return anyFlags & UPPER_CASE ? word.toLowerCase() : word;
  // Every character a number (the joiners aside), none a superscript.
  if (everyFlags & NUMBER && (anyFlags & SUPERSCRIPT) === 0) return "#";
  return bigramKey(word);
}

const WORD_CHARACTER = 1;
const NUMBER = 2;
/** The character is a surrogate pair: two code units. */
const ASTRAL = 4;
/** toLowerCase changes the character. */
const UPPER_CASE = 8;
const SUPERSCRIPT = 16;
const KNOWN = 32;
const WORD_PATTERN = /[\p{L}\p{M}\p{N}]/u;
const NUMBER_PATTERN = /\p{N}/u;
const SUPERSCRIPT_PATTERN = /^[⁰¹²³⁴⁵⁶⁷⁸⁹]$/u;
/** Classes of the BMP characters seen so far (0 = not looked up yet; surrogates stay 0). */
const bmpClasses = new Uint8Array(0x10000);

/** Word/number class of the code point at `position` (0 past the end; a lone surrogate is no word character). */
function characterClass(text: string, position: number): number {
  if (position >= text.length) return 0;
  const unit = text.charCodeAt(position);
  const cached = bmpClasses[unit] ?? 0;
  return cached & KNOWN ? cached : lookUpClass(text, position, unit);
}

/** First sight of a BMP character (its class is then kept), or a surrogate (never kept). */
function lookUpClass(text: string, position: number, unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdbff) {
    const low = text.charCodeAt(position + 1);
    return low >= 0xdc00 && low <= 0xdfff ? classify(text.slice(position, position + 2)) | ASTRAL : 0;
  }
  const flags = classify(String.fromCharCode(unit)) | KNOWN;
  bmpClasses[unit] = flags;
  return flags;
}

function classify(character: string): number {
  if (!WORD_PATTERN.test(character)) return 0;
  let flags = WORD_CHARACTER;
  if (NUMBER_PATTERN.test(character)) flags |= NUMBER;
  if (character.toLowerCase() !== character) flags |= UPPER_CASE;
  if (SUPERSCRIPT_PATTERN.test(character)) flags |= SUPERSCRIPT;
  return flags;
}

function isWordJoiner(unit: number): boolean {
  return unit === 0x2f || unit === 0x2e || unit === 0x2c || unit === 0x2d || unit === 0x2013;
}

/** True when text.slice(from, to) holds a sentence or clause end (". ! ? … ; :"), without the slice. */
function hasClauseEnd(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index++) {
    const unit = text.charCodeAt(index);
    // . ! ? … ; :
    if (unit === 0x2e || unit === 0x21 || unit === 0x3f || unit === 0x2026 || unit === 0x3b || unit === 0x3a) return true;
  }
  return false;
}

/**
 * Counts are kept per key id, and a pair under the single number
 * first * vocabularySize + second, instead of under "first second" strings:
 * building and hashing a string per word pair was most of the cost on long
 * documents.
 */
export function countWordBigrams(words: WordList): WordBigrams {
  const { ids, keyIds, clauseStarts } = words;
  const vocabularySize = words.keys.length;
  const unigrams = new Int32Array(vocabularySize);
  const followerCounts = new Int32Array(vocabularySize);
  const pairs = new Map<number, number>();
  for (let index = 0; index < words.length; index++) {
    const id = keyIds[index] ?? 0;
    unigrams[id] = (unigrams[id] ?? 0) + 1;
    if (index === 0 || clauseStarts[index] === 1) continue;
    const previousId = keyIds[index - 1] ?? 0;
    const pairKey = previousId * vocabularySize + id;
    pairs.set(pairKey, (pairs.get(pairKey) ?? 0) + 1);
    followerCounts[previousId] = (followerCounts[previousId] ?? 0) + 1;
  }
  const total = words.length;
  const count = (word: string, counts: Int32Array): number => {
    const id = ids.get(word);
    return id === undefined ? 0 : (counts[id] ?? 0);
  };
  return {
    pair: (first, second) => {
      const firstId = ids.get(first);
      const secondId = ids.get(second);
      return firstId === undefined || secondId === undefined ? 0 : (pairs.get(firstId * vocabularySize + secondId) ?? 0);
    },
    followers: (first) => count(first, followerCounts),
    share: (word) => (count(word, unigrams) + 0.5) / (total + 0.5 * (vocabularySize + 1)),
  };
}
