import type { Footnote, SourceFormat } from "../../core/types.js";
import { insertAnchors, takeAnchors } from "./anchor-offsets.js";
import { collectVocabulary } from "./dehyphenate.js";
import { collapseDoubleSpacing, detectLayout } from "./detect-layout.js";
import { extractFootnotes } from "./extract-footnotes.js";
import { normalizeBullets } from "./normalize-bullets.js";
import { normalizeText } from "./normalize-text.js";
import { removePageNumbers } from "./remove-page-numbers.js";
import { removeRuleLines } from "./remove-rule-lines.js";
import { removeRunningHeaders } from "./remove-running-headers.js";
import { splitRunInHeadings } from "./split-run-in-headings.js";
import { looksLikeMarkdown, stripMarkdown } from "./strip-markdown.js";
import { tidyWhitespace } from "./tidy-whitespace.js";
import { unwrapLines } from "./unwrap-lines.js";

/** Clean text of one document: NFC, paragraphs rebuilt, page furniture and footnotes taken out. */
export type CleanText = {
  /** Paragraphs separated by "\n\n"; headings and items each start their own paragraph. */
  text: string;
  /** Footnotes in text order; `at` is the offset in `text` where the mark stood. */
  footnotes: Footnote[];
  /** Non-fatal problems (footnote marks without text, empty result …). */
  warnings: string[];
};

/**
 * Turns a loader's raw text into clean text. The steps, in order:
 * normalize (NFC, spaces) -> Markdown markup -> page numbers and running
 * headers -> layout (wrapped or paragraphs) -> decorative rules -> bullets
 * -> run-in headings -> footnotes -> line unwrapping -> whitespace.
 * Footnote positions ride along as anchors (anchor-offsets.ts) so `at` is
 * exact in the final text. Pure; never throws on any string.
 */
export function cleanText(raw: string, options: { format: SourceFormat }): CleanText {
  const warnings: string[] = [];
  let text = separatePages(normalizeText(raw));
  // PDF and OCR text is laid out by the page, never written in Markdown.
  if (options.format !== "pdf" && options.format !== "image" && looksLikeMarkdown(text)) text = stripMarkdown(text);
  text = removeRunningHeaders(removePageNumbers(text));
  const layout = detectLayout(text, { format: options.format });
  if (layout.doubleSpaced) text = collapseDoubleSpacing(text);
  // After the collapse, so that the blank line a rule leaves behind still ends a title.
  text = splitRunInHeadings(normalizeBullets(removeRuleLines(text)));

  const extracted = extractFootnotes(text, { layout: layout.kind, typicalLineLength: layout.typicalLineLength });
  warnings.push(...extracted.warnings);
  let body = insertAnchors(extracted.text, extracted.footnotes.map((footnote) => footnote.at));
  if (body.includes("\f")) body = body.replace(/\n?\f\n?/gu, "\n");
  body = unwrapLines(body, {
    layout: layout.kind,
    typicalLineLength: layout.typicalLineLength,
    // Only consulted for a plain Latin letter, then a hyphen, at a line end ("manage-" + "ment");
    // collecting it costs time on long texts. (The lookbehind after the "-" keeps the scan fast.)
    vocabulary: /-(?<=[a-z][\ue000-\uf8ff]*-)[ \t]*\n/u.test(body) ? collectVocabulary(body) : undefined,
  });
  // Joins and removals can leave a combining mark next to a new base letter; anchors do not compose.
  const anchored = takeAnchors(tidyWhitespace(body).normalize("NFC"));
  const { offsets } = anchored;
  let clean = anchored.text;
  // Only an anchor between a letter and a stray combining mark gets here; offsets may then shift by a character.
  // Without anchors the text is the NFC form above already.
  if (offsets.size > 0 && clean !== clean.normalize("NFC")) clean = clean.normalize("NFC");

  const footnotes = extracted.footnotes
    .map((footnote, index) => ({ ...footnote, text: footnote.text.normalize("NFC"), at: Math.min(offsets.get(index) ?? clean.length, clean.length) }))
    .filter((footnote) => footnote.text !== "")
    .sort((a, b) => a.at - b.at);
  if (clean === "") warnings.push("no text left after cleaning");
  return { text: clean, footnotes, warnings };
}

/** Puts every page break on a line of its own ("\n\f\n") so line-based steps see page edges. */
function separatePages(text: string): string {
  // The pattern opens with optional parts, so it is tried at every position: skip texts without pages.
  if (!text.includes("\f")) return text;
  return text.replace(/[ \t]*\n?[ \t]*\f[ \t]*\n?/gu, "\n\f\n");
}
