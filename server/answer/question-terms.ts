import { canonicalizeTone, foldTerm, tokenize } from "../../core/vietnamese.js";
import type { AnalyzedQuery } from "../retrieve/analyze-query.js";
import type { Archive } from "../retrieve/archive.js";

/**
 * The question's content words with IDF weights. Province names and years are
 * left out: they are checked against the document's metadata (scope
 * features), and a passage rarely repeats them. A word the archive never uses
 * can still be covered by one of the question's expansions (CBCCVC ->
 * "cán bộ, công chức, viên chức", ngừng -> dừng); an unknown concept with no
 * expansion stays uncovered.
 */
export type QuestionTerms = {
  terms: Map<string, number>;
  absent: Set<string>;
  alternatives: Set<string>;
  /** A text containing every term of `phrase` covers the key terms in `covers` ("ĐVHC" covers đơn, vị, hành, chính). */
  equivalences: Array<{ phrase: string[]; covers: string[] }>;
  total: number;
  /** Largest IDF the archive can give (a term of one passage), to put weights on a 0..1 scale. */
  maxWeight: number;
  /** Numbers of the question that are neither years nor inside a document number ("28 đơn vị", "gói thầu 13"). */
  numbers: string[];
};

export function weighQuestionTerms(archive: Archive, query: AnalyzedQuery): QuestionTerms {
  const excluded = new Set<string>();
  for (const province of query.provinces) for (const term of tokenize(province)) excluded.add(foldTerm(term));
  for (const year of query.years) excluded.add(String(year));
  const terms = new Map<string, number>();
  const absent = new Set<string>();
  for (const term of query.keyTerms) {
    const key = foldTerm(term);
    if (terms.has(key) || excluded.has(key)) continue;
    const frequency = archive.lexical.queryTermFrequency({ term: canonicalizeTone(term), weight: 1, folded: true });
    if (frequency === 0) absent.add(key);
    terms.set(key, Math.max(0.2, archive.lexical.inverseDocumentFrequency(frequency)));
  }
  const alternatives = new Set<string>();
  for (const phrase of query.expansions) for (const term of tokenize(phrase)) if (!terms.has(foldTerm(term))) alternatives.add(foldTerm(term));
  const equivalences: QuestionTerms["equivalences"] = [];
  for (const { phrase, source } of query.equivalents ?? []) {
    const phraseTerms = [...new Set(tokenize(phrase).map(foldTerm))];
    const covers = [...new Set(tokenize(source).map(foldTerm))].filter((term) => terms.has(term) && !phraseTerms.includes(term));
    if (phraseTerms.length && covers.length) equivalences.push({ phrase: phraseTerms, covers });
  }
  let total = 0;
  for (const weight of terms.values()) total += weight;
  const numberWords = new Set(query.documentNumbers.flatMap((number) => number.match(/\d+/gu) ?? []));
  const numbers = [...new Set((query.searchText.match(/(?<![\d/.,-])\d+(?![\d/.,-]?\d)/gu) ?? []))].filter(
    (number) => !excluded.has(number) && !numberWords.has(number) && !/^(?:19|20)\d{2}$/u.test(number),
  );
  return { terms, absent, alternatives, equivalences, total, maxWeight: Math.max(1, archive.lexical.inverseDocumentFrequency(1)), numbers };
}

export function termSet(text: string): Set<string> {
  return foldedSet(tokenize(text));
}

function foldedSet(terms: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const term of terms) set.add(foldTerm(term));
  return set;
}

/**
 * The term sets of the texts one question's candidates read, each text
 * tokenized once. At 100k chunks a question has about 270 candidates from 38
 * passages, and each was tokenized 6-8 times (its own terms, its window with
 * the previous sentence twice, its heading twice, its bigrams): the answerer's
 * CPU went mostly there. A sentence is read again as the previous sentence of
 * the next one, a heading and a document's header by every unit under them.
 * Made per question and dropped with it; the sets are shared, never changed.
 */
export class TextTerms {
  readonly #tokens = new Map<string, string[]>();
  readonly #sets = new Map<string, Set<string>>();
  readonly #bigrams = new Map<string, Set<string>>();

  /** termSet(text), the same terms in the same order. */
  termsOf(text: string): Set<string> {
    let set = this.#sets.get(text);
    if (!set) {
      set = foldedSet(this.#tokensOf(text));
      this.#sets.set(text, set);
    }
    return set;
  }

  /**
   * termSet(`${first} ${second}`) from the two texts' sets: no word spans the
   * space (it is neither a word character nor a joiner, and Unicode
   * normalization composes nothing across it), and the union keeps the first
   * text's terms first, then the second's new ones, as the joined text would.
   */
  joinedTermsOf(first: string, second: string): Set<string> {
    return new Set([...this.termsOf(first), ...this.termsOf(second)]);
  }

  /**
   * The folded bigrams of the text, `bigrams(tokenize(text)).map(foldTerm)`
   * as a set: folding a pair is folding its two words (folding works
   * character by character and the space between them stays), and the words'
   * folded forms are cached where a pair's are not.
   */
  foldedBigramsOf(text: string): Set<string> {
    let set = this.#bigrams.get(text);
    if (!set) {
      const folded = this.#tokensOf(text).map((term) => foldTerm(term));
      set = new Set<string>();
      for (let i = 0; i + 1 < folded.length; i++) set.add(`${folded[i]} ${folded[i + 1]}`);
      this.#bigrams.set(text, set);
    }
    return set;
  }

  #tokensOf(text: string): string[] {
    let tokens = this.#tokens.get(text);
    if (!tokens) {
      tokens = tokenize(text);
      this.#tokens.set(text, tokens);
    }
    return tokens;
  }
}

/** What coverage needs of a set of terms: whether it has one. */
export type TermLookup = Pick<ReadonlySet<string>, "has">;

/** IDF-weighted share of the question's content words found in `terms` (0..1). */
export function coverage(weights: QuestionTerms, terms: TermLookup): number {
  if (weights.total === 0) return 0;
  let alternativeFound = false;
  for (const alternative of weights.alternatives) {
    if (terms.has(alternative)) {
      alternativeFound = true;
      break;
    }
  }
  const covered = new Set<string>();
  for (const { phrase, covers } of weights.equivalences) {
    if (phrase.every((term) => terms.has(term))) for (const term of covers) covered.add(term);
  }
  let found = 0;
  for (const [term, weight] of weights.terms) {
    if (terms.has(term) || covered.has(term)) found += weight;
    // A term no passage of the archive contains is taken as expressed by a synonym or expansion present here.
    else if (alternativeFound && weights.absent.has(term)) found += weight * 0.8;
  }
  return Math.min(1, found / weights.total);
}

/** The heaviest question word missing from `terms`, on a 0..1 scale (0 when every word is there). */
export function heaviestMissing(weights: QuestionTerms, terms: TermLookup): number {
  let heaviest = 0;
  for (const [term, weight] of weights.terms) {
    if (!terms.has(term) && !weights.absent.has(term)) heaviest = Math.max(heaviest, weight);
  }
  return Math.min(1, heaviest / weights.maxWeight);
}
