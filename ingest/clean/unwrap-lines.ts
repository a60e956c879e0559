import { stripAnchors } from "./anchor-offsets.js";
import { ParagraphBuilder } from "./dehyphenate.js";
import {
  endsMidSentence,
  endsSentence,
  endsWithContinuingWord,
  endsWithOneOf,
  isListItemStart,
  isNumberedItemStart,
  isReferenceWord,
  isUpperCaseLine,
  lastLetterRun,
  startsWithLowerCase,
  startsWithUpperCase,
} from "./line-patterns.js";

/**
 * Rebuilds paragraphs from broken lines. Paragraphs come out separated by a
 * blank line; headings, list items and numbered items each start their own.
 *
 * In wrapped text (PDF) a line is joined to the next unless the next starts
 * an item (bullet, "1.", "a)", "II.", "Điều 3", "Căn cứ"), either line is an
 * upper-case heading, or the line ends a sentence and is shorter than a full
 * line (a paragraph's last line), or is very short and the next starts with
 * a capital (header lines such as "Số: /KH-SNV").
 *
 * A paragraph break (blank line, or any newline in paragraph text) is kept
 * unless the text plainly goes on: no sentence end before it and a
 * lower-case word or a dangling word ("của", ",") around it. That rejoins
 * paragraphs split by a page break ("… kịp thời" / "chấn chỉnh …").
 */
export type UnwrapOptions = {
  layout: "wrapped" | "paragraphs";
  /** Length of a full wrapped line (see detectLayout). */
  typicalLineLength: number;
  /** Lower-case words of the document, for line-break hyphens (see dehyphenate.ts). */
  vocabulary?: ReadonlySet<string>;
};

export function unwrapLines(text: string, options: UnwrapOptions): string {
  const paragraphs: string[] = [];
  let current: ParagraphBuilder | null = null;
  // The previous line as the decisions read it, so that each line is cleaned once.
  let lastClean = "";
  let breakSeen = false;
  for (const line of text.split("\n")) {
    if (line === "\f") continue;
    if (line.trim() === "") {
      breakSeen = true;
      continue;
    }
    const clean = cleanLine(line);
    if (current !== null) {
      const join =
        options.layout === "wrapped" && !breakSeen
          ? joinsWrappedLines(lastClean, clean, options.typicalLineLength)
          : joinsAcrossParagraphBreak(lastClean, clean);
      if (!join) {
        paragraphs.push(current.toString());
        current = null;
      }
    }
    current ??= new ParagraphBuilder({ vocabulary: options.vocabulary });
    current.append(line);
    lastClean = clean;
    breakSeen = false;
  }
  if (current !== null) paragraphs.push(current.toString());
  return paragraphs.map((paragraph) => paragraph.trim()).join("\n\n");
}

/** What the decisions look at: the line without anchors and outer whitespace. */
function cleanLine(line: string): string {
  return stripAnchors(line).trim();
}

/** Decision for two consecutive lines of wrapped text. */
export function shouldJoinWrappedLines(previous: string, next: string, typicalLineLength: number): boolean {
  return joinsWrappedLines(cleanLine(previous), cleanLine(next), typicalLineLength);
}

/** shouldJoinWrappedLines on lines already passed through cleanLine. */
function joinsWrappedLines(before: string, after: string, typicalLineLength: number): boolean {
  if (before.includes("\t") || after.includes("\t")) return false;
  // "… quy định tại khoản" + "4. …" or "… của" + "1. …" continue a sentence, not a list.
  const wrappedReference = (/^\d/u.test(after) && endsWithReferenceWord(before)) || (endsWithContinuingWord(before) && !/^[-–—•+*]/u.test(after));
  // "phát triển kinh tế" + "- xã hội năm 2022": a spaced dash inside a phrase, not a bullet.
  const dashInPhrase = /^[-–][ \t]+\p{Ll}/u.test(after) && !endsWithOneOf(before, ":;.!?");
  if (isListItemStart(after) && !wrappedReference && !dashInPhrase) return false;
  if (before.endsWith("./.")) return false;
  if (hasOpenQuote(before)) return true;
  if (isUpperCaseLine(before)) return endsMidSentence(before) || (isUpperCaseLine(after) && continuesNumberedHeading(before));
  if (isUpperCaseLine(after)) return endsMidSentence(before);
  // A numbered line short of a full line is a heading ("5. Công tác thanh tra, giải quyết khiếu
  // nại tố cáo"), even when its last word usually needs a follower ("đối", "được").
  const headingLine = isNumberedItemStart(before) && before.length < 0.95 * typicalLineLength;
  if (headingLine && startsWithUpperCase(after) && !endsWithOneOf(before, ",(-–/“\"")) return false;
  if (endsMidSentence(before)) return true;
  // A paragraph's last line is usually shorter than a full line; a full line
  // that happens to end a sentence is more often mid-paragraph.
  const full = before.length >= typicalLineLength;
  const short = before.length < 0.6 * typicalLineLength;
  const opensSentence = /^[\p{Lu}\d“"(]/u.test(after);
  if (endsSentence(before) && opensSentence && !full) return false;
  // ";" closes list-like paragraphs ("…giường bệnh;" / "Động viên …") but also clauses inside one.
  if (before.endsWith(";") && startsWithUpperCase(after) && before.length < 0.8 * typicalLineLength) return false;
  if (short && startsWithUpperCase(after) && !endsWithOneOf(before, ";,")) return false;
  return true;
}

/** Decision across a blank line or, in paragraph text, across any newline. */
export function shouldJoinAcrossParagraphBreak(previous: string, next: string): boolean {
  return joinsAcrossParagraphBreak(cleanLine(previous), cleanLine(next));
}

/** shouldJoinAcrossParagraphBreak on lines already passed through cleanLine. */
function joinsAcrossParagraphBreak(before: string, after: string): boolean {
  if (before.includes("\t") || after.includes("\t")) return false;
  // Every test here only says no; the one that settles most breaks (a sentence end) goes first.
  if (endsSentence(before) || before.endsWith(";")) return false;
  if (isListItemStart(after) || isUpperCaseLine(before) || isUpperCaseLine(after)) return false;
  // A numbered title ending in "… được" or "… đối" is still a title, not a sentence cut short.
  return startsWithLowerCase(after) || (endsMidSentence(before) && !isNumberedItemStart(before));
}

/** "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ PHÁT TRIỂN" goes on with "KINH TẾ - XÃ HỘI". */
function continuesNumberedHeading(line: string): boolean {
  return /^(?:[IVXLC]{1,6}|\d{1,2})[.)][ \t]+\S/u.test(line) && !endsWithOneOf(line, ".:;!?");
}

function endsWithReferenceWord(line: string): boolean {
  const lastWord = lastLetterRun(line);
  return lastWord !== undefined && isReferenceWord(lastWord);
}

/** A quotation opened on this line and not closed: the next line is inside it ("hành động “KỶ" / "CƯƠNG, …"). */
function hasOpenQuote(line: string): boolean {
  const opened = (line.match(/“/gu) ?? []).length;
  const closed = (line.match(/”/gu) ?? []).length;
  return opened > closed;
}
