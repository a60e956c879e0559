/**
 * Decorative rules under titles and signatures ("––––––––––", "_______",
 * "=====") are drawn with dash or underscore characters. They carry no words
 * but they do mark the end of a title, so a rule ends the line it stands on.
 * Dotted leaders ("Số: ……/QĐ") are placeholders for missing text and stay.
 */
const RULE = /[ \t]*[-–—_=─━]{4,}[ \t]*/gu;
/**
 * Four rule characters, which every rule has: a cheap test before RULE, which opens with
 * "[ \t]*" and so is tried at every position. Spelled out because V8 scans "[…]{4}" position
 * by position too, but skips ahead on four explicit classes (about 20 times faster).
 */
const RULE_CHARACTERS = /[-–—_=─━][-–—_=─━][-–—_=─━][-–—_=─━]/u;

export function removeRuleLines(text: string): string {
  if (!RULE_CHARACTERS.test(text)) return text;
  return text
    .split("\n")
    .map((line) => {
      if (!RULE_CHARACTERS.test(line) || !RULE.test(line)) return line;
      RULE.lastIndex = 0;
      // A rule at the end of a line ends it; one inside a line ("Họ tên: ____ ") is a gap.
      return line.replace(RULE, (match, offset: number) => (offset + match.length >= line.length ? "\n" : " "));
    })
    .join("\n");
}
