/**
 * Rendering of one search result, shared by the search page and the
 * embeddable widget. Snippets keep the API's `highlights` (offsets of the
 * matched words, found diacritic-insensitively by the server) as <mark>s.
 */

import { createElement, renderHighlightedText } from "./dom.js";
import { buildDocumentUrl, formatIsoDate } from "./format.js";
import { currentLanguageCode, t } from "./i18n.js";
import { makeSnippet } from "./text-ranges.js";

/**
 * @typedef {{ docId: string; chunkId?: string; source: string; title?: string; documentName?: string; section?: string; text: string; score?: number;
 *   start?: number; end?: number; highlights?: Array<[number, number]>;
 *   meta?: { type?: string; number?: string; date?: string; year?: number; province?: string; issuer?: string } }} SearchResult
 */

/**
 * One-line description of a document: type, number, date, issuer.
 * @param {SearchResult["meta"]} meta
 * @returns {string}
 */
export function describeMeta(meta) {
  if (!meta) return "";
  const language = currentLanguageCode();
  const parts = [];
  if (meta.number) parts.push(language === "en" ? `No. ${meta.number}` : `Số ${meta.number}`);
  const date = formatIsoDate(meta.date, language) || (meta.year ? String(meta.year) : "");
  if (date) parts.push(date);
  if (meta.issuer) parts.push(meta.issuer);
  return parts.join(" · ");
}

/**
 * @param {SearchResult} result
 * @param {{ maxChars?: number; openInNewTab?: boolean; headingLevel?: "h2" | "h3" }} [options]
 * @returns {HTMLLIElement}
 */
export function renderSearchResult(result, options = {}) {
  const url = buildDocumentUrl({ docId: result.docId, start: result.start, end: result.end });
  const linkAttributes = /** @type {Record<string, string>} */ ({ href: url });
  if (options.openInNewTab) {
    linkAttributes.target = "_blank";
    linkAttributes.rel = "noopener";
  }
  // People know a document by its type, number, title and issuer, not by its file name.
  const title = result.documentName || result.title || result.docId;
  const snippet = makeSnippet({ text: result.text ?? "", highlights: result.highlights, maxChars: options.maxChars ?? 320 });
  const snippetElement = createElement("p", { className: "result-snippet" });
  if (snippet.truncatedStart) snippetElement.append("… ");
  snippetElement.append(renderHighlightedText(snippet.text, snippet.highlights, { markClass: "term" }));
  if (snippet.truncatedEnd) snippetElement.append(" …");

  const metaLine = describeMeta(result.meta);
  return createElement("li", { className: "result", attributes: { "data-doc-id": result.docId } }, [
    createElement(options.headingLevel ?? "h2", { className: "result-title" }, [
      result.meta?.type ? createElement("span", { className: "doc-badge", text: result.meta.type }) : null,
      createElement("a", { text: title, attributes: linkAttributes }),
    ]),
    metaLine ? createElement("p", { className: "result-meta", text: metaLine }) : null,
    result.section ? createElement("p", { className: "result-section" }, [createElement("span", { className: "label", text: `${t("search.section")}: ` }), result.section]) : null,
    snippetElement,
  ]);
}
