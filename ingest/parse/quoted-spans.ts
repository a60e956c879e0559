/** A quotation in a text: from its opening mark to just after its closing one. */
export type QuotedSpan = { start: number; end: number };

/** How far a quotation may run: a letter quotes a few articles of a law, never a whole document. */
const MAX_QUOTE_CHARS = 6000;

/**
 * Quotations of other texts ("Khoản 1 Điều 4 Luật … quy định: “1. Nhà nước
 * quản lý …”"), curly or straight, within a paragraph or across several. A
 * straight mark opens after white space, a colon or a bracket and before a
 * non-space; it closes after a non-space and before white space or
 * punctuation. An opening mark with no close within reach is ignored.
 * Quotations do not nest. Pure.
 */
export function findQuotedSpans(text: string): QuotedSpan[] {
  const spans: QuotedSpan[] = [];
  let position = 0;
  while (position < text.length) {
    const open = nextOpening(text, position);
    if (open < 0) break;
    const close = nextClosing(text, open + 1, Math.min(text.length, open + MAX_QUOTE_CHARS));
    if (close < 0) {
      position = open + 1;
      continue;
    }
    spans.push({ start: open, end: close + 1 });
    position = close + 1;
  }
  return spans;
}

/** Whether an offset lies inside a quotation that opened before it. */
export function isInsideQuotation(spans: readonly QuotedSpan[], offset: number): boolean {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (spans[middle]!.start < offset) low = middle + 1;
    else high = middle;
  }
  const before = spans[low - 1];
  return before !== undefined && offset < before.end;
}

const OPENING_STRAIGHT = /(?:^|[\s:(\[])"(?=\S)/gu;
const CLOSING_STRAIGHT = /(?<=\S)"(?=$|[\s.,;:)\]!?…])/gu;

function nextOpening(text: string, from: number): number {
  const curly = text.indexOf("“", from);
  OPENING_STRAIGHT.lastIndex = from === 0 ? 0 : from - 1;
  const straight = OPENING_STRAIGHT.exec(text);
  const straightAt = straight ? straight.index + straight[0].length - 1 : -1;
  if (curly < 0) return straightAt;
  if (straightAt < 0) return curly;
  return Math.min(curly, straightAt);
}

function nextClosing(text: string, from: number, limit: number): number {
  const curly = text.indexOf("”", from);
  CLOSING_STRAIGHT.lastIndex = from;
  const straight = CLOSING_STRAIGHT.exec(text);
  const candidates = [curly, straight ? straight.index : -1].filter((at) => at >= 0 && at < limit);
  return candidates.length ? Math.min(...candidates) : -1;
}
