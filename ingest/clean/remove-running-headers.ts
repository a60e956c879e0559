/**
 * Running headers and footers ("UBND TỈNH BẮC GIANG", "Kế hoạch số 12/KH-UBND
 * – Trang 3") repeat at the same edge of many pages. A line counts as one when
 * it (with digits ignored) opens or closes at least half the pages, and at
 * least three. Only page edges are looked at, so a phrase repeated in the
 * body is never touched.
 */

const MIN_PAGES = 3;
const MAX_HEADER_LENGTH = 120;

/** Removes repeated page-edge lines from text whose pages are separated by "\f". */
export function removeRunningHeaders(text: string): string {
  const pages = text.split("\f");
  if (pages.length < MIN_PAGES) return text;
  const firstLines = pages.map((page) => edgeLineIndex(page, "first"));
  const lastLines = pages.map((page) => edgeLineIndex(page, "last"));
  const repeatedFirst = repeatedKeys(pages, firstLines);
  const repeatedLast = repeatedKeys(pages, lastLines);
  return pages
    .map((page, pageIndex) => {
      const lines = page.split("\n");
      const drop = new Set<number>();
      const first = firstLines[pageIndex];
      const last = lastLines[pageIndex];
      if (first !== undefined && first >= 0 && repeatedFirst.has(headerKey(lines[first] ?? ""))) drop.add(first);
      if (last !== undefined && last >= 0 && repeatedLast.has(headerKey(lines[last] ?? ""))) drop.add(last);
      return lines.filter((_line, index) => !drop.has(index)).join("\n");
    })
    .join("\f");
}

/** Digits vary (page numbers, dates) while the header stays the same. */
function headerKey(line: string): string {
  return line.trim().toLowerCase().replace(/\d+/gu, "#").replace(/\s+/gu, " ");
}

function edgeLineIndex(page: string, edge: "first" | "last"): number {
  const lines = page.split("\n");
  const indexes = lines.map((line, index) => (line.trim() === "" ? -1 : index)).filter((index) => index >= 0);
  return (edge === "first" ? indexes[0] : indexes[indexes.length - 1]) ?? -1;
}

function repeatedKeys(pages: readonly string[], edgeIndexes: readonly number[]): Set<string> {
  const counts = new Map<string, number>();
  pages.forEach((page, pageIndex) => {
    const index = edgeIndexes[pageIndex] ?? -1;
    if (index < 0) return;
    const line = page.split("\n")[index] ?? "";
    const key = headerKey(line);
    // Very long lines are body text, not headers; keys without letters are page numbers (handled elsewhere).
    if (key.length > MAX_HEADER_LENGTH || !/\p{L}/u.test(key)) return;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const needed = Math.max(MIN_PAGES, Math.ceil(pages.length / 2));
  return new Set([...counts].filter(([, count]) => count >= needed).map(([key]) => key));
}
