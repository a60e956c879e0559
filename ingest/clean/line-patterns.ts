import { stripAnchors } from "./anchor-offsets.js";

/**
 * Line predicates shared by the unwrapping and footnote steps. They look at
 * the shape of Vietnamese administrative text: numbered and lettered items,
 * Roman-numeral parts, "Điều N", upper-case headings, sentence ends.
 */

const BULLET = /^[-–—•●▪◦○■□►➢✓+*][ \t]+\S/u;
const NUMBERED = /^\(?\d{1,2}(?:\.\d{1,2}){0,3}[.)][ \t]+\S/u;
const NUMBERED_DOTTED = /^\d{1,2}(?:\.\d{1,2}){1,3}[ \t]+\p{L}/u;
const LETTERED = /^\(?[a-zđ]\)[ \t]+\S/u;
const ROMAN = /^[IVXLC]{1,6}[.)][ \t]+\S/u;
// "Điều 5." opens an article, "Điều 20 của Luật này" is a reference; "Chương II", "Mục 1" stand alone or before a title.
const STRUCTURE_WORD =
  /^(?:(?:Điều|ĐIỀU)[ \t]+\d{1,3}[a-zđ]?\.|(?:Chương|Mục|Phần|Phụ lục|CHƯƠNG|MỤC|PHẦN|PHỤ LỤC)[ \t]+(?:\d{1,3}|[IVXLC]{1,6})(?=$|[.:]|[ \t]+[\p{Lu}“"]))/u;
const CLOSING_BLOCK = /^(?:Nơi nhận|Căn cứ|Xét đề nghị|Theo đề nghị)(?=[\s:]|$)/u;

/**
 * The predicates read a line's start or its end only, and see at most this
 * many characters of it: they run several times per line, and a text may be
 * one line of megabytes.
 */
const EDGE_CHARS = 256;

/** The line from its first character that is neither white space nor an anchor, at most EDGE_CHARS of it. */
function headOf(line: string): string {
  let start = 0;
  while (start < line.length && isSpaceOrAnchor(line.charCodeAt(start))) start++;
  return start === 0 && line.length <= EDGE_CHARS ? line : line.slice(start, start + EDGE_CHARS);
}

/** The line up to its last character that is neither white space nor an anchor, at most EDGE_CHARS of it. */
function tailOf(line: string): string {
  let end = line.length;
  while (end > 0 && isSpaceOrAnchor(line.charCodeAt(end - 1))) end--;
  return end === line.length && line.length <= EDGE_CHARS ? line : line.slice(Math.max(0, end - EDGE_CHARS), end);
}

function isSpaceOrAnchor(unit: number): boolean {
  // The white space of String.prototype.trim, and the private-use anchors.
  return (
    unit === 0x20 ||
    (unit >= 0x09 && unit <= 0x0d) ||
    (unit >= 0xe000 && unit <= 0xf8ff) ||
    unit === 0xa0 ||
    unit === 0x1680 ||
    (unit >= 0x2000 && unit <= 0x200a) ||
    unit === 0x2028 ||
    unit === 0x2029 ||
    unit === 0x202f ||
    unit === 0x205f ||
    unit === 0x3000 ||
    unit === 0xfeff
  );
}

/** True when the line starts a list item, a numbered item, a part/chapter/article, or a clause like "Căn cứ". */
export function isListItemStart(line: string): boolean {
  const text = stripAnchors(headOf(line)).trimStart();
  return (
    BULLET.test(text) ||
    NUMBERED.test(text) ||
    NUMBERED_DOTTED.test(text) ||
    LETTERED.test(text) ||
    ROMAN.test(text) ||
    STRUCTURE_WORD.test(text) ||
    CLOSING_BLOCK.test(text)
  );
}

/** True for a numbered, lettered or Roman-numeral item, or "Điều N"/"Chương N" — lines that may be headings. */
export function isNumberedItemStart(line: string): boolean {
  const text = stripAnchors(headOf(line)).trimStart();
  return NUMBERED.test(text) || NUMBERED_DOTTED.test(text) || LETTERED.test(text) || ROMAN.test(text) || STRUCTURE_WORD.test(text);
}

/** The marker of a numbered or lettered item ("7." -> { style: "arabic", value: 7 }), if any. */
export function readItemMarker(line: string): { style: "arabic" | "roman" | "letter"; value: number } | null {
  const text = stripAnchors(headOf(line)).trimStart();
  const arabic = /^(\d{1,2})[.)][ \t]+\S/u.exec(text);
  if (arabic?.[1]) return { style: "arabic", value: Number(arabic[1]) };
  const roman = /^([IVXLC]{1,6})[.)][ \t]+\S/u.exec(text);
  if (roman?.[1]) return { style: "roman", value: romanValue(roman[1]) };
  const letter = /^\(?([a-zđ])\)[ \t]+\S/u.exec(text);
  if (letter?.[1]) return { style: "letter", value: VIETNAMESE_LETTERS.indexOf(letter[1]) + 1 };
  return null;
}

const VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy";

function romanValue(numeral: string): number {
  const values: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
  let total = 0;
  for (let index = 0; index < numeral.length; index++) {
    const value = values[numeral[index] ?? ""] ?? 0;
    const next = values[numeral[index + 1] ?? ""] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

/** True for a heading-like line written in capitals ("THÔNG BÁO", "I. MỤC ĐÍCH, YÊU CẦU", "TL. CHỦ TỊCH"). */
export function isUpperCaseLine(line: string): boolean {
  // Anchors are private-use characters, neither letters nor lower case, so they need no stripping.
  // The lower-case test goes first: it settles almost every line at its first word.
  return !LOWER_CASE_LETTER.test(line) && THREE_LETTERS.test(line);
}

const LOWER_CASE_LETTER = /\p{Ll}/u;
const THREE_LETTERS = /\p{L}\P{L}*\p{L}\P{L}*\p{L}/u;

/** Abbreviations whose dot does not end a sentence ("UBCC TP. Bắc Giang"). */
const ABBREVIATIONS = new Set(["tp", "tx", "tt", "q", "p", "ths", "ts", "gs", "pgs", "ks", "bs", "th", "st", "tr", "đ/c", "ô", "b"]);

/** True when the line ends a sentence or introduces what follows (".", "!", "?", "…", ":", "./."). */
export function endsSentence(line: string, options: { colon?: boolean } = {}): boolean {
  const text = trimEndOf(stripAnchors(tailOf(line)).trimEnd(), CLOSING_MARKS);
  const last = text.at(-1) ?? "";
  if (last === ":") return options.colon ?? true;
  if (last === "…" || last === "!" || last === "?") return true;
  if (last !== ".") return false;
  return !ABBREVIATIONS.has(wordBeforeFinalDot(text).toLowerCase());
}

/*
 * The helpers below read a line from its end. Patterns anchored with "$" are
 * tried from every position of the line, and these run several times per line.
 */

const WHITESPACE = /\s/u;
/** Closing quotes and brackets after a sentence's final mark ("… thực hiện.”"). */
const CLOSING_MARKS = "”\"’'»)]";
/** Marks after which a line visibly goes on. */
const CONTINUING_MARKS = ",(-–/“\"";
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;

/** `text` without the characters of `characters` at its end, as .replace(/[…]+$/u, "") would do. */
function trimEndOf(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

/** True when the last character of `text` is one of `characters`, as /[…]$/u.test(text). */
export function endsWithOneOf(text: string, characters: string): boolean {
  return text !== "" && characters.includes(text.charAt(text.length - 1));
}

/** What /([\p{L}\p{M}]+)$/u captures: the run of letters and marks at the end, or undefined. */
export function lastLetterRun(text: string): string | undefined {
  let start = text.length;
  while (start > 0) {
    // A surrogate pair is one character to the pattern.
    const low = text.charCodeAt(start - 1);
    const high = start >= 2 ? text.charCodeAt(start - 2) : 0;
    const width = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? 2 : 1;
    if (!LETTER_OR_MARK.test(text.slice(start - width, start))) break;
    start -= width;
  }
  return start === text.length ? undefined : text.slice(start);
}

/**
 * What /(\S+)\.$/u captures in a text ending with ".": the non-space run before the dot.
 * Found from the end: the regex tries every word of the line before reaching the last.
 */
function wordBeforeFinalDot(text: string): string {
  let start = text.length - 1;
  while (start > 0 && !WHITESPACE.test(text[start - 1] ?? "")) start--;
  return text.slice(start, -1);
}

/**
 * Words after which a sentence cannot stop: a line ending with one goes on
 * on the next line even across a blank line or a page break.
 */
const CONTINUING_WORDS = new Set([
  "của", "và", "các", "những", "với", "cho", "theo", "tại", "trong", "về", "để", "là", "được", "bị",
  "từ", "đến", "do", "bởi", "như", "hoặc", "hay", "nhưng", "mà", "thì", "số", "một", "mọi", "đã", "sẽ",
  "đang", "cần", "phải", "nhằm", "gồm", "khi", "nếu", "vì", "thuộc", "giữa", "đối", "ở", "vào",
]);

/** True when the line visibly continues on the next one (comma, hyphen, open bracket, a word that needs a follower). */
export function endsMidSentence(line: string): boolean {
  const text = stripAnchors(tailOf(line)).trimEnd();
  return endsWithOneOf(text, CONTINUING_MARKS) || endsWithContinuingWord(text);
}

/** True when the line's last word cannot end a sentence ("của", "tại", "số" …). */
export function endsWithContinuingWord(line: string): boolean {
  const lastWord = lastLetterRun(stripAnchors(tailOf(line)).trimEnd());
  return lastWord !== undefined && CONTINUING_WORDS.has(lastWord.toLowerCase());
}

/** Words that are followed by a number in running text ("số 1", "Điều 5", "giai đoạn 2"). */
const NUMERAL_WORDS = new Set([
  "số", "điều", "khoản", "điểm", "tháng", "năm", "ngày", "đoạn", "cấp", "lần", "mục", "phần", "chương",
  "nhóm", "loại", "hạng", "bậc", "đợt", "quý", "kỳ", "khóa", "khoá", "lớp", "tiết", "câu", "tầng", "quận", "phường",
]);

/** Words that name a numbered part of a document: a number after one continues a reference ("khoản" / "4"). */
const REFERENCE_WORDS = new Set(["số", "điều", "khoản", "điểm", "mục", "phần", "chương", "tiết"]);

/** True when the word names a numbered part ("Điều", "khoản", "điểm", "số" …). */
export function isReferenceWord(word: string): boolean {
  return REFERENCE_WORDS.has(word.toLowerCase());
}

/** True when the word usually precedes a number ("số", "Điều", "tháng" …). */
export function isNumeralWord(word: string): boolean {
  return NUMERAL_WORDS.has(word.toLowerCase());
}

/** The first character that decides case: letters only, after quotes and brackets. */
export function startsWithUpperCase(line: string): boolean {
  return /^\p{Lu}/u.test(stripAnchors(headOf(line)).trimStart().replace(/^[“"‘'(\[«]+/u, ""));
}

export function startsWithLowerCase(line: string): boolean {
  return /^\p{Ll}/u.test(stripAnchors(headOf(line)).trimStart().replace(/^[“"‘'(\[«]+/u, ""));
}
