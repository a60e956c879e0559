import { normalizeUnicode } from "../../../core/vietnamese.js";

// A year stands alone or ends a date ("30/6/2024", "tháng 4/2024") or a range
// ("2023-2025"); it is never part of a longer number ("19.121", "20000").
const YEAR = /(?<![\p{L}\p{N}.,])((?:19|20)\d{2})(?![\p{L}\p{N}]|[.,]\d)/gu;

/**
 * Years named in a question, in order, each once. Spans to ignore (document
 * numbers: the 2021 of "16/2021/QĐ-UBND" is when that decision was issued,
 * not what the question is about) are blanked first. Both ends of a range
 * are kept; the years between are not invented.
 */
export function extractYears(question: string, options: { ignore?: ReadonlyArray<{ start: number; end: number }> } = {}): number[] {
  let text = normalizeUnicode(question);
  for (const { start, end } of options.ignore ?? []) {
    text = text.slice(0, start) + " ".repeat(Math.max(0, end - start)) + text.slice(end);
  }
  const years: number[] = [];
  for (const match of text.matchAll(YEAR)) {
    const year = Number(match[1]);
    if (!years.includes(year)) years.push(year);
  }
  return years;
}
