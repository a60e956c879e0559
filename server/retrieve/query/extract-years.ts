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

/** Document type words a date can describe: "Kết luận tháng 9/2021", "Thông báo ngày 17/9/2021". */
const DOCUMENT_WORD = String.raw`(?:kết luận|thông báo|kế hoạch|quyết định|công văn|báo cáo|chỉ thị|nghị quyết|tờ trình|văn bản|buổi làm việc|cuộc họp|ket luan|thong bao|ke hoach|quyet dinh|cong van|bao cao|chi thi|nghi quyet|to trinh|van ban)`;
/** Words that make the date after them a deadline or a span, not the document's date. */
const TIME_WORD = String.raw`(?:trước|đến|tới|trong|hạn|chậm|sau|từ|vào|kể|hết|truoc|den|toi|han|cham|tu|vao|ke|het)(?=\s|$)`;
/** "của Chủ tịch UBND tỉnh": up to five words naming the issuer, none of them a time word. */
const ISSUER_GAP = String.raw`(?:của|cua)(?:\s+(?!${TIME_WORD})\S+){1,5}?`;
const DATED_DOCUMENT = new RegExp(
  String.raw`${DOCUMENT_WORD}\s+(?:${ISSUER_GAP}\s+)?` +
    String.raw`(?:(?:ngày|ngay)\s+\d{1,2}\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*((?:19|20)\d{2})|(?:tháng|thang)\s+(\d{1,2})\s*(?:\/|năm|nam)\s*((?:19|20)\d{2}))`,
  "giu",
);

/**
 * Months a question dates the document it asks about by ("Kết luận tháng 9/2021 …",
 * "Thông báo ngày 17/9/2021"), as "YYYY-MM". A month that is not attached to a
 * document word ("hạn trong tháng 5/2024") is a deadline, not the document's date.
 */
export function extractDocumentMonths(question: string): string[] {
  const months: string[] = [];
  for (const match of normalizeUnicode(question).matchAll(DATED_DOCUMENT)) {
    const month = Number(match[1] ?? match[3]);
    const year = match[2] ?? match[4];
    if (!year || month < 1 || month > 12) continue;
    const key = `${year}-${String(month).padStart(2, "0")}`;
    if (!months.includes(key)) months.push(key);
  }
  return months;
}
