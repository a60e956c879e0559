import type { Deadline } from "../../core/types.js";
import { allMatches } from "./all-matches.js";
import { foldKeepingOffsets } from "./fold-text.js";
import { topLevelAlternatives } from "./regex-source.js";

/**
 * Deadlines ("thời hạn") as written in Vietnamese directives, normalized to
 * inclusive ISO windows: "trước ngày 30/6/2024" -> end 2024-06-30,
 * "trong tháng 5/2024" -> 2024-05-01…2024-05-31, "trong quý III/2026" ->
 * 2026-07-01…2026-09-30, "30 ngày kể từ ngày ký" -> relative (its end counted
 * from the document's date when it has a day), "hằng tháng" -> recurring and
 * "thường xuyên" -> ongoing (text only). Pure functions.
 *
 * Every rule runs on a folded copy of the text (lower case, no diacritics,
 * same offsets), so it also works on text typed without diacritics.
 */

export type DeadlineOptions = {
  /** ISO date of the document (YYYY-MM-DD, YYYY-MM or YYYY): the year of "trong tháng 5", "quý II" … */
  documentDate?: string;
};

export type FindDeadlinesOptions = DeadlineOptions & {
  /**
   * When true (the default), bare dates and years ("ngày 18/5/2021",
   * "năm 2024") are ignored: inside a sentence they are almost always the
   * date of a cited document or a modifier ("kế hoạch năm 2024"), not a deadline.
   */
  requireCue?: boolean;
  /** The text already folded with foldKeepingOffsets (a caller that has it saves the work). */
  folded?: string;
};

/** How precise a deadline is; a task keeps its most precise one. */
export type DeadlineKind = "day" | "from" | "month" | "quarter" | "months" | "year" | "period" | "relative" | "recurring";

/** A deadline found in a text, with the offsets of its phrase (end exclusive). */
export type DeadlineMatch = { deadline: Deadline; kind: DeadlineKind; start: number; end: number };

type Candidate = DeadlineMatch & { cue: boolean };
type Reference = { year: number; month?: number; /** The whole date when it has a day (ISO). */ date?: string };
type Window = Omit<Deadline, "text">;
type Rule = (folded: string, original: string, reference: Reference | undefined) => Candidate[];

const BEFORE = "(?<![\\p{L}\\p{N}/\\-])";
const AFTER = "(?![\\p{L}\\p{N}])";
const MONTH_YEAR_SEPARATOR = "\\s*(?:[/.\\-]|,?\\s+nam)\\s*";

/** Parses the first deadline phrase of a short text ("trước ngày 30/6/2024"); bare dates and years count. */
export function parseDeadline(text: string, options: DeadlineOptions = {}): Deadline | null {
  const normalized = text.normalize("NFC");
  const [first] = findDeadlines(normalized, { ...options, requireCue: false });
  return first ? first.deadline : null;
}

/** Every deadline phrase of a sentence or paragraph, in text order, non-overlapping. */
export function findDeadlines(text: string, options: FindDeadlinesOptions = {}): DeadlineMatch[] {
  const folded = options.folded?.length === text.length ? options.folded : foldKeepingOffsets(text);
  const reference = parseReference(options.documentDate);
  const candidates = RULES.flatMap(({ find, mayMatch }) => (mayMatch.test(folded) ? find(folded, text, reference) : []));
  // Longest phrase wins an overlap; only then are cue-less ones dropped, so the
  // "tháng 7 năm 2021" inside a cited "ngày 23 tháng 7 năm 2021" never becomes a deadline.
  candidates.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const chosen: Candidate[] = [];
  for (const candidate of candidates) {
    const previous = chosen[chosen.length - 1];
    if (previous && candidate.start < previous.end) continue;
    chosen.push(candidate);
  }
  const requireCue = options.requireCue ?? true;
  return chosen
    .filter((candidate) => candidate.cue || !requireCue)
    .map(({ deadline, kind, start, end }) => ({ deadline, kind, start, end }));
}

// ---------------------------------------------------------------------------
// Rules

/**
 * Each rule with a cheap test for what its patterns cannot match without (a
 * date's digits, the words every match contains), so most clauses skip most
 * rules: a test must only ever be a necessary condition, never drop a match.
 * The tests have no look-behind, which makes them scan much faster than the rules.
 */
const RULES: ReadonlyArray<{ find: Rule; mayMatch: RegExp }> = [
  { find: relativeRule, mayMatch: /\d\s+(?:ngay|tuan|thang|nam)/u },
  { find: recurringRule, mayMatch: /(?:hang|moi)\s+(?:ngay|tuan|thang|quy|nam)|dinh\s+ky/u },
  { find: ongoingRule, mayMatch: /thuong\s+xuyen/u },
  // A full date ends with a four-digit year, whether "30/6/2024" or "30 tháng 6 năm 2024".
  { find: dayRule, mayMatch: /\d{4}/u },
  { find: dayWithoutYearRule, mayMatch: /\d[/.-]\d/u },
  { find: monthRule, mayMatch: /thang\s+\d/u },
  { find: quarterRule, mayMatch: /quy\s+[iv1-4]/u },
  { find: leadingMonthsRule, mayMatch: /(?:dau|cuoi)\s+nam/u },
  { find: yearRule, mayMatch: /\d{4}/u },
  { find: workProgrammeYearRule, mayMatch: /cong\s+tac/u },
  { find: periodRule, mayMatch: /doan\s+\d{4}/u },
  { find: yearRangeRule, mayMatch: /nam\s+\d{4}\s+den/u },
  { find: lateInYearRule, mayMatch: /cuoi\s+nam/u },
];

const RELATIVE_COUNTED = new RegExp(
  `${BEFORE}(?:(?:trong|cham\\s+nhat)\\s+(?:thoi\\s+han|vong|thoi\\s+gian)\\s+)?\\d{1,3}\\s+(?:ngay(?:\\s+lam\\s+viec)?|tuan|thang|nam)\\s+(?:ke\\s+tu|tinh\\s+tu|sau\\s+khi|sau)(?:\\s+[\\p{L}\\p{N}/]+){1,8}`,
  "gu",
);
const RELATIVE_WITHIN = new RegExp(`${BEFORE}trong\\s+(?:thoi\\s+han|vong)\\s+\\d{1,3}\\s+(?:ngay(?:\\s+lam\\s+viec)?|tuan|thang)${AFTER}`, "gu");

/** The count, its unit and what it counts from, in a folded RELATIVE_COUNTED match. */
const RELATIVE_PARTS = /(\d{1,3})\s+(ngay\s+lam\s+viec|ngay|tuan|thang|nam)\s+(?:ke\s+tu|tinh\s+tu|sau\s+khi|sau)\s+(.*)$/u;
/**
 * What counts from the document's own date: its signing or issue ("kể từ ngày
 * ký", "sau khi ban hành"), or "this plan / decision …" ("kể từ ngày Kế hoạch
 * này được ban hành"). Anything else ("kể từ ngày nhận đủ hồ sơ") has no date.
 */
const SIGNING_ANCHOR =
  /^(?:ngay\s+)?(?:ky|ban\s+hanh)(?![\p{L}])|^(?:ngay\s+)?(?:van\s+ban|ke\s+hoach|thong\s+bao|quyet\s+dinh|chi\s+thi|cong\s+van|chuong\s+trinh|ket\s+luan|nghi\s+quyet)\s+nay(?![\p{L}])/u;

/** "30 ngày kể từ ngày ký" (resolved from a document dated to the day), "trong thời hạn 15 ngày làm việc" … */
function relativeRule(folded: string, original: string, reference: Reference | undefined): Candidate[] {
  const out: Candidate[] = [];
  for (const match of allMatches(RELATIVE_COUNTED, folded)) {
    const end = match.index + match[0].length;
    out.push(candidate(original, match.index, end, { relative: true, ...relativeEnd(match[0], original.slice(match.index, end), reference) }, "relative", true));
  }
  for (const match of allMatches(RELATIVE_WITHIN, folded)) {
    out.push(candidate(original, match.index, match.index + match[0].length, { relative: true }, "relative", true));
  }
  return out;
}

/** The end of a period counted from the document's date, when the phrase counts from it and the date has a day. */
function relativeEnd(foldedPhrase: string, phrase: string, reference: Reference | undefined): Window {
  const parts = RELATIVE_PARTS.exec(foldedPhrase);
  if (!parts || !reference?.date) return {};
  const anchor = parts[3]!;
  // "kỳ" (a session, "kể từ ngày kỳ họp") folds like "ký" (signed).
  if (!SIGNING_ANCHOR.test(anchor) || /kỳ/iu.test(phrase)) return {};
  const count = Number(parts[1]);
  const unit = parts[2]!.replace(/\s+/gu, " ");
  return { end: addPeriod(reference.date, count, unit) };
}

const RECURRING = new RegExp(
  `${BEFORE}(?:(?:truoc|vao|trong)\\s+)?(?:ngay\\s+\\d{1,2}(?:[/.\\-]\\d{1,2})?\\s+)?(?:dinh\\s+ky\\s+)?(?:hang|moi)\\s+(?:ngay|tuan|thang|quy|nam)${AFTER}(?!\\s*\\d)|${BEFORE}dinh\\s+ky${AFTER}`,
  "gu",
);

/** "theo (đúng) <a document or record> …" right before a bare "định kỳ", in the same phrase (folded). */
const REFERENCE_BEFORE = /(?:^|\s)theo\s+(?:dung\s+)?[^,;.:]{0,40}$/u;

/** "hằng tháng", "định kỳ hằng quý", "trước ngày 15 hằng tháng": recurring, kept as text only. */
function recurringRule(folded: string, original: string): Candidate[] {
  const out: Candidate[] = [];
  for (const match of allMatches(RECURRING, folded)) {
    const phrase = original.slice(match.index, match.index + match[0].length);
    // "hạng" (rank, as in "thăng hạng") folds like "hằng"/"hàng", and "mới" (new) like "mỗi".
    if (/h[ạẠ]ng|m[ớờởỡợơ]i/iu.test(phrase)) continue;
    // "… theo đúng báo cáo kiểm định định kỳ của bồn chứa": a periodic thing the duty refers to, not a periodic duty.
    if (/^dinh\s+ky$/u.test(match[0].trim()) && REFERENCE_BEFORE.test(folded.slice(Math.max(0, match.index - 50), match.index))) continue;
    out.push(candidate(original, match.index, match.index + match[0].length, { recurring: true }, "recurring", true));
  }
  return out;
}

const ONGOING = new RegExp(`${BEFORE}thuong\\s+xuyen${AFTER}`, "gu");

/**
 * "thường xuyên" (continuously): a duty that is never done once for all. It
 * ranks with recurring deadlines, below any date. Not in "chi thường xuyên"
 * (recurrent expenditure, a budget term) nor "không thường xuyên" (irregular).
 */
function ongoingRule(folded: string, original: string): Candidate[] {
  const out: Candidate[] = [];
  for (const match of allMatches(ONGOING, folded)) {
    if (/(?:^|[^\p{L}])(?:chi|khong|kinh\s+phi)\s+$/u.test(folded.slice(Math.max(0, match.index - 12), match.index))) continue;
    out.push(candidate(original, match.index, match.index + match[0].length, { ongoing: true }, "recurring", true));
  }
  return out;
}

/** A time of day before the date: "trước 15h00 ngày …", "trước 08 giờ 00 ngày …", "vào 13h30’ ngày …" (folded). */
const TIME_OF_DAY = "\\d{1,2}\\s*(?:h|gio)\\s*(?:\\d{1,2}\\s*(?:phut|['’])?)?\\s*,?\\s*";
const TIME_IN_CUE = new RegExp(`\\s${TIME_OF_DAY}`, "u");
const DAY_CUE =
  `(truoc(?:\\s+hoac\\s+trong)?\\s+(?:${TIME_OF_DAY})?ngay|xong\\s+truoc\\s+ngay|truoc|cham\\s+nhat(?:\\s+la)?(?:\\s+vao)?(?:\\s+${TIME_OF_DAY})?(?:\\s*ngay)?|vao\\s+${TIME_OF_DAY}ngay|han\\s+chot(?:\\s+la)?(?:\\s+ngay)?|thoi\\s+han(?:\\s+la)?(?:\\s*:)?(?:\\s+ngay)?|han(?:\\s+la)?\\s+ngay|den(?:\\s+het)?\\s+ngay|vao\\s+ngay|trong\\s+ngay|(?:ke\\s+)?tu\\s+ngay|bat\\s+dau\\s+tu\\s+ngay|ngay)`;
const FULL_DATE = "(\\d{1,2})[/.\\-](\\d{1,2})[/.\\-](\\d{4})|(\\d{1,2})\\s+thang\\s+(\\d{1,2}),?\\s+nam\\s+(\\d{4})";

const DAY = startingWith(["\\d", ...cueStarts(DAY_CUE)], `${BEFORE}(?:${DAY_CUE}\\s*)?(?:${FULL_DATE})${AFTER}(?![/.\\-]\\d)`);

/** "trước ngày 30/6/2024", "vào ngày 21/4/2024", "kể từ ngày 20/9/2021", bare "ngày 18 tháng 5 năm 2021". */
function dayRule(folded: string, original: string): Candidate[] {
  const out: Candidate[] = [];
  for (const match of allMatches(DAY, folded)) {
    // The time of day only narrows the day: "trước 15h00 ngày 15/6" is read as "trước ngày 15/6".
    const cueWord = (match[1] ?? "").replace(TIME_IN_CUE, " ").replace(/\s+/gu, " ").trim();
    const day = Number(match[2] ?? match[5]);
    const month = Number(match[3] ?? match[6]);
    const year = Number(match[4] ?? match[7]);
    const date = isoDate(year, month, day);
    if (!date) continue;
    const end = match.index + match[0].length;
    // "ngày 15/12 hằng năm" is handled by the recurring rule; a full date never recurs.
    if (!cueWord || cueWord === "ngay") {
      out.push(candidate(original, match.index, end, { start: date, end: date }, "day", false));
    } else if (/(?:^|\s)(?:ke tu|tu|bat dau tu) ngay$|^tu ngay$/u.test(cueWord)) {
      out.push(candidate(original, match.index, end, { start: date }, "from", true));
    } else if (/^(?:vao|trong) ngay$/u.test(cueWord)) {
      out.push(candidate(original, match.index, end, { start: date, end: date }, "day", true));
    } else {
      out.push(candidate(original, match.index, end, { end: date }, "day", true));
    }
  }
  return out;
}

const DAY_WITHOUT_YEAR_CUE = `(truoc\\s+(?:${TIME_OF_DAY})?ngay|truoc|cham\\s+nhat(?:\\s+la)?(?:\\s+ngay)?|han\\s+chot(?:\\s+la)?(?:\\s+ngay)?|den(?:\\s+het)?\\s+ngay|vao\\s+ngay)`;
const DAY_WITHOUT_YEAR = startingWith(
  cueStarts(DAY_WITHOUT_YEAR_CUE),
  `${BEFORE}${DAY_WITHOUT_YEAR_CUE}\\s+(\\d{1,2})[/.\\-](\\d{1,2})(?![/.\\-]?\\d)${AFTER}`,
);

/** "trước ngày 15/12" (year from the document date). */
function dayWithoutYearRule(folded: string, original: string, reference: Reference | undefined): Candidate[] {
  if (!reference) return [];
  const out: Candidate[] = [];
  for (const match of allMatches(DAY_WITHOUT_YEAR, folded)) {
    const day = Number(match[2]);
    const month = Number(match[3]);
    const year = yearAfter(reference, month);
    const date = isoDate(year, month, day);
    if (!date) continue;
    const end = match.index + match[0].length;
    const window = /^vao/u.test(match[1]!) ? { start: date, end: date } : { end: date };
    out.push(candidate(original, match.index, end, window, "day", true));
  }
  return out;
}

/** Nouns after which "tháng 4/2024" names an event or a report, not a deadline ("phiên họp UBND tỉnh tháng 4/2024"). */
const MONTH_MODIFIED_NOUN = /(?:hop|hoi nghi|cong tac|ngay|ke hoach|bao cao|chuong trinh|so lieu|luong|ky|dot|phien)\s*$/u;
/** A meeting a few words back names the month too: "phiên họp UBND tỉnh tháng 4/2024". */
const MEETING_BEFORE = /(?:phien hop|ky hop|cuoc hop|hoi nghi)(?:\s+[\p{L}\p{N}]+){0,4}\s*$/u;

const MONTH_CUE = "(truoc|trong|cuoi|dau|giua|het|cham\\s+nhat(?:\\s+trong)?|ngay\\s+trong|den(?:\\s+het)?)";
const MONTH = startingWith(
  ["thang", ...cueStarts(MONTH_CUE)],
  `${BEFORE}(?:${MONTH_CUE}\\s+)?thang\\s+(\\d{1,2})(?:${MONTH_YEAR_SEPARATOR}(\\d{4}))?${AFTER}(?![/.\\-]\\d)`,
);

/** "trong tháng 5/2024", "tháng 11 năm 2021", "trước tháng 6", "(tháng 6)". */
function monthRule(folded: string, original: string, reference: Reference | undefined): Candidate[] {
  const out: Candidate[] = [];
  for (const match of allMatches(MONTH, folded)) {
    const cueWord = (match[1] ?? "").replace(/\s+/gu, " ");
    const month = Number(match[2]);
    if (month < 1 || month > 12) continue;
    const start = match.index;
    const end = start + match[0].length;
    const inParentheses = folded[start - 1] === "(" && folded[end] === ")";
    let year = match[3] ? Number(match[3]) : undefined;
    if (year === undefined) {
      // A month without a year is a deadline only with a cue, and needs the document's year.
      if (!reference || (!cueWord && !inParentheses)) continue;
      year = yearAfter(reference, month);
    }
    const first = isoDate(year, month, 1)!;
    const last = isoDate(year, month, lastDayOfMonth(year, month))!;
    let window: Omit<Deadline, "text">;
    if (cueWord === "truoc") window = { end: dayBefore(first) };
    else if (cueWord === "cuoi") window = { start: isoDate(year, month, 21)!, end: last };
    else if (cueWord === "dau") window = { start: first, end: isoDate(year, month, 10)! };
    else if (cueWord === "giua") window = { start: isoDate(year, month, 11)!, end: isoDate(year, month, 20)! };
    else if (/^(?:het|den|cham nhat)/u.test(cueWord)) window = { end: last };
    else window = { start: first, end: last };
    const bare = !cueWord && !inParentheses;
    const before = folded.slice(Math.max(0, start - 40), start);
    const cue = !bare || !(MONTH_MODIFIED_NOUN.test(before.slice(-16)) || MEETING_BEFORE.test(before));
    out.push(candidate(original, start, end, window, "month", cue));
  }
  return out;
}

const QUARTER_NUMBER: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, "1": 1, "2": 2, "3": 3, "4": 4 };

const QUARTER = new RegExp(
  `${BEFORE}(?:(truoc|trong|cuoi|dau|het|den(?:\\s+het)?)\\s+)?quy\\s+(iv|i{1,3}|[1-4])(?:${MONTH_YEAR_SEPARATOR}(\\d{4}))?${AFTER}`,
  "gu",
);

/** "trong quý III/2026", "quý 2 năm 2024", "trước quý IV". */
function quarterRule(folded: string, original: string, reference: Reference | undefined): Candidate[] {
  const out: Candidate[] = [];
  for (const match of allMatches(QUARTER, folded)) {
    const cueWord = match[1] ?? "";
    const quarter = QUARTER_NUMBER[match[2]!]!;
    const firstMonth = quarter * 3 - 2;
    const year = match[3] ? Number(match[3]) : reference ? yearAfter(reference, firstMonth + 2) : undefined;
    if (year === undefined) continue;
    const first = isoDate(year, firstMonth, 1)!;
    const last = isoDate(year, firstMonth + 2, lastDayOfMonth(year, firstMonth + 2))!;
    let window: Omit<Deadline, "text">;
    if (cueWord === "truoc") window = { end: dayBefore(first) };
    else if (cueWord === "dau") window = { start: first, end: isoDate(year, firstMonth, lastDayOfMonth(year, firstMonth))! };
    else if (cueWord === "cuoi") window = { start: isoDate(year, firstMonth + 2, 1)!, end: last };
    else if (/^(?:het|den)/u.test(cueWord)) window = { end: last };
    else window = { start: first, end: last };
    out.push(candidate(original, match.index, match.index + match[0].length, window, "quarter", true));
  }
  return out;
}

const LEADING_MONTHS = new RegExp(
  `${BEFORE}(?:(?:trong|truoc|het)\\s+)?(?:(\\d{1,2})\\s+thang|(nua))\\s+(dau|cuoi)\\s+nam(?:\\s+(\\d{4}))?${AFTER}(?![/.\\-]\\d)`,
  "gu",
);

/** "6 tháng đầu năm 2024", "6 tháng cuối năm", "nửa đầu năm 2025". */
function leadingMonthsRule(folded: string, original: string, reference: Reference | undefined): Candidate[] {
  const out: Candidate[] = [];
  for (const match of allMatches(LEADING_MONTHS, folded)) {
    const count = match[2] ? 6 : Number(match[1]);
    if (count < 1 || count > 12) continue;
    const year = match[4] ? Number(match[4]) : reference?.year;
    if (year === undefined) continue;
    const window =
      match[3] === "dau"
        ? { start: isoDate(year, 1, 1)!, end: isoDate(year, count, lastDayOfMonth(year, count))! }
        : { start: isoDate(year, 13 - count, 1)!, end: isoDate(year, 12, 31)! };
    out.push(candidate(original, match.index, match.index + match[0].length, window, "months", true));
  }
  return out;
}

const YEAR_CUE = "(trong(?:\\s+ca)?|ngay\\s+trong|truoc|cuoi|dau|het|den\\s+het|den|tu\\s+nay\\s+den(?:\\s+het)?)";
const YEAR = startingWith(
  ["nam", "\\d", ...cueStarts(YEAR_CUE)],
  `${BEFORE}(?:${YEAR_CUE}\\s+)?(?:nam\\s+(\\d{4})|(?<=den(?:\\s+het)?\\s+)(\\d{4}))${AFTER}(?!\\s*[/.\\-–]\\s*\\d)`,
);

/** "trong năm 2024", "đến năm 2025", "cuối năm 2024", bare "năm 2024" (cue-less). */
function yearRule(folded: string, original: string): Candidate[] {
  const out: Candidate[] = [];
  for (const match of allMatches(YEAR, folded)) {
    const cueWord = (match[1] ?? "").replace(/\s+/gu, " ");
    const year = Number(match[2] ?? match[3]);
    if (year < 1900 || year > 2200) continue;
    const start = match.index;
    const before = folded.slice(Math.max(0, start - 14), start);
    // "tầm nhìn đến năm 2045", "định hướng đến năm 2030" describe a vision, not a deadline.
    if (/^den/u.test(cueWord) && /(?:tam nhin|dinh huong)\s*$/u.test(before)) continue;
    let window: Omit<Deadline, "text">;
    if (cueWord === "truoc") window = { end: `${year - 1}-12-31` };
    else if (cueWord === "cuoi") window = { start: `${year}-10-01`, end: `${year}-12-31` };
    else if (cueWord === "dau") window = { start: `${year}-01-01`, end: `${year}-03-31` };
    else if (/^(?:het|den|tu nay)/u.test(cueWord)) window = { end: `${year}-12-31` };
    else window = { start: `${year}-01-01`, end: `${year}-12-31` };
    out.push(candidate(original, start, start + match[0].length, window, "year", Boolean(cueWord)));
  }
  return out;
}

const WORK_PROGRAMME_YEAR = new RegExp(`${BEFORE}theo\\s+(?:chuong\\s+trinh|ke\\s+hoach)\\s+cong\\s+tac[^.;:\\n]{0,60}?\\s+nam\\s+(\\d{4})${AFTER}`, "gu");

/**
 * "theo Chương trình công tác của UBND tỉnh năm 2024": an item scheduled by a
 * year's work programme is due within that year.
 */
function workProgrammeYearRule(folded: string, original: string): Candidate[] {
  const out: Candidate[] = [];
  for (const match of allMatches(WORK_PROGRAMME_YEAR, folded)) {
    const year = Number(match[1]);
    out.push(candidate(original, match.index, match.index + match[0].length, { start: `${year}-01-01`, end: `${year}-12-31` }, "year", true));
  }
  return out;
}

const PERIOD = new RegExp(`${BEFORE}(?:(trong|den\\s+het|den)\\s+)?giai\\s+doan\\s+(\\d{4})\\s*[-–]\\s*(\\d{4})${AFTER}`, "gu");

/** "trong giai đoạn 2021-2025" (cue), bare "giai đoạn 2022 - 2025" (cue-less: usually names a plan). */
function periodRule(folded: string, original: string): Candidate[] {
  const out: Candidate[] = [];
  for (const match of allMatches(PERIOD, folded)) {
    const first = Number(match[2]);
    const last = Number(match[3]);
    if (last < first) continue;
    out.push(
      candidate(original, match.index, match.index + match[0].length, { start: `${first}-01-01`, end: `${last}-12-31` }, "period", Boolean(match[1])),
    );
  }
  return out;
}

const YEAR_RANGE = new RegExp(`${BEFORE}tu\\s+nam\\s+(\\d{4})\\s+den(?:\\s+het)?\\s+nam\\s+(\\d{4})${AFTER}`, "gu");

/** "từ năm 2024 đến năm 2026". */
function yearRangeRule(folded: string, original: string): Candidate[] {
  const out: Candidate[] = [];
  for (const match of allMatches(YEAR_RANGE, folded)) {
    const first = Number(match[1]);
    const last = Number(match[2]);
    if (last < first) continue;
    out.push(candidate(original, match.index, match.index + match[0].length, { start: `${first}-01-01`, end: `${last}-12-31` }, "period", true));
  }
  return out;
}

const LATE_IN_YEAR = new RegExp(`${BEFORE}(?:trong|truoc|den)\\s+(?:cac\\s+thang\\s+)?cuoi\\s+nam${AFTER}(?!\\s*\\d)`, "gu");

/** "trong các tháng cuối năm" (year from the document date). */
function lateInYearRule(folded: string, original: string, reference: Reference | undefined): Candidate[] {
  if (!reference) return [];
  const out: Candidate[] = [];
  for (const match of allMatches(LATE_IN_YEAR, folded)) {
    out.push(candidate(original, match.index, match.index + match[0].length, { end: `${reference.year}-12-31` }, "year", true));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Helpers

/**
 * A rule's pattern behind a look-ahead for what its matches start with. The
 * look-ahead only restates the pattern, so it finds the same matches, but the
 * engine then skips most positions at once instead of trying every cue there:
 * the rules that run on most clauses scan several times faster.
 */
function startingWith(starts: readonly string[], pattern: string): RegExp {
  return new RegExp(`(?=${[...new Set(starts)].join("|")})${pattern}`, "gu");
}

/** The words the alternatives of a cue group "(a…|b…|(?:c\\s+)?d…)" start with; throws on one that starts otherwise. */
function cueStarts(group: string): string[] {
  return topLevelAlternatives(group.slice(1, -1)).flatMap((alternative) => {
    const optional = /^\(\?:([a-z]+)\\s\+\)\?/u.exec(alternative);
    const word = /^[a-z]+/u.exec(alternative.slice(optional?.[0].length ?? 0))?.[0];
    if (!word) throw new Error(`A cue that does not start with a word: ${alternative}`);
    return optional ? [optional[1]!, word] : [word];
  });
}

function candidate(original: string, start: number, end: number, window: Window, kind: DeadlineKind, cue: boolean): Candidate {
  const text = original.slice(start, end).replace(/\s+/gu, " ").trim();
  const deadline: Deadline = { text };
  if (window.start) deadline.start = window.start;
  if (window.end) deadline.end = window.end;
  if (window.relative) deadline.relative = true;
  if (window.ongoing) deadline.ongoing = true;
  if (window.recurring) deadline.recurring = true;
  return { deadline, kind, start, end, cue };
}

function parseReference(documentDate: string | undefined): Reference | undefined {
  // Every clause of a document asks with the same date; the rules only read the result.
  if (lastReference && lastReference.documentDate === documentDate) return lastReference.reference;
  const match = documentDate?.match(/^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?/u);
  const month = match?.[2] ? Number(match[2]) : undefined;
  const validMonth = month && month >= 1 && month <= 12 ? month : undefined;
  const date = match?.[3] && validMonth ? isoDate(Number(match[1]), validMonth, Number(match[3])) : undefined;
  const reference = match ? { year: Number(match[1]), month: validMonth, date } : undefined;
  lastReference = { documentDate, reference };
  return reference;
}

let lastReference: { documentDate: string | undefined; reference: Reference | undefined } | undefined;

/**
 * Year of a month named without one. A deadline lies after the document that
 * sets it, so a month earlier than the document's month is next year's
 * (a plan dated 11/2021 that says "(tháng 6)" means June 2022).
 */
function yearAfter(reference: Reference, month: number): number {
  return reference.month !== undefined && month < reference.month ? reference.year + 1 : reference.year;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > lastDayOfMonth(year, month)) return undefined;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dayBefore(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/**
 * ISO date plus a period: days, working days (Monday to Friday; public
 * holidays are not known here), weeks, months or years (the day clamped to
 * the month's last, 31/1 + 1 month = 28 or 29/2).
 */
export function addPeriod(iso: string, count: number, unit: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  if (unit === "ngay lam viec") {
    let left = count;
    while (left > 0) {
      date.setUTCDate(date.getUTCDate() + 1);
      const weekday = date.getUTCDay();
      if (weekday !== 0 && weekday !== 6) left--;
    }
  } else if (unit === "ngay" || unit === "tuan") {
    date.setUTCDate(date.getUTCDate() + count * (unit === "tuan" ? 7 : 1));
  } else {
    const months = unit === "nam" ? count * 12 : count;
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + months);
    date.setUTCDate(Math.min(day, lastDayOfMonth(date.getUTCFullYear(), date.getUTCMonth() + 1)));
  }
  return date.toISOString().slice(0, 10);
}

/** How a task's deadline was resolved, for reports and the leader's view. */
export type DeadlineLabel = DeadlineKind | "ongoing" | "ongoing-by-wording" | "inherited" | "relative-open" | "none";

/**
 * The kind of a stored deadline: "none", "inherited" (from its heading or
 * plan), "ongoing-by-wording" ("Tiếp tục …"), "ongoing", "recurring", "relative" (resolved from the document's
 * date) or "relative-open" (counted from an event with no date), else the
 * precision of its phrase (day, month, quarter …).
 */
export function describeDeadline(deadline: Deadline | null | undefined): DeadlineLabel {
  if (!deadline) return "none";
  if (deadline.resolvedFrom === "wording") return "ongoing-by-wording";
  if (deadline.resolvedFrom) return "inherited";
  if (deadline.ongoing) return "ongoing";
  if (deadline.recurring) return "recurring";
  if (deadline.relative) return deadline.end ? "relative" : "relative-open";
  // The phrase says how precise it is; a month named without a year needs some year to be read.
  const [match] = findDeadlines(deadline.text, { requireCue: false, documentDate: deadline.end ?? deadline.start ?? "2000-01-01" });
  return match?.kind ?? (deadline.end ? "day" : "from");
}
