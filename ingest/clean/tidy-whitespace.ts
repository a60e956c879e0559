/**
 * Last step: one space between words, no spaces at line ends, at most one
 * blank line between paragraphs, nothing before the first or after the last
 * character. Tabs (table cells) become spaces here, after the line steps
 * have used them.
 */
export function tidyWhitespace(text: string): string {
  return text
    .replace(/[\t\f]/gu, " ")
    // On the whole text rather than per line: a run of spaces never spans a line break.
    .replace(/ {2,}/gu, " ")
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .replace(/\n{3,}/gu, "\n\n")
    .trim();
}
