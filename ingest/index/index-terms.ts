import { bigrams, foldTerm, tokenize } from "../../core/vietnamese.js";

/**
 * The terms a text contributes to the indexes. Kept in one place so the BM25
 * index, the hashed embedder and query processing agree on them:
 * - tone-canonical syllables and syllable bigrams (phrases such as "sở nội");
 * - a diacritic-folded shadow of both, prefixed with "~", so "so noi vu"
 *   finds "Sở Nội vụ" without making "sở" and "số" the same term for users
 *   who did type the diacritics.
 */
export type TermOptions = { exact?: boolean; folded?: boolean };

export const FOLDED_PREFIX = "~";

/** Unigrams and bigrams of canonical syllables; compound parts never form bigrams across a compound. */
export function extractIndexTerms(text: string, options: TermOptions = {}): string[] {
  return analyzeIndexText(text, options).terms;
}

/** The index terms of a text and its length in syllables (what BM25 normalizes by), from one tokenization. */
export function analyzeIndexText(text: string, options: TermOptions = {}): { terms: string[]; length: number } {
  return indexTermsOfSyllables(tokenize(text), options);
}

/** analyzeIndexText from the text's syllables (tokenize(text)), for callers that need them for something else too. */
export function indexTermsOfSyllables(syllables: readonly string[], options: TermOptions = {}): { terms: string[]; length: number } {
  const exact = options.exact ?? true;
  const folded = options.folded ?? true;
  const terms: string[] = [];
  const pairs = bigrams(syllables);
  if (exact) {
    terms.push(...syllables, ...pairs);
  }
  if (folded) {
    const foldedSyllables = syllables.map(foldTerm);
    for (const term of foldedSyllables) terms.push(FOLDED_PREFIX + term);
    for (const pair of bigrams(foldedSyllables)) terms.push(FOLDED_PREFIX + pair);
  }
  return { terms, length: syllables.length };
}

/** Number of syllables in a text; the length BM25 normalizes by. */
export function countSyllables(text: string): number {
  return tokenize(text).length;
}

/**
 * The BM25 input of one document's chunks in a compact, transferable form:
 * each distinct term once (`vocabulary`), and per chunk its (term, frequency)
 * pairs in order of first occurrence, from `chunkStarts[i]` on. What a worker
 * thread sends instead of every chunk's term strings.
 */
export type DocumentTermTable = {
  vocabulary: string[];
  chunkStarts: Int32Array;
  termIndexes: Int32Array;
  frequencies: Uint16Array;
  lengths: Int32Array;
};

/**
 * The table of exact (unfolded) terms, straight from each chunk's syllables:
 * a bigram's string is built once per document, not once per occurrence. Per
 * chunk, the terms analyzeIndexText gives, in order of first occurrence
 * (syllables, then bigrams).
 */
export function buildDocumentTermTableFromSyllables(chunks: ReadonlyArray<readonly string[]>): DocumentTermTable {
  const vocabulary: string[] = [];
  const syllableIds = new Map<string, number>();
  // Bigram term id by (first syllable id, second syllable id).
  const pairIds = new Map<number, number>();
  const chunkStarts = new Int32Array(chunks.length);
  const lengths = new Int32Array(chunks.length);
  const termIndexes: number[] = [];
  const frequencies: number[] = [];
  const counter = new IdCounter();
  const idOf = (syllable: string) => {
    let id = syllableIds.get(syllable);
    if (id === undefined) {
      id = vocabulary.length;
      vocabulary.push(syllable);
      syllableIds.set(syllable, id);
    }
    return id;
  };
  chunks.forEach((syllables, chunk) => {
    chunkStarts[chunk] = termIndexes.length;
    lengths[chunk] = syllables.length;
    const ids = syllables.map(idOf);
    // Syllables first, then bigrams, each in order of first occurrence (as analyzeIndexText lists them).
    for (const id of ids) counter.count(id);
    counter.flush(termIndexes, frequencies);
    for (let i = 0; i + 1 < ids.length; i++) {
      const key = ids[i]! * 0x100000000 + ids[i + 1]!;
      let id = pairIds.get(key);
      if (id === undefined) {
        id = vocabulary.length;
        vocabulary.push(`${syllables[i]} ${syllables[i + 1]}`);
        pairIds.set(key, id);
      }
      counter.count(id);
    }
    counter.flush(termIndexes, frequencies);
  });
  return { vocabulary, chunkStarts, termIndexes: Int32Array.from(termIndexes), frequencies: Uint16Array.from(frequencies), lengths };
}

/** Counts small integer ids in order of first occurrence; flush() appends (id, count) pairs and resets. */
class IdCounter {
  private counts = new Int32Array(1024);
  private readonly order: number[] = [];

  count(id: number): void {
    if (id >= this.counts.length) {
      const larger = new Int32Array(Math.max(id + 1, this.counts.length * 2));
      larger.set(this.counts);
      this.counts = larger;
    }
    if (this.counts[id] === 0) this.order.push(id);
    this.counts[id] = this.counts[id]! + 1;
  }

  flush(ids: number[], frequencies: number[]): void {
    for (const id of this.order) {
      ids.push(id);
      frequencies.push(Math.min(65535, this.counts[id]!));
      this.counts[id] = 0;
    }
    this.order.length = 0;
  }
}
