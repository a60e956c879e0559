import type { Footnote } from "../../core/types.js";
import { ANCHOR_PATTERN, anchorCharacter, insertAnchors, stripAnchors, takeAnchors } from "./anchor-offsets.js";
import { countWordBigrams, listWords, wordKey, type WordBigrams, type WordList } from "./count-word-bigrams.js";
import { joinAcrossLineBreak } from "./dehyphenate.js";
import { extractMarkdownFootnotes, type FootnoteExtraction } from "./extract-markdown-footnotes.js";
import {
  endsSentence,
  isListItemStart,
  isNumeralWord,
  readItemMarker,
  startsWithUpperCase,
} from "./line-patterns.js";

export type { FootnoteExtraction } from "./extract-markdown-footnotes.js";

/**
 * Takes footnotes out of the running text: Markdown footnotes (`[^1]`) and
 * printed ones, whose mark is a number glued to a word ("nội vụ1",
 * "năm 20242", "bồi dưỡng¹") and whose text is a block starting with the
 * same number ("1 nổi bật là: …", "¹ gồm: …").
 *
 * Text extraction puts a printed footnote block wherever the page broke, often
 * in the middle of a sentence: "tháo gỡ các tồn tại, [1 nổi bật là: … trên
 * địa bàn tỉnh …] hạn chế trong lĩnh vực nội vụ". Where the block ends is not
 * marked, so candidate ends are scored:
 * - when the body was cut mid-sentence, the word where it resumes should
 *   follow the body's last word the way the same document writes it
 *   elsewhere ("tồn tại, hạn chế", "cấp xã"; see count-word-bigrams.ts),
 *   better than it follows the footnote's last word;
 * - when the body had ended a sentence, it resumes at the first line that
 *   starts a new sentence or item after a footnote line that ended one.
 *
 * A number is only taken for a mark when a footnote block with that number
 * follows it, and a bare number only starts a block when a mark with that
 * number precedes it and the block's end is convincing. So "năm 2024",
 * "Điều 5", "19.121" or "99,0%" stay as they are.
 */
export type ExtractFootnotesOptions = {
  /** "wrapped": fixed-width lines (PDF); "paragraphs": one paragraph per line. */
  layout: "wrapped" | "paragraphs";
  /** Length of a full wrapped line, to tell the short last line of a paragraph. */
  typicalLineLength: number;
};

export function extractFootnotes(text: string, options: ExtractFootnotesOptions): FootnoteExtraction {
  const markdown = extractMarkdownFootnotes(text);
  const anchored = insertAnchors(markdown.text, markdown.footnotes.map((footnote) => footnote.at));
  const printed = extractPrintedFootnotes(anchored, options, markdown.footnotes.length);
  const { text: clean, offsets } = takeAnchors(printed.text);
  const footnotes: Footnote[] = [
    ...markdown.footnotes.map((footnote, index) => ({ ...footnote, at: offsets.get(index) ?? footnote.at })),
    ...printed.footnotes.map((footnote) => ({ mark: footnote.mark, text: footnote.text, at: offsets.get(footnote.anchor) ?? 0 })),
  ].sort((a, b) => a.at - b.at);
  return { text: clean, footnotes, warnings: [...markdown.warnings, ...printed.warnings] };
}

// ---------------------------------------------------------------------------
// Printed footnotes

type MarkCandidate = { number: number; start: number; end: number };
type DefinitionCandidate = {
  number: number;
  start: number;
  /** Where the footnote's own text starts (after the number). */
  textStart: number;
  superscript: boolean;
  lineStart: boolean;
};
type Event = { kind: "mark"; candidate: MarkCandidate } | { kind: "definition"; candidate: DefinitionCandidate };
type AcceptedNote = {
  mark: MarkCandidate | null;
  /** Further superscript marks of the same note (a note referred to twice): removed, no second `at`. */
  repeatedMarks: MarkCandidate[];
  definition: DefinitionCandidate;
  end: number;
};
type Removal = { start: number; end: number; joiner: string; notes: AcceptedNote[] };
type Context = {
  text: string;
  options: ExtractFootnotesOptions;
  /** Words and word pairs of the whole text, computed on first use (most texts never need them). */
  readonly words: WordList;
  readonly bigrams: WordBigrams;
  /** Line boundaries and per-line facts, computed on first use. */
  readonly lines: LineTable;
  definitions: DefinitionCandidate[];
  pending: Map<number, MarkCandidate[]>;
  /** Characters the block decisions may still read (see SCAN_BUDGET_PER_CHARACTER). */
  scanBudget: number;
};

function createContext(text: string, options: ExtractFootnotesOptions, definitions: DefinitionCandidate[]): Context {
  let words: WordList | undefined;
  let bigrams: WordBigrams | undefined;
  let lines: LineTable | undefined;
  return {
    text,
    options,
    definitions,
    pending: new Map(),
    scanBudget: Math.max(MIN_SCAN_BUDGET, SCAN_BUDGET_PER_CHARACTER * text.length),
    get words() {
      words ??= listWords(text);
      return words;
    },
    get bigrams() {
      bigrams ??= countWordBigrams(this.words);
      return bigrams;
    },
    get lines() {
      lines ??= createLineTable(text);
      return lines;
    },
  };
}

const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const SUPERSCRIPT = "[⁰¹²³⁴⁵⁶⁷⁸⁹]";
/** A superscript run glued to a preceding character ("dưỡng¹"), not followed by a combining mark. */
const SUPERSCRIPT_MARK = new RegExp(`${SUPERSCRIPT}(?<=[^\\s${SUPERSCRIPT_DIGITS}]${SUPERSCRIPT})${SUPERSCRIPT}*(?!\\p{M})`, "gu");
/** A superscript run at a line start or after a space, before the footnote's text ("¹ gồm: …"). */
const SUPERSCRIPT_DEFINITION = new RegExp(`(${SUPERSCRIPT}(?<=(?:^|\\s)${SUPERSCRIPT})${SUPERSCRIPT}*)[ \\t]*(?=\\S)`, "gmu");
/** How far after its number a footnote block may run, in characters. */
const WINDOW = 3000;
/** Scores (natural-log units) at which a resumption point or a bare-number block is believed. */
const RESUME_THRESHOLD = 2;
const ACCEPT_THRESHOLD = 2.5;
/** Characters of footnote text that cost one point of resumption score. */
const DISTANCE_UNIT = 1000;
/**
 * Each candidate block reads up to WINDOW characters after its number. A
 * document has a few dozen footnotes, but a hostile text can hold a number
 * that could open a block every few characters; past this budget (characters
 * read, per character of text, with a floor no real document reaches) the
 * search stops and says so, which keeps the step linear with a small factor.
 */
const SCAN_BUDGET_PER_CHARACTER = 16;
const MIN_SCAN_BUDGET = 2_000_000;

function extractPrintedFootnotes(
  text: string,
  options: ExtractFootnotesOptions,
  firstAnchor: number,
): { text: string; footnotes: Array<{ mark: string; text: string; anchor: number }>; warnings: string[] } {
  const warnings: string[] = [];
  const marks = findMarkCandidates(text);
  const definitions = findDefinitionCandidates(text);
  if (definitions.length === 0) {
    if (marks.some((mark) => isSuperscriptMark(text, mark))) {
      warnings.push("superscript footnote marks found without footnote text");
    }
    return { text, footnotes: [], warnings };
  }
  const context = createContext(text, options, definitions);
  const events: Event[] = [
    ...marks.map((candidate): Event => ({ kind: "mark", candidate })),
    ...definitions.map((candidate): Event => ({ kind: "definition", candidate })),
  ].sort((a, b) => a.candidate.start - b.candidate.start || (a.kind === "mark" ? -1 : 1));

  const removals: Removal[] = [];
  let consumedUntil = 0;
  for (const event of events) {
    if (event.candidate.start < consumedUntil) continue;
    if (context.scanBudget <= 0) {
      warnings.push("footnote detection stopped early: the text holds too many numbers that could open a footnote");
      break;
    }
    if (event.kind === "mark") {
      const list = context.pending.get(event.candidate.number) ?? [];
      list.push(event.candidate);
      context.pending.set(event.candidate.number, list);
      continue;
    }
    const definition = event.candidate;
    if (!definition.superscript && !context.pending.get(definition.number)?.length) continue;
    const removal = evaluateBlock(context, definition);
    if (!removal) continue;
    for (const note of removal.notes) {
      const candidates = context.pending.get(note.definition.number) ?? [];
      const superscripts = candidates.filter((candidate) => isSuperscriptMark(text, candidate));
      // Superscripts are always marks: the first one places the note. Of plain digits only the
      // nearest is the mark; earlier ones with the same number were ordinary numbers.
      note.mark = superscripts[0] ?? candidates.at(-1) ?? null;
      note.repeatedMarks = superscripts.slice(1);
      context.pending.delete(note.definition.number);
      if (!note.mark) warnings.push(`footnote ${note.definition.number} has no mark in the text`);
    }
    removals.push(removal);
    consumedUntil = removal.end;
  }
  for (const [number, list] of context.pending) {
    if (list.some((mark) => isSuperscriptMark(text, mark))) {
      warnings.push(`footnote mark ${number} has no footnote text`);
    }
  }
  return applyRemovals(text, removals, firstAnchor, warnings);
}

/** Numbers glued to the end of a word: superscripts, digits after letters, a mark after a year. */
export function findMarkCandidates(text: string): MarkCandidate[] {
  const candidates: MarkCandidate[] = [];
  const add = (number: number, start: number, end: number): void => {
    if (number > 0) candidates.push({ number, start, end });
  };
  // The lookbehinds below come after the first digit, not before it: a pattern that opens with
  // a character class is only tried where that character occurs, one that opens with a
  // lookbehind at every position of the text (these scans made up a tenth of cleanText's time).
  for (const match of text.matchAll(SUPERSCRIPT_MARK)) {
    add(readNumber(match[0]), match.index, match.index + match[0].length);
  }
  // "nội vụ1", "biên chế1": a word of two or more letters ending in a lower-case letter, then 1–3 digits.
  for (const match of text.matchAll(/[1-9](?<=\p{Ll}\p{M}*[1-9])\d{0,2}(?![\p{L}\p{M}\p{N}]|[.,]\d)/gu)) {
    const word = /(?<![\p{L}\p{M}\p{N}])[\p{L}\p{M}]+$/u.exec(text.slice(Math.max(0, match.index - 40), match.index))?.[0] ?? "";
    if ([...word].filter((character) => /\p{L}/u.test(character)).length < 2 || isUnit(word)) continue;
    add(Number(match[0]), match.index, match.index + match[0].length);
  }
  // "năm 20242", "05/12/20242": a year with the mark glued on.
  for (const match of text.matchAll(/(?<![\p{L}\p{M}\p{N}])((?:\d{1,2}[/.\-]){0,2})((?:19|20)\d{2})([1-9]\d?)(?![\p{L}\p{M}\p{N}]|[.,]\d)/gu)) {
    const digits = match[3] ?? "";
    const start = match.index + match[0].length - digits.length;
    add(Number(digits), start, start + digits.length);
  }
  // "(SIPAS)1", "“Nụ cười công sở”2": a mark after a closing bracket or quote.
  for (const match of text.matchAll(/[1-9](?<=[\p{L}\p{N}][)”"’»][1-9])\d?(?![\p{L}\p{M}\p{N}]|[.,]\d)/gu)) {
    add(Number(match[0]), match.index, match.index + match[0].length);
  }
  return candidates.sort((a, b) => a.start - b.start);
}

function isSuperscriptMark(text: string, mark: MarkCandidate): boolean {
  return /[⁰¹²³⁴⁵⁶⁷⁸⁹]/u.test(text.slice(mark.start, mark.end));
}

const UNITS = new Set(["km", "cm", "mm", "kg", "ha", "kw", "kwh", "mw", "mwh", "gb", "mb", "tb", "ml", "dm", "hz", "khz", "mhz"]);

function isUnit(word: string): boolean {
  return UNITS.has(word.toLowerCase());
}

/** Numbers that may open a footnote block: a superscript or a bare number after a space or line start. */
export function findDefinitionCandidates(text: string): DefinitionCandidate[] {
  const candidates: DefinitionCandidate[] = [];
  // As in findMarkCandidates, the lookbehinds follow the first digit so that the scan is fast.
  for (const match of text.matchAll(SUPERSCRIPT_DEFINITION)) {
    const number = readNumber(match[1] ?? "");
    if (number > 0) candidates.push(definitionCandidate(text, match.index, match[0].length, number, true));
  }
  for (const match of text.matchAll(/([1-9](?<=(?:^|[ \t\n])[1-9])\d{0,2})[ \t]+(?=[\p{L}“"(])/gmu)) {
    candidates.push(definitionCandidate(text, match.index, match[0].length, Number(match[1]), false));
  }
  return candidates.sort((a, b) => a.start - b.start);
}

function definitionCandidate(text: string, start: number, length: number, number: number, superscript: boolean): DefinitionCandidate {
  return { number, start, textStart: start + length, superscript, lineStart: onlySpaceBeforeOnLine(text, start) };
}

/**
 * True when nothing but white space and anchors stands between the line start and `position`.
 * Read backwards from `position` and stopped at the first other character: on a one-line text
 * a slice from the line start would make every candidate cost the whole text.
 */
function onlySpaceBeforeOnLine(text: string, position: number): boolean {
  for (let index = position - 1; index >= 0; index--) {
    const unit = text.charCodeAt(index);
    if (unit === 0x0a) return true;
    if (isAnchorUnit(unit) || WHITE_SPACE.test(text.charAt(index))) continue;
    return false;
  }
  return true;
}

const WHITE_SPACE = /\s/u;

function isAnchorUnit(unit: number): boolean {
  return unit >= 0xe000 && unit <= 0xf8ff;
}

function readNumber(digits: string): number {
  const plain = [...digits].map((character) => {
    const superscript = SUPERSCRIPT_DIGITS.indexOf(character);
    return superscript >= 0 ? String(superscript) : character;
  });
  const value = Number(plain.join(""));
  return Number.isFinite(value) ? value : 0;
}

// ---------------------------------------------------------------------------
// Where does a block end?

type BodyContext = {
  /** Key of the body's last word before the block (for word-pair evidence), or null at the text start. */
  previousKey: string | null;
  /** The body had ended a sentence before the block. */
  ended: boolean;
  /** The last numbered item before the block, to recognise the next one ("6." -> "7."). */
  lastItem: ReturnType<typeof readItemMarker>;
};
type Resumption = { position: number; score: number; atLineStart: boolean };

/**
 * Decides whether the block opened by `first` is a footnote and where it
 * ends. Consecutive blocks ("¹ …", "² …") form one run; the body resumes
 * after the last. Returns null when a bare number does not convince.
 */
function evaluateBlock(context: Context, first: DefinitionCandidate): Removal | null {
  const body = readBodyContext(context, first.start);
  const notes: AcceptedNote[] = [];
  let current = first;
  for (;;) {
    const windowEnd = Math.min(current.textStart + WINDOW, context.text.length);
    const next = findNextInRun(context, current, windowEnd);
    const limit = next ? next.start : windowEnd;
    context.scanBudget -= Math.max(0, limit - current.textStart);
    const resumption = body.ended ? findSentenceStart(context, current, limit, body) : findSentenceContinuation(context, current, limit, body);
    if (resumption) {
      notes.push({ mark: null, repeatedMarks: [], definition: current, end: resumption.position });
      if (!first.superscript && startScore(context, first) + resumption.score < ACCEPT_THRESHOLD) return null;
      return buildRemoval(context, first, notes, resumption.position, resumption.atLineStart || body.ended);
    }
    if (next) {
      notes.push({ mark: null, repeatedMarks: [], definition: current, end: next.start });
      current = next;
      continue;
    }
    // No convincing resumption: a block at the bottom of a page ends with the page.
    const fallback = fallbackEnd(context, current, windowEnd);
    if (fallback === null) return null;
    if (!first.superscript && startScore(context, first) + fallback.score < ACCEPT_THRESHOLD) return null;
    notes.push({ mark: null, repeatedMarks: [], definition: current, end: fallback.position });
    return buildRemoval(context, first, notes, fallback.position, true);
  }
}

function readBodyContext(context: Context, blockStart: number): BodyContext {
  const { words } = context;
  const previous = lastWordBefore(words, blockStart);
  if (previous < 0) return { previousKey: null, ended: true, lastItem: null };
  // The body's last word and what follows it up to the block: "tại, " (cut) or "Bắc Lý.\n" (ended).
  // Only its end matters, and the gap before the block may be long (a run of punctuation).
  const from = Math.max(words.starts[previous] ?? 0, blockStart - TAIL_CHARS);
  const tail = stripAnchors(context.text.slice(from, blockStart)).replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/gu, "").trimEnd();
  return { previousKey: wordKey(words, previous), ended: endsSentence(tail), lastItem: findLastItem(context, blockStart) };
}

/** How far back from a block the last numbered item is looked for, in characters. */
const LAST_ITEM_REACH = 20_000;
/** Characters read at the end of a long stretch of text where only its end decides. */
const TAIL_CHARS = 512;

/** The last arabic or Roman item marker on a line that starts within reach before `before`. */
function findLastItem(context: Context, before: number): ReturnType<typeof readItemMarker> {
  const { text, lines } = context;
  const line = lines.indexAt(before);
  const begin = lines.begin(line);
  // The line the block starts on counts up to the block.
  if (begin >= before - LAST_ITEM_REACH) {
    const marker = readItemMarker(text.slice(begin, before));
    if (marker && marker.style !== "letter") return marker;
  }
  const previous = lines.lastItemLineBefore(line);
  if (previous < 0 || lines.begin(previous) < before - LAST_ITEM_REACH) return null;
  return lines.itemMarker(previous);
}

/** The next block of the same run: a footnote number starting a line, whose mark precedes the run. */
function findNextInRun(context: Context, current: DefinitionCandidate, windowEnd: number): DefinitionCandidate | null {
  const { definitions } = context;
  for (let index = firstDefinitionAfter(definitions, current.textStart); index < definitions.length; index++) {
    const candidate = definitions[index]!;
    if (candidate.start >= windowEnd) break;
    if (!candidate.lineStart || candidate.number <= current.number) continue;
    if (candidate.superscript || context.pending.get(candidate.number)?.length) return candidate;
  }
  return null;
}

/** Index of the first definition (sorted by start) that starts after `position`. */
function firstDefinitionAfter(definitions: readonly DefinitionCandidate[], position: number): number {
  return firstIndexAbove(definitions.length, (index) => definitions[index]?.start ?? 0, position);
}

/**
 * Body cut mid-sentence: score every word after the footnote's first word as
 * the point where the body resumes, and keep the best if it convinces.
 */
function findSentenceContinuation(context: Context, definition: DefinitionCandidate, limit: number, body: BodyContext): Resumption | null {
  const { words, text, options } = context;
  let best: Resumption | null = null;
  for (let index = firstWordAtOrAfter(words, definition.textStart) + 1; index < words.length; index++) {
    const start = words.starts[index] ?? 0;
    const previousEnd = words.ends[index - 1] ?? 0;
    if (start >= limit) break;
    const key = wordKey(words, index);
    const { atLineStart, pageBreak, blankLine, footnoteEnded } = describeGap(text, previousEnd, start);
    const sameClause = words.clauseStarts[index] === 0 && !pageBreak;
    const evidence = wordPairEvidence(context.bigrams, body.previousKey, key, sameClause ? wordKey(words, index - 1) : null);
    // Page-bottom footnotes end at a line start; a resumption inside a line
    // (text re-flowed around the block) needs a well-attested word pair.
    if (!pageBreak && !blankLine && evidence < (atLineStart ? 1 : 2.5)) continue;
    const lineText = atLineStart ? context.lines.lineAt(start) : "";
    let score = evidence;
    // Numbers follow almost anything; their pair evidence is weak.
    if (key === "#") score = Math.min(score, 0.5);
    if (atLineStart) score += 0.5;
    if (blankLine) score += 0.5;
    if (pageBreak) score += 1;
    // Footnotes are set in a smaller font: when the block's lines run longer
    // than the body's, it is a page-bottom block that ends with its page.
    if (pageBreak && options.layout === "wrapped" && hasLongLines(text.slice(definition.start, previousEnd), options.typicalLineLength)) score += 1.5;
    if (footnoteEnded) score += 1;
    // A cut sentence does not go on with a new item.
    if (atLineStart && isListItemStart(lineText)) score -= 1;
    const first = text.slice(start, start + 1);
    if (/\p{Ll}/u.test(first)) score += 0.5;
    else if (/\p{Lu}/u.test(first)) score -= 0.5;
    // Footnotes are short: the nearer candidate wins a close call.
    score -= (start - definition.textStart) / DISTANCE_UNIT;
    if (!best || score > best.score) best = { position: start, score, atLineStart };
  }
  return best && best.score >= RESUME_THRESHOLD ? best : null;
}

type Gap = {
  /** A line break. */
  atLineStart: boolean;
  pageBreak: boolean;
  /** Two line breaks with only spaces, tabs, page breaks or anchors between them. */
  blankLine: boolean;
  /** ". ! ? … ;" */
  footnoteEnded: boolean;
};

/**
 * What lies between two words, read in one pass over text.slice(from, to)
 * without copying it: this runs for every word of every footnote candidate.
 */
function describeGap(text: string, from: number, to: number): Gap {
  const gap: Gap = { atLineStart: false, pageBreak: false, blankLine: false, footnoteEnded: false };
  // Inside a line that so far holds nothing but spaces, tabs, page breaks and anchors.
  let emptySinceBreak = false;
  for (let index = from; index < to; index++) {
    const unit = text.charCodeAt(index);
    if (unit === 0x0a) {
      if (emptySinceBreak) gap.blankLine = true;
      gap.atLineStart = true;
      emptySinceBreak = true;
    } else if (unit === 0x0c) {
      gap.pageBreak = true;
    } else if (unit === 0x20 || unit === 0x09 || (unit >= 0xe000 && unit <= 0xf8ff)) {
      // Neither ends nor fills the line.
    } else {
      emptySinceBreak = false;
      // . ! ? … ;
      if (unit === 0x2e || unit === 0x21 || unit === 0x3f || unit === 0x2026 || unit === 0x3b) gap.footnoteEnded = true;
    }
  }
  return gap;
}

/**
 * How much better the body's last word predicts `word` than the footnote's
 * last word does. The pair's own occurrence at the cut is not evidence, so
 * it is taken out of the footnote side's count.
 */
function wordPairEvidence(bigrams: WordBigrams, bodyKey: string | null, word: string, footnoteKey: string | null): number {
  if (bodyKey === null) return -0.5;
  const together = bigrams.pair(bodyKey, word);
  if (together === 0) return -0.5;
  const smoothing = 1;
  const share = bigrams.share(word);
  const bodySide = (together + smoothing * share) / (bigrams.followers(bodyKey) + smoothing);
  let alternative = share;
  if (footnoteKey !== null) {
    const footnoteTogether = Math.max(bigrams.pair(footnoteKey, word) - 1, 0);
    const footnoteFollowers = Math.max(bigrams.followers(footnoteKey) - 1, 0);
    alternative = Math.max(alternative, (footnoteTogether + smoothing * share) / (footnoteFollowers + smoothing));
  }
  return Math.min(Math.max(Math.log(bodySide / alternative), -3), 5);
}

/**
 * Body ended before the block: it resumes at the first line that starts a
 * sentence or item after a footnote line that ended one, or at the next
 * numbered item, or after a page break or blank line that leads to a capital.
 */
function findSentenceStart(context: Context, definition: DefinitionCandidate, limit: number, body: BodyContext): Resumption | null {
  const { text, options, lines } = context;
  let previousLineIndex = lines.indexAt(definition.start);
  let separator = { pageBreak: false, blankLine: false };
  for (let index = previousLineIndex + 1; index < lines.count; index++) {
    const lineBegin = lines.begin(index);
    if (lineBegin > limit) break;
    const line = lines.lineAt(lineBegin);
    if (line === "\f") {
      separator.pageBreak = true;
      continue;
    }
    if (line.trim() === "") {
      separator.blankLine = true;
      continue;
    }
    if (lineBegin >= limit) break;
    const opensSentence = startsWithUpperCase(line) || isListItemStart(line);
    const marker = readItemMarker(line);
    const continuesNumbering =
      marker !== null && body.lastItem !== null && marker.style === body.lastItem.style && marker.value === body.lastItem.value + 1;
    const shortLine = lines.visibleLength(previousLineIndex) < 0.85 * options.typicalLineLength;
    const previousEnded = endsSentence(lines.lineAt(lines.begin(previousLineIndex)), { colon: false });
    const resumes =
      continuesNumbering ||
      ((separator.pageBreak || separator.blankLine) && opensSentence) ||
      (previousEnded && opensSentence && (options.layout === "paragraphs" || shortLine));
    if (resumes) {
      const position = lineBegin + (line.length - line.trimStart().length);
      return { position, score: ACCEPT_THRESHOLD, atLineStart: true };
    }
    previousLineIndex = index;
    separator = { pageBreak: false, blankLine: false };
  }
  return null;
}

/** Last resort for a block with no convincing end: the next page break or blank line. */
function fallbackEnd(context: Context, definition: DefinitionCandidate, windowEnd: number): { position: number; score: number } | null {
  const { text } = context;
  // Searched within the window only: a search to the end of the text would make every block cost the whole text.
  const window = text.slice(definition.textStart, windowEnd);
  const pageBreak = window.indexOf("\f");
  if (pageBreak >= 0) return { position: definition.textStart + pageBreak, score: 1.5 };
  const blankLine = /\n[ \t]*\n/u.exec(window);
  if (blankLine) return { position: definition.textStart + blankLine.index, score: 1 };
  if (windowEnd >= text.length) return { position: text.length, score: 1 };
  return null;
}

/**
 * How much the position of a bare number speaks for a footnote block: a line
 * start helps; a word that usually precedes a number ("số 1", "cấp 3")
 * speaks against it.
 */
function startScore(context: Context, definition: DefinitionCandidate): number {
  const { words } = context;
  const previous = lastWordBefore(words, definition.start);
  const nextCharacter = context.text.slice(definition.textStart, definition.textStart + 1);
  let score = 0;
  if (definition.lineStart) score += 1.5;
  if (/\p{Lu}/u.test(nextCharacter)) score += 0.5;
  if (previous >= 0 && !definition.lineStart) {
    const wordStart = words.starts[previous] ?? 0;
    const wordEnd = words.ends[previous] ?? 0;
    // Numeral words are short; a long "word" (a run joined by dots or slashes) is none of them.
    if (wordEnd - wordStart <= 20 && isNumeralWord(context.text.slice(wordStart, wordEnd))) score -= 1;
    // The pair at this very spot is counted too; only other occurrences are evidence.
    if (context.bigrams.pair(wordKey(words, previous), "#") - 1 >= 2) score -= 1;
  }
  return score;
}

function buildRemoval(context: Context, first: DefinitionCandidate, notes: AcceptedNote[], end: number, atLineStart: boolean): Removal {
  const { text } = context;
  let start = first.start;
  while (start > 0 && /[ \t\n\f]/u.test(text[start - 1] ?? "")) start--;
  // A block ending mid-line was cut out of a line: the two sides join with a space.
  const joiner = start === 0 ? "" : atLineStart ? "\n" : " ";
  return { start, end, joiner, notes };
}

function applyRemovals(
  text: string,
  removals: readonly Removal[],
  firstAnchor: number,
  warnings: string[],
): { text: string; footnotes: Array<{ mark: string; text: string; anchor: number }>; warnings: string[] } {
  type Edit = { start: number; end: number; replacement: string };
  const edits: Edit[] = [];
  const footnotes: Array<{ mark: string; text: string; anchor: number }> = [];
  // Removals come in text order and do not overlap: whether a position lies inside one is a binary search.
  const insideRemoval = (position: number): boolean => {
    const removal = removals[firstIndexAbove(removals.length, (index) => removals[index]?.start ?? 0, position) - 1];
    return removal !== undefined && position < removal.end;
  };
  let anchor = firstAnchor;
  for (const removal of removals) {
    let blockAnchors = "";
    for (const note of removal.notes) {
      const noteText = cleanFootnoteText(text.slice(note.definition.textStart, note.end));
      const mark = note.mark;
      const markInside = mark !== null && insideRemoval(mark.start);
      const character = anchorCharacter(anchor);
      if (mark && !markInside) edits.push({ start: mark.start, end: mark.end, replacement: character });
      else blockAnchors += character;
      for (const repeated of note.repeatedMarks) {
        if (!insideRemoval(repeated.start)) edits.push({ start: repeated.start, end: repeated.end, replacement: "" });
      }
      footnotes.push({ mark: String(note.definition.number), text: noteText, anchor });
      anchor++;
    }
    // Anchors of Markdown footnotes inside the block must survive its removal.
    const keptAnchors = (text.slice(removal.start, removal.end).match(ANCHOR_PATTERN) ?? []).join("");
    edits.push({ start: removal.start, end: removal.end, replacement: keptAnchors + blockAnchors + removal.joiner });
  }
  // One pass from the start: splicing each edit into the whole text would copy it once per edit.
  edits.sort((a, b) => a.start - b.start);
  const pieces: string[] = [];
  let cursor = 0;
  for (const edit of edits) {
    if (edit.start < cursor) continue;
    pieces.push(text.slice(cursor, edit.start), edit.replacement);
    cursor = edit.end;
  }
  pieces.push(text.slice(cursor));
  return { text: pieces.join(""), footnotes, warnings };
}

/** A footnote's text on one line: page breaks and wraps joined, spaces collapsed. */
export function cleanFootnoteText(raw: string): string {
  const lines = stripAnchors(raw)
    .replace(/\f/gu, "\n")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  let joined = "";
  for (const line of lines) joined = joinAcrossLineBreak(joined, line);
  return joined.replace(/[ \t]+/gu, " ").trim();
}

// ---------------------------------------------------------------------------
// Small helpers over the word list and lines

/** Index of the last word that ends at or before `position`, or -1. */
function lastWordBefore(words: WordList, position: number): number {
  return firstIndexAbove(words.length, (index) => words.ends[index] ?? 0, position) - 1;
}

function firstWordAtOrAfter(words: WordList, position: number): number {
  // Offsets are integers: "at or after position" is "above position - 1".
  return firstIndexAbove(words.length, (index) => words.starts[index] ?? 0, position - 1);
}

/** The first index whose value is above `limit`, in values that never decrease (count when none is). */
function firstIndexAbove(count: number, valueAt: (index: number) => number, limit: number): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (valueAt(middle) <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** True when most lines of a block are clearly longer than a full body line. */
function hasLongLines(block: string, typicalLineLength: number): boolean {
  const lengths = stripAnchors(block)
    .split("\n")
    .map((line) => line.trim().length)
    .filter((length) => length > 0)
    .sort((a, b) => a - b);
  const median = lengths[Math.floor((lengths.length - 1) / 2)] ?? 0;
  return lengths.length >= 2 && median >= 1.15 * typicalLineLength;
}

/**
 * The lines of a text by their offsets, found once, with the per-line facts
 * the block decisions read again and again: how long a line is without
 * anchors and outer white space, and which lines open a numbered item.
 * Everything a decision looks at is then found in logarithmic time, whatever
 * the length of the lines.
 */
type LineTable = {
  readonly count: number;
  /** Index of the line holding `position`. */
  indexAt(position: number): number;
  begin(line: number): number;
  /** The whole line holding `position` (a slice of the text; no copy). */
  lineAt(position: number): string;
  /** The line's length without anchors and outer white space. */
  visibleLength(line: number): number;
  /** The arabic or Roman item marker opening the line, if any. */
  itemMarker(line: number): ReturnType<typeof readItemMarker>;
  /** The last line before `line` that opens an arabic or Roman item, or -1. */
  lastItemLineBefore(line: number): number;
};

function createLineTable(text: string): LineTable {
  const begins: number[] = [0];
  for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) begins.push(index + 1);
  const count = begins.length;
  const end = (line: number) => (line + 1 < count ? begins[line + 1]! - 1 : text.length);
  const visibleLengths = new Int32Array(count).fill(-1);
  let lastItemLines: Int32Array | undefined;
  const indexAt = (position: number): number => Math.max(0, firstIndexAbove(count, (index) => begins[index]!, position) - 1);
  const itemMarker = (line: number) => {
    const marker = readItemMarker(text.slice(begins[line]!, end(line)));
    return marker && marker.style !== "letter" ? marker : null;
  };
  return {
    count,
    indexAt,
    begin: (line) => begins[line] ?? text.length,
    lineAt: (position) => {
      const line = indexAt(position);
      return text.slice(begins[line]!, end(line));
    },
    visibleLength(line) {
      let length = visibleLengths[line]!;
      if (length < 0) {
        length = stripAnchors(text.slice(begins[line]!, end(line))).trim().length;
        visibleLengths[line] = length;
      }
      return length;
    },
    itemMarker,
    lastItemLineBefore(line) {
      if (!lastItemLines) {
        // One pass over all lines on first use: entry i is the last item line before line i.
        lastItemLines = new Int32Array(count);
        let last = -1;
        for (let index = 0; index < count; index++) {
          lastItemLines[index] = last;
          if (itemMarker(index)) last = index;
        }
      }
      return lastItemLines[line] ?? -1;
    },
  };
}
