import { stripAnchors } from "./anchor-offsets.js";

/**
 * Joining two pieces of a line broken by the layout. Vietnamese writes one
 * syllable per word and almost never hyphenates across lines; a hyphen at a
 * line end is nearly always part of a code or range that happened to wrap
 * ("1436/QĐ-" + "SNV", "2021-" + "2030", "Kế hoạch 30/KH-" + "UBND"). So the
 * hyphen is kept and the pieces are glued without a space. The hyphen is
 * dropped only for a foreign word broken in two whose unbroken form appears
 * elsewhere in the same document ("manage-" + "ment" when "management" is used).
 */
export type JoinOptions = {
  /** Lower-case words of the document, to recognise a word broken by a line-break hyphen. */
  vocabulary?: ReadonlySet<string>;
};

const GLUED_HYPHEN_END = /[\p{L}\p{N}][\ue000-\uf8ff]*-$/u;
const GLUED_SLASH_END = /[\p{L}\p{N}][\ue000-\uf8ff]*\/$/u;

/** Joins `left` and `right` across a removed line break. */
export function joinAcrossLineBreak(left: string, right: string, options: JoinOptions = {}): string {
  // `left` is a whole paragraph built so far: its end is read without patterns that scan it all.
  const head = trimSpacesAndTabsEnd(left);
  const tail = right.replace(/^[ \t]+/u, "");
  if (head === "") return tail;
  if (tail === "") return head;
  if (head.endsWith("-") && GLUED_HYPHEN_END.test(head) && /^[\p{L}\p{N}]/u.test(tail)) {
    const leftPiece = /([\p{L}]+)-$/u.exec(stripAnchors(head))?.[1] ?? "";
    const rightPiece = /^([\p{L}]+)/u.exec(tail)?.[1] ?? "";
    return isBrokenWord(leftPiece, rightPiece, options.vocabulary) ? head.slice(0, -1) + tail : head + tail;
  }
  // "phản ánh/" + "dư luận", "thực hiện/" + "sửa đổi": the slash binds both sides.
  if (head.endsWith("/") && GLUED_SLASH_END.test(head) && /^[\p{L}\p{N}]/u.test(tail)) return head + tail;
  return `${head} ${tail}`;
}

/** left.replace(/[ \t]+$/u, ""), found from the end. */
function trimSpacesAndTabsEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  return end === text.length ? text : text.slice(0, end);
}

function isBrokenWord(leftPiece: string, rightPiece: string, vocabulary: ReadonlySet<string> | undefined): boolean {
  if (!vocabulary || leftPiece === "" || rightPiece === "") return false;
  // Only plain lower-case Latin pieces: Vietnamese syllables are never split.
  if (!/^[a-z]+$/u.test(leftPiece) || !/^[a-z]+$/u.test(rightPiece)) return false;
  return vocabulary.has(leftPiece + rightPiece) && !vocabulary.has(`${leftPiece}-${rightPiece}`);
}

/** The lower-case words of a text, hyphenated compounds included, for joinAcrossLineBreak. */
export function collectVocabulary(text: string): Set<string> {
  const words = new Set<string>();
  for (const match of stripAnchors(text).matchAll(/[\p{L}]+(?:-[\p{L}]+)*/gu)) words.add(match[0].toLowerCase());
  return words;
}

/**
 * Joins every line that ends with a hyphen glued to a word or number onto the
 * next line, as joinAcrossLineBreak does. Other line breaks stay.
 */
export function dehyphenate(text: string, options: JoinOptions = {}): string {
  const vocabulary = options.vocabulary ?? collectVocabulary(text);
  const lines = text.split("\n");
  const result: string[] = [];
  for (const line of lines) {
    const previous = result.at(-1);
    if (previous !== undefined && GLUED_HYPHEN_END.test(previous.trimEnd()) && /^[ \t]*[\p{L}\p{N}]/u.test(line)) {
      result[result.length - 1] = joinAcrossLineBreak(previous, line, { vocabulary });
    } else {
      result.push(line);
    }
  }
  return result.join("\n");
}
