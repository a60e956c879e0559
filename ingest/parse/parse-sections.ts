/**
 * Section tree of a clean document: which heading each passage falls under.
 *
 * Vietnamese directives and laws number their parts in a fixed hierarchy
 * (PHẦN > Chương > Mục > I. > Điều > 1. > 1.1. > a)), but any document uses
 * only some of the levels. So each heading kind has a fixed *rank* and the
 * tree depth comes from the kinds actually open above a heading, not from the
 * kind alone: "1." is level 1 in a notice without roman parts and level 2
 * under "I.".
 *
 * Numbered lines are not always headings: a list inside a paragraph, a line
 * that continues a sentence ("… theo khoản\n2. …"), a year. A candidate is
 * accepted only when its number continues the numbering of its siblings (or
 * starts it), and when the line before it does not leave a sentence open.
 */
import type { Section } from "../../core/types.js";
import { collapseWhiteSpace } from "./white-space.js";

/** Kinds of headings, ordered from the outermost to the innermost. */
export type HeadingKind =
  | "closing"
  | "appendix"
  | "part"
  | "chapter"
  | "division"
  | "capitalLetter"
  | "roman"
  | "article"
  | "number"
  | "decimal"
  | "decimal3"
  | "letter";

const RANK: Record<HeadingKind, number> = {
  closing: 0,
  appendix: 0,
  part: 1,
  chapter: 2,
  division: 3,
  capitalLetter: 4,
  roman: 5,
  article: 6,
  number: 7,
  decimal: 8,
  decimal3: 9,
  letter: 10,
};

/** A line that has the shape of a heading, before its context is checked. */
export type HeadingCandidate = {
  kind: HeadingKind;
  /** Position of the item among its siblings (1 for "I.", "1.", "a)"; the last component of "2.3."). */
  ordinal: number;
  /** The text after the marker, trimmed. */
  rest: string;
  /** True when the marker stands alone and the title is on the next line ("PHẦN I" / "Đánh giá …"). */
  titleOnNextLine: boolean;
};

/** Longest heading text kept in a section path. */
const MAX_HEADING_CHARS = 160;
/** How much of a heading line is read to find its first sentence. */
const HEADING_SCAN_CHARS = 600;
/** A roman-numeral heading whose title is longer than this is a paragraph, not a heading. */
const MAX_ROMAN_TITLE_CHARS = 200;

// Vietnamese letter order for "a)", "b)", … (no f, j, w, z; đ after d).
const LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split(" ");
const ORDINAL_WORDS = [
  "nhất",
  "hai",
  "ba",
  "tư",
  "bốn",
  "năm",
  "sáu",
  "bảy",
  "tám",
  "chín",
  "mười",
];
// A line ending with one of these words (or a comma, an open bracket, a dash)
// leaves its sentence open, so a number at the start of the next line is a
// continuation ("quy định tại khoản\n2. Điều 5"), not a heading.
const OPEN_ENDINGS = new Set([
  "khoản",
  "điểm",
  "điều",
  "mục",
  "số",
  "tại",
  "ngày",
  "tháng",
  "năm",
  "phần",
  "chương",
  "theo",
  "và",
  "hoặc",
  "của",
  "là",
  "các",
  "những",
]);

function romanValue(numeral: string): number | undefined {
  const values: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
  let total = 0;
  for (let index = 0; index < numeral.length; index++) {
    const value = values[numeral[index] ?? ""];
    const next = values[numeral[index + 1] ?? ""];
    if (value === undefined) return undefined;
    total += next !== undefined && next > value ? -value : value;
  }
  // Reject malformed numerals such as "IIII" or "VX" by round-tripping.
  return toRoman(total) === numeral ? total : undefined;
}

function toRoman(value: number): string {
  const table: Array<[number, string]> = [
    [100, "C"],
    [90, "XC"],
    [50, "L"],
    [40, "XL"],
    [10, "X"],
    [9, "IX"],
    [5, "V"],
    [4, "IV"],
    [1, "I"],
  ];
  let rest = value;
  let numeral = "";
  for (const [amount, symbol] of table) {
    while (rest >= amount) {
      numeral += symbol;
      rest -= amount;
    }
  }
  return numeral;
}

function ordinalOf(token: string): number | undefined {
  if (/^\d+$/u.test(token)) return Number(token);
  const upper = token.toUpperCase();
  if (/^[IVXLC]+$/u.test(upper)) return romanValue(upper);
  return undefined;
}

// Patterns with \p{…} are module constants: written inside a function, tsx (esbuild) compiles them into
// `new RegExp(…)`, which runs on every call (per line here).
const TWO_CAPITALS = /\p{Lu}.*\p{Lu}/u;
const LOWER_CASE = /\p{Ll}/u;
const CAPITAL_START = /^\p{Lu}/u;
const PART = /^(PHẦN|Phần)\s+(?:(THỨ|thứ)\s+(\p{L}+)|([IVXLC]+|\d{1,2}))(?=$|[\s.:\-–—])(.*)$/u;
const DECIMAL = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?\.?\s+([\p{Lu}“"].*)$/u;
const NUMBER = /^(\d{1,3})\.(?!\d)\s*([\p{Lu}“"].*)$/u;
const LETTER = /^(\p{Ll})\)\s*(\S.*)$/u;
const LAST_WORD = /(\p{L}+)$/u;
const INNER_MARKER = /^(?:\d{1,3}\.|\p{Ll}\))\s+/u;

/** True when the string has letters and none of them is lower case. */
export function isAllCaps(text: string): boolean {
  return TWO_CAPITALS.test(text) && !LOWER_CASE.test(text);
}

/**
 * What follows "PHẦN I" / "Chương 2" / "Mục 1" must look like a title, not
 * like the rest of a sentence ("Phần I của Kế hoạch này …").
 */
function isDivisionTail(tail: string): boolean {
  const trimmed = tail.trim();
  return trimmed === "" || /^[.:\-–—]/u.test(trimmed) || isAllCaps(trimmed);
}

function stripTitlePunctuation(tail: string): string {
  return tail.trim().replace(/^[.:\-–—]\s*/u, "").trim();
}

/**
 * What the patterns of detectHeading can start with: "Nơi nhận", "PHỤ LỤC" /
 * "PHẦN", "CHƯƠNG" / "MỤC", "Điều", "Khoản", "A.", "I.", "1.", "a)".
 */
const HEADING_START = /^(?:[NPCMĐKA-HIVX\d]|\p{Ll}\))/u;

/**
 * The heading shape of one trimmed line, or null. Pure shape: whether the
 * candidate is accepted depends on its neighbours (see parseSections).
 */
export function detectHeading(line: string): HeadingCandidate | null {
  const text = line.trim();
  if (text === "" || /^[“"'‘(\[]/u.test(text)) return null;
  // Most lines are sentences: one test of the first character spares them the patterns below.
  if (!HEADING_START.test(text)) return null;

  // "Nơi nhận:" opens the distribution list; "Nơi nhận hồ sơ: …" is a sentence.
  if (/^(Nơi nhận|NƠI NHẬN)\s*(?::|$)/u.test(text)) {
    return { kind: "closing", ordinal: 1, rest: "", titleOnNextLine: false };
  }
  const appendix = /^(PHỤ LỤC|Phụ lục)(?:\s+(?:(?:số|SỐ)\s+)?([0-9IVX]+[a-zA-Z]?))?(.*)$/u.exec(text);
  if (appendix && text.length <= MAX_ROMAN_TITLE_CHARS) {
    const [, word = "", number, tail = ""] = appendix;
    const upper = word === "PHỤ LỤC";
    // "Phụ lục" in sentence case must carry a number to be a heading ("Phụ lục 2").
    if ((upper || number !== undefined) && !/[.;]$/u.test(tail.trim()) && (tail.trim() === "" || /^[\s.:\-–—]/u.test(tail))) {
      return { kind: "appendix", ordinal: 1, rest: stripTitlePunctuation(tail), titleOnNextLine: tail.trim() === "" };
    }
  }

  const part = PART.exec(text);
  if (part) {
    const [, , , ordinalWord, numeral, tail = ""] = part;
    const ordinal = ordinalWord
      ? ORDINAL_WORDS.indexOf(ordinalWord.toLowerCase()) + 1 || undefined
      : ordinalOf(numeral ?? "");
    if (ordinal !== undefined && isDivisionTail(tail)) {
      return { kind: "part", ordinal, rest: stripTitlePunctuation(tail), titleOnNextLine: tail.trim() === "" };
    }
  }

  const chapterOrDivision = /^(CHƯƠNG|Chương|MỤC|Mục)\s+([IVXLC]+|\d{1,3})(?=$|[\s.:\-–—])(.*)$/u.exec(text);
  if (chapterOrDivision) {
    const [, word = "", numeral = "", tail = ""] = chapterOrDivision;
    const ordinal = ordinalOf(numeral);
    if (ordinal !== undefined && isDivisionTail(tail)) {
      const kind: HeadingKind = word.toLowerCase() === "chương" ? "chapter" : "division";
      return { kind, ordinal, rest: stripTitlePunctuation(tail), titleOnNextLine: tail.trim() === "" };
    }
  }

  // "Điều 5." (some provincial decisions print "Điều 5:"); "Điều 5 của Luật này" is a reference.
  const article = /^(?:Điều|ĐIỀU)\s+(\d{1,4})[a-z]?\s*[.:]\s*(.*)$/u.exec(text);
  if (article) {
    return { kind: "article", ordinal: Number(article[1]), rest: (article[2] ?? "").trim(), titleOnNextLine: false };
  }
  // A clause written out in words ("Khoản 2. …") is the same level as "2.".
  const clause = /^(?:Khoản|KHOẢN)\s+(\d{1,3})\s*[.:]\s*(\S.*)$/u.exec(text);
  if (clause) {
    return { kind: "number", ordinal: Number(clause[1]), rest: (clause[2] ?? "").trim(), titleOnNextLine: false };
  }

  const capitalLetter = /^([A-H])\.\s+(.+)$/u.exec(text);
  if (capitalLetter && isAllCaps(capitalLetter[2] ?? "")) {
    const ordinal = "ABCDEFGH".indexOf(capitalLetter[1] ?? "") + 1;
    return { kind: "capitalLetter", ordinal, rest: (capitalLetter[2] ?? "").trim(), titleOnNextLine: false };
  }

  const roman = /^([IVX]{1,6})\s*\.(?!\d)\s*(.*)$/u.exec(text);
  if (roman) {
    const ordinal = romanValue(roman[1] ?? "");
    const rest = (roman[2] ?? "").trim();
    const titleLike = rest === "" || isAllCaps(rest) || (CAPITAL_START.test(rest) && rest.length <= MAX_ROMAN_TITLE_CHARS);
    if (ordinal !== undefined && titleLike) {
      return { kind: "roman", ordinal, rest, titleOnNextLine: rest === "" };
    }
    return null;
  }

  const decimal = DECIMAL.exec(text);
  if (decimal) {
    const third = decimal[3];
    return {
      kind: third === undefined ? "decimal" : "decimal3",
      ordinal: Number(third ?? decimal[2]),
      rest: (decimal[4] ?? "").trim(),
      titleOnNextLine: false,
    };
  }

  const number = NUMBER.exec(text);
  if (number) {
    const ordinal = Number(number[1]);
    if (ordinal >= 1) return { kind: "number", ordinal, rest: (number[2] ?? "").trim(), titleOnNextLine: false };
    return null;
  }

  const letter = LETTER.exec(text);
  if (letter) {
    const ordinal = LETTERS.indexOf(letter[1] ?? "") + 1;
    if (ordinal > 0) return { kind: "letter", ordinal, rest: (letter[2] ?? "").trim(), titleOnNextLine: false };
  }
  return null;
}

/** True when the previous line leaves its sentence open, so the next line continues it. */
function leavesSentenceOpen(previousLine: string | undefined): boolean {
  if (previousLine === undefined) return false;
  const trimmed = previousLine.trim();
  if (trimmed === "") return false;
  if (/[,(\-–—/]$/u.test(trimmed)) return true;
  const lastWord = LAST_WORD.exec(trimmed.slice(-24))?.[1];
  return lastWord !== undefined && lastWord === lastWord.toLowerCase() && OPEN_ENDINGS.has(lastWord);
}

/**
 * Heading text for a section path: the heading line, cut at the first
 * sentence end when the line is a whole paragraph ("1. Chú trọng … tham mưu.
 * Lãnh đạo …"), or before "Title: body" colons, and capped at ~160 chars.
 */
export function headingTextOf(line: string, candidate: Pick<HeadingCandidate, "rest">): string {
  // `rest` is a suffix of the trimmed line; only its start matters (the heading is capped anyway).
  const trimmed = line.trim();
  const restStart = Math.max(0, trimmed.length - candidate.rest.length);
  const marker = trimmed.slice(0, restStart).replace(/\s+/gu, " ");
  let rest = collapseWhiteSpace(trimmed.slice(restStart, restStart + HEADING_SCAN_CHARS));
  // An inline clause marker right after an article marker ("Điều 2. 1. Nhà nước …") is not a sentence end.
  const innerMarker = INNER_MARKER.exec(rest)?.[0] ?? "";
  const body = rest.slice(innerMarker.length);
  const cut = firstSentenceEnd(body);
  if (cut !== undefined) rest = innerMarker + body.slice(0, cut);
  let heading = (marker + rest).trim();
  if (heading.length > MAX_HEADING_CHARS) {
    const lastSpace = heading.lastIndexOf(" ", MAX_HEADING_CHARS - 1);
    heading = `${heading.slice(0, lastSpace > MAX_HEADING_CHARS / 2 ? lastSpace : MAX_HEADING_CHARS - 1).replace(/[\s,;:]+$/u, "")}…`;
  }
  return heading;
}

// "TP. Hồ Chí Minh", "TS. Nguyễn", "V. I. Lênin": the period ends an abbreviation or an initial.
const ABBREVIATION_BEFORE = /(?:^|[\s(])(?:TP|Tp|TX|TT|TS|ThS|Th\.S|PGS|GS|BS|KS|CN|\p{Lu}|v\.v)$/u;

/** Offset just past the first sentence of `text` (colon excluded), when the text goes on after it. */
function firstSentenceEnd(text: string): number | undefined {
  // One shared pattern, searched with exec (matchAll would copy it per call); its lastIndex is reset on every exit.
  const pattern = SENTENCE_OR_TITLE_END;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    // Only the last few characters matter for an abbreviation; testing the whole prefix would be quadratic.
    const before = text.slice(Math.max(0, match.index - 8), match.index);
    if (match[1] === "." && ABBREVIATION_BEFORE.test(before)) continue;
    pattern.lastIndex = 0;
    return match[1] === ":" ? match.index : match.index + 1;
  }
  return undefined;
}

const SENTENCE_OR_TITLE_END = /([.!?…]|:)(?=\s+[\p{Lu}“"(\d])/gu;

type OpenHeading = {
  kind: HeadingKind;
  rank: number;
  heading: string;
  start: number;
  /** Last accepted ordinal of each child kind, to check that numbering continues. */
  lastChildOrdinal: Map<HeadingKind, number>;
};

type Line = { text: string; start: number };

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let offset = 0;
  for (const raw of text.split("\n")) {
    const leading = raw.length - raw.trimStart().length;
    lines.push({ text: raw.trim(), start: offset + leading });
    offset += raw.length + 1;
  }
  return lines;
}

/** Whether a candidate's number fits the numbering of its siblings so far. */
function continuesNumbering(candidate: HeadingCandidate, previousOrdinal: number | undefined): boolean {
  const { kind, ordinal } = candidate;
  switch (kind) {
    case "closing":
    case "appendix":
    case "part":
    case "chapter":
    case "division":
      return true;
    case "capitalLetter":
    case "letter":
      // Lettered items start at a/A; one skipped letter is tolerated (d → e when a document skips đ).
      return previousOrdinal === undefined ? ordinal === 1 : ordinal > previousOrdinal && ordinal <= previousOrdinal + 2;
    case "roman":
    case "number":
    case "decimal":
    case "decimal3":
      // A list may start at 1–3 (a document that lost its first item); afterwards one skip is tolerated.
      return previousOrdinal === undefined ? ordinal <= 3 : ordinal > previousOrdinal && ordinal <= previousOrdinal + 2;
    case "article":
      return true;
  }
}

/**
 * Flat list of the document's sections in document order. Each section runs
 * from its heading to the next heading of the same or a higher level.
 */
export function parseSections(text: string): Section[] {
  const lines = linesOf(text);
  const stack: OpenHeading[] = [];
  const root: OpenHeading = { kind: "closing", rank: -1, heading: "", start: 0, lastChildOrdinal: new Map() };
  const accepted: Array<{ path: string[]; heading: string; level: number; start: number }> = [];
  let lastArticle: number | undefined;
  let previousLine: string | undefined;
  let previousWasHeading = false;
  let inlineList: { kind: HeadingKind; next: number } | undefined;
  let closingSeen = false;

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (!line || line.text === "") continue;
    const lineBefore = previousLine;
    const lineBeforeIsHeading = previousWasHeading;
    previousLine = line.text;
    previousWasHeading = false;
    const candidate = detectHeading(line.text);
    if (!candidate) continue;
    if (candidate.kind === "closing") {
      if (closingSeen) continue;
      closingSeen = true;
    }
    const numbered = candidate.kind !== "closing" && candidate.kind !== "appendix";
    // A heading line ("1. Ưu điểm") may end with any word; only running text leaves a sentence open.
    if (numbered && !lineBeforeIsHeading && leavesSentenceOpen(lineBefore)) continue;

    // The closing block ("Nơi nhận") holds no sub-sections: whatever heading comes after it starts a new top level.
    while (stack.length > 0 && stack[stack.length - 1]?.kind === "closing") stack.pop();
    const rank = RANK[candidate.kind];
    let depth = stack.length;
    while (depth > 0 && (stack[depth - 1]?.rank ?? -1) >= rank) depth--;
    const parent = depth > 0 ? stack[depth - 1] : root;
    if (!parent) continue;

    if (candidate.kind === "article") {
      // Articles are numbered through the whole act; a restart at 1 begins an attached act (a regulation after its decision).
      const ordinal = candidate.ordinal;
      const fits = lastArticle === undefined || ordinal === 1 || (ordinal > lastArticle && ordinal <= lastArticle + 10);
      if (!fits) continue;
      lastArticle = ordinal;
    } else {
      // Items of a list nested in running text ("a) Các Sở rà soát:" / "1. …" / "2. …") are not headings:
      // once its "1." is turned down, its "2.", "3." … are too, until the next real heading.
      if (inlineList && inlineList.kind === candidate.kind && inlineList.next === candidate.ordinal) {
        inlineList.next++;
        continue;
      }
      const previousOrdinal = parent.lastChildOrdinal.get(candidate.kind);
      if (!continuesNumbering(candidate, previousOrdinal)) {
        if (candidate.ordinal === 1 && previousOrdinal !== undefined) inlineList = { kind: candidate.kind, next: 2 };
        continue;
      }
    }
    inlineList = undefined;

    let heading = candidate.kind === "closing" ? "Nơi nhận" : headingTextOf(line.text, candidate);
    if (candidate.titleOnNextLine) {
      const title = nextTitleLine(lines, index);
      if (title) heading = headingTextOf(`${line.text.replace(/[.:\-–—\s]+$/u, "")}. ${title}`, { rest: title });
    }

    previousWasHeading = true;
    parent.lastChildOrdinal.set(candidate.kind, candidate.ordinal);
    stack.length = depth;
    stack.push({ kind: candidate.kind, rank, heading, start: line.start, lastChildOrdinal: new Map() });
    accepted.push({
      path: stack.map((open) => open.heading),
      heading,
      level: stack.length,
      start: line.start,
    });
  }

  // Each section ends where the next heading of the same or a higher level starts.
  const sections: Section[] = accepted.map((section) => ({ ...section, end: text.length }));
  const open: Section[] = [];
  for (const section of sections) {
    while (open.length > 0 && (open[open.length - 1]?.level ?? 0) >= section.level) {
      const closed = open.pop();
      if (closed) closed.end = section.start;
    }
    open.push(section);
  }
  return sections;
}

/** The title printed on the line after a bare "PHẦN I" / "Chương II", when that line is a title. */
function nextTitleLine(lines: readonly Line[], index: number): string | undefined {
  for (let next = index + 1; next < lines.length; next++) {
    const line = lines[next];
    if (!line || line.text === "") continue;
    if (detectHeading(line.text)) return undefined;
    if (line.text.length > MAX_ROMAN_TITLE_CHARS) return undefined;
    if (!isAllCaps(line.text) && /[.;]$/u.test(line.text)) return undefined;
    return line.text;
  }
  return undefined;
}
