/**
 * Markdown markup removal for text that arrives as Markdown (.md files,
 * loaders that emit Markdown). The words stay; the markup goes. Footnote
 * syntax (`[^1]`, `[^1]: text`) is left for extractFootnotes.
 *
 * Emphasis markers are removed only when they hug a run of text
 * (`**THÔNG BÁO**`, `*Bắc Giang, ngày …*`), so a lone `*` with spaces around
 * it ("5 * 3") stays.
 */

/**
 * Each signal with a string it cannot match without: most texts have none of
 * them, and a pattern opening with "(^|…)" is tried at every position.
 */
const MARKDOWN_SIGNALS: ReadonlyArray<{ needs: string; pattern: RegExp }> = [
  { needs: "**", pattern: /(^|[^\\*])\*\*[^\s*][^\n]*?\*\*/mu },
  { needs: "__", pattern: /(^|[^\\_])__[^\s_][^\n]*?__/mu },
  { needs: "#", pattern: /^#{1,6}[ \t]+\S/mu },
  // Labels and targets stop at the next bracket: from every "[" a scan to the line end would make a line of brackets quadratic.
  { needs: "](", pattern: /\[[^[\]\n]+\]\((?:[^()\s]|\([^()\s]*\))+\)/u },
  { needs: "[^", pattern: /\[\^[^[\]\s]+\]/u },
  { needs: "*", pattern: /(^|[\s(])\*[^\s*][^*\n]*[^\s*\\]\*(?=$|[\s).,;:!?])/mu },
];

/** True when the text carries Markdown markup worth stripping. */
export function looksLikeMarkdown(text: string): boolean {
  return MARKDOWN_SIGNALS.some((signal) => text.includes(signal.needs) && signal.pattern.test(text));
}

/** Removes Markdown markup, keeping the words and the line structure. */
export function stripMarkdown(text: string): string {
  const lines = text.split("\n").map(stripBlockMarkup).filter((line): line is string => line !== null);
  return stripInlineMarkup(lines.join("\n"));
}

/** Line-level markup: headings, quotes, rules, list markers, table rows. Null drops the line. */
function stripBlockMarkup(line: string): string | null {
  // Horizontal rules and table separator rows carry no words.
  if (/^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$/u.test(line)) return "";
  if (/^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$/u.test(line)) return null;
  let result = line.replace(/^[ \t]*(>[ \t]?)+/u, "");
  if (/^[ \t]{0,3}#{1,6}[ \t]+/u.test(result)) {
    result = dropClosingHashes(result.replace(/^[ \t]{0,3}#{1,6}[ \t]+/u, ""));
  }
  // "  - + LĐVP …": a Markdown list item whose text is itself a bullet keeps only the inner bullet.
  result = result.replace(/^[ \t]*[-*+][ \t]+(?=[-+•–][ \t])/u, "");
  result = result.replace(/^[ \t]*[*+][ \t]+/u, (match) => (match.includes("+") ? "+ " : "- "));
  result = result.replace(/^[ \t]+(?=[-+][ \t])/u, "");
  // Table rows: drop the outer pipes, keep the cells.
  if (/^[ \t]*\|.*\|[ \t]*$/u.test(result)) {
    result = result.trim().slice(1, -1).split("|").map((cell) => cell.trim()).join("\t");
  }
  // A hard line break ("two trailing spaces" or a backslash) is still a line break.
  return dropHardBreak(result);
}

/** result.replace(/(?:[ \t]{2,}|\\)$/u, ""), read from the end (the pattern is tried at every space of the line). */
function dropHardBreak(line: string): string {
  if (line.endsWith("\\")) return line.slice(0, -1);
  let end = line.length;
  while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end--;
  return line.length - end >= 2 ? line.slice(0, end) : line;
}

/** line.replace(/[ \t]+#+[ \t]*$/u, ""): a heading's closing hashes, read from the end. */
function dropClosingHashes(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end--;
  const hashesEnd = end;
  while (end > 0 && line[end - 1] === "#") end--;
  if (end === hashesEnd) return line;
  const hashesStart = end;
  while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end--;
  return end === hashesStart ? line : line.slice(0, end);
}

function stripInlineMarkup(text: string): string {
  return (
    text
      // Images keep their alt text, links keep their label.
      // (Labels stop at the next bracket, as in MARKDOWN_SIGNALS; a target may hold one level of
      // parentheses, "javascript:alert(1)" or a Wikipedia address, and is dropped whole.)
      .replace(/!\[([^[\]\n]*)\]\((?:[^()\n]|\([^()\n]*\))*\)/gu, "$1")
      .replace(/\[([^[\]\n^][^[\]\n]*)\]\((?:[^()\n]|\([^()\n]*\))*\)/gu, "$1")
      .replace(/<sup>\s*(\d{1,3})\s*<\/sup>/giu, (_match, digits: string) => toSuperscript(digits))
      .replace(/<\/?(?:u|b|i|em|strong|span|sub|sup|mark|small)\b[^<>\n]*>/giu, "")
      .replace(/<br\s*\/?>/giu, "\n")
      .replace(/`([^`\n]+)`/gu, "$1")
      // Emphasis, strongest first so "***x***" does not leave stray stars.
      // Markers must sit at word edges: "**Kết luận**" goes, "2**3**4" stays.
      .replace(/(?<![\\*\p{L}\p{N}])\*\*\*(?=\S)([^*]+?)(?<=\S)\*\*\*(?![*\p{L}\p{N}])/gu, "$1")
      .replace(/(?<![\\*\p{L}\p{N}])\*\*(?=\S)((?:[^*\n]|\n(?![ \t]*\n)|\*(?!\*))+?)(?<=\S)\*\*(?![*\p{L}\p{N}])/gu, "$1")
      .replace(/(?<![\\_\p{L}\p{N}])__(?=\S)([^_]+?)(?<=\S)__(?![_\p{L}\p{N}])/gu, "$1")
      .replace(/(?<![\\*\p{L}\p{N}])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*\\])\*(?![*\p{L}\p{N}])/gu, "$1")
      .replace(/(?<![\\_\p{L}\p{N}])_(?=[^\s_])([^_\n]+?)(?<=[^\s_\\])_(?![_\p{L}\p{N}])/gu, "$1")
      .replace(/~~(?=\S)([^~\n]+?)(?<=\S)~~/gu, "$1")
      .replace(/\\([\\`*_{}[\]()#+\-.!>~|])/gu, "$1")
  );
}

const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

function toSuperscript(digits: string): string {
  return [...digits].map((digit) => SUPERSCRIPT_DIGITS[Number(digit)] ?? digit).join("");
}
