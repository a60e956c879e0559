import type { Citation } from "../../core/types.js";
import type { AnalyzedQuery, QueryLanguage } from "../retrieve/analyze-query.js";
import type { Archive } from "../retrieve/archive.js";
import type { SearchHit } from "../retrieve/hybrid-search.js";
import { answerFeatures, type RankedCandidate } from "./answer-features.js";
import { collectCandidates, type AnswerCandidate } from "./collect-candidates.js";
import { composeAnswer, withListItems } from "./compose-answer.js";
import { answerProbability, partScore, type AnswerModel } from "./model/answer-model.js";
import { softmax } from "./model/fit-conditional-logit.js";

/**
 * The default answerer: no language model. Candidate sentences, clauses and
 * header fields of the best passages get named features
 * (collect-candidates.ts); the fitted model (data/models/answerer.json, made
 * by `npm run train`) ranks them, then judges the best one: the probability
 * that it answers the question (answer-features.ts). The best candidate
 * answers when that probability reaches the model's threshold; otherwise the
 * answer says the archive holds none.
 */
export type AskAnswer = {
  found: boolean;
  answer: string;
  citations: Citation[];
  language: QueryLanguage;
  /** Probability that the answer is right, from the fitted model (absent for answers not scored by it). */
  confidence?: number;
};

export type ExtractiveOptions = {
  archive: Archive;
  query: AnalyzedQuery;
  hits: SearchHit[];
  model: AnswerModel;
  /** How many of the hits come from the archive-wide search (the rest from searches within the leading documents). */
  primary?: number;
};

/** A further citation is kept when its share of the ranker's softmax is at least this part of the best one's (models without their own fitted ratio). */
const SECONDARY_RATIO = 0.6;
const MAX_CITATIONS = 3;

export function answerExtractively(options: ExtractiveOptions): AskAnswer {
  const { query, model } = options;
  const language = query.language;
  const ranked = rankCandidates(options);
  const best = ranked[0];
  const confidence = best ? answerProbability(model, answerFeatures(query, ranked)) : 0;
  if (!best || confidence < model.threshold) {
    // Asked about a province the archive does not hold, the answer says so.
    return { ...notFound(language, query.provinces.length ? [] : query.absentProvinces ?? []), ...(best ? { confidence } : {}) };
  }
  const chosen = chooseCitations(query, ranked, model.secondaryRatio);
  const { answer } = composeAnswer({ query, chosen });
  return { found: true, answer, citations: buildCitations(chosen), language, confidence };
}

/**
 * The candidates an answer quotes: the best one, and the next ones whose share
 * of the ranker's softmax comes close to it (a second sentence often holds the
 * rest of what is asked), never overlapping, never repeating the same words
 * from another document, never after a header field.
 */
export function chooseCitations(query: AnalyzedQuery, ranked: readonly RankedCandidate[], ratio = SECONDARY_RATIO): RankedCandidate[] {
  const best = ranked[0];
  if (!best) return [];
  const chosen: RankedCandidate[] = [query.answerKind === "list" ? { ...withListItems(best), score: best.score, share: best.share } : best];
  for (const candidate of ranked.slice(1)) {
    if (chosen.length >= MAX_CITATIONS || best.origin === "header") break;
    if (candidate.share < best.share * ratio) break;
    if (chosen.some((other) => other.hit.document.id === candidate.hit.document.id && overlaps(other.span, candidate.span))) continue;
    // The same words in another document (a scan beside its text copy, a draft beside its final) say nothing new.
    if (chosen.some((other) => sameWords(other.text, candidate.text))) continue;
    chosen.push(candidate);
  }
  return chosen;
}

/** Every candidate with its ranker score and softmax share, best first. Exported for training, diagnostics and tests. */
export function rankCandidates(options: ExtractiveOptions): RankedCandidate[] {
  return rankCollected(collectCandidates(options), options.model);
}

/** Ranks already collected candidates. */
export function rankCollected(candidates: readonly AnswerCandidate[], model: AnswerModel): RankedCandidate[] {
  const scores = candidates.map((candidate) => partScore(model.ranker, candidate.features));
  const shares = scores.length ? softmax(scores) : [];
  return candidates
    .map((candidate, i) => ({ ...candidate, score: scores[i]!, share: shares[i]! }))
    .sort((a, b) => b.score - a.score || a.rank - b.rank || a.span.start - b.span.start);
}

function buildCitations(chosen: readonly AnswerCandidate[]): Citation[] {
  return chosen.map((candidate, i) => {
    const { hit, span } = candidate;
    return {
      n: i + 1,
      docId: hit.document.id,
      source: hit.document.source,
      title: documentTitle(hit),
      section: hit.chunk.sectionPath.join(" › "),
      text: hit.chunk.text,
      quote: hit.document.text.slice(span.start, span.end),
      start: hit.chunk.start,
      end: hit.chunk.end,
      quoteStart: span.start,
      quoteEnd: span.end,
    };
  });
}

function documentTitle(hit: SearchHit): string {
  const meta = hit.document.meta;
  const head = [meta.type ? capitalize(meta.type) : undefined, meta.number ? `số ${meta.number}` : undefined].filter(Boolean).join(" ");
  const title = meta.title ?? hit.document.source;
  return head ? `${head}: ${title}` : title;
}

function capitalize(type: string): string {
  const lower = type.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

export function notFound(language: QueryLanguage, absentProvinces: readonly string[] = []): AskAnswer {
  const named = absentProvinces.join(", ");
  const answer =
    language === "en"
      ? named
        ? `Not found in the archive: it holds no document of ${named}.`
        : "Not found in the archive: no document in the archive answers this question."
      : named
        ? `Không tìm thấy thông tin này trong kho văn bản: kho không có văn bản nào của ${named}.`
        : "Không tìm thấy thông tin này trong kho văn bản: không có văn bản nào trả lời câu hỏi.";
  return { found: false, answer, citations: [], language };
}

function sameWords(a: string, b: string): boolean {
  const key = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  return key(a) === key(b);
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}
