import { foldKeepingOffsets } from "./fold-text.js";
import { topLevelAlternatives } from "./regex-source.js";
import { stopPhraseEnd } from "./stop-phrases.js";
import {
  CENTRAL_UNITS,
  COLLECTIVE_UNIT_PATTERNS,
  LOCAL_GOVERNMENT_UNITS,
  PERSON_TITLE_PREFIXES,
  PROVINCIAL_UNITS,
  UNIT_HEADS,
  type UnitHead,
} from "./unit-patterns.js";

/** A unit named in a text: its display name and the offsets of the words that name it. */
export type UnitMention = { name: string; start: number; end: number };

/**
 * A unit pattern compiled twice, to scan a whole text and (sticky) to try it
 * at one offset, with the words every match starts with (see leadsOf).
 */
type Scanner = { global: RegExp; sticky: RegExp; leads: ReadonlyArray<readonly string[]> | undefined };
type Compiled = {
  named: Array<{ name: string; scanner: Scanner }>;
  collective: Scanner[];
  heads: Array<{ scanner: Scanner; mode: UnitHead["mode"] }>;
  titles: RegExp;
  /** All scanners (named, collective, heads, in that order) and where each may match. */
  scan: ScanPlan;
};

/**
 * Where to try the scanners that have leads: by the first two letters of a
 * lead (`first * 128 + second`), the one-word leads, and the longer ones by
 * their first word and the first letter of their second.
 */
type ScanPlan = { scanners: Scanner[]; unled: number[]; byLetters: Array<LetterBucket | undefined> };
type Lead = { index: number; words: readonly string[] };
type LetterBucket = { oneWord: Lead[]; byFirstWord: Array<{ word: string; bySecondLetter: Map<number, Lead[]> }> };

let compiled: Compiled | undefined;

/** Patterns use " " for white space and " ?" for optional white space. */
function toRegExp(source: string, flags: string): RegExp {
  const body = source.replace(/ \?/gu, "\\s*").replace(/ /gu, "\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`, flags);
}

function scannerOf(source: string): Scanner {
  return { global: toRegExp(source, "gu"), sticky: toRegExp(source, "uy"), leads: leadsOf(source) };
}

/**
 * The plain words a match of a pattern starts with, one list per way it may
 * start: [["so", "noi", "vu"]] for "so noi vu", [["ubnd"], ["uy", "ban",
 * "nhan", "dan"]] for "(?:ubnd|uy ban nhan dan) tinh". A match has the words
 * in that order, separated by white space; the last one may run on into more
 * letters ("so ke hoach ?(?:va|&|,)? ?dau tu" matches "so ke hoachva dau tu").
 * Undefined when a pattern does not start with a plain word (it is then
 * scanned whole).
 */
function leadsOf(source: string): string[][] | undefined {
  if (topLevelAlternatives(source).length > 1) return undefined;
  const group = /^\(\?:([^()[\]]*)\)(?![?*{])/u.exec(source);
  const leads: string[][] = [];
  for (const alternative of group ? topLevelAlternatives(group[1]!) : [source]) {
    const run = /^[a-z]+(?: [a-z]+)*/u.exec(alternative)?.[0] ?? "";
    const words = run.split(" ");
    // A quantifier right after the last word makes its last letter optional.
    if (/^[?*{]/u.test(alternative.slice(run.length))) words[words.length - 1] = words[words.length - 1]!.slice(0, -1);
    // The plan keys a lead by its first two letters.
    if (words[0]!.length < 2 || words.some((word) => word === "")) return undefined;
    leads.push(words);
  }
  return leads;
}

function compile(): Compiled {
  if (compiled) return compiled;
  const named = [...PROVINCIAL_UNITS, ...CENTRAL_UNITS, ...LOCAL_GOVERNMENT_UNITS].flatMap((unit) =>
    unit.patterns.map((pattern) => ({ name: unit.name, scanner: scannerOf(pattern) })),
  );
  const collective = COLLECTIVE_UNIT_PATTERNS.map(scannerOf);
  const heads = UNIT_HEADS.map((head) => ({ scanner: scannerOf(head.head), mode: head.mode }));
  const titles = new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${PERSON_TITLE_PREFIXES.map((title) => title.replace(/ /gu, "\\s+")).join("|")})\\s*$`, "u");
  const scanners = [...named.map((unit) => unit.scanner), ...collective, ...heads.map((head) => head.scanner)];
  compiled = { named, collective, heads, titles, scan: planScan(scanners) };
  return compiled;
}

function planScan(scanners: Scanner[]): ScanPlan {
  const unled: number[] = [];
  // Indexed by two ASCII letters: an array is quicker to probe than a map, once per word start.
  const byLetters: Array<LetterBucket | undefined> = new Array<LetterBucket | undefined>(128 * 128).fill(undefined);
  scanners.forEach((scanner, index) => {
    if (!scanner.leads) unled.push(index);
    for (const words of scanner.leads ?? []) {
      const [first, second] = words as [string, string | undefined];
      const key = letterKey(first, 0);
      let bucket = byLetters[key];
      if (!bucket) byLetters[key] = bucket = { oneWord: [], byFirstWord: [] };
      if (second === undefined) {
        bucket.oneWord.push({ index, words });
        continue;
      }
      let entry = bucket.byFirstWord.find((candidate) => candidate.word === first);
      if (!entry) bucket.byFirstWord.push((entry = { word: first, bySecondLetter: new Map() }));
      const letter = second.charCodeAt(0);
      entry.bySecondLetter.set(letter, [...(entry.bySecondLetter.get(letter) ?? []), { index, words }]);
    }
  });
  return { scanners, unled, byLetters };
}

function letterKey(text: string, at: number): number {
  return text.charCodeAt(at) * 128 + text.charCodeAt(at + 1);
}

/**
 * The matches of each scanner in `folded`, as `matchAll` of its global
 * pattern would find them. Instead of one pass over the text per pattern
 * (there are over a hundred), one pass visits the word starts, and a pattern
 * is tried only where the text starts with one of its leads: its matches
 * start at a word start (the look-behind) with a lead.
 */
function matchesOf(folded: string, plan: ScanPlan): Array<Array<{ start: number; end: number }>> {
  const { scanners, unled, byLetters } = plan;
  const matches = scanners.map(() => [] as Array<{ start: number; end: number }>);
  for (const index of unled) {
    for (const match of folded.matchAll(scanners[index]!.global)) matches[index]!.push({ start: match.index, end: match.index + match[0].length });
  }
  // Where each pattern may match next: like matchAll, a pattern's matches do not overlap.
  const nextFrom = scanners.map(() => 0);
  const attempt = (leads: readonly Lead[], at: number): void => {
    for (const { index, words } of leads) {
      if (at < nextFrom[index]! || !startsWithWords(folded, at, words)) continue;
      const sticky = scanners[index]!.sticky;
      sticky.lastIndex = at;
      const match = sticky.exec(folded);
      if (!match) continue;
      matches[index]!.push({ start: at, end: at + match[0].length });
      nextFrom[index] = at + match[0].length;
    }
  };
  let previous = 0;
  for (let at = 0; at < folded.length; at++) {
    const code = folded.charCodeAt(at);
    const afterWordCharacter = isAsciiLetterOrDigit(previous);
    previous = code;
    // A lead starts with a-z; after a letter or digit the look-behind fails.
    if (!isLowerAscii(code) || afterWordCharacter) continue;
    const second = folded.charCodeAt(at + 1);
    const bucket = second < 128 ? byLetters[code * 128 + second] : undefined;
    if (!bucket) continue;
    if (bucket.oneWord.length) attempt(bucket.oneWord, at);
    if (bucket.byFirstWord.length === 0) continue;
    // A lead's first word, followed by white space, is the whole a-z run here.
    let wordEnd = at + 2;
    while (wordEnd < folded.length && isLowerAscii(folded.charCodeAt(wordEnd))) wordEnd++;
    let next = wordEnd;
    while (next < folded.length && isWhiteSpace(folded.charCodeAt(next))) next++;
    if (next === wordEnd) continue;
    for (const { word, bySecondLetter } of bucket.byFirstWord) {
      if (word.length !== wordEnd - at || !folded.startsWith(word, at)) continue;
      const leads = bySecondLetter.get(folded.charCodeAt(next));
      if (leads) attempt(leads, at);
    }
  }
  return matches;
}

function isLowerAscii(code: number): boolean {
  return code >= 97 && code <= 122;
}

function isAsciiLetterOrDigit(code: number): boolean {
  return isLowerAscii(code) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/** `\s` of a regular expression, for one UTF-16 code unit. */
function isWhiteSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return WHITE_SPACE.test(String.fromCharCode(code));
}

/** Whether `words` start at `at`, separated by white space (the last may go on into more letters). */
function startsWithWords(text: string, at: number, words: readonly string[]): boolean {
  let position = at;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!text.startsWith(word, position)) return false;
    position += word.length;
    if (i === words.length - 1) break;
    const spaceStart = position;
    while (position < text.length && isWhiteSpace(text.charCodeAt(position))) position++;
    if (position === spaceStart) return false;
  }
  return true;
}

const WHITE_SPACE = /\s/u;

/**
 * Every unit named in a text, in order, non-overlapping (the longest name
 * wins: "Văn phòng UBND tỉnh" over "UBND tỉnh"). Units that are part of a
 * person's title ("Chủ tịch UBND tỉnh", "Giám đốc Sở Nội vụ") are left out:
 * a person's title never receives a task in these documents' grammar.
 */
export function findUnits(text: string): UnitMention[] {
  const { named, collective, heads, titles, scan } = compile();
  const folded = foldKeepingOffsets(text);
  const matches = matchesOf(folded, scan);
  const found: UnitMention[] = [];
  named.forEach(({ name }, index) => {
    for (const { start, end } of matches[index]!) found.push({ name, start, end });
  });
  collective.forEach((_, index) => {
    for (const { start, end } of matches[named.length + index]!) found.push({ name: displayCollective(text.slice(start, end)), start, end });
  });
  heads.forEach(({ mode }, index) => {
    for (const match of matches[named.length + collective.length + index]!) {
      // A unit's own name is capitalized ("Trung tâm Dịch vụ việc làm"); "làm trung tâm" is not a unit.
      if (!CAPITAL_START.test(text[match.start] ?? "")) continue;
      const end = extendName(text, folded, match.end, mode);
      if (end === undefined) continue;
      found.push({ name: tidyName(text.slice(match.start, end)), start: match.start, end });
    }
  });
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const chosen: UnitMention[] = [];
  for (const mention of found) {
    const previous = chosen[chosen.length - 1];
    if (previous && mention.start < previous.end) continue;
    chosen.push(mention);
  }
  return chosen.filter((mention) => !titles.test(folded.slice(Math.max(0, mention.start - 40), mention.start)));
}

/** The unit that starts exactly at `offset` (after white space), if any. */
export function unitAt(mentions: readonly UnitMention[], text: string, offset: number): UnitMention | undefined {
  let position = offset;
  while (position < text.length && /\s/u.test(text[position]!)) position++;
  return mentions.find((mention) => mention.start === position);
}

// Patterns with \p{…} are module constants: written inside a function, tsx (esbuild) compiles them into
// `new RegExp(…)`, which runs on every call (per word of a name here). The word pattern is sticky and
// only used by extendName, which sets its lastIndex before each use.
const CAPITAL_START = /^\p{Lu}/u;
const CAPITAL_OR_DIGIT_START = /^[\p{Lu}\p{N}]/u;
const NAME_WORD = /(\s*)([\p{L}\p{N}&]+(?:[-–][\p{L}\p{N}]+)*|[-–])/uy;

/** End offset of a generic unit name after its head, or undefined when no word follows. */
function extendName(text: string, folded: string, from: number, mode: UnitHead["mode"]): number | undefined {
  const wordPattern = NAME_WORD;
  let position = from;
  let end: number | undefined;
  let words = 0;
  while (words < 10) {
    wordPattern.lastIndex = position;
    const match = wordPattern.exec(text);
    if (!match) break;
    const word = match[2]!;
    const wordStart = match.index + match[0].length - word.length;
    // A name does not run onto the next line's capitalized start (a heading's unit, then the body).
    if (match[1]!.includes("\n") && CAPITAL_START.test(word)) break;
    if (word === "-" || word === "–") {
      position = wordPattern.lastIndex;
      continue;
    }
    if (mode === "proper" && !CAPITAL_OR_DIGIT_START.test(word)) break;
    if (mode === "phrase" && stopPhraseEnd(text, folded, wordStart) !== undefined) break;
    end = wordStart + word.length;
    position = end;
    words++;
    if (folded.slice(wordStart, end) === "tinh") break;
    // Punctuation right after a word ends the name.
    if (/^[,;:.()]/u.test(text.slice(end, end + 1))) break;
  }
  return end;
}

function tidyName(raw: string): string {
  return raw.replace(/\s+/gu, " ").trim().replace(/^(?:Ủy|Uỷ) ban nhân dân/u, "UBND");
}

/** "các Sở, ngành, địa phương" -> "Các sở, ngành, địa phương". */
function displayCollective(raw: string): string {
  const lower = raw
    .replace(/\s+/gu, " ")
    .trim()
    .toLowerCase()
    .replace(/(?:ủy|uỷ) ban nhân dân/gu, "UBND")
    .replace(/ubnd/gu, "UBND");
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}
