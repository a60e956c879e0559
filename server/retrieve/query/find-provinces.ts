import { foldDiacritics } from "../../../core/vietnamese.js";
import {
  blankEnglishApostrophes,
  createPhraseTable,
  hasDiacritics,
  isCapitalized,
  matchPhrases,
  phraseKeys,
  splitQueryWords,
  type PhraseTable,
  type QueryWord,
} from "./query-words.js";
import { PROVINCES, type Province } from "../../../core/vocabulary/provinces.js";

/** A province named in a question: canonical display name and the span that named it. */
export type ProvinceMention = { province: string; start: number; end: number };

type Variant = {
  display: string;
  /** Tone-canonical words when the spelling has diacritics; a span typed with diacritics must match one of these. */
  canonical?: string;
  guard?: "capitalized" | "marker";
};

const ADMINISTRATIVE_PREFIX = /^(?:tỉnh|thành phố|tp\.?)\s+/iu;

/**
 * Provinces named in a question, in order of appearance, each once. Matching
 * ignores diacritics and case on word boundaries ("bac giang", "Bac Giang
 * province", "Bắc Giang's"); a span typed with diacritics must carry the
 * right ones ("năm định" is not Nam Định). With `knownProvinces` (the
 * provinces of the archive) only those are reported, under the given names,
 * and the built-in spellings of the same province still match ("Huế" for
 * "Thừa Thiên Huế").
 */
export function findProvinces(question: string, options: { knownProvinces?: readonly string[] } = {}): ProvinceMention[] {
  const words = splitQueryWords(blankEnglishApostrophes(question));
  const table = provinceTable(options.knownProvinces);
  const mentions: ProvinceMention[] = [];
  for (const match of matchPhrases(words, table, { mode: "folded", strategy: "longest" })) {
    const span = words.slice(match.first, match.end);
    const variant = match.value.find((candidate) => accepts(candidate, { span, words, first: match.first, end: match.end }));
    if (!variant) continue;
    if (mentions.some((mention) => mention.province === variant.display)) continue;
    mentions.push({ province: variant.display, start: span[0]?.start ?? 0, end: span[span.length - 1]?.end ?? 0 });
  }
  return mentions;
}

/**
 * Provinces a question names that are not among `knownProvinces` (the
 * archive's), by their built-in names: "Thái Nguyên" asked of an archive of
 * Bắc Giang and Lạng Sơn. The same province under another spelling
 * ("Huế" for "Thừa Thiên Huế") is not absent.
 */
export function findAbsentProvinces(question: string, knownProvinces: readonly string[]): string[] {
  const known = builtInNamesOf(knownProvinces);
  return findProvinces(question)
    .filter((mention) => !known.has(mention.province))
    // "Thái Bình Dương" (the Pacific) is a longer name, not Thái Bình: an unmarked mention followed by a
    // capitalized Vietnamese word (one with a diacritic; "Department" is English) is left out.
    .filter((mention) => /(?:tỉnh|thành phố|tp\.?|tinh|thanh pho|province of)\s+$/iu.test(question.slice(0, mention.start)) || !/^\s+\p{Lu}\p{L}*(?=\p{L})[^\x00-\x7F]/u.test(question.slice(mention.end)))
    .map((mention) => mention.province);
}

// The lead passes the same archive province list with every question (and the built-in list for
// absent provinces); compiling each once keeps a query cheap.
const tables = new Map<string, PhraseTable<Variant[]>>();

function provinceTable(knownProvinces: readonly string[] | undefined): PhraseTable<Variant[]> {
  const key = knownProvinces === undefined ? "\u0000built-in" : knownProvinces.join("\u0001");
  let table = tables.get(key);
  if (!table) {
    // The built-in list and the archive's current one; an older archive list is dropped.
    for (const old of tables.keys()) if (old !== "\u0000built-in") tables.delete(old);
    table = createPhraseTable(buildVariants(knownProvinces));
    tables.set(key, table);
  }
  return table;
}

// The archive passes the same list with every question; resolving its 63 names against the built-in
// spellings folds some 4,000 strings, which was most of the time of analysing a question.
const builtInNames = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The built-in names of the provinces of a list (a name without a built-in entry stays as it is). */
function builtInNamesOf(knownProvinces: readonly string[]): ReadonlySet<string> {
  let names = builtInNames.get(knownProvinces);
  if (!names) {
    names = new Set(knownProvinces.map((name) => findBuiltInEntry(name)?.name ?? name));
    builtInNames.set(knownProvinces, names);
  }
  return names;
}

function accepts(variant: Variant, context: { span: QueryWord[]; words: QueryWord[]; first: number; end: number }): boolean {
  const { span } = context;
  if (span.some(hasDiacritics)) {
    if (variant.canonical === undefined || variant.canonical !== span.map((word) => word.canonical).join(" ")) return false;
  }
  if (variant.guard === "marker") return hasMarker(context, ["thanh pho", "tp", "city of"], ["city"]);
  if (variant.guard === "capitalized") {
    return span.every(isCapitalized) || hasMarker(context, ["tinh", "thanh pho", "tp", "province of"], ["province"]);
  }
  return true;
}

function hasMarker(context: { words: QueryWord[]; first: number; end: number }, before: string[], after: string[]): boolean {
  const { words, first, end } = context;
  const previousOne = words[first - 1]?.folded ?? "";
  const previousTwo = `${words[first - 2]?.folded ?? ""} ${previousOne}`;
  if (before.includes(previousOne) || before.includes(previousTwo)) return true;
  return after.includes(words[end]?.folded ?? "");
}

function buildVariants(knownProvinces: readonly string[] | undefined): Array<{ keys: string[]; value: Variant[] }> {
  const groups = new Map<string, Variant[]>();
  const addVariant = (spelling: string, variant: Omit<Variant, "canonical">) => {
    const keys = phraseKeys(spelling, "folded");
    if (keys.length === 0) return;
    const signature = keys.join(" ");
    const withCanonical: Variant = hasDiacriticsText(spelling)
      ? { ...variant, canonical: phraseKeys(spelling, "canonical").join(" ") }
      : variant;
    const group = groups.get(signature) ?? [];
    group.push(withCanonical);
    groups.set(signature, group);
  };
  // A bare name that is also an ordinary phrase (hòa bình) needs capitals or "tỉnh"; one that is also a
  // person's name (Hồ Chí Minh) needs "thành phố"/"TP"; aliases (TP.HCM, Saigon) stand alone.
  const addEntry = (province: Province, display: string) => {
    const guard = province.ambiguity === "capital" ? "capitalized" : province.ambiguity === "prefix" ? "marker" : undefined;
    addVariant(province.name, guard ? { display, guard } : { display });
    for (const alias of province.aliases) addVariant(alias, { display });
  };

  if (knownProvinces === undefined) {
    for (const province of PROVINCES) addEntry(province, province.sameAs ?? province.name);
  } else {
    for (const known of knownProvinces) {
      const entry = findBuiltInEntry(known);
      if (entry) for (const province of sameProvince(entry)) addEntry(province, known);
      else addVariant(known.replace(ADMINISTRATIVE_PREFIX, ""), { display: known });
    }
  }
  // Unguarded spellings first, so an accepted reading is found before a guarded one is tried.
  return [...groups].map(([signature, variants]) => ({
    keys: signature.split(" "),
    value: [...variants].sort((a, b) => Number(a.guard !== undefined) - Number(b.guard !== undefined)),
  }));
}

/** The built-in province a name stands for, by its current name (Thừa Thiên Huế -> Huế). */
function findBuiltInEntry(name: string): Province | undefined {
  const key = foldKey(name.replace(ADMINISTRATIVE_PREFIX, ""));
  const found = PROVINCES.find((province) => [province.name, ...province.aliases].some((spelling) => foldKey(spelling) === key));
  return found?.sameAs ? PROVINCES.find((province) => province.name === found.sameAs) ?? found : found;
}

/** A province and the older names of the same territory. */
function sameProvince(province: Province): Province[] {
  return [province, ...PROVINCES.filter((other) => other.sameAs === province.name)];
}

function foldKey(text: string): string {
  return phraseKeys(foldDiacritics(text), "folded").join(" ");
}

function hasDiacriticsText(text: string): boolean {
  return splitQueryWords(text).some(hasDiacritics);
}
