import type { SourceFormat } from "../../core/types.js";

/**
 * How the raw text breaks its lines, which decides what a newline means:
 * - "wrapped": lines were broken at a fixed width (PDF text, pdftotext
 *   output). A newline is usually just a wrap; paragraphs must be rebuilt.
 * - "paragraphs": one paragraph per line (DOCX, HTML, Markdown, most .txt).
 *   A newline is a paragraph break.
 * Some extractors write a wrapped text with a blank line after every line
 * ("doubleSpaced"); those blank lines say nothing about paragraphs.
 */
export type TextLayout = {
  kind: "wrapped" | "paragraphs";
  doubleSpaced: boolean;
  /** A full line's length in characters (75th percentile), used to tell a paragraph's short last line. */
  typicalLineLength: number;
};

const MIN_LINES = 8;
/** Wrapped lines rarely exceed this; paragraph lines often do. */
const MAX_WRAPPED_LENGTH = 140;

export function detectLayout(text: string, options: { format: SourceFormat }): TextLayout {
  const lines = text.split("\n");
  // A typed array sorts numbers without a comparator call per step.
  const lengths = Int32Array.from(lines, (line) => line.trim().length)
    .filter((length) => length > 0)
    .sort();
  const median = quantile(lengths, 0.5);
  const upper = quantile(lengths, 0.9);
  const typicalLineLength = Math.max(quantile(lengths, 0.75), 1);
  // Wrapped text has lines of nearly equal length; paragraph text has a long tail.
  const evenLengths = upper <= MAX_WRAPPED_LENGTH && upper <= 1.35 * median;
  const wrapped = lengths.length >= MIN_LINES ? evenLengths : options.format === "pdf" || options.format === "image";
  return { kind: wrapped ? "wrapped" : "paragraphs", doubleSpaced: wrapped && isDoubleSpaced(lines), typicalLineLength };
}

/** True when most consecutive text lines are separated by exactly one blank line. */
function isDoubleSpaced(lines: readonly string[]): boolean {
  let transitions = 0;
  let oneBlank = 0;
  let blanks = -1;
  for (const line of lines) {
    if (line.trim() === "" && line !== "\f") {
      if (blanks >= 0) blanks++;
      continue;
    }
    if (blanks >= 0) {
      transitions++;
      if (blanks === 1) oneBlank++;
    }
    blanks = 0;
  }
  return transitions > 0 && oneBlank / transitions >= 0.6;
}

/** Drops the blank lines of a double-spaced text, keeping page breaks. */
export function collapseDoubleSpacing(text: string): string {
  return text
    .split("\n")
    .filter((line) => line === "\f" || line.trim() !== "")
    .join("\n");
}

function quantile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.floor(fraction * (sorted.length - 1))] ?? 0;
}
