import type { DocumentReference } from "../../core/types.js";
import { allMatches } from "./all-matches.js";
import { foldKeepingOffsets } from "./fold-text.js";

/**
 * References to other documents: "Quyết định số 16/2021/QĐ-UBND ngày
 * 18/5/2021", "Kế hoạch 171/KH-UBND", "Chỉ thị số 26-CT/TU", list forms
 * ("các Kế hoạch: số 27/KH-UBND ngày …; số 77/KH-UBND ngày …") and bare
 * numbers ("(số 540-QĐ/TU ngày 10/10/2022)"). Pure functions.
 */

/** Document types as written in words: folded pattern -> display name, and the code letters that type carries. */
const DOCUMENT_TYPES: ReadonlyArray<{ name: string; pattern: string; codes: readonly string[] }> = [
  { name: "Thông tư liên tịch", pattern: "thong tu lien tich", codes: ["TTLT"] },
  { name: "Nghị quyết liên tịch", pattern: "nghi quyet lien tich", codes: ["NQLT"] },
  { name: "Chương trình hành động", pattern: "chuong trinh hanh dong", codes: ["CTR"] },
  { name: "Chương trình phối hợp", pattern: "chuong trinh phoi hop", codes: ["CTR"] },
  { name: "Chương trình", pattern: "chuong trinh", codes: ["CTR"] },
  { name: "Quyết định", pattern: "quyet dinh", codes: ["QĐ"] },
  { name: "Quy định", pattern: "quy dinh", codes: ["QĐ", "QĐI"] },
  { name: "Quy chế", pattern: "quy che", codes: ["QC", "QCHE"] },
  { name: "Kế hoạch", pattern: "ke hoach", codes: ["KH"] },
  { name: "Nghị quyết", pattern: "nghi quyet", codes: ["NQ", "UBTVQH"] },
  { name: "Nghị định", pattern: "nghi dinh", codes: ["NĐ"] },
  { name: "Chỉ thị", pattern: "chi thi", codes: ["CT"] },
  { name: "Thông báo", pattern: "thong bao", codes: ["TB"] },
  { name: "Thông tư", pattern: "thong tu", codes: ["TT"] },
  { name: "Công văn", pattern: "cong van", codes: [] },
  { name: "Công điện", pattern: "cong dien", codes: ["CĐ"] },
  { name: "Hướng dẫn", pattern: "huong dan", codes: ["HD"] },
  { name: "Kết luận", pattern: "ket luan", codes: ["KL"] },
  { name: "Báo cáo", pattern: "bao cao", codes: ["BC"] },
  { name: "Tờ trình", pattern: "to trinh", codes: ["TTR"] },
  { name: "Đề án", pattern: "de an", codes: ["ĐA", "DA"] },
  { name: "Luật", pattern: "luat", codes: ["QH"] },
  { name: "Pháp lệnh", pattern: "phap lenh", codes: ["UBTVQH"] },
  { name: "Lệnh", pattern: "lenh", codes: ["L"] },
  { name: "Văn bản", pattern: "van ban", codes: [] },
];

const TYPE_ALTERNATION = DOCUMENT_TYPES.map((type) => type.pattern.replace(/ /gu, "\\s+")).join("|");
/**
 * A look-ahead for the first words of the types: it only restates what a match
 * starts with, but lets the engine skip most positions at once (several times
 * faster than trying every type at each position).
 */
const TYPE_START = `(?=${[...new Set(DOCUMENT_TYPES.map((type) => type.pattern.split(" ")[0]!))].join("|")})`;
/** A type word right before the number: "Quyết định số ", "Kế hoạch ", "Thông tư liên tịch số: ". */
const IMMEDIATE_TYPE = new RegExp(`${TYPE_START}(?<![\\p{L}\\p{N}])(${TYPE_ALTERNATION})\\s*(?:so\\s*:?\\s*)?$`, "u");
const BARE_SO = /(?<![\p{L}\p{N}])so\s*:?\s*$/u;
const TYPE_WORD = new RegExp(`${TYPE_START}(?<![\\p{L}\\p{N}])(?:${TYPE_ALTERNATION})(?![\\p{L}\\p{N}])`, "gu");

/**
 * A number: digits, an optional year, then code segments that start with a
 * capital ("16/2021/QĐ-UBND", "26-CT/TU", "1211/2016/UBTVQH13", "06-KH/TU").
 * White space may follow a separator (a line wrapped after "QĐ-").
 */
const CODE_SEGMENT = "[\\p{L}][\\p{L}\\p{N}&]*";
const NUMBER = new RegExp(
  `(?<![\\p{L}\\p{N}/.,\\-])\\d{1,5}(?:/\\d{4})?\\s?[/\\-–]\\s*${CODE_SEGMENT}(?:\\s?[/\\-–]\\s*${CODE_SEGMENT})*(?![\\p{L}\\p{N}])`,
  "gu",
);
const DATE_AFTER =
  /^\s*,?\s*(?:ban\s+hanh\s+)?ngay\s+(?:(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})|(\d{1,2})\s+thang\s+(\d{1,2}),?\s+nam\s+(\d{4}))(?![\p{N}])/u;

/** Every reference to another document, in text order. */
export function extractReferences(text: string): DocumentReference[] {
  const folded = foldKeepingOffsets(text);
  const references: DocumentReference[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const raw = match[0];
    const numberStart = match.index;
    const numberEnd = numberStart + raw.length;
    const before = folded.slice(Math.max(0, numberStart - 60), numberStart);
    const immediate = before.match(IMMEDIATE_TYPE);
    const bare = immediate ? null : before.match(BARE_SO);
    const introduced = Boolean(immediate || bare);
    // As printed, codes are capitals ("QĐ-UBND"); typed in lower case ("qd-ubnd") they
    // count only after a type word or "số", unbroken and in plain letters.
    if (!isDocumentNumber(raw) && !(introduced && /^[\dA-Za-zĐđ/&-]+$/u.test(raw) && isDocumentNumber(raw.toUpperCase()))) continue;
    // A number broken by white space ("1436/QĐ- SNV", a wrapped line) is only
    // trusted when a type word or "số" introduces it: "2021/ TH" in a table is not one.
    if (/\s/u.test(raw) && !introduced) continue;
    const number = normalizeDocumentNumber(raw);
    let start = numberStart;
    let type: string | undefined;
    if (immediate && immediate.index !== undefined) {
      type = typeByFoldedWord(immediate[1]!);
      start = numberStart - before.length + immediate.index;
    } else {
      if (bare && bare.index !== undefined) start = numberStart - before.length + bare.index;
      type = typeFromContext(text, folded, start, number) ?? typeFromCode(number);
    }

    let end = numberEnd;
    let date: string | undefined;
    const after = folded.slice(numberEnd, numberEnd + 40).match(DATE_AFTER);
    if (after) {
      const day = Number(after[1] ?? after[4]);
      const month = Number(after[2] ?? after[5]);
      const year = Number(after[3] ?? after[6]);
      date = isoDate(year, month, day);
      if (date) end = numberEnd + after[0].length;
    }
    const reference: DocumentReference = { text: text.slice(start, end).replace(/\s+/gu, " "), number, start, end };
    if (type) reference.type = type;
    if (date) reference.date = date;
    references.push(reference);
  }
  return references;
}

/**
 * Canonical form of a document number for comparison: NFC, upper case, no
 * spaces, en dashes as hyphens, and the letters people type without
 * diacritics restored (QD -> QĐ, HDND -> HĐND, ND -> NĐ …).
 */
export function normalizeDocumentNumber(raw: string): string {
  const compact = raw
    .normalize("NFC")
    .replace(/\u00d0/gu, "Đ") // Icelandic eth, a common look-alike of Đ in Vietnamese PDFs
    .replace(/\u00f0/gu, "đ")
    .replace(/[–—‑]/gu, "-")
    .replace(/\s+/gu, "")
    .toUpperCase();
  return compact
    .split(/([/-])/u)
    .map((segment) => RESTORED_CODES[segment] ?? segment)
    .join("");
}

/** Code segments that lose their Đ when typed without diacritics. */
const RESTORED_CODES: Record<string, string> = {
  QD: "QĐ",
  ND: "NĐ",
  HDND: "HĐND",
  DU: "ĐU",
  CD: "CĐ",
  DA: "ĐA",
  BGDDT: "BGDĐT",
  GDDT: "GDĐT",
  HDTDKT: "HĐTĐKT",
  QDLT: "QĐLT",
  HDTP: "HĐTP",
  HDBCQG: "HĐBCQG",
};

/** At least one code segment of two or more capitals, as written: "4-Vùng" is not a number, "37-Ctr/TU" is. */
function isDocumentNumber(written: string): boolean {
  const segments = written.replace(/\s+/gu, "").split(/[/\-–]/u).slice(1);
  return segments.some((segment) => CAPITALS.test(segment) || CAPITALS_AND_DIGITS.test(segment));
}

// Patterns with \p{…} are built once at module level: written inside a function, tsx (esbuild) compiles
// them into `new RegExp(…)`, which runs on every call.
const CAPITALS = /^\p{Lu}{2,}/u;
const CAPITALS_AND_DIGITS = /^\p{Lu}+\d+$/u;
const CAPITAL = /^\p{Lu}/u;

function typeByFoldedWord(foldedWord: string): string | undefined {
  const word = foldedWord.replace(/\s+/gu, " ");
  return DOCUMENT_TYPES.find((type) => type.pattern === word)?.name;
}

/** The code that says what a document is: "QĐ" in "16/2021/QĐ-UBND", "CT" in "26-CT/TU". */
function typeCodeOf(number: string): string | undefined {
  const segments = number.split(/[/-]/u).filter((segment) => !/^\d+$/u.test(segment));
  const first = segments[0];
  if (!first) return undefined;
  if (/^UBTVQH\d*$/u.test(first)) return "UBTVQH";
  if (/^QH\d+$/u.test(first)) return "QH";
  return first;
}

function typeFromCode(number: string): string | undefined {
  const code = typeCodeOf(number);
  if (!code) return undefined;
  // The plainest type that carries the code: "Chương trình" rather than "Chương trình hành động".
  const types = DOCUMENT_TYPES.filter((candidate) => candidate.codes.includes(code) && candidate.name !== "Quy định");
  const type = types.sort((a, b) => a.name.length - b.name.length)[0];
  if (type) return type.name;
  // "5797/UBND-TH": an agency code where the type code would be is an official letter.
  if (/^(?:UBND|SNV|VP|BNV|TU|BCĐ)$/u.test(code)) return "Công văn";
  return undefined;
}

/**
 * List forms name the type once ("các Kế hoạch: số 27/KH-UBND …; số 77/KH-UBND …",
 * "các Quy định, Chỉ thị … của Ban Thường vụ Tỉnh ủy: … (số 540-QĐ/TU …)"):
 * the nearest capitalized type word earlier in the sentence whose code matches.
 */
function typeFromContext(text: string, folded: string, at: number, number: string): string | undefined {
  const windowStart = Math.max(0, at - 1000);
  const window = folded.slice(windowStart, at);
  const boundary = Math.max(window.lastIndexOf(". "), window.lastIndexOf(".\n"));
  const searchFrom = boundary >= 0 ? boundary + 1 : 0;
  const code = typeCodeOf(number);
  let best: string | undefined;
  for (const match of allMatches(TYPE_WORD, window.slice(searchFrom))) {
    const offset = windowStart + searchFrom + match.index;
    if (!CAPITAL.test(text[offset] ?? "")) continue;
    const type = DOCUMENT_TYPES.find((candidate) => candidate.pattern === match[0].replace(/\s+/gu, " "));
    if (type && code && type.codes.includes(code)) best = type.name;
  }
  return best;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return undefined;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Sets `targetDocId` on references whose number (and date, when both are
 * known) matches a document of the archive. Returns new objects.
 */
export function linkReferencesToArchive(
  references: readonly DocumentReference[],
  archive: ReadonlyArray<{ id: string; meta: { number?: string; date?: string } }>,
): DocumentReference[] {
  const byNumber = new Map<string, Array<{ id: string; date?: string }>>();
  for (const document of archive) {
    if (!document.meta.number) continue;
    if (!isDocumentNumber(document.meta.number) || /^[/-]/u.test(document.meta.number)) continue;
    const key = normalizeDocumentNumber(document.meta.number);
    byNumber.set(key, [...(byNumber.get(key) ?? []), { id: document.id, date: document.meta.date }]);
  }
  return references.map((reference) => {
    const candidates = byNumber.get(reference.number) ?? [];
    const target = candidates.find((candidate) => !reference.date || !candidate.date || candidate.date === reference.date);
    return target ? { ...reference, targetDocId: target.id } : { ...reference };
  });
}
