/**
 * Decorative rules under titles and signatures ("––––––––––", "_______",
 * "=====") are drawn with dash or underscore characters. They carry no words
 * but they do mark the end of a title, so a rule ends the line it stands on.
 * Dotted leaders ("Số: ……/QĐ") are placeholders for missing text and stay.
 */
const RULE_RUN = /[-–—_=─━]{4,}/gu;
/**
 * Four rule characters, which every rule has: a cheap test before RULE_RUN. Spelled out because
 * V8 scans "[…]{4}" position by position, but skips ahead on four explicit classes (about 20
 * times faster).
 */
const RULE_CHARACTERS = /[-–—_=─━][-–—_=─━][-–—_=─━][-–—_=─━]/u;

export function removeRuleLines(text: string): string {
  if (!RULE_CHARACTERS.test(text)) return text;
  return text
    .split("\n")
    .map((line) => (RULE_CHARACTERS.test(line) ? replaceRules(line) : line))
    .join("\n");
}

/**
 * Each rule with the spaces and tabs around it becomes a line end when it ends the line, a
 * space otherwise ("Họ tên: ____ " is a gap). The spaces are taken by hand: a pattern opening
 * with "[ \t]*" is tried from every space of a line, and a long run of spaces before anything
 * but a rule would make that quadratic.
 */
function replaceRules(line: string): string {
  const pieces: string[] = [];
  let cursor = 0;
  for (const match of line.matchAll(RULE_RUN)) {
    let start = match.index;
    while (start > cursor && isSpaceOrTab(line[start - 1])) start--;
    let end = match.index + match[0].length;
    while (end < line.length && isSpaceOrTab(line[end])) end++;
    pieces.push(line.slice(cursor, start), end >= line.length ? "\n" : " ");
    cursor = end;
  }
  if (cursor === 0) return line;
  pieces.push(line.slice(cursor));
  return pieces.join("");
}

function isSpaceOrTab(character: string | undefined): boolean {
  return character === " " || character === "\t";
}
