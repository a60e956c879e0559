import { endsWithAbbreviation, SENTENCE_END } from "../../core/sentences.js";

/**
 * Sentence boundaries in clean Vietnamese text, as offsets. Used to split a
 * long section into passages without cutting a sentence in half.
 */

/** A half-open range [start, end) of a text. */
export type TextSpan = { start: number; end: number };

// Line breaks separate paragraphs and list items: always a boundary.
const LINE_BREAK = /\n\s*(?=\S)/gu;

/**
 * Offsets where a new sentence starts inside `span` (exclusive of span.start),
 * ascending. Whitespace after a sentence stays with the sentence before it.
 */
export function findSentenceStarts(text: string, span: TextSpan): number[] {
  const slice = text.slice(span.start, span.end);
  const starts = new Set<number>();
  for (const match of slice.matchAll(SENTENCE_END)) {
    const punctuation = match.index;
    if (slice[punctuation] === "." && endsWithAbbreviation(slice.slice(Math.max(0, punctuation - 8), punctuation))) continue;
    starts.add(span.start + match.index + match[0].length);
  }
  for (const match of slice.matchAll(LINE_BREAK)) starts.add(span.start + match.index + match[0].length);
  return [...starts].filter((offset) => offset > span.start && offset < span.end).sort((a, b) => a - b);
}

/** Consecutive sentence spans covering `span` exactly. */
export function splitSentences(text: string, span: TextSpan): TextSpan[] {
  const spans: TextSpan[] = [];
  let start = span.start;
  for (const next of findSentenceStarts(text, span)) {
    spans.push({ start, end: next });
    start = next;
  }
  if (start < span.end) spans.push({ start, end: span.end });
  return spans;
}

/**
 * Cuts a span that is too long to be one passage into pieces of at most
 * `maxChars`, at the last whitespace before the limit (a word boundary); only
 * a run of text with no whitespace at all is cut mid-word.
 */
export function splitAtWords(text: string, options: { span: TextSpan; maxChars: number }): TextSpan[] {
  const { span, maxChars } = options;
  const pieces: TextSpan[] = [];
  let start = span.start;
  while (span.end - start > maxChars) {
    const limit = start + maxChars;
    // Cut just after the last whitespace within the limit, so the piece ends between two words.
    let cut = limit;
    for (let offset = limit - 1; offset > start; offset--) {
      if (/\s/u.test(text[offset] ?? "")) {
        cut = offset + 1;
        break;
      }
    }
    pieces.push({ start, end: cut });
    start = cut;
  }
  pieces.push({ start, end: span.end });
  return pieces;
}
