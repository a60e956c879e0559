/**
 * Bullets come as "•", "●", "▪", "–", "" (mapped to "•" by normalizeText) or
 * "-" depending on the producer; the same document extracted two ways must
 * read the same, so every line-start bullet becomes "- ". "+" (the usual
 * second-level bullet in Vietnamese documents) stays as it is.
 */
export function normalizeBullets(text: string): string {
  return text.replace(/^([ \t]*)[•●▪◦○■□►➢✓–—][ \t]+/gmu, "$1- ");
}
