import { foldKeepingOffsets } from "./fold-text.js";
import {
  CENTRAL_UNITS,
  COLLECTIVE_UNIT_PATTERNS,
  LOCAL_GOVERNMENT_UNITS,
  PERSON_TITLE_PREFIXES,
  PROVINCIAL_UNITS,
  UNIT_HEADS,
  UNIT_NAME_STOP_WORDS,
  type UnitHead,
} from "./unit-patterns.js";

/** A unit named in a text: its display name and the offsets of the words that name it. */
export type UnitMention = { name: string; start: number; end: number };

type CompiledNamed = { name: string; pattern: RegExp };
type Compiled = { named: CompiledNamed[]; collective: RegExp[]; heads: Array<{ pattern: RegExp; mode: UnitHead["mode"] }>; titles: RegExp };

let compiled: Compiled | undefined;

/** Patterns use " " for white space and " ?" for optional white space. */
function toRegExp(source: string): RegExp {
  const body = source.replace(/ \?/gu, "\\s*").replace(/ /gu, "\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`, "gu");
}

function compile(): Compiled {
  if (compiled) return compiled;
  const named = [...PROVINCIAL_UNITS, ...CENTRAL_UNITS, ...LOCAL_GOVERNMENT_UNITS].flatMap((unit) =>
    unit.patterns.map((pattern) => ({ name: unit.name, pattern: toRegExp(pattern) })),
  );
  const titles = new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${PERSON_TITLE_PREFIXES.map((title) => title.replace(/ /gu, "\\s+")).join("|")})\\s*$`, "u");
  compiled = {
    named,
    collective: COLLECTIVE_UNIT_PATTERNS.map(toRegExp),
    heads: UNIT_HEADS.map((head) => ({ pattern: toRegExp(head.head), mode: head.mode })),
    titles,
  };
  return compiled;
}

/**
 * Every unit named in a text, in order, non-overlapping (the longest name
 * wins: "Văn phòng UBND tỉnh" over "UBND tỉnh"). Units that are part of a
 * person's title ("Chủ tịch UBND tỉnh", "Giám đốc Sở Nội vụ") are left out:
 * a person's title never receives a task in these documents' grammar.
 */
export function findUnits(text: string): UnitMention[] {
  const { named, collective, heads, titles } = compile();
  const folded = foldKeepingOffsets(text);
  const found: UnitMention[] = [];
  for (const { name, pattern } of named) {
    for (const match of folded.matchAll(pattern)) found.push({ name, start: match.index, end: match.index + match[0].length });
  }
  for (const pattern of collective) {
    for (const match of folded.matchAll(pattern)) {
      const end = match.index + match[0].length;
      found.push({ name: displayCollective(text.slice(match.index, end)), start: match.index, end });
    }
  }
  for (const { pattern, mode } of heads) {
    for (const match of folded.matchAll(pattern)) {
      // A unit's own name is capitalized ("Trung tâm Dịch vụ việc làm"); "làm trung tâm" is not a unit.
      if (!/^\p{Lu}/u.test(text[match.index] ?? "")) continue;
      const end = extendName(text, folded, match.index + match[0].length, mode);
      if (end === undefined) continue;
      found.push({ name: tidyName(text.slice(match.index, end)), start: match.index, end });
    }
  }
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

const STOP_PHRASES = UNIT_NAME_STOP_WORDS.map((word) => word.split(" "));

/** End offset of a generic unit name after its head, or undefined when no word follows. */
function extendName(text: string, folded: string, from: number, mode: UnitHead["mode"]): number | undefined {
  const wordPattern = /(\s*)([\p{L}\p{N}&]+(?:[-–][\p{L}\p{N}]+)*|[-–])/uy;
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
    if (match[1]!.includes("\n") && /^\p{Lu}/u.test(word)) break;
    if (word === "-" || word === "–") {
      position = wordPattern.lastIndex;
      continue;
    }
    if (mode === "proper" && !/^[\p{Lu}\p{N}]/u.test(word)) break;
    if (mode === "phrase" && startsWithStopPhrase(folded, wordStart)) break;
    end = wordStart + word.length;
    position = end;
    words++;
    if (folded.slice(wordStart, end) === "tinh") break;
    // Punctuation right after a word ends the name.
    if (/^[,;:.()]/u.test(text.slice(end, end + 1))) break;
  }
  return end;
}

function startsWithStopPhrase(folded: string, at: number): boolean {
  for (const phrase of STOP_PHRASES) {
    let position = at;
    let matched = true;
    for (const part of phrase) {
      while (position < folded.length && /\s/u.test(folded[position]!)) position++;
      if (folded.slice(position, position + part.length) !== part || /[\p{L}\p{N}]/u.test(folded[position + part.length] ?? "")) {
        matched = false;
        break;
      }
      position += part.length;
    }
    if (matched) return true;
  }
  return false;
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
