/**
 * Finding province names in document text. The list itself is
 * core/vocabulary/provinces.ts, shared with query analysis.
 */
import { canonicalizeTone, foldTerm, hasVietnameseDiacritics } from "../../core/vietnamese.js";
import { PROVINCES, type Province } from "../../core/vocabulary/provinces.js";

export { PROVINCE_NAMES, PROVINCES, type Province } from "../../core/vocabulary/provinces.js";

type Syllable = { text: string; start: number; end: number };

const SYLLABLE_PATTERN = /[\p{L}\p{M}\p{N}]+/gu;

function syllablesOf(text: string): Syllable[] {
  const syllables: Syllable[] = [];
  for (const match of text.matchAll(SYLLABLE_PATTERN)) {
    syllables.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  }
  return syllables;
}

function foldPhrase(phrase: string): string {
  return syllablesOf(phrase)
    .map((syllable) => foldTerm(syllable.text))
    .join(" ");
}

/** A province name found in text; offsets are into the given text, end exclusive. */
export type ProvinceMention = {
  name: string;
  start: number;
  end: number;
  /** Preceded by "tỉnh", "thành phố" or "TP." */
  prefixed: boolean;
};

type NamePattern = {
  province: Province;
  keys: string[];
  /** An alias such as "TP.HCM" that cannot be anything else. */
  unambiguousAlias: boolean;
};

type PatternTable = { accented: Map<string, NamePattern[]>; folded: Map<string, NamePattern[]> };

let patternTable: PatternTable | undefined;

/** Built on first use (not at import time) and kept: the data never changes. */
function getPatternTable(): PatternTable {
  if (patternTable) return patternTable;
  const accented = new Map<string, NamePattern[]>();
  const folded = new Map<string, NamePattern[]>();
  const add = (table: Map<string, NamePattern[]>, pattern: NamePattern) => {
    const first = pattern.keys[0];
    if (first === undefined) return;
    const list = table.get(first) ?? [];
    list.push(pattern);
    // Longest first, so "Thừa Thiên Huế" wins over "Huế".
    list.sort((a, b) => b.keys.length - a.keys.length);
    table.set(first, list);
  };
  for (const province of PROVINCES) {
    const spellings = [
      { phrase: province.name, unambiguousAlias: false },
      ...province.aliases.map((alias) => ({ phrase: alias, unambiguousAlias: province.ambiguity === "prefix" })),
    ];
    for (const { phrase, unambiguousAlias } of spellings) {
      const syllables = syllablesOf(phrase).map((syllable) => syllable.text);
      add(accented, { province, keys: syllables.map((syllable) => canonicalizeTone(syllable)), unambiguousAlias });
      add(folded, { province, keys: syllables.map((syllable) => foldTerm(syllable)), unambiguousAlias });
    }
  }
  patternTable = { accented, folded };
  return patternTable;
}

/** Only spaces and hyphens/dashes may separate the syllables of one name. */
function isNameGap(gap: string): boolean {
  return /^[\s\-–—]*$/u.test(gap) && gap.length <= 3;
}

function isPrefixed(text: string, syllables: readonly Syllable[], index: number): boolean {
  const previous = syllables[index - 1];
  if (!previous || !/^[\s.]*$/u.test(text.slice(previous.end, syllables[index]?.start))) return false;
  const previousKey = foldTerm(previous.text);
  if (previousKey === "tinh" || previousKey === "tp") return true;
  const beforePrevious = syllables[index - 2];
  return previousKey === "pho" && beforePrevious !== undefined && foldTerm(beforePrevious.text) === "thanh";
}

function isCapitalized(syllables: readonly Syllable[]): boolean {
  return syllables.every((syllable) => CAPITAL_START.test(syllable.text));
}

// Module constants: a pattern with \p{…} written inside a function is compiled by tsx (esbuild) into
// `new RegExp(…)`, which runs on every call (per candidate name here).
const CAPITAL_START = /^\p{Lu}/u;
const CAPITAL = /\p{Lu}/u;

/**
 * Every province/city name mentioned in the text, in order, without overlaps.
 * Text written with diacritics is matched on tone-canonical syllables; text
 * typed without any diacritic is matched on folded syllables.
 */
export function findProvinceMentions(text: string): ProvinceMention[] {
  const syllables = syllablesOf(text);
  const useFolded = !hasVietnameseDiacritics(text);
  const lowerCaseText = !CAPITAL.test(text);
  const table = useFolded ? getPatternTable().folded : getPatternTable().accented;
  // Documents reuse a small vocabulary: normalize each distinct syllable once.
  const keyOf = new Map<string, string>();
  const keys = syllables.map((syllable) => {
    let key = keyOf.get(syllable.text);
    if (key === undefined) {
      key = useFolded ? foldTerm(syllable.text) : canonicalizeTone(syllable.text);
      keyOf.set(syllable.text, key);
    }
    return key;
  });
  const mentions: ProvinceMention[] = [];
  let index = 0;
  while (index < syllables.length) {
    const candidates = table.get(keys[index] ?? "") ?? [];
    let matchedLength = 0;
    for (const pattern of candidates) {
      const length = pattern.keys.length;
      if (!pattern.keys.every((key, offset) => keys[index + offset] === key)) continue;
      const span = syllables.slice(index, index + length);
      const gapsOk = span.every((syllable, offset) => offset === 0 || isNameGap(text.slice(span[offset - 1]?.end, syllable.start)));
      if (!gapsOk) continue;
      const prefixed = isPrefixed(text, syllables, index);
      const ambiguity = useFolded ? pattern.province.foldedAmbiguity : pattern.province.ambiguity;
      // In written text a place name is capitalized ("Việt Nam định cư" is not Nam Định); a question typed
      // all in lower case or without diacritics gets the benefit of the doubt unless the name is ambiguous.
      const capitalized = isCapitalized(span);
      const accepted =
        prefixed ||
        pattern.unambiguousAlias ||
        (ambiguity === undefined && (capitalized || useFolded || lowerCaseText)) ||
        (ambiguity === "capital" && capitalized);
      if (!accepted) continue;
      const first = span[0];
      const last = span[span.length - 1];
      if (!first || !last) continue;
      mentions.push({ name: pattern.province.name, start: first.start, end: last.end, prefixed });
      matchedLength = length;
      break;
    }
    index += matchedLength > 0 ? matchedLength : 1;
  }
  return mentions;
}

/** Distinct province/city names mentioned in the text, in order of first mention. */
export function findProvinces(text: string): string[] {
  return [...new Set(findProvinceMentions(text).map((mention) => mention.name))];
}

/**
 * The province a phrase names when the phrase is known to be a place (a date
 * line's place, a header line): ambiguity rules are relaxed because the
 * context already says it is a place. Accepts any spelling or prefix.
 */
export function resolveProvince(phrase: string): Province | undefined {
  const folded = foldPhrase(phrase);
  const withoutPrefix = folded.replace(/^(tinh|thanh pho|tp)\s+/u, "");
  return PROVINCES.find((province) => province.foldedForms.includes(folded) || province.foldedForms.includes(withoutPrefix));
}
