/**
 * Pure helpers for highlighted text: the API points into texts with
 * [start, end) offsets (search `highlights`, citation `start/end`), and the
 * pages turn those offsets into text nodes and <mark> elements. No DOM here,
 * so the same code runs in the browser and in the Node unit tests.
 */

/**
 * Clips ranges to [0, length], drops empty or malformed ones, sorts them and
 * merges ranges that overlap or touch, so the renderer never nests <mark>s.
 * @param {ReadonlyArray<readonly [number, number]> | undefined | null} ranges
 * @param {number} length
 * @returns {Array<[number, number]>}
 */
export function normalizeRanges(ranges, length) {
  /** @type {Array<[number, number]>} */
  const clipped = [];
  for (const range of ranges ?? []) {
    if (!Array.isArray(range) || range.length < 2) continue;
    const start = Math.max(0, Math.min(length, Math.floor(Number(range[0]))));
    const end = Math.max(0, Math.min(length, Math.floor(Number(range[1]))));
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) continue;
    clipped.push([start, end]);
  }
  clipped.sort((left, right) => left[0] - right[0] || left[1] - right[1]);
  /** @type {Array<[number, number]>} */
  const merged = [];
  for (const range of clipped) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/**
 * Splits a text into consecutive pieces, each either inside a highlight or
 * not. Concatenating the pieces gives the text back unchanged.
 * @param {string} text
 * @param {ReadonlyArray<readonly [number, number]> | undefined | null} ranges
 * @returns {Array<{ text: string; highlighted: boolean }>}
 */
export function segmentByRanges(text, ranges) {
  const merged = normalizeRanges(ranges, text.length);
  /** @type {Array<{ text: string; highlighted: boolean }>} */
  const pieces = [];
  let cursor = 0;
  for (const [start, end] of merged) {
    if (start > cursor) pieces.push({ text: text.slice(cursor, start), highlighted: false });
    pieces.push({ text: text.slice(start, end), highlighted: true });
    cursor = end;
  }
  if (cursor < text.length || pieces.length === 0) pieces.push({ text: text.slice(cursor), highlighted: false });
  return pieces;
}

/** How far a window edge may move to land on a space instead of mid-word. */
const SNAP_DISTANCE = 24;
/** Characters of context kept before the first highlight of a window. */
const LEADING_CONTEXT = 60;

/**
 * Cuts a long passage down to a window of at most `maxChars` that holds as
 * many highlights as possible, with the window edges moved to word
 * boundaries. Highlights are re-based onto the snippet.
 * @param {{ text: string; highlights?: ReadonlyArray<readonly [number, number]> | null; maxChars?: number }} options
 * @returns {{ text: string; highlights: Array<[number, number]>; truncatedStart: boolean; truncatedEnd: boolean }}
 */
export function makeSnippet({ text, highlights, maxChars = 320 }) {
  const ranges = normalizeRanges(highlights, text.length);
  if (text.length <= maxChars) return { text, highlights: ranges, truncatedStart: false, truncatedEnd: false };

  let bestStart = 0;
  let bestCount = -1;
  const anchors = ranges.length > 0 ? ranges.map(([start]) => start) : [0];
  for (const anchorStart of anchors) {
    const windowEnd = Math.min(text.length, Math.max(0, anchorStart - LEADING_CONTEXT) + maxChars);
    const windowStart = Math.max(0, windowEnd - maxChars);
    const count = ranges.filter(([start, end]) => start >= windowStart && end <= windowEnd).length;
    if (count > bestCount) {
      bestCount = count;
      bestStart = windowStart;
    }
  }

  let start = bestStart;
  let end = Math.min(text.length, start + maxChars);
  const inside = ranges.filter(([rangeStart, rangeEnd]) => rangeStart >= start && rangeEnd <= end);
  const firstInside = inside[0];
  const lastInside = inside[inside.length - 1];
  if (start > 0) {
    const limit = Math.min(start + SNAP_DISTANCE, firstInside ? firstInside[0] : end);
    const space = text.slice(start, limit).search(/\s/u);
    if (space >= 0) start += space + 1;
  }
  if (end < text.length) {
    const floor = Math.max(end - SNAP_DISTANCE, lastInside ? lastInside[1] : start);
    const tail = text.slice(floor, end);
    const lastSpace = Math.max(tail.lastIndexOf(" "), tail.lastIndexOf("\n"));
    if (lastSpace >= 0) end = floor + lastSpace;
  }

  /** @type {Array<[number, number]>} */
  const rebased = [];
  for (const [rangeStart, rangeEnd] of ranges) {
    const clippedStart = Math.max(rangeStart, start);
    const clippedEnd = Math.min(rangeEnd, end);
    if (clippedEnd > clippedStart) rebased.push([clippedStart - start, clippedEnd - start]);
  }
  return { text: text.slice(start, end), highlights: rebased, truncatedStart: start > 0, truncatedEnd: end < text.length };
}

/**
 * Splits an answer into plain text and citation markers "[n]". Markers whose
 * number is not in `knownNumbers` (when given) stay plain text, so a stray
 * "[3]" in a quoted document never becomes a dead link.
 * @param {string} answer
 * @param {ReadonlySet<number>} [knownNumbers]
 * @returns {Array<{ kind: "text"; text: string } | { kind: "marker"; n: number; text: string }>}
 */
export function splitCitationMarkers(answer, knownNumbers) {
  /** @type {Array<{ kind: "text"; text: string } | { kind: "marker"; n: number; text: string }>} */
  const parts = [];
  let cursor = 0;
  let pending = "";
  for (const match of answer.matchAll(/\[(\d{1,3})\]/gu)) {
    const n = Number(match[1]);
    if (knownNumbers && !knownNumbers.has(n)) continue;
    pending += answer.slice(cursor, match.index);
    if (pending) parts.push({ kind: "text", text: pending });
    pending = "";
    parts.push({ kind: "marker", n, text: match[0] });
    cursor = match.index + match[0].length;
  }
  pending += answer.slice(cursor);
  if (pending) parts.push({ kind: "text", text: pending });
  return parts;
}

/**
 * Cut points for rendering a document's clean text with several overlays
 * (highlights, headings, links, footnote marks). Returns the sorted distinct
 * offsets in [0, length] at which any overlay starts or ends.
 * @param {number} length
 * @param {ReadonlyArray<number>} offsets
 * @returns {number[]}
 */
export function collectBoundaries(length, offsets) {
  const points = new Set([0, length]);
  for (const offset of offsets) {
    if (Number.isInteger(offset) && offset >= 0 && offset <= length) points.add(offset);
  }
  return [...points].sort((left, right) => left - right);
}
