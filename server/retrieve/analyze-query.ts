import { normalizeForMatch, normalizeUnicode } from "../../core/vietnamese.js";
import { classifyAnswerKind } from "./query/classify-answer-kind.js";
import { detectMetadataFields } from "./query/detect-metadata-field.js";
import { findFocusTerms, findMeasureNoun } from "./query/find-focus-terms.js";
import { detectLanguage, type QueryLanguage } from "./query/detect-language.js";
import { expandVietnameseWithSources, type Equivalent } from "./query/expand-query.js";
import { findDocumentNumbers } from "./query/extract-document-numbers.js";
import { extractKeyTerms } from "./query/extract-key-terms.js";
import { extractDocumentMonths, extractYears } from "./query/extract-years.js";
import { findAbsentProvinces, findProvinces } from "./query/find-provinces.js";
import { getDefaultLexicon, type AnswerKind, type Lexicon, type MetadataField } from "./query/lexicon.js";
import { translateEnglish } from "./query/translate-english.js";

export type { AnswerKind, Lexicon, MetadataField, QueryLanguage };
export { documentNumberMatches } from "./query/extract-document-numbers.js";
export { createLexicon, loadLexicon, getDefaultLexicon } from "./query/lexicon.js";

export type AnalyzedQuery = {
  /** As typed (NFC, invisible characters removed). */
  question: string;
  language: QueryLanguage;
  /**
   * Vietnamese text to search with: the question itself for vi and
   * vi-nodiacritics; for en, the Vietnamese renderings of the glossary phrases
   * found plus untranslated proper names and numbers.
   */
  searchText: string;
  /** Extra Vietnamese phrases (abbreviations both ways, synonyms, restored diacritics, other renderings); search them with a lower weight. */
  expansions: string[];
  /** Normalized document numbers named ("16/2021/QĐ-UBND"), or prefix forms ("16/2021/QĐ", "171/KH", "16/2021"); compare with documentNumberMatches. */
  documentNumbers: string[];
  /** Provinces named, canonical display names with diacritics ("Bắc Giang"). */
  provinces: string[];
  /** Provinces named that the archive does not hold (only computed when knownProvinces is given). */
  absentProvinces?: string[];
  /** Years named, in order (both ends of a range; not the year inside a document number). */
  years: number[];
  /** Months the question dates the document it asks about by ("Kết luận tháng 9/2021"), "YYYY-MM". */
  documentMonths?: string[];
  answerKind: AnswerKind;
  /** The header fields asked about ("ai ký", "số hiệu", "who issued"), in the question's order; empty when none. */
  metadataFields: MetadataField[];
  /** The content words next to the question word: what is asked about ("tờ trình" in "căn cứ tờ trình nào"). */
  focusTerms?: string[];
  /** What a "how many" question counts ("tháng" in "bao nhiêu tháng"), tone-canonical (folded when typed without diacritics). */
  measure?: string;
  /** Content terms: tone-canonical lower-case syllables without stopwords and question words; folded for vi-nodiacritics; of the translation for en. */
  keyTerms: string[];
  /** Expansions with the query words they stand for, so an answer sentence that says "ĐVHC" covers "đơn vị hành chính". */
  equivalents?: Equivalent[];
};

export type AnalyzeQueryOptions = {
  /** Provinces present in the archive; when given, only these are reported. */
  knownProvinces?: readonly string[];
  /** Word lists to use; defaults to data/glossary/, loaded once on first use. */
  lexicon?: Lexicon;
};

/**
 * Understands a question before retrieval: its language, what to search
 * with, which documents, provinces and years it names, and what kind of
 * answer it wants. Pure apart from the first lazy load of the default lexicon.
 */
export function analyzeQuery(question: string, options: AnalyzeQueryOptions = {}): AnalyzedQuery {
  const lexicon = options.lexicon ?? getDefaultLexicon();
  const text = normalizeUnicode(question);
  const language = detectLanguage(text, { lexicon });
  const documentNumbers = findDocumentNumbers(text, { lexicon });
  const provinces = findProvinces(text, options.knownProvinces === undefined ? {} : { knownProvinces: options.knownProvinces });
  const years = extractYears(text, { ignore: documentNumbers });
  const answerKind = classifyAnswerKind(text, { language, lexicon });
  const metadataFields = detectMetadataFields(text, { language, lexicon, answerKind });

  let searchText: string;
  let expansions: string[];
  let keyTerms: string[];
  let equivalents: Equivalent[];
  if (language === "en") {
    const translation = translateEnglish(text, { lexicon, provinces, documentNumbers });
    // A question of names only ("Vpostcode") translates to nothing; search with it as typed then.
    searchText = translation.searchText || text.trim();
    const translatedNumbers = documentNumbers.map((mention) => locate(searchText, mention.number));
    const expanded = expandVietnameseWithSources(searchText, { lexicon, folded: false, ignore: translatedNumbers });
    expansions = [...translation.alternatives, ...expanded.map((equivalent) => equivalent.phrase)];
    equivalents = [...translation.equivalents, ...expanded];
    keyTerms = extractKeyTerms(searchText, { lexicon, folded: false });
  } else {
    const folded = language === "vi-nodiacritics";
    searchText = text;
    equivalents = expandVietnameseWithSources(text, { lexicon, folded, ignore: documentNumbers });
    expansions = equivalents.map((equivalent) => equivalent.phrase);
    // Typed without diacritics, the province's proper spelling is worth searching for too.
    if (folded) expansions.push(...provinces.map((mention) => mention.province));
    keyTerms = extractKeyTerms(text, { lexicon, folded });
  }

  return {
    question: text,
    language,
    searchText,
    expansions: dropRepeats(expansions, searchText),
    documentNumbers: [...new Set(documentNumbers.map((mention) => mention.number))],
    provinces: provinces.map((mention) => mention.province),
    ...(options.knownProvinces === undefined ? {} : { absentProvinces: findAbsentProvinces(text, options.knownProvinces) }),
    years,
    documentMonths: extractDocumentMonths(text),
    answerKind,
    metadataFields,
    focusTerms: findFocusTerms(text, { language, lexicon }),
    ...optionalMeasure(findMeasureNoun(text, { language, lexicon })),
    keyTerms,
    equivalents,
  };
}

function optionalMeasure(measure: string | undefined): { measure?: string } {
  return measure ? { measure } : {};
}

function locate(text: string, part: string): { start: number; end: number } {
  const start = text.indexOf(part);
  return start < 0 ? { start: 0, end: 0 } : { start, end: start + part.length };
}

/** Each expansion once, and none the search text already contains word for word. */
function dropRepeats(expansions: readonly string[], searchText: string): string[] {
  const searchKey = ` ${normalizeForMatch(searchText)} `;
  const seen = new Set<string>();
  return expansions.filter((expansion) => {
    const key = normalizeForMatch(expansion);
    if (!key || seen.has(key) || searchKey.includes(` ${key} `)) return false;
    seen.add(key);
    return true;
  });
}
