import type { Bm25Index, QueryTerm } from "../../ingest/index/bm25-index.js";
import type { AnalyzedQuery } from "./analyze-query.js";
import type { Lexicon } from "./query/lexicon.js";
import { splitQueryWords } from "./query/query-words.js";

/**
 * The relevance floor: what a passage needs before search lists it. Fusion
 * normalizes each side to its own best hit, so without a floor the nearest
 * vectors of any text (even "xyzzy qwerty") score like answers, and a folded
 * word that matches almost every passage ("so" = sở / số) lists the whole
 * archive. A passage passes when it has lexical evidence (its BM25 score
 * covers enough of the query's informative weight) or, failing that, a vector
 * similarity above a floor calibrated for the embedder
 * (scripts/calibrate-relevance-floor.ts; see DESIGN.md, "Relevance floor").
 */
export type RelevanceFloor = {
  /**
   * Least lexical coverage: the passage's BM25 score over the query's
   * informative mass (Σ idf · weight over the query's terms).
   * One occurrence of every query term in a passage of average length scores ~1.
   */
  minimumCoverage: number;
  /** Least raw vector similarity (cosine) for a passage without lexical evidence. */
  minimumVectorScore: number;
};

/**
 * Calibrated on the hashed embedder (512 dimensions) over the sample archive
 * with the two development question sets and off-topic queries. Dense
 * embedders place unrelated texts much closer together, so their vector side
 * alone never passes until a floor is calibrated for them.
 */
export const HASHED_EMBEDDER_FLOOR: RelevanceFloor = { minimumCoverage: 0.2, minimumVectorScore: 0.3 };
export const UNCALIBRATED_EMBEDDER_FLOOR: RelevanceFloor = { minimumCoverage: 0.2, minimumVectorScore: Number.POSITIVE_INFINITY };

/** The floor for an embedder id ("hashed-ngram-v1-512", "openai:model:1024", …). */
export function relevanceFloorFor(embedderId: string): RelevanceFloor {
  return embedderId.startsWith("hashed-") ? HASHED_EMBEDDER_FLOOR : UNCALIBRATED_EMBEDDER_FLOOR;
}

/**
 * The query's informative mass: Σ idf · weight over its terms. A term the
 * archive does not hold counts with the highest idf: "how to bake sourdough
 * bread" must not be taken as a perfect match for the one word the archive
 * has ("to", folded like "tổ" in "tổ chức").
 */
export function measureQueryMass(
  lexical: Pick<Bm25Index, "queryTermFrequency" | "inverseDocumentFrequency">,
  terms: readonly QueryTerm[],
  options: { untranslatedWords?: number } = {},
): number {
  let mass = 0;
  for (const term of terms) mass += lexical.inverseDocumentFrequency(lexical.queryTermFrequency(term)) * term.weight;
  // Untranslated English words are absent from the search text, yet the question asked for them.
  return mass + (options.untranslatedWords ?? 0) * lexical.inverseDocumentFrequency(0);
}

/**
 * English content words the glossary cannot render ("football", "sourdough"):
 * translation drops them, so "football world cup results" would search for
 * "kết quả" alone and list every report. Function words, names (capitalized
 * or with diacritics) and numbers are not counted: translation keeps names and
 * numbers as typed.
 */
export function countUntranslatedWords(query: Pick<AnalyzedQuery, "question" | "language">, lexicon: Pick<Lexicon, "englishFunctionWords" | "englishVocabulary">): number {
  if (query.language !== "en") return 0;
  let count = 0;
  for (const word of splitQueryWords(query.question)) {
    if (!/^[a-z]{3,}$/u.test(word.text)) continue;
    if (lexicon.englishFunctionWords.has(word.folded) || lexicon.englishVocabulary.has(word.folded)) continue;
    count++;
  }
  return count;
}

/** Whether a passage clears the floor, from its raw BM25 score and raw vector similarity (0 when a side did not return it). */
export function clearsRelevanceFloor(options: { lexicalScore: number; vectorScore: number; queryMass: number; floor: RelevanceFloor }): boolean {
  const { lexicalScore, vectorScore, queryMass, floor } = options;
  if (queryMass > 0 && lexicalScore / queryMass >= floor.minimumCoverage) return true;
  return vectorScore >= floor.minimumVectorScore;
}
