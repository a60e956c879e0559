/**
 * Pure formatting helpers shared by the pages: dates, viewer links, the
 * "copy with sources" text and the viewer's highlight parameters.
 */

/**
 * Formats an ISO date (YYYY-MM-DD or YYYY-MM) the way it is read in each UI
 * language. Vietnamese documents write dates as day/month/year.
 * @param {string | undefined | null} iso
 * @param {"vi" | "en"} language
 * @returns {string} "" when the value is missing or not an ISO date
 */
export function formatIsoDate(iso, language) {
  if (!iso) return "";
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/u.exec(iso);
  if (!match) return "";
  const [, year, month, day] = match;
  if (language === "en") {
    const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day ?? 1)));
    const options = day
      ? /** @type {const} */ ({ day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
      : /** @type {const} */ ({ month: "long", year: "numeric", timeZone: "UTC" });
    return new Intl.DateTimeFormat("en-GB", options).format(date);
  }
  return day ? `${day}/${month}/${year}` : `${month}/${year}`;
}

/**
 * Link to the document viewer, optionally at a passage (and a quote inside it).
 * @param {{ docId: string; start?: number; end?: number; quoteStart?: number; quoteEnd?: number }} target
 * @returns {string}
 */
export function buildDocumentUrl({ docId, start, end, quoteStart, quoteEnd }) {
  const parameters = new URLSearchParams();
  if (Number.isInteger(start) && Number.isInteger(end)) {
    parameters.set("start", String(start));
    parameters.set("end", String(end));
  }
  if (Number.isInteger(quoteStart) && Number.isInteger(quoteEnd)) {
    parameters.set("quoteStart", String(quoteStart));
    parameters.set("quoteEnd", String(quoteEnd));
  }
  const query = parameters.toString();
  return `/documents/${encodeURIComponent(docId)}${query ? `?${query}` : ""}`;
}

/**
 * Reads the viewer's highlight from the URL: `start`/`end` name the passage,
 * `quoteStart`/`quoteEnd` (optional) the exact quote inside it. Ranges
 * outside the text or reversed are rejected rather than clipped, because a
 * wrong highlight would mislead the reader more than none.
 * @param {URLSearchParams} parameters
 * @param {number} textLength
 * @returns {{ passage: [number, number] | null; quote: [number, number] | null; invalid: boolean }}
 */
export function readHighlightParameters(parameters, textLength) {
  /** @param {string} startName @param {string} endName @returns {[number, number] | null | "invalid"} */
  const readRange = (startName, endName) => {
    const startText = parameters.get(startName);
    const endText = parameters.get(endName);
    if (startText === null && endText === null) return null;
    if (startText === null || endText === null || !/^\d+$/u.test(startText) || !/^\d+$/u.test(endText)) return "invalid";
    const start = Number(startText);
    const end = Number(endText);
    if (end <= start || end > textLength) return "invalid";
    return [start, end];
  };
  const passage = readRange("start", "end");
  const quote = readRange("quoteStart", "quoteEnd");
  const invalid = passage === "invalid" || quote === "invalid";
  const validPassage = passage === "invalid" ? null : passage;
  const validQuote = quote === "invalid" ? null : quote;
  // A quote alone still deserves a highlight: treat it as the passage.
  return { passage: validPassage ?? validQuote, quote: validPassage ? validQuote : null, invalid };
}

/**
 * Plain-text version of an answer with its numbered sources, for the
 * clipboard: what a clerk pastes into a report must carry its evidence.
 * @param {{ answer: string; citations: ReadonlyArray<{ n: number; docId: string; source: string; title?: string; section?: string; quote?: string; start?: number; end?: number; quoteStart?: number; quoteEnd?: number }>; language: "vi" | "en"; origin?: string }} options
 * @returns {string}
 */
export function formatAnswerForCopy({ answer, citations, language, origin }) {
  const lines = [answer.trim()];
  if (citations.length > 0) {
    lines.push("", language === "en" ? "Sources:" : "Nguồn:");
    for (const citation of citations) {
      const heading = [citation.title, citation.source].filter(Boolean).join(" — ");
      lines.push(`[${citation.n}] ${heading}`);
      if (citation.section) lines.push(`    ${language === "en" ? "Section" : "Mục"}: ${citation.section}`);
      if (citation.quote) lines.push(`    “${citation.quote.trim()}”`);
      if (origin) lines.push(`    ${origin}${buildDocumentUrl(citation)}`);
    }
  }
  return lines.join("\n");
}

/**
 * Page numbers to show in a pager: always the first and last page, a window
 * around the current one, and `null` where pages are skipped.
 * @param {{ current: number; pages: number; radius?: number }} options
 * @returns {Array<number | null>}
 */
export function pagerItems({ current, pages, radius = 1 }) {
  /** @type {Array<number | null>} */
  const items = [];
  for (let page = 1; page <= pages; page++) {
    const nearCurrent = Math.abs(page - current) <= radius;
    if (page === 1 || page === pages || nearCurrent) items.push(page);
    else if (items[items.length - 1] !== null) items.push(null);
  }
  return items;
}
