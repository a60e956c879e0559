/**
 * A PDF page's text from pdf.js's positioned text items, with the text its
 * annotations draw (stamped numbers and dates of a signed document, form
 * field values, signature boxes) put where it stands on the page. Pure.
 */

/** A piece of text at a position in PDF user space (y grows upwards), as pdf.js's text items are. */
export type PositionedText = {
  str: string;
  /** [a, b, c, d, x, y]: x and y are the baseline start. */
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
};

/** One line an annotation draws, in PDF user space. */
export type PlacedLine = { text: string; x: number; y: number; width: number; height: number };

/** Converts a user-space point to the page's top-down view (rotation, crop box). */
export type ToViewport = (x: number, y: number) => [number, number];

// The thresholds pdf-parse's getText used, so pages read exactly as before.
const LINE_THRESHOLD = 4.6;
const CELL_THRESHOLD = 7;
const CELL_SEPARATOR = "\t";

/**
 * Joins the items in their content-stream order; a new line where the
 * baseline moves by more than a line height, a tab between pieces of one
 * line that stand apart (table cells, header columns).
 */
export function pageTextFromItems(items: readonly PositionedText[], toViewport: ToViewport): string {
  const parts: string[] = [];
  let lastX: number | undefined;
  let lastY: number | undefined;
  let lineHeight = 0;
  for (const item of items) {
    let text = item.str;
    const [x, y] = toViewport(item.transform[4] ?? 0, item.transform[5] ?? 0);
    if (lastY !== undefined && Math.abs(lastY - y) > LINE_THRESHOLD) {
      const previous = parts[parts.length - 1];
      const startsLine = text.startsWith("\n") || (text.trim() === "" && item.hasEOL);
      if (previous !== undefined && !previous.endsWith("\n") && !startsLine && Math.abs(lastY - y) - 1 > lineHeight) {
        parts.push("\n");
        lineHeight = 0;
      }
    }
    if (lastY !== undefined && lastX !== undefined && Math.abs(lastY - y) < LINE_THRESHOLD && Math.abs(lastX - x) > CELL_THRESHOLD) {
      text = `${CELL_SEPARATOR}${text}`;
    }
    parts.push(text);
    lastX = x + item.width;
    lastY = y;
    lineHeight = Math.max(lineHeight, item.height);
    if (item.hasEOL) parts.push("\n");
    if (item.hasEOL || text.endsWith("\n")) lineHeight = 0;
  }
  return parts.join("");
}

/**
 * Some PDFs (an OCR layer laid word by word over a scan) place every word on
 * its own, and pdf.js then ends a line after each: "BỘ\nCÔNG\nAN". When most
 * line ends of a page are followed by more text on the same baseline, to the
 * right, those line ends are dropped; a typed page has next to none of them
 * (0-1 of 30-50 on the development PDFs), so its lines are left alone.
 */
export function joinWordsOnOneBaseline(items: readonly PositionedText[]): PositionedText[] {
  const falseEnds: number[] = [];
  let lineEnds = 0;
  let previous: PositionedText | undefined;
  items.forEach((item, index) => {
    if (item.str.trim() !== "") previous = item;
    if (!item.hasEOL) return;
    lineEnds++;
    const next = items.slice(index + 1).find((candidate) => candidate.str.trim() !== "");
    if (!previous || !next) return;
    const sameBaseline = Math.abs((previous.transform[5] ?? 0) - (next.transform[5] ?? 0)) < 0.3 * Math.max(previous.height, next.height, 1);
    if (sameBaseline && (next.transform[4] ?? 0) > (previous.transform[4] ?? 0)) falseEnds.push(index);
  });
  if (falseEnds.length < MIN_FALSE_LINE_ENDS || falseEnds.length * 2 <= lineEnds) return [...items];
  const result = [...items];
  for (const index of falseEnds) {
    const item = result[index]!;
    // A word's own line end becomes the space between it and the next word.
    result[index] = { ...item, str: item.str === "" ? " " : item.str, hasEOL: false };
  }
  return result;
}

const MIN_FALSE_LINE_ENDS = 5;

/**
 * Puts each annotation line into the page's items where a reader meets it:
 * a line that shares its baseline with page text goes between the pieces
 * left and right of it ("Số: " [4378] "/SCT-CN"; "ngày " [22] "tháng 7"); a
 * line of its own goes before the first text below it. pdf.js keeps
 * annotations out of a page's text content; poppler prints them in place.
 */
export function insertAnnotationLines(items: readonly PositionedText[], lines: readonly PlacedLine[]): PositionedText[] {
  const result = [...items];
  // Top to bottom, so lines of one annotation keep their order when they land at one place.
  const ordered = [...lines].filter((line) => line.text.trim() !== "").sort((first, second) => second.y - first.y || first.x - second.x);
  for (const line of ordered) {
    const item: PositionedText = {
      // Spaces keep the stamp a word of its own whichever way the neighbours are spaced; cleaning collapses them.
      str: ` ${line.text.trim()} `,
      transform: [line.height, 0, 0, line.height, line.x, line.y],
      width: line.width,
      height: line.height,
      hasEOL: false,
    };
    const sameLine = (candidate: PositionedText) =>
      candidate.str.trim() !== "" && Math.abs((candidate.transform[5] ?? 0) - line.y) <= 0.5 * Math.max(Math.min(candidate.height || line.height, line.height), 1);
    // Printed characters the stamp is drawn over are hidden by it ("tháng 4" under a stamped "5" reads "tháng 5").
    for (let index = result.length - 1; index >= 0; index--) {
      const candidate = result[index]!;
      if (sameLine(candidate)) result.splice(index, 1, ...uncovered(candidate, line));
    }
    let anchor = -1;
    let firstOnLine = -1;
    result.forEach((candidate, index) => {
      if (!sameLine(candidate)) return;
      if (firstOnLine < 0) firstOnLine = index;
      const x = candidate.transform[4] ?? 0;
      if (x <= line.x && (anchor < 0 || x >= (result[anchor]!.transform[4] ?? 0))) anchor = index;
    });
    if (anchor >= 0) {
      const before = result[anchor]!;
      // The line ended after the anchor: it now ends after the stamp.
      if (before.hasEOL) {
        result[anchor] = { ...before, hasEOL: false };
        item.hasEOL = true;
      }
      result.splice(anchor + 1, 0, item);
    } else if (firstOnLine >= 0) {
      result.splice(firstOnLine, 0, item);
    } else {
      item.hasEOL = true;
      const below = result.findIndex((candidate) => candidate.str.trim() !== "" && (candidate.transform[5] ?? 0) < line.y - 0.5 * line.height);
      // At a line start, so the stamp does not split a line of the page.
      const at = below < 0 ? result.length : lineStartBefore(result, below);
      result.splice(at, 0, item);
    }
  }
  return result;
}

/**
 * The parts of an item left of and right of a stamped line drawn over it.
 * Characters are placed by an even share of the item's width, enough to tell
 * which ones a stamp of a few glyphs covers.
 */
function uncovered(item: PositionedText, line: PlacedLine): PositionedText[] {
  const characters = [...item.str];
  const x = item.transform[4] ?? 0;
  if (characters.length === 0 || item.width <= 0 || x >= line.x + line.width || x + item.width <= line.x) return [item];
  const step = item.width / characters.length;
  const covered = characters.map((character, index) => character.trim() !== "" && x + (index + 0.5) * step > line.x && x + (index + 0.5) * step < line.x + line.width);
  const first = covered.indexOf(true);
  if (first < 0) return [item];
  const last = covered.lastIndexOf(true);
  const part = (from: number, to: number, hasEOL: boolean): PositionedText => {
    const transform = [...item.transform];
    transform[4] = x + from * step;
    return { ...item, str: characters.slice(from, to).join(""), transform, width: (to - from) * step, hasEOL };
  };
  const parts: PositionedText[] = [];
  if (first > 0) parts.push(part(0, first, false));
  if (last < characters.length - 1) parts.push(part(last + 1, characters.length, item.hasEOL));
  else if (item.hasEOL && parts.length > 0) parts[parts.length - 1] = { ...parts[parts.length - 1]!, hasEOL: true };
  // An item wholly covered leaves its line end behind on an empty piece, so the line still ends.
  if (parts.length === 0 && item.hasEOL) parts.push({ ...part(0, 0, true) });
  return parts;
}

/** The index of the first item of the line `index` belongs to (in stream order). */
function lineStartBefore(items: readonly PositionedText[], index: number): number {
  let start = index;
  while (start > 0 && !items[start - 1]!.hasEOL && Math.abs((items[start - 1]!.transform[5] ?? 0) - (items[index]!.transform[5] ?? 0)) <= LINE_THRESHOLD) start--;
  return start;
}

/**
 * Letters a PDF's text layer gets wrong in ways Vietnamese text never
 * writes: "ƣ" (Latin "oi", U+01A3) where some producers' fonts draw "ư"
 * ("THƢƠNG" for "THƯƠNG"), and Cyrillic look-alikes inside a Latin code that
 * an OCR layer confused ("ВСТ-ВТC-VKSNDTC" for "BCT-BTC-VKSNDTC"). Only a
 * word that also holds Latin letters is changed, so Russian text stays Russian.
 */
export function repairVietnameseLetters(text: string): string {
  const repaired = text.replace(/ƣ/gu, "ư").replace(/Ƣ/gu, "Ư");
  if (!CYRILLIC.test(repaired)) return repaired;
  return repaired.replace(CODE_WORD, (word) => {
    if (!LATIN.test(word) || !CYRILLIC.test(word)) return word;
    const latin = word.replace(CYRILLIC_LETTERS, (letter) => CYRILLIC_LOOK_ALIKES[letter] ?? letter);
    return CYRILLIC.test(latin) ? word : latin;
  });
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const CYRILLIC_LETTERS = /\p{Script=Cyrillic}/gu;
const LATIN = /[A-Za-z]/u;
/** Letters and digits joined by hyphens, slashes or dots: a word or a code ("ВСТ-ВТC-VKSNDTC"). */
const CODE_WORD = /[\p{L}\p{N}]+(?:[\-\/.][\p{L}\p{N}]+)*/gu;
const CYRILLIC_LOOK_ALIKES: Readonly<Record<string, string>> = {
  А: "A", В: "B", Е: "E", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T", Х: "X", У: "Y", І: "I", Ј: "J", Ѕ: "S",
  а: "a", е: "e", о: "o", р: "p", с: "c", х: "x", у: "y", і: "i", ј: "j", ѕ: "s",
};
