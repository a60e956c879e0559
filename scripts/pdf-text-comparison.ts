/**
 * Pure parts of the poppler comparison (scripts/compare-pdf-text.ts): which
 * lines of `pdftotext -layout` Vanban's text lacks, word by word and ignoring
 * layout, and whether the header block (number, place and date, issuer) that
 * parse-header reads from each text agrees.
 */
import type { DocumentMeta } from "../core/types.js";
import { cleanText } from "../ingest/clean/clean-text.js";
import { repairVietnameseLetters } from "../ingest/load/pdf-page-text.js";
import { parseHeader } from "../ingest/parse/parse-header.js";

/** Words of a text: runs of letters and digits, NFC, lower case. */
export function tokenize(text: string): string[] {
  return repairVietnameseLetters(text.normalize("NFC")).toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

export type MissingLine = { line: number; text: string; missing: string[] };

/**
 * Lines of `reference` holding words that `candidate` lacks. Each word of the
 * candidate text can account for one occurrence in the reference, so a word
 * printed twice by poppler and once by Vanban marks the second line that has it.
 * Layout does not matter: only how many times each word occurs.
 */
export function findMissingLines(reference: string, candidate: string): { lines: MissingLine[]; words: number; missingWords: number } {
  const available = new Map<string, number>();
  for (const word of tokenize(candidate)) available.set(word, (available.get(word) ?? 0) + 1);
  const lines: MissingLine[] = [];
  let words = 0;
  let missingWords = 0;
  reference.split("\n").forEach((text, index) => {
    const missing: string[] = [];
    for (const word of tokenize(text)) {
      words++;
      const left = available.get(word) ?? 0;
      if (left > 0) available.set(word, left - 1);
      else missing.push(word);
    }
    missingWords += missing.length;
    if (missing.length > 0) lines.push({ line: index + 1, text: text.trim().replace(/\s{2,}/gu, "  "), missing });
  });
  return { lines, words, missingWords };
}

/**
 * `pdftotext -layout` prints the two columns of a header on one line
 * ("Số: 12/UBND-TH          Lào Cai, ngày 5 tháng 3 năm 2026"). Wide gaps
 * become paragraph breaks so each column's piece is a line of its own, as
 * the header parser expects; the page breaks stay.
 */
export function splitLayoutColumns(text: string): string {
  return text
    .split("\n")
    // A blank line between the pieces, so the cleaner does not join a piece ending in "-" with the next column's.
    .map((line) => line.trim().split(/\s{3,}/u).join("\n\n"))
    .join("\n");
}

export type HeaderBlock = Pick<DocumentMeta, "number" | "date" | "place" | "issuer">;
export const HEADER_FIELDS = ["number", "date", "place", "issuer"] as const;

/** The header block parse-header reads from a loader's raw PDF text, cleaned the way the pipeline cleans it. */
export function readHeaderBlock(raw: string): HeaderBlock {
  const meta = parseHeader(cleanText(repairVietnameseLetters(raw), { format: "pdf" }).text);
  return { number: meta.number, date: meta.date, place: meta.place, issuer: meta.issuer };
}

export type FieldComparison = { field: (typeof HEADER_FIELDS)[number]; poppler?: string; vanban?: string; verdict: "match" | "differs" | "poppler-none" };

/**
 * Field by field; a field poppler does not read either (or reads from a text
 * layer that is garbage: `popplerTrusted` false) cannot be held against Vanban.
 */
export function compareHeaderBlocks(poppler: HeaderBlock, vanban: HeaderBlock, options: { popplerTrusted?: boolean } = {}): FieldComparison[] {
  return HEADER_FIELDS.map((field) => {
    const popplerValue = options.popplerTrusted === false ? undefined : poppler[field] || undefined;
    const vanbanValue = vanban[field] || undefined;
    const verdict = popplerValue === undefined ? "poppler-none" : comparable(popplerValue) === comparable(vanbanValue ?? "") ? "match" : "differs";
    return { field, ...(popplerValue ? { poppler: popplerValue } : {}), ...(vanbanValue ? { vanban: vanbanValue } : {}), verdict };
  });
}

/** Case and spacing differences ("4378 /SCT - CN" read as "4378/SCT-CN" either way) do not count. */
function comparable(value: string): string {
  return value.normalize("NFC").toLowerCase().replace(/\s+/gu, "");
}
