import { normalizeUnicode } from "../../../core/vietnamese.js";
import { looksLikeVietnameseSyllable } from "./detect-language.js";
import type { Equivalent } from "./expand-query.js";
import type { Lexicon } from "./lexicon.js";
import {
  blankEnglishApostrophes,
  hasDiacritics,
  isAllCapitals,
  isCapitalized,
  matchPhrases,
  splitQueryWords,
  type QueryWord,
} from "./query-words.js";

/** The Vietnamese search text of an English question and the other renderings of its glossary phrases. */
export type EnglishTranslation = {
  searchText: string;
  alternatives: string[];
  /** Each alternative with the translation in searchText it is an alternative to. */
  equivalents: Equivalent[];
};

type Span = { start: number; end: number };
type Piece = { at: number; text: string };

const MONTHS: Readonly<Record<string, number>> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};
const MONTH = String.raw`(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = String.raw`((?:19|20)\d{2})`;
// "30 June 2024", "30th of June, 2024", "June 30, 2024", "June 2024". Month names are
// matched in capitals only: "may" is far more often the verb.
const ENGLISH_DATES: ReadonlyArray<{ pattern: RegExp; render: (match: RegExpMatchArray) => string }> = [
  {
    pattern: new RegExp(String.raw`\b${DAY}\s+(?:of\s+)?${MONTH}\s*,?\s+${YEAR}\b`, "gu"),
    render: (match) => `${Number(match[1])}/${monthNumber(match[2])}/${match[3]}`,
  },
  {
    pattern: new RegExp(String.raw`\b${MONTH}\s+${DAY}\s*,?\s+${YEAR}\b`, "gu"),
    render: (match) => `${Number(match[2])}/${monthNumber(match[1])}/${match[3]}`,
  },
  {
    pattern: new RegExp(String.raw`\b${MONTH}\s*,?\s+(?:of\s+)?${YEAR}\b`, "gu"),
    render: (match) => `tháng ${monthNumber(match[1])}/${match[2]}`,
  },
];
// Dates, ranges, decimals and fractions written with digits: 30/6/2024, 2023-2025, 99,0%, 514/703.
const NUMERIC_COMPOUND = /\p{N}+(?:[/.,\-–]\p{N}+)+%?/gu;
const SENTENCE_END = /[.?!]/u;

/**
 * Renders an English question as Vietnamese search text: glossary phrases
 * (longest first, with simple inflections) become their first Vietnamese
 * rendering; names the glossary does not know are kept as typed (Lục Ngạn,
 * Bông Lau, Vpostcode), as are numbers, dates (June 30, 2024 -> 30/6/2024),
 * document numbers and provinces (in their canonical spelling). Function
 * words and unknown lower-case English words are dropped. Pieces keep the
 * order of the question.
 */
export function translateEnglish(
  question: string,
  options: {
    lexicon: Lexicon;
    provinces?: ReadonlyArray<Span & { province: string }>;
    documentNumbers?: ReadonlyArray<Span & { number: string }>;
  },
): EnglishTranslation {
  const { lexicon } = options;
  const original = normalizeUnicode(question);
  let working = original;
  const pieces: Piece[] = [];
  const takeSpan = (span: Span, text: string) => {
    if (working.slice(span.start, span.end).trim() === "") return;
    pieces.push({ at: span.start, text });
    working = working.slice(0, span.start) + " ".repeat(span.end - span.start) + working.slice(span.end);
  };

  for (const mention of options.documentNumbers ?? []) takeSpan(mention, mention.number);
  for (const mention of options.provinces ?? []) takeSpan(mention, mention.province);
  for (const { pattern, render } of ENGLISH_DATES) {
    for (const match of working.matchAll(pattern)) takeSpan({ start: match.index, end: match.index + match[0].length }, render(match));
  }
  for (const match of working.matchAll(NUMERIC_COMPOUND)) {
    takeSpan({ start: match.index, end: match.index + match[0].length }, match[0]);
  }

  const words = splitQueryWords(blankEnglishApostrophes(working));
  const alternatives: string[] = [];
  const equivalents: Equivalent[] = [];
  const translated = new Set<number>();
  // Words with Vietnamese diacritics are names or Vietnamese terms, never English ("Sở" is not "so").
  const vietnamese = (index: number) => words[index] !== undefined && hasDiacritics(words[index]);
  for (const match of matchPhrases(words, lexicon.glossary, { mode: "english", strategy: "longest", skip: vietnamese })) {
    const [first, ...others] = match.value.vi;
    if (first === undefined) continue;
    pieces.push({ at: words[match.first]?.start ?? 0, text: first });
    alternatives.push(...others);
    for (const other of others) equivalents.push({ phrase: other, source: first });
    for (let index = match.first; index < match.end; index++) translated.add(index);
  }

  let group: QueryWord[] = [];
  const flush = () => {
    const first = group[0];
    const last = group[group.length - 1];
    if (first && last) pieces.push({ at: first.start, text: original.slice(first.start, last.end) });
    group = [];
  };
  words.forEach((word, index) => {
    const keep = !translated.has(index) && isUntranslatedName(word, { words, index, original, lexicon });
    if (!keep) return flush();
    const previous = group[group.length - 1];
    if (previous && (word.breakBefore || !/^[\s\-–]*$/u.test(original.slice(previous.end, word.start)))) flush();
    group.push(word);
  });
  flush();

  const searchText = pieces
    .sort((a, b) => a.at - b.at)
    .map((piece) => piece.text)
    .filter((text, index, all) => all.indexOf(text) === index)
    .join(" ");
  return { searchText, alternatives: [...new Set(alternatives)], equivalents };
}

/**
 * Words kept as typed: numbers, words with Vietnamese diacritics, codes in
 * capitals, and capitalized words that look like Vietnamese syllables or
 * stand mid-sentence (a proper name). A capitalized first word such as
 * "Describe" is English, not a name.
 */
function isUntranslatedName(word: QueryWord, context: { words: readonly QueryWord[]; index: number; original: string; lexicon: Lexicon }): boolean {
  if (/\p{N}/u.test(word.text) || hasDiacritics(word)) return true;
  if (context.lexicon.englishFunctionWords.has(word.folded)) return false;
  if (isAllCapitals(word)) return true;
  if (!isCapitalized(word)) return false;
  const previous = context.words[context.index - 1];
  const sentenceStart = !previous || SENTENCE_END.test(context.original.slice(previous.end, word.start));
  return !sentenceStart || looksLikeVietnameseSyllable(word.folded);
}

function monthNumber(name: string | undefined): number {
  return MONTHS[(name ?? "").toLowerCase()] ?? 0;
}
