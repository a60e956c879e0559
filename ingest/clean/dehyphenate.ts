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
/** Characters of a paragraph's end that decide a join (a broken word is far shorter). */
const END_CHARS = 128;

/** Joins `left` and `right` across a removed line break. */
export function joinAcrossLineBreak(left: string, right: string, options: JoinOptions = {}): string {
  const paragraph = new ParagraphBuilder(options);
  paragraph.append(left);
  paragraph.append(right);
  return paragraph.toString();
}

/**
 * A paragraph built line by line with the rules of joinAcrossLineBreak. The
 * lines are kept as pieces and only the paragraph's last characters are read
 * to decide a join: joining each line onto one growing string would copy the
 * paragraph at every line (a text of a million short lines is one paragraph).
 */
export class ParagraphBuilder {
  private readonly pieces: string[] = [];

  constructor(private readonly options: JoinOptions = {}) {}

  get isEmpty(): boolean {
    return this.pieces.length === 0;
  }

  /** Adds a line: the first as it is, the next ones across a removed line break. */
  append(line: string): void {
    if (this.pieces.length === 0) {
      this.pieces.push(line);
      return;
    }
    this.trimSpacesAndTabsEnd();
    const tail = line.replace(/^[ \t]+/u, "");
    if (this.pieces.length === 0 || tail === "") {
      if (tail !== "") this.pieces.push(tail);
      return;
    }
    const join = decideJoin(this.lastCharacters(), tail, this.options);
    if (join.dropHyphen) {
      const last = this.pieces.length - 1;
      this.pieces[last] = this.pieces[last]!.slice(0, -1);
    }
    this.pieces.push(join.separator + tail);
  }

  /** True when the paragraph ends with a hyphen glued to a word or number (white space aside). */
  endsWithGluedHyphen(): boolean {
    return GLUED_HYPHEN_END.test(this.lastCharacters().trimEnd());
  }

  toString(): string {
    return this.pieces.join("");
  }

  /** The paragraph's last END_CHARS characters, from as many pieces as needed. */
  private lastCharacters(): string {
    let collected = "";
    for (let index = this.pieces.length - 1; index >= 0 && collected.length < END_CHARS; index--) {
      const piece = this.pieces[index]!;
      collected = (piece.length > END_CHARS ? piece.slice(-END_CHARS) : piece) + collected;
    }
    return collected.length > END_CHARS ? collected.slice(-END_CHARS) : collected;
  }

  /** Drops the spaces and tabs at the paragraph's end (left.replace(/[ \t]+$/u, "")). */
  private trimSpacesAndTabsEnd(): void {
    while (this.pieces.length > 0) {
      const last = this.pieces.length - 1;
      const trimmed = trimSpacesAndTabsEnd(this.pieces[last]!);
      if (trimmed !== "") {
        this.pieces[last] = trimmed;
        return;
      }
      this.pieces.pop();
    }
  }
}

/** How two lines join, from the left one's last characters (without trailing spaces) and the right one (without leading ones). */
function decideJoin(headEnd: string, tail: string, options: JoinOptions): { dropHyphen: boolean; separator: "" | " " } {
  if (headEnd.endsWith("-") && GLUED_HYPHEN_END.test(headEnd) && /^[\p{L}\p{N}]/u.test(tail)) {
    const leftPiece = /([\p{L}]+)-$/u.exec(stripAnchors(headEnd))?.[1] ?? "";
    const rightPiece = /^([\p{L}]+)/u.exec(tail)?.[1] ?? "";
    return { dropHyphen: isBrokenWord(leftPiece, rightPiece, options.vocabulary), separator: "" };
  }
  // "phản ánh/" + "dư luận", "thực hiện/" + "sửa đổi": the slash binds both sides.
  if (headEnd.endsWith("/") && GLUED_SLASH_END.test(headEnd) && /^[\p{L}\p{N}]/u.test(tail)) return { dropHyphen: false, separator: "" };
  return { dropHyphen: false, separator: " " };
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
  const result: ParagraphBuilder[] = [];
  for (const line of text.split("\n")) {
    const previous = result.at(-1);
    if (previous !== undefined && previous.endsWithGluedHyphen() && /^[ \t]*[\p{L}\p{N}]/u.test(line)) {
      previous.append(line);
    } else {
      const paragraph = new ParagraphBuilder({ vocabulary });
      paragraph.append(line);
      result.push(paragraph);
    }
  }
  return result.map((paragraph) => paragraph.toString()).join("\n");
}
