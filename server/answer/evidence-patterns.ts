import { foldDiacritics, splitWords } from "../../core/vietnamese.js";
import type { AnswerKind } from "../retrieve/analyze-query.js";

/**
 * Detectors for the kind of fact a question asks for. A sentence can only
 * answer "how many" if it states a quantity, "by when" if it states a date or
 * period, "who" if it names a body or a person's office. They are written
 * over general Vietnamese administrative language, not over any one document.
 */
const DAY_MONTH_YEAR = String.raw`\d{1,2}\s*[\/.\-]\s*\d{1,2}\s*[\/.\-]\s*\d{2,4}`;
const DATE_PHRASE = new RegExp(
  String.raw`(?:(?:trước|sau|từ|đến|vào|kể từ|chậm nhất|hạn chót|trong)\s+)?(?:ngày\s+)?${DAY_MONTH_YEAR}` +
    String.raw`|(?:(?:trước|sau|từ|đến|vào|trong)\s+)?ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?` +
    String.raw`|(?:(?:trước|sau|từ|đến|vào|trong|hết|cuối|đầu)\s+)?(?:tháng|phiên họp[^.;,]{0,30}tháng)\s+\d{1,2}(?:\s*\/\s*\d{4}|\s+năm\s+\d{4})?` +
    String.raw`|(?:(?:trước|trong|hết|đến)\s+)?quý\s+(?:I{1,3}|IV|[1-4])(?:\s*\/\s*\d{4}|\s+năm\s+\d{4})?` +
    String.raw`|(?:(?:trước|trong|đến|từ|sau)\s+)?năm\s+(?:19|20)\d{2}`,
  "iu",
);
const PERIOD_PHRASE = /(?:giai đoạn\s+)?(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}|(?:đến|tới|trước|từ)\s+năm\s+(?:19|20)\d{2}|giai đoạn\s+(?:19|20)\d{2}/iu;
const BODY_OR_OFFICE =
  /(?:^|[\s,;:(])(?:Sở|Ban|Bộ|UBND|Ủy ban|Uỷ ban|HĐND|Hội đồng|Văn phòng|Thanh tra|Công an|Trung tâm|Phòng|Chủ tịch|Phó Chủ tịch|Giám đốc|Cục|Chi cục|Tổng cục|Trường|Tỉnh ủy|Tỉnh uỷ|Thủ tướng|Chính phủ|Quốc hội|Đảng ủy|Mặt trận|Đoàn|Hội|Công ty|Tổng công ty|Doanh nghiệp|HTX|Hợp tác xã|Chi nhánh|Liên danh|Tập đoàn|Viện|Ông|Bà|Đội|Tổ)\s+\p{L}/u;

export type EvidenceKind = AnswerKind;

/**
 * A duration or relative time limit: "trong 10 ngày", "24 giờ", "06 tháng kể từ ngày ký",
 * "không quá 30 ngày làm việc". A day-month of a date ("ngày 30 tháng 6") is not one.
 */
const DURATION_PHRASE =
  /(?:(?:trong(?:\s+vòng|\s+thời\s+hạn)?|tối\s+đa|không\s+quá|chậm\s+nhất|sau|thời\s+hạn|thời\s+gian)\s+)?(?<!ngày\s{1,3})(?<![\d\/.,])\d{1,3}\s*(?:ngày|tháng|năm|giờ|tuần|phút)(?!\s*[\/.\-]?\s*\d)(?:\s+làm\s+việc)?(?:\s+(?:kể\s+từ|tính\s+từ)\s+(?:ngày|khi)[^.;,]{0,40})?|(?:trong(?:\s+vòng)?\s+)?(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mười\s+lăm|hai\s+mươi|ba\s+mươi)\s+(?:ngày|tháng|năm|giờ|tuần)(?:\s+làm\s+việc)?/iu;
const ALL_DURATION_PHRASES = new RegExp(DURATION_PHRASE.source, "giu");

/** Durations and relative limits stated in a sentence. */
export function findDurations(sentence: string): Array<{ text: string; index: number }> {
  return [...sentence.matchAll(ALL_DURATION_PHRASES)].map((match) => ({ text: match[0].trim(), index: match.index }));
}

/** Amounts of money, mass, volume or area: "500.000đ", "2,5 tỷ đồng", "1.200 kg", "15 tấn", "3 m3". */
const AMOUNT_STATED = /\d[\d.,]*\s*(?:đồng|đ(?![\p{L}\p{N}])|tỷ|triệu|nghìn|ngàn|VNĐ|VND|USD|kg|tấn|lít|m3|m³|m2|m²|ha|km|tạ)(?![\p{L}])/iu;

/** True when the sentence states an amount (money, mass, volume, area). */
export function statesAmount(sentence: string): boolean {
  return AMOUNT_STATED.test(sentence);
}

const ASKS_FOR_SHARE = /tỷ lệ|tỉ lệ|phần trăm|bao nhiêu %|percent|percentage|\bshare\b|\brate\b|turnout|ty le|ti le|phan tram/iu;
const ASKS_FOR_MONEY = /kinh phí|bao nhiêu tiền|số tiền|tiền phạt|mức phạt|phạt bao nhiêu|ngân sách|vốn|chi phí|tổng mức đầu tư|giá trị|funding|\bfunds?\b|budget|\bcost|\bmoney|\bfines?\b|\bpenalty|how much|kinh phi|bao nhieu tien|so tien|tien phat|muc phat|ngan sach|chi phi|tong muc dau tu/iu;
const SHARE_STATED = /\d\s*%|phần trăm/u;
const ASKS_FOR_RANK = /xếp thứ|đứng thứ|thứ mấy|thứ bao nhiêu|thứ hạng|hạng mấy|xếp hạng bao nhiêu|\brank(?:ed|ing)?\b|xep thu|dung thu|thu may|thu hang|hang may/iu;
/** A rank: "đứng thứ 13/63", "xếp thứ 5", "hạng 8", "nhóm 10 tỉnh". */
const RANK_LABEL = /thứ hạng|xếp hạng|\brank/iu;
const RANK_STATED = /(?:thứ|hạng|nhóm)\s+\d+|đứng đầu|dẫn đầu/iu;
const MONEY_STATED = /\d[\d.,]*\s*(?:đồng|đ(?![\p{L}\p{N}])|tỷ|triệu|nghìn|ngàn|VNĐ|VND)/iu;

/**
 * True when the sentence states the kind of fact the question asks for. A
 * "how many" question about a rate needs a percentage, one about money needs
 * an amount of money: a count of something else does not answer it.
 */
export function hasEvidenceOf(kind: EvidenceKind, sentence: string, options: { question?: string } = {}): boolean {
  if (kind === "number" && options.question) {
    // "xếp thứ mấy": a count of something else is no rank.
    if (ASKS_FOR_RANK.test(options.question) && !ASKS_FOR_SHARE.test(options.question)) {
      // A table row labelled as a rank ("Thứ hạng … PCI 27 25 22") states it as plain numbers.
      return RANK_STATED.test(sentence) || (RANK_LABEL.test(sentence) && findQuantities(sentence).length > 0);
    }
    if (ASKS_FOR_SHARE.test(options.question) && !ASKS_FOR_MONEY.test(options.question)) return SHARE_STATED.test(sentence);
    if (ASKS_FOR_MONEY.test(options.question) && !ASKS_FOR_SHARE.test(options.question)) return MONEY_STATED.test(sentence);
  }
  switch (kind) {
    case "date":
      return statesDate(sentence) || DURATION_PHRASE.test(sentence);
    case "period":
      return PERIOD_PHRASE.test(sentence) || DATE_PHRASE.test(sentence) || DURATION_PHRASE.test(sentence);
    case "number":
      return findQuantities(sentence).length > 0;
    case "who":
      return BODY_OR_OFFICE.test(sentence);
    case "list":
    case "fact":
      return true;
  }
}

// Global forms for matchAll (which copies the pattern, so sharing one is safe).
const ALL_DATE_PHRASES = new RegExp(DATE_PHRASE.source, "giu");
const ALL_PERIOD_PHRASES = new RegExp(PERIOD_PHRASE.source, "giu");

/** "Tính đến 31/7/2021 đã giải quyết …": a date a report counts up to, not a date anything is due or happens. */
const AS_OF = /(?:tính|tinh)\s+(?:đến|den|tới|toi)\s*(?:hết\s+|het\s+)?(?:(?:ngày|ngay|tháng|thang|quý|quy|năm|nam)\s+)?$/iu;

/** True when the sentence states a date other than one a report counts up to ("tính đến …"). */
function statesDate(sentence: string): boolean {
  for (const match of sentence.matchAll(ALL_DATE_PHRASES)) {
    const before = sentence.slice(Math.max(0, match.index - 16), match.index) + match[0].replace(/\d.*$/su, "");
    if (!AS_OF.test(before)) return true;
  }
  return false;
}

const DAY_DATE = new RegExp(String.raw`${DAY_MONTH_YEAR}|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}`, "iu");
const MONTH_DATE = /tháng\s+\d{1,2}|quý\s+(?:I{1,3}|IV|[1-4])\b/iu;

/**
 * How precise the most precise date of a sentence is: 3 a day, 2 a month or
 * quarter, 1 a year only, 0 none. "By when" is best answered by the most
 * precise deadline among sentences that fit the question equally well.
 */
export function datePrecision(sentence: string): number {
  if (DAY_DATE.test(sentence)) return 3;
  if (MONTH_DATE.test(sentence)) return 2;
  return DATE_PHRASE.test(sentence) ? 1 : 0;
}

/** The date or period phrase of a sentence closest to `near` (an offset), if any. */
export function findTimePhrase(sentence: string, kind: "date" | "period", near = 0, options: { preferLimit?: boolean } = {}): string | undefined {
  const pattern = kind === "period" ? ALL_PERIOD_PHRASES : ALL_DATE_PHRASES;
  let best: { text: string; distance: number; limit: boolean } | undefined;
  const consider = (text: string, index: number) => {
    const distance = Math.abs(index - near);
    // Asked for a deadline, a limit ("trước ngày 30/6/2024") beats a nearer plain date ("trong tháng 5/2024").
    const limit = Boolean(options.preferLimit) && LIMIT_PHRASE.test(text);
    if (!best || (limit && !best.limit) || (limit === best.limit && distance < best.distance)) best = { text: text.trim(), distance, limit };
  };
  for (const match of sentence.matchAll(pattern)) {
    // A date a report counts up to ("tính đến 31/7/2021") is not when anything happens or is due.
    const before = sentence.slice(Math.max(0, match.index - 16), match.index) + match[0].replace(/\d.*$/su, "");
    if (AS_OF.test(before)) continue;
    consider(match[0], match.index);
  }
  // A limit may be a duration ("trong 10 ngày kể từ ngày nhận hồ sơ").
  if (!best) for (const duration of findDurations(sentence)) consider(duration.text, duration.index);
  if (!best && kind === "period") return findTimePhrase(sentence, "date", near, options);
  return (best as { text: string } | undefined)?.text;
}

/** A time phrase that sets a limit: "trước ngày …", "chậm nhất …", "hạn chót …". */
const LIMIT_PHRASE = /^\s*(?:trước|chậm nhất|hạn chót|trong(?: vòng| thời hạn)?\s+\d|không quá)\s/iu;

/**
 * Quantities: numbers that are not dates, years or document numbers
 * ("941", "19.121", "99,0%", "514/703"). A year only counts when it is a count ("2024 người").
 */
export function findQuantities(sentence: string): string[] {
  const quantities: string[] = [];
  for (const { word, start, end } of splitWords(sentence)) {
    if (!/^\d+(?:[.,]\d+)*%?$/u.test(word)) continue;
    const before = sentence.slice(Math.max(0, start - 6), start);
    const after = sentence.slice(end, end + 8);
    if (/^(?:19|20)\d{2}$/u.test(word) && !/^\s*(?:người|lượt|đơn vị|xã|biên chế)/u.test(after)) continue;
    if (/(?:ngày|tháng|năm|quý|số|khoản|Điều|điểm)\s*$/iu.test(before)) continue;
    if (/^[\/\-]/u.test(after) || /[\/\-]$/u.test(before)) continue;
    // An item number is no quantity: "4. Công tác …", "b) 2) …", "(1) Chỉ số …".
    if (/^[.)]/u.test(after) && /^[\s\-+*•(]*$/u.test(sentence.slice(0, start))) continue;
    if (/\($/u.test(before) && /^\)/u.test(after)) continue;
    quantities.push(word);
  }
  // "514/703" is a ratio of two counts; splitWords keeps it whole.
  for (const match of sentence.matchAll(/(?<![\d\/])(\d{1,6})\s*\/\s*(\d{1,6})(?![\d\/])/gu)) {
    const [, left, right] = match;
    if (Number(left) > 31 || Number(right) > 12) quantities.push(match[0]);
  }
  return quantities;
}

/**
 * Question words that ask for a time limit: "hạn", "thời hạn", "trước ngày", "chậm nhất", "phải … khi nào",
 * "deadline", "due", "by when", "no later than", "when must …" (compared folded, lower case).
 */
const TIME_LIMIT_QUESTION = /\b(?:han(?! che)|deadline|due|by when|by what date|no later|truoc ngay|cham nhat|within|when must|when should|phai [a-z ]{0,60}(?:khi nao|ngay nao|bao gio))\b/u;

export function asksForTimeLimit(question: string): boolean {
  return TIME_LIMIT_QUESTION.test(foldDiacritics(question).toLowerCase());
}
