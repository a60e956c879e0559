/**
 * Vietnam's provinces and centrally-run cities: the 63 units in place before
 * the 2025 reorganization and the 34 units in place from 1 July 2025
 * (Resolution 202/2025/QH15), plus Huế, which became a centrally-run city on
 * 1 January 2025. Used to tag documents with their province and to spot
 * province names in questions.
 *
 * Matching is done on syllables, so tone placement (Hoà/Hòa), NFC/NFD,
 * hyphens ("Bà Rịa-Vũng Tàu") and upper case ("UBND TỈNH BẮC GIANG") do not
 * matter; text typed without diacritics ("bac giang") is matched on folded
 * syllables.
 */
import { canonicalizeTone, foldTerm, hasVietnameseDiacritics } from "../../core/vietnamese.js";

/** "tỉnh" (province) or "thành phố" (centrally-run city). */
export type ProvinceKind = "tỉnh" | "thành phố";

/**
 * When the bare name may mean something else:
 * - "capital": it is also an ordinary phrase (hòa bình = peace), so the name
 *   counts only when each syllable is capitalized or a prefix precedes it;
 * - "prefix": it is also a person's name (Hồ Chí Minh), so it counts only after
 *   "tỉnh"/"thành phố"/"TP." or in an unambiguous alias (TP.HCM).
 */
export type NameAmbiguity = "capital" | "prefix";

export type Province = {
  /** Name without the "tỉnh"/"thành phố" prefix, e.g. "Bắc Giang". */
  name: string;
  kind: ProvinceKind;
  /** One of the 63 units before the 2025 reorganization. */
  before2025: boolean;
  /** One of the 34 units from 1 July 2025. */
  after2025: boolean;
  /** For a unit merged in 2025: the name of the unit it became part of. */
  mergedInto?: string;
  /** Other spellings seen in documents (old spellings, abbreviations). */
  aliases: readonly string[];
  /** How the bare name may be misread in text with diacritics. */
  ambiguity?: NameAmbiguity;
  /** How the bare name may be misread in text typed without diacritics. */
  foldedAmbiguity?: NameAmbiguity;
  /** Full forms: "tỉnh Bắc Giang" / "thành phố Hà Nội". */
  forms: readonly string[];
  /** Folded (no diacritics, lower case) name and full forms: "bac giang", "tinh bac giang". */
  foldedForms: readonly string[];
};

type ProvinceSeed = Omit<Province, "forms" | "foldedForms" | "aliases"> & { aliases?: readonly string[] };

const PROVINCE_SEEDS: readonly ProvinceSeed[] = [
  // Centrally-run cities.
  { name: "Hà Nội", kind: "thành phố", before2025: true, after2025: true },
  {
    name: "Hồ Chí Minh",
    kind: "thành phố",
    before2025: true,
    after2025: true,
    aliases: ["TP.HCM", "TPHCM", "TP HCM"],
    ambiguity: "prefix",
    foldedAmbiguity: "prefix",
  },
  { name: "Hải Phòng", kind: "thành phố", before2025: true, after2025: true },
  { name: "Đà Nẵng", kind: "thành phố", before2025: true, after2025: true },
  { name: "Cần Thơ", kind: "thành phố", before2025: true, after2025: true },
  { name: "Huế", kind: "thành phố", before2025: false, after2025: true, foldedAmbiguity: "prefix" },
  // Provinces that existed before 2025.
  { name: "An Giang", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Bà Rịa - Vũng Tàu", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Hồ Chí Minh", aliases: ["Bà Rịa Vũng Tàu"] },
  { name: "Bắc Giang", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Bắc Ninh" },
  { name: "Bắc Kạn", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Thái Nguyên", aliases: ["Bắc Cạn"] },
  { name: "Bạc Liêu", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Cà Mau" },
  { name: "Bắc Ninh", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Bến Tre", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Vĩnh Long" },
  { name: "Bình Định", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Gia Lai" },
  { name: "Bình Dương", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Hồ Chí Minh" },
  { name: "Bình Phước", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Đồng Nai" },
  { name: "Bình Thuận", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Lâm Đồng" },
  { name: "Cà Mau", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Cao Bằng", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Đắk Lắk", kind: "tỉnh", before2025: true, after2025: true, aliases: ["Đắc Lắc", "Đăk Lăk", "Đắk Lăk", "Daklak"] },
  { name: "Đắk Nông", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Lâm Đồng", aliases: ["Đắc Nông", "Đăk Nông", "Daknong"] },
  { name: "Điện Biên", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Đồng Nai", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Đồng Tháp", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Gia Lai", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Hà Giang", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Tuyên Quang" },
  { name: "Hà Nam", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Ninh Bình" },
  { name: "Hà Tĩnh", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Hải Dương", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Hải Phòng", ambiguity: "capital", foldedAmbiguity: "prefix" },
  { name: "Hậu Giang", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Cần Thơ" },
  { name: "Hòa Bình", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Phú Thọ", ambiguity: "capital", foldedAmbiguity: "prefix" },
  { name: "Hưng Yên", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Khánh Hòa", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Kiên Giang", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "An Giang" },
  { name: "Kon Tum", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Quảng Ngãi", aliases: ["Kontum"] },
  { name: "Lai Châu", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Lâm Đồng", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Lạng Sơn", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Lào Cai", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Long An", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Tây Ninh" },
  { name: "Nam Định", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Ninh Bình", foldedAmbiguity: "prefix" },
  { name: "Nghệ An", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Ninh Bình", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Ninh Thuận", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Khánh Hòa" },
  { name: "Phú Thọ", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Phú Yên", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Đắk Lắk" },
  { name: "Quảng Bình", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Quảng Trị" },
  { name: "Quảng Nam", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Đà Nẵng" },
  { name: "Quảng Ngãi", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Quảng Ninh", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Quảng Trị", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Sóc Trăng", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Cần Thơ" },
  { name: "Sơn La", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Tây Ninh", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Thái Bình", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Hưng Yên", ambiguity: "capital", foldedAmbiguity: "prefix" },
  { name: "Thái Nguyên", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Thanh Hóa", kind: "tỉnh", before2025: true, after2025: true },
  // Became the centrally-run city of Huế on 1 January 2025.
  { name: "Thừa Thiên Huế", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Huế" },
  { name: "Tiền Giang", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Đồng Tháp" },
  { name: "Trà Vinh", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Vĩnh Long" },
  { name: "Tuyên Quang", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Vĩnh Long", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Vĩnh Phúc", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Phú Thọ" },
  { name: "Yên Bái", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Lào Cai" },
];

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

/** Every province and centrally-run city, old and new (64 names: 63 before 2025, 34 after, Huế in both eras' sense). */
export const PROVINCES: readonly Province[] = PROVINCE_SEEDS.map((seed) => {
  const forms = [`${seed.kind} ${seed.name}`];
  const aliases = seed.aliases ?? [];
  const foldedForms = [...new Set([seed.name, ...forms, ...aliases].map(foldPhrase))];
  return { ...seed, aliases, forms, foldedForms };
});

/** Names of every known province/city (old and new), for query analysis. */
export const PROVINCE_NAMES: readonly string[] = PROVINCES.map((province) => province.name);

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
