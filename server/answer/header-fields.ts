import type { Span } from "../../core/sentences.js";
import type { ArchiveDocument } from "../../core/types.js";
import { foldDiacritics } from "../../core/vietnamese.js";
import type { MetadataField } from "../retrieve/analyze-query.js";

/** How far into a document its header block (number, place and date, issuer) is looked for. */
const HEADER_REACH = 2500;

/**
 * A header field of a document with the line of its clean text that prints
 * it, so an answer from the header is quoted and highlighted like any other.
 * Undefined when the header has no such field (a draft with a blank number).
 */
export function locateHeaderField(document: ArchiveDocument, field: MetadataField): { value: string; span: Span } | undefined {
  const meta = document.meta;
  const text = document.text;
  const bodyEnd = document.notesStart ?? text.length;
  switch (field) {
    case "number": {
      if (!meta.number) return undefined;
      return { value: meta.number, span: lineAround(text, findFolded(text, meta.number, 0, Math.min(bodyEnd, HEADER_REACH)) ?? firstLine(text)) };
    }
    case "date": {
      if (!meta.date) return undefined;
      const [year, month, day] = meta.date.split("-");
      const value = day ? `${Number(day)}/${Number(month)}/${year}` : `${Number(month)}/${year}`;
      const head = text.slice(0, Math.min(bodyEnd, HEADER_REACH));
      const line = /ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|ngày\s+\d{1,2}[/.-]\d{1,2}[/.-]\d{4}/iu.exec(head);
      // The date as the document prints it too, so the answer holds both forms.
      const written = line ? line[0].replace(/\s+/gu, " ") : undefined;
      return { value: written ? `${value} (${written})` : value, span: lineAround(text, line ? line.index : firstLine(text)) };
    }
    case "signer": {
      if (!meta.signer) return undefined;
      // The signature block ends the body: the last mention is the signature.
      const at = findFolded(text, meta.signer, 0, bodyEnd, { last: true });
      return { value: meta.signer, span: lineAround(text, at ?? firstLine(text)) };
    }
    case "issuer": {
      if (!meta.issuer) return undefined;
      const head = Math.min(bodyEnd, HEADER_REACH);
      const firstWord = meta.issuer.split(/\s+/u).find((word) => word.length > 2) ?? meta.issuer;
      return { value: meta.issuer, span: lineAround(text, findFolded(text, firstWord, 0, head) ?? firstLine(text)) };
    }
  }
}

function firstLine(text: string): number {
  const at = text.search(/\S/u);
  return at < 0 ? 0 : at;
}

/** The whole line that holds `offset`. */
function lineAround(text: string, offset: number): Span {
  const start = text.lastIndexOf("\n", Math.max(0, offset - 1)) + 1;
  const newline = text.indexOf("\n", offset);
  const end = newline === -1 ? text.length : newline;
  return { start: Math.min(start, offset), end: Math.max(end, Math.min(text.length, offset + 1)) };
}

/** Offset of `needle` in text[from, to), compared without diacritics or case (folding keeps lengths). */
function findFolded(text: string, needle: string, from: number, to: number, options: { last?: boolean } = {}): number | undefined {
  const haystack = foldDiacritics(text.slice(from, to)).toLowerCase();
  const key = foldDiacritics(needle).toLowerCase().replace(/\s+/gu, " ").trim();
  if (!key) return undefined;
  const at = options.last ? haystack.lastIndexOf(key) : haystack.indexOf(key);
  return at < 0 ? undefined : from + at;
}
