import { splitSentences, type Span } from "../../core/sentences.js";
import { canonicalizeTone, foldTerm, splitWords } from "../../core/vietnamese.js";
import { findUnits, type UnitMention } from "../../ingest/parse/find-units.js";
import { findWhoMentions, whoTargetOf } from "./who-targets.js";
import type { AnalyzedQuery, MetadataField } from "../retrieve/analyze-query.js";
import { normalizeNumberKey } from "../retrieve/archive.js";
import type { AnswerCandidate } from "./collect-candidates.js";
import { asksForTimeLimit, findDurations, findQuantities, findTimePhrase } from "./evidence-patterns.js";

/**
 * The answer has the form of its kind: a header field is named with its value,
 * a date or period question leads with the time phrase attached to the words
 * asked about (a limit before a plain date when a deadline is asked), a "who"
 * question with the unit (from the sentence or, when the sentence leaves it to
 * its heading, from the heading) and its partners; then the supporting
 * sentences quoted, cut at clause boundaries around the asked fact, never
 * before it.
 */
export const ANSWER_LIMITS = {
  /** Longest quote shown in the answer, in characters (the citation keeps the whole sentence). */
  maxQuoteChars: 420,
  /** Longest answer. */
  maxAnswerChars: 700,
};

export type ComposedAnswer = { answer: string; lead?: string };

export function composeAnswer(options: { query: AnalyzedQuery; chosen: readonly AnswerCandidate[] }): ComposedAnswer {
  const { query, chosen } = options;
  const best = chosen[0]!;
  const lines: string[] = [];
  const lead = leadOf(query, best);
  if (lead) lines.push(lead);
  chosen.forEach((candidate, i) => {
    const province = candidate.hit.document.meta.province;
    const prefix = chosen.length > 1 && province ? `${province}: ` : "";
    lines.push(`${prefix}“${trimQuote(candidate, query)}” [${i + 1}]`);
  });
  let answer = lines.join("\n");
  if (answer.length > ANSWER_LIMITS.maxAnswerChars) answer = `${answer.slice(0, ANSWER_LIMITS.maxAnswerChars - 10).replace(/\s+\S*$/u, "")}…`;
  return lead ? { answer, lead } : { answer };
}

const FIELD_LABELS: Record<MetadataField, { vi: string; en: string }> = {
  signer: { vi: "Người ký", en: "Signed by" },
  number: { vi: "Số hiệu", en: "Document number" },
  date: { vi: "Ngày ban hành", en: "Date of issue" },
  issuer: { vi: "Cơ quan ban hành", en: "Issued by" },
};

/** Words that open a time limit in Vietnamese ("trước ngày …", "chậm nhất …", "trong tháng …", "đến năm …", "kể từ …"), folded. */
const TIME_LIMIT_OPENERS = /^(?:truoc|cham nhat|han|trong|den|toi|ke tu|tu nay den|khong qua|toi da)\b/u;
function leadOf(query: AnalyzedQuery, best: AnswerCandidate): string | undefined {
  const english = query.language === "en";
  if (best.fields?.length) {
    return best.fields.map((field) => `${english ? FIELD_LABELS[field.name].en : FIELD_LABELS[field.name].vi}: ${field.value}.`).join(" ");
  }
  const fact = askedFact(query, best);
  if (fact?.label) return `${english ? fact.label.en : fact.label.vi}: ${fact.text}.`;
  if (english) return "From the archive (quoted in Vietnamese):";
  return undefined;
}

type AskedFact = { text: string; index: number; label?: { vi: string; en: string } };

/** The fact of the sentence the question asks for, with where it stands (for the quote window). */
function askedFact(query: AnalyzedQuery, candidate: AnswerCandidate): AskedFact | undefined {
  const sentence = candidate.text;
  const anchor = anchorOffset(candidate, query);
  switch (query.answerKind) {
    case "date":
    case "period": {
      const asksLimit = asksForTimeLimit(query.question);
      const phrase = findTimePhrase(sentence, query.answerKind, anchor, { preferLimit: asksLimit });
      if (!phrase) return undefined;
      const index = sentence.indexOf(phrase);
      // "Thời hạn" (time limit) only for a limit (or when one is asked for); a date of issue or a period is a "Thời gian".
      const limit = asksLimit || TIME_LIMIT_OPENERS.test(foldTerm(phrase.toLowerCase()));
      return { text: phrase, index, label: limit ? { vi: "Thời hạn", en: "Deadline / period" } : { vi: "Thời gian", en: "Date / period" } };
    }
    case "who": {
      const units = unitsOfCandidate(candidate, query);
      if (!units.lead) return undefined;
      const partners = units.partners.length ? units.partners.join(", ") : "";
      const text = partners ? `${units.lead} (phối hợp: ${partners})` : units.lead;
      return { text, index: units.index, label: { vi: "Đơn vị", en: "Unit" } };
    }
    case "number": {
      const quantities = findQuantities(sentence);
      const durations = findDurations(sentence);
      const nearest = [...quantities.map((text) => ({ text, index: sentence.indexOf(text) })), ...durations]
        .filter((item) => item.index >= 0)
        .sort((a, b) => Math.abs(a.index - anchor) - Math.abs(b.index - anchor))[0];
      return nearest ? { text: nearest.text, index: nearest.index } : undefined;
    }
    default:
      return undefined;
  }
}

/** Partner cue: units after it are partners ("phối hợp với Sở Tài chính, Sở Xây dựng"). */
const PARTNER_CUE = /phối\s+hợp|cùng\s+với|phoi\s+hop/iu;

/**
 * The lead and its partners. A company or a person asked for is the one of
 * that kind nearest the question's words. A body: the units before a "phối
 * hợp" lead, those after it are partners; when the sentence names none ("5.
 * Sở Nội vụ:" then the tasks), the nearest heading's.
 */
export function unitsOfCandidate(candidate: AnswerCandidate, query?: AnalyzedQuery): { lead?: string; partners: string[]; index: number } {
  const sentence = candidate.text;
  const target = query ? whoTargetOf(query.question) : "body";
  if (target !== "body" && query) {
    const anchor = anchorOffset(candidate, query);
    const named = findWhoMentions(sentence).filter((mention) => mention.target === target);
    const nearest = [...named].sort((a, b) => Math.abs(a.start - anchor) - Math.abs(b.start - anchor))[0];
    if (nearest) return { lead: nearest.name, partners: [], index: nearest.start };
  }
  const mentions = findUnits(sentence);
  const cue = PARTNER_CUE.exec(sentence);
  const partnersFrom = cue ? cue.index : Number.POSITIVE_INFINITY;
  const leads = mentions.filter((mention) => mention.start < partnersFrom);
  const partners = dedupe(mentions.filter((mention) => mention.start >= partnersFrom));
  if (leads.length) return { lead: leads[0]!.name, partners, index: leads[0]!.start };
  for (const heading of [...candidate.hit.chunk.sectionPath].reverse()) {
    const inHeading = findUnits(heading);
    if (inHeading.length) return { lead: inHeading[0]!.name, partners, index: 0 };
  }
  if (partners.length && cue) return { partners, index: cue.index };
  return { partners, index: 0 };
}

function dedupe(mentions: readonly UnitMention[]): string[] {
  return [...new Set(mentions.map((mention) => mention.name))];
}

/** Where the question's words cluster in the sentence. */
function anchorOffset(candidate: AnswerCandidate, query: AnalyzedQuery): number {
  const normalizedSentence = normalizeNumberKey(candidate.text);
  for (const number of query.documentNumbers) {
    const key = normalizeNumberKey(number);
    const at = key ? normalizedSentence.indexOf(key) : -1;
    // normalizeNumberKey only removes spaces, so the offset is close enough to centre a window.
    if (at >= 0) return at;
  }
  const keys = new Set(query.keyTerms.map((term) => foldTerm(term)));
  const positions = splitWords(candidate.text)
    .filter(({ word }) => keys.has(foldTerm(canonicalizeTone(word))))
    .map(({ start }) => start);
  if (!positions.length) return 0;
  return positions.reduce((sum, position) => sum + position, 0) / positions.length;
}

/** A long sentence is cut to the clauses around the question's words and the asked fact (the citation keeps the whole sentence). */
function trimQuote(candidate: AnswerCandidate, query: AnalyzedQuery): string {
  const sentence = candidate.text.replace(/\s*\n\s*/gu, " ");
  const limit = ANSWER_LIMITS.maxQuoteChars;
  if (sentence.length <= limit) return sentence;
  const anchor = anchorOffset(candidate, query);
  const fact = askedFact(query, candidate);
  // The window holds the asked fact whole and leans towards the question's words.
  const factStart = fact && fact.index >= 0 ? fact.index : anchor;
  const factEnd = fact && fact.index >= 0 ? fact.index + fact.text.length : anchor;
  let start = Math.round(Math.min(factStart, anchor) - 40);
  let end = Math.round(Math.max(factEnd, anchor) + 40);
  if (end - start < limit) {
    const room = limit - (end - start);
    start -= Math.round(room / 2);
    end += room - Math.round(room / 2);
  }
  if (start < 0) {
    end -= start;
    start = 0;
  }
  if (end > sentence.length) {
    start = Math.max(0, start - (end - sentence.length));
    end = sentence.length;
  }
  // Never cut before the fact: if the window is too long, keep the fact's side.
  if (end - start > limit + 200) {
    start = Math.max(0, factStart - 60);
    end = Math.min(sentence.length, start + limit);
  }
  // Snap to clause boundaries (";" or ",") near the edges, else to word boundaries.
  const clauseStart = Math.max(sentence.lastIndexOf(";", start), sentence.lastIndexOf(",", start));
  if (clauseStart > 0 && start - clauseStart < 60 && clauseStart < factStart) start = clauseStart + 1;
  else while (start > 0 && !/\s/u.test(sentence[start - 1]!)) start--;
  const clauseEnd = firstIndexOf(sentence, [";", ","], end);
  if (clauseEnd > 0 && clauseEnd - end < 60 && clauseEnd >= factEnd) end = clauseEnd;
  else while (end < sentence.length && !/\s/u.test(sentence[end]!)) end++;
  return `${start > 0 ? "…" : ""}${sentence.slice(start, end).trim()}${end < sentence.length ? "…" : ""}`;
}

function firstIndexOf(text: string, marks: readonly string[], from: number): number {
  const found = marks.map((mark) => text.indexOf(mark, from)).filter((index) => index >= 0);
  return found.length ? Math.min(...found) : -1;
}

/** For "which items" questions: the items that follow a sentence ending with a colon. */
export function withListItems(candidate: AnswerCandidate): AnswerCandidate {
  if (!/:\s*$/u.test(candidate.text)) return candidate;
  const document = candidate.hit.document;
  const text = document.text;
  // Items of the body never run on into the notes section after it.
  const notesStart = document.notesStart ?? text.length;
  const limit = candidate.span.end <= notesStart ? notesStart : text.length;
  const following = splitSentences(text, { start: candidate.span.end, end: Math.min(limit, candidate.hit.chunk.end + 400) });
  let span: Span = candidate.span;
  let total = candidate.text.length;
  for (const item of following.slice(0, 8)) {
    const length = item.end - item.start;
    if (total + length > 650) break;
    span = { start: span.start, end: item.end };
    total += length;
  }
  return span === candidate.span ? candidate : { ...candidate, span, text: text.slice(span.start, span.end) };
}
