/**
 * Sentence spans of clean text, with offsets. Lines (paragraphs, list items)
 * always end a sentence; inside a line a sentence ends at . ! ? … followed by
 * a space and an upper-case letter, digit, quote or bullet. Numbers such as
 * "19.121" or "16/2021/QĐ-UBND" never split because no space follows the dot.
 */
export type Span = { start: number; end: number };

/**
 * The sentence rules, defined once for the whole project (the chunker's
 * covering split in ingest/chunk/split-sentences.ts uses them too): a
 * sentence ends at terminal punctuation, optional closing quotes or brackets,
 * white space, then something that can open a sentence.
 */
export const SENTENCE_END = /[.!?…]+["”’)\]]*\s+(?=[\p{Lu}\d“"'(\-–+•])/gu;

/**
 * "TP. Hồ Chí Minh", "ThS. Nguyễn…", "v.v. Các", "V. I. Lênin": a full stop after a known abbreviation or
 * an initial does not end a sentence. (Short words cannot be the test: "vụ", "xã" are whole syllables.)
 */
const ABBREVIATION_BEFORE = /(?:^|[\s(])(?:TP|Tp|TX|Tx|TT|Th|Tr|ThS|Th\.S|Ths|TS|PGS|GS|BS|KS|CN|Nxb|tr|St|\p{Lu}|v\.v)$/u;

/** True when the text just before a full stop ends with an abbreviation or an initial. */
export function endsWithAbbreviation(before: string): boolean {
  return ABBREVIATION_BEFORE.test(before.slice(-8));
}

export function splitSentences(text: string, range: Span = { start: 0, end: text.length }): Span[] {
  const spans: Span[] = [];
  const push = (start: number, end: number) => {
    while (start < end && /\s/u.test(text[start]!)) start++;
    while (end > start && /\s/u.test(text[end - 1]!)) end--;
    if (end > start) spans.push({ start, end });
  };
  let lineStart = range.start;
  const slice = text.slice(range.start, range.end);
  const lines = slice.split("\n");
  for (const line of lines) {
    const lineEnd = lineStart + line.length;
    let sentenceStart = lineStart;
    for (const match of line.matchAll(SENTENCE_END)) {
      const punctuationEnd = lineStart + match.index + match[0].trimEnd().length;
      // "TP. Hà Nội", "ThS. Nguyễn…": a known abbreviation before the dot is not a sentence end.
      // (Short words cannot be the test: "vụ", "xã" are whole Vietnamese syllables.)
      const before = line.slice(0, match.index);
      if (/(?:^|\s)(?:TP|Tp|TX|Tx|TT|Th|Tr|ThS|TS|PGS|GS|Ths|Nxb|tr|St)$/u.test(before)) continue;
      // "1. Chú trọng…", "II. NHIỆM VỤ", "2.3. …": a heading number is not a sentence.
      if (/^\s*(?:[\dIVXLC]+(?:\.\d+)*|[a-zđ])$/iu.test(text.slice(sentenceStart, lineStart + match.index))) continue;
      push(sentenceStart, punctuationEnd);
      sentenceStart = punctuationEnd;
    }
    push(sentenceStart, lineEnd);
    lineStart = lineEnd + 1;
  }
  return spans;
}
