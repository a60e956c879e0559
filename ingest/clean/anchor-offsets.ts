/**
 * Offset anchors: a footnote's `at` must point into the *final* clean text,
 * but several steps (line unwrapping, whitespace tidying) still move text
 * around after the footnotes are taken out. Instead of threading an offset
 * map through every step, each footnote position is marked with one
 * private-use character that the steps treat as part of the word it is glued
 * to; at the end the anchors are read back and removed.
 *
 * normalizeText removes every private-use character from the input first, so
 * an anchor can never collide with document text.
 */

const FIRST_ANCHOR = 0xe000;
const LAST_ANCHOR = 0xf8ff;

/** Matches one anchor character. */
export const ANCHOR_PATTERN = /[\ue000-\uf8ff]/gu;
const HAS_ANCHOR = /[\ue000-\uf8ff]/u;

/** Largest number of anchors one text can carry. */
export const MAX_ANCHORS = LAST_ANCHOR - FIRST_ANCHOR + 1;

/** The anchor character for anchor number `index`. */
export function anchorCharacter(index: number): string {
  return String.fromCharCode(FIRST_ANCHOR + (index % MAX_ANCHORS));
}

/** Removes anchors, for the checks that must look at the text itself. */
export function stripAnchors(text: string): string {
  // Called for nearly every line, which rarely has an anchor: a test is cheaper than a replacement that finds nothing.
  return HAS_ANCHOR.test(text) ? text.replace(ANCHOR_PATTERN, "") : text;
}

/**
 * Inserts anchor number i at offsets[i]. Anchors at the same offset keep their
 * index order. Offsets beyond MAX_ANCHORS are ignored.
 */
export function insertAnchors(text: string, offsets: readonly number[]): string {
  const order = offsets
    .slice(0, MAX_ANCHORS)
    .map((offset, index) => ({ offset: Math.min(Math.max(offset, 0), text.length), index }))
    .sort((a, b) => a.offset - b.offset || a.index - b.index);
  let result = "";
  let cursor = 0;
  for (const { offset, index } of order) {
    result += text.slice(cursor, offset) + anchorCharacter(index);
    cursor = offset;
  }
  return result + text.slice(cursor);
}

/** Removes the anchors and returns, per anchor index, its offset in the returned text. */
export function takeAnchors(text: string): { text: string; offsets: Map<number, number> } {
  const offsets = new Map<number, number>();
  let result = "";
  let cursor = 0;
  for (const match of text.matchAll(ANCHOR_PATTERN)) {
    result += text.slice(cursor, match.index);
    offsets.set(match[0].charCodeAt(0) - FIRST_ANCHOR, result.length);
    cursor = match.index + match[0].length;
  }
  return { text: result + text.slice(cursor), offsets };
}
