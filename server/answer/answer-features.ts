import type { AnalyzedQuery } from "../retrieve/analyze-query.js";
import type { AnswerCandidate } from "./collect-candidates.js";

/**
 * Question-level features for the abstainer: how strongly the best candidate
 * wins (its share of the softmax, its score, its margin over the runner-up,
 * its document's share and margin over the best other document)
 * and what it and its document say about the question (coverage, missing
 * words, scope). Named, like the candidate features, and weighed by the
 * fitted model. Only features that mean the same in any archive: a raw BM25
 * score grows with the archive's size and would not carry over.
 */
export type RankedCandidate = AnswerCandidate & { score: number; share: number };

/** Candidate features the abstainer reads from the best candidate. */
const CARRIED = [
  "coverage_sentence",
  "coverage_window",
  "coverage_context",
  "coverage_document",
  "coverage_local",
  "coverage_title",
  "missing_in_document",
  "numbers_missing",
  "focus_sentence",
  "focus_window",
  "bigram_share",
  "kind_match",
  "kind_mismatch",
  "header_field",
  "province_match",
  "province_other",
  "province_national",
  "province_absent_other",
  "province_absent_national",
  "year_document",
  "year_nearby",
  "year_missing",
  "month_match",
  "month_other",
  "missing_in_window",
  "measure_stated",
  "limit_asked_stated",
  "label_match",
  "compactness",
  "header_fields_found",
] as const;

export function answerFeatures(query: AnalyzedQuery, ranked: readonly RankedCandidate[]): Record<string, number> {
  const best = ranked[0];
  if (!best) return {};
  const runnerUp = ranked.find((candidate) => candidate.hit.document.id !== best.hit.document.id || candidate.span.start !== best.span.start);
  const features: Record<string, number> = {
    top_share: best.share,
    top_score: best.score,
    margin: runnerUp ? best.score - runnerUp.score : 5,
    candidates_log: Math.log1p(ranked.length),
    language_en: query.language === "en" ? 1 : 0,
    language_folded: query.language === "vi-nodiacritics" ? 1 : 0,
    asks_metadata: query.metadataFields.length ? 1 : 0,
    strict_kind: query.answerKind !== "fact" && query.answerKind !== "list" ? 1 : 0,
  };
  // How much of the ranking the best candidate's document holds: an answer whose document wins
  // clearly (its sentences together, its lead over the best other document) is more often right.
  let documentShare = 0;
  for (const candidate of ranked) if (candidate.hit.document.id === best.hit.document.id) documentShare += candidate.share;
  const otherDocument = ranked.find((candidate) => candidate.hit.document.id !== best.hit.document.id);
  features.top_document_share = documentShare;
  features.document_margin = otherDocument ? Math.min(5, best.score - otherDocument.score) : 5;
  features.top_from_first_hit = ranked.some((candidate) => candidate.rank === 0 && candidate.hit.document.id === best.hit.document.id) ? 1 : 0;
  for (const name of CARRIED) {
    const value = best.features[name];
    if (value !== undefined) features[`top_${name}`] = value;
  }
  return features;
}
