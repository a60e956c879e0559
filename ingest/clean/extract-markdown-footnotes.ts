import type { Footnote } from "../../core/types.js";
import { insertAnchors, stripAnchors, takeAnchors } from "./anchor-offsets.js";

/**
 * Footnotes in Markdown form, as the DOCX loader writes them: an inline mark
 * `[^1]` and a definition line `[^1]: text` (indented lines continue it).
 * Definitions are taken out; marks are removed and their position becomes
 * the footnote's `at` (offset in the returned text).
 */
export type FootnoteExtraction = { text: string; footnotes: Footnote[]; warnings: string[] };

const DEFINITION = /^[ \t]{0,3}\[\^([^\]\s]+)\]:[ \t]*(.*)$/u;
// A label stops at the next bracket: a scan from every "[^" to the line end would make "[^[^[^…" quadratic.
const REFERENCE = /\[\^([^[\]\s]+)\](?!:)/gu;

export function extractMarkdownFootnotes(text: string): FootnoteExtraction {
  // No "[^": no definitions and no marks; the steps below would only take out stray anchors.
  if (!text.includes("[^")) return { text: stripAnchors(text), footnotes: [], warnings: [] };
  const { body, definitions } = takeDefinitions(text);
  const warnings: string[] = [];
  const footnotes: Array<{ mark: string; text: string }> = [];
  const markOffsets: number[] = [];
  const seen = new Set<string>();
  let withoutMarks = "";
  let cursor = 0;
  for (const match of body.matchAll(REFERENCE)) {
    const label = match[1] ?? "";
    withoutMarks += body.slice(cursor, match.index);
    cursor = match.index + match[0].length;
    const definition = definitions.get(label);
    if (definition === undefined) {
      warnings.push(`footnote mark [^${label}] has no footnote text`);
      continue;
    }
    // A second reference to the same note is only a cross-reference: removed, not duplicated.
    if (seen.has(label)) continue;
    seen.add(label);
    footnotes.push({ mark: label, text: definition });
    markOffsets.push(withoutMarks.length);
  }
  withoutMarks += body.slice(cursor);
  for (const [label, definition] of definitions) {
    if (seen.has(label)) continue;
    warnings.push(`footnote [^${label}] is never referenced in the text`);
    footnotes.push({ mark: label, text: definition });
    markOffsets.push(withoutMarks.trimEnd().length);
  }
  const anchored = takeAnchors(insertAnchors(withoutMarks, markOffsets));
  return {
    text: anchored.text,
    footnotes: footnotes.map((footnote, index) => ({ ...footnote, at: anchored.offsets.get(index) ?? 0 })),
    warnings,
  };
}

/** Splits definition blocks off the text; continuation lines are indented or follow directly. */
function takeDefinitions(text: string): { body: string; definitions: Map<string, string> } {
  const definitions = new Map<string, string>();
  const kept: string[] = [];
  let current: { label: string; parts: string[] } | null = null;
  const close = (): void => {
    if (current && !definitions.has(current.label)) definitions.set(current.label, current.parts.join(" ").replace(/\s+/gu, " ").trim());
    current = null;
  };
  for (const line of text.split("\n")) {
    const definition = DEFINITION.exec(line);
    if (definition) {
      close();
      current = { label: definition[1] ?? "", parts: [definition[2] ?? ""] };
      continue;
    }
    if (current && line.trim() !== "" && (/^(?:[ \t]{2,}|\t)/u.test(line) || current.parts.length > 0)) {
      current.parts.push(line.trim());
      continue;
    }
    close();
    kept.push(line);
  }
  close();
  return { body: kept.join("\n"), definitions };
}
