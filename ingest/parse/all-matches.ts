/**
 * The matches of a global pattern in a text, as `text.matchAll(pattern)`
 * gives them. `matchAll` clones the pattern on every call, which costs about
 * as much as the search itself on a clause-sized text; the parsers run their
 * patterns on every clause, so they share the pattern instead. The pattern
 * must have the "g" flag; its `lastIndex` is back at 0 afterwards.
 */
export function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    matches.push(match);
    // As matchAll does, step over an empty match (by a whole code point in unicode mode).
    if (match[0] === "") pattern.lastIndex += pattern.unicode && (text.codePointAt(pattern.lastIndex) ?? 0) > 0xffff ? 2 : 1;
  }
  return matches;
}
