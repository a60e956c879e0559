import type { Citation } from "../../core/types.js";

/**
 * The citations as a Markdown list appended to a chat message, for chat
 * clients (Open WebUI, LibreChat) that show only the message text. Each entry
 * starts with the answer's own marker `[n]` and links to the document viewer
 * with the cited passage highlighted.
 */
export const SOURCE_LIST_SEPARATOR = "\n\n---\n";

const QUOTE_LIMIT = 300;

export function formatSourceList(options: { citations: readonly Citation[]; language: string; baseUrl?: string }): string {
  if (!options.citations.length) return "";
  const heading = options.language === "en" ? "**Sources**" : "**Nguồn**";
  const entries = options.citations.map((citation) => {
    const link = options.baseUrl
      ? `[${escapeLinkText(citation.title)}](${options.baseUrl}/documents/${encodeURIComponent(citation.docId)}?start=${citation.quoteStart}&end=${citation.quoteEnd})`
      : escapeLinkText(citation.title);
    const where = [citation.section, `\`${citation.source}\``].filter(Boolean).join(" · ");
    return `**[${citation.n}]** ${link} · ${where}\n> ${shorten(citation.quote)}`;
  });
  return `${SOURCE_LIST_SEPARATOR}${heading}\n\n${entries.join("\n\n")}`;
}

/** A message without the source list this module appended (earlier assistant turns sent back as history). */
export function stripSourceList(content: string): string {
  const at = content.indexOf(SOURCE_LIST_SEPARATOR);
  return at === -1 ? content : content.slice(0, at);
}

function shorten(quote: string): string {
  const flat = quote.replace(/\s+/gu, " ").trim();
  return flat.length > QUOTE_LIMIT ? `${flat.slice(0, QUOTE_LIMIT - 1).trimEnd()}…` : flat;
}

function escapeLinkText(text: string): string {
  return text.replace(/\s+/gu, " ").replace(/([[\]\\])/gu, "\\$1");
}
