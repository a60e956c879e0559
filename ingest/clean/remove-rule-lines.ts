/**
 * Decorative rules under titles and signatures ("––––––––––", "_______",
 * "=====") are drawn with dash or underscore characters. They carry no words
 * but they do mark the end of a title, so a rule ends the line it stands on.
 * Dotted leaders ("Số: ……/QĐ") are placeholders for missing text and stay.
 */
const RULE = /[ \t]*[-–—_=─━]{4,}[ \t]*/gu;

export function removeRuleLines(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      if (!RULE.test(line)) return line;
      RULE.lastIndex = 0;
      // A rule at the end of a line ends it; one inside a line ("Họ tên: ____ ") is a gap.
      return line.replace(RULE, (match, offset: number) => (offset + match.length >= line.length ? "\n" : " "));
    })
    .join("\n");
}
