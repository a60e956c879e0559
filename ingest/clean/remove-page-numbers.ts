/**
 * Page numbers are printed on every page but are not part of the text. With
 * page breaks ("\f" from the PDF loader) they are recognised at the top or
 * bottom edge of a page. Without page breaks (text extracted elsewhere), a
 * bare number only counts as a page number when blank lines set it apart
 * from the text on at least one side more than a wrapped line would be,
 * which is how other extractors leave a page break.
 *
 * Expects page breaks on their own line ("\n\f\n"), as cleanText arranges.
 */

const PAGE_NUMBER_LINE = /^[ \t]*(?:[-–—][ \t]*)?(?:(?:trang|page)[ \t]*)?\d{1,4}(?:[ \t]*(?:\/|of|trên)[ \t]*\d{1,4})?(?:[ \t]*[-–—])?[ \t]*$/iu;
const BARE_NUMBER_LINE = /^[ \t]*\d{1,4}[ \t]*$/u;
/** How many non-empty lines at each page edge may hold a page number or header. */
const EDGE_LINES = 2;

/** True for "2", "- 2 -", "Trang 2", "2/13" — a line with nothing but a page number. */
export function isPageNumberLine(line: string): boolean {
  return PAGE_NUMBER_LINE.test(line) && !line.includes("\t");
}

/** Removes page-number lines; keeps page breaks and the line structure of everything else. */
export function removePageNumbers(text: string): string {
  const pages = text.split("\f");
  const cleanedPages = pages.length > 1 ? pages.map(removeEdgePageNumbers) : pages;
  return removeIsolatedNumbers(cleanedPages.join("\f"));
}

function removeEdgePageNumbers(page: string): string {
  const lines = page.split("\n");
  const nonEmpty = lines.map((line, index) => ({ line, index })).filter(({ line }) => line.trim() !== "");
  const edges = [...nonEmpty.slice(0, EDGE_LINES), ...nonEmpty.slice(-EDGE_LINES)];
  const drop = new Set(edges.filter(({ line }) => isPageNumberLine(line)).map(({ index }) => index));
  return lines.filter((_line, index) => !drop.has(index)).join("\n");
}

/**
 * A bare number on its own line with at least two blank lines on one side
 * (or a page break, or the start/end of the text) and text on the other
 * sides. Numbers next to other bare numbers are table cells and stay.
 */
function removeIsolatedNumbers(text: string): string {
  // Most texts have no bare-number line at all ("m" also takes \r and \u2028 as line ends: a superset).
  if (!/^[ \t]*\d{1,4}[ \t]*$/mu.test(text)) return text;
  const lines = text.split("\n");
  const drop = new Set<number>();
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    if (!BARE_NUMBER_LINE.test(line)) continue;
    const before = neighbour(lines, index, -1);
    const after = neighbour(lines, index, 1);
    const isolated = before.gap >= 2 || after.gap >= 2;
    const nextToNumbers = BARE_NUMBER_LINE.test(before.line) || BARE_NUMBER_LINE.test(after.line);
    const hasTableNeighbour = before.line.includes("\t") || after.line.includes("\t");
    if (isolated && !nextToNumbers && !hasTableNeighbour) drop.add(index);
  }
  return lines.map((line, index) => (drop.has(index) ? "" : line)).join("\n");
}

/** The nearest non-blank line in one direction and how many blank lines lie between. */
function neighbour(lines: readonly string[], index: number, step: 1 | -1): { line: string; gap: number } {
  let gap = 0;
  for (let cursor = index + step; cursor >= 0 && cursor < lines.length; cursor += step) {
    const line = lines[cursor] ?? "";
    // trim() would count the form feed as blank, hence the page-break test first.
    if (line.includes("\f")) return { line: "", gap: Number.POSITIVE_INFINITY };
    if (line.trim() !== "") return { line, gap };
    gap++;
  }
  // The start or the end of the text counts as a page edge.
  return { line: "", gap: Number.POSITIVE_INFINITY };
}
