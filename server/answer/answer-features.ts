import type { AnalyzedQuery } from "../retrieve/analyze-query.js";
import type { AnswerCandidate } from "./collect-candidates.js";

/**
 * Question-level features for the abstainer: how strongly the best candidate
 * wins (its share of the softmax, its score, its margin over the runner-up,
 * its document's share and margin over the best other document)
 * and what it and its document say about the question (coverage, missing
 * words, scope), and the kind of answer asked for. Named, like the candidate features, and weighed by the
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
  "name_missing",
  "name_missing_passage",
  "numbered_match",
  "numbered_conflict",
  "numbered_conflict_passage",
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
    // What is asked: how often the best candidate is right differs by kind (a number or a date is
    // checked by its form, a list or a fact is not), so each kind has its own intercept.
    [`kind_${query.answerKind}`]: 1,
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
  Object.assign(features, fieldFeatures(ranked));
  return features;
}

/** Candidate features of which the abstainer reads the best any candidate reaches, and those of which it reads the least any leaves. */
const FIELD_MAX = [
  "coverage_window",
  "coverage_sentence",
  "coverage_document",
  "coverage_context",
  "bigram_share",
  "focus_window",
  "kind_match",
  "compactness",
  "label_match",
  "measure_stated",
  "year_document",
  "province_match",
  "month_match",
  "numbered_match",
] as const;
const FIELD_MIN = ["missing_in_document", "missing_in_window", "numbers_missing", "year_missing", "province_other", "month_other", "name_missing", "name_missing_passage", "numbered_conflict", "numbered_conflict_passage"] as const;

/**
 * What the gathered candidates as a whole say about the question, whatever
 * the ranker chose: the best coverage any of them reaches, the least any
 * leaves missing. A negative question's best candidate can look convincing
 * when the ranker is good at picking; these do not move with the ranker
 * (cross-validated: 0.6130 with them against 0.6052 without, both fold draws
 * higher).
 */
function fieldFeatures(ranked: readonly RankedCandidate[]): Record<string, number> {
  const features: Record<string, number> = {};
  for (const name of FIELD_MAX) {
    let best = 0;
    for (const candidate of ranked) best = Math.max(best, candidate.features[name] ?? 0);
    features[`field_max_${name}`] = best;
  }
  for (const name of FIELD_MIN) {
    let least = Number.POSITIVE_INFINITY;
    for (const candidate of ranked) if (candidate.origin !== "header") least = Math.min(least, candidate.features[name] ?? 0);
    features[`field_min_${name}`] = Number.isFinite(least) ? least : 1;
  }
  return features;
}
