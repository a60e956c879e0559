import { splitSentences, type Span } from "../../core/sentences.js";
import type { ArchiveDocument } from "../../core/types.js";
import { bigrams, canonicalizeTone, foldTerm, normalizeUnicode, splitWords, tokenize } from "../../core/vietnamese.js";
import { BoundedCache, estimateStringCollectionBytes } from "./bounded-cache.js";
import { citingTextsOf, notesOfPassage } from "../../ingest/parse/notes-section.js";
import type { AnalyzedQuery, MetadataField } from "../retrieve/analyze-query.js";
import { normalizeNameKey, normalizeNumberKey, type Archive } from "../retrieve/archive.js";
import { documentOfMonths, type SearchHit } from "../retrieve/hybrid-search.js";
import { locateHeaderField } from "./header-fields.js";
import { asksForTimeLimit, datePrecision, findDurations, findQuantities, hasEvidenceOf, statesAmount } from "./evidence-patterns.js";
import { coverage, heaviestMissing, termSet, TextTerms, weighQuestionTerms, type QuestionTerms, type TermLookup } from "./question-terms.js";
import { findUnits } from "../../ingest/parse/find-units.js";
import { findWhoMentions, whoTargetOf, type WhoTarget } from "./who-targets.js";
import { documentAnchorFeatures, passageAnchorFeatures, questionAnchors, type QuestionAnchors } from "./question-anchors.js";

/**
 * Candidate answers and their named features. A candidate is a sentence of
 * one of the best passages, a ";" clause of a long sentence, or (when the
 * question asks who signed, the number, the date of issue or the issuer) a
 * field of a document's parsed header. Every feature is a plain number with a
 * name; the fitted model (answer-model.ts) weighs them. Nothing here decides.
 */
export type CandidateOrigin = "sentence" | "clause" | "paragraph" | "header";

export type AnswerCandidate = {
  hit: SearchHit;
  /** Rank of the passage among the search hits (0 = best). */
  rank: number;
  origin: CandidateOrigin;
  /** Where the candidate's text is in the document's clean text. */
  span: Span;
  text: string;
  /** The sentence before it, read with it when it leaves its subject implicit. */
  previous?: Span;
  /** For header candidates: the fields asked for and their values, in the question's order. */
  fields?: Array<{ name: MetadataField; value: string }>;
  features: Record<string, number>;
};

export type CollectOptions = {
  archive: Archive;
  query: AnalyzedQuery;
  hits: readonly SearchHit[];
  /** How many hits come from the archive-wide search (the rest from searches within the leading documents); default all. */
  primary?: number;
};

/** Below this length a sentence is read whole; above it, its ";" clauses are candidates too. */
const CLAUSE_SPLIT_CHARS = 300;
const MIN_CLAUSE_CHARS = 40;
const MIN_SENTENCE_CHARS = 12;

export function collectCandidates(options: CollectOptions): AnswerCandidate[] {
  const { archive, query } = options;
  const hits = options.hits;
  if (!hits.length) return [];
  const primary = options.primary ?? hits.length;
  const weights = weighQuestionTerms(archive, query);
  if (weights.total === 0 && !query.metadataFields.length) return [];
  const context = createQueryContext(archive, query, weights, hits);
  const candidates: AnswerCandidate[] = [];
  hits.forEach((hit, rank) => {
    if (outOfProvince(context, hit)) return;
    const passage = describePassage(context, hit);
    for (const unit of passageUnits(hit)) {
      const text = hit.document.text.slice(unit.span.start, unit.span.end);
      if (text.length < MIN_SENTENCE_CHARS) continue;
      candidates.push({
        hit,
        rank,
        origin: unit.origin,
        span: unit.span,
        text,
        ...(unit.previous ? { previous: unit.previous } : {}),
        features: sentenceFeatures(context, passage, { hit, rank, primary, text, span: unit.span, previous: unit.previous, origin: unit.origin }),
      });
    }
  });
  if (query.metadataFields.length) candidates.push(...headerCandidates(context, hits, query.metadataFields));
  return candidates;
}

// ---------------------------------------------------------------------------
// Context shared by every candidate of one question.

type QueryContext = {
  archive: Archive;
  query: AnalyzedQuery;
  weights: QuestionTerms;
  /** Folded focus terms (what is asked about). */
  focus: string[];
  queryBigrams: Set<string>;
  topScore: number;
  topLexical: number;
  provinceKeys: Set<string>;
  numberKeys: string[];
  strictKind: boolean;
  asksLimit: boolean;
  /** Folded syllables of what a "how many" question counts. */
  measure?: string[];
  whoTarget: WhoTarget;
  /** The question's texts tokenized once (sentences, headings, headers). */
  texts: TextTerms;
  /** The names and numbered things the question is about ("Phúc Thành", "gói thầu 17"). */
  anchors: QuestionAnchors;
};

function createQueryContext(archive: Archive, query: AnalyzedQuery, weights: QuestionTerms, hits: readonly SearchHit[]): QueryContext {
  return {
    archive,
    query,
    weights,
    focus: [...new Set((query.focusTerms ?? []).map((term) => foldTerm(term)))].filter((term) => weights.terms.has(term)),
    queryBigrams: new Set(bigrams(tokenize(query.language === "en" ? query.searchText : query.question)).map((pair) => foldTerm(pair))),
    topScore: hits[0]!.score || 1,
    topLexical: Math.max(1e-9, ...hits.map((hit) => hit.lexicalRaw)),
    provinceKeys: new Set(query.provinces.map(normalizeNameKey)),
    numberKeys: query.documentNumbers.map((number) => normalizeNumberKey(number)).filter(Boolean),
    strictKind: query.answerKind !== "fact" && query.answerKind !== "list",
    asksLimit: asksForTimeLimit(query.question),
    whoTarget: whoTargetOf(query.question),
    texts: new TextTerms(),
    anchors: questionAnchors(query),
    ...(query.measure ? { measure: tokenize(query.measure).map((term) => foldTerm(term)) } : {}),
  };
}

// ---------------------------------------------------------------------------
// Per passage and per document.

type PassageFacts = {
  /** Question terms weighted by how rarely the document's sentences use them (what sets a sentence apart in its document). */
  localWeights: Map<string, number>;
  localTotal: number;
  titleTerms: Set<string>;
  contextCoverage: number;
  headerTerms: Set<string>;
  documentCoverage: number;
  documentMissing: number;
  numbersMissing: number;
  scope: Record<string, number>;
  headingUnits: number;
};

function describePassage(context: QueryContext, hit: SearchHit): PassageFacts {
  const { weights } = context;
  const document = hit.document;
  const meta = document.meta;
  const header = [meta.type ?? "", meta.title ?? "", meta.issuer ?? ""].join(" ");
  const citing = citingTextsOf(document, hit.chunk);
  const { texts } = context;
  const contextTerms = new Set<string>();
  // The terms of these texts joined by spaces, each text tokenized once a question (TextTerms.joinedTermsOf).
  for (const part of [header, document.text.slice(0, 400), hit.chunk.sectionPath.join(" "), ...citing]) for (const term of texts.termsOf(part)) contextTerms.add(term);
  for (const term of termSet(hit.chunk.text)) contextTerms.add(term);
  const headerTerms = texts.termsOf(header);
  const sentenceFrequencies = documentSentenceFrequencies(document);
  // The terms of the header and the text joined by a space: the header's, and the text's (its sentences' terms).
  const textTerms = sentenceFrequencies.textTerms ?? sentenceFrequencies.frequencies;
  const documentTerms: TermLookup = { has: (term) => headerTerms.has(term) || textTerms.has(term) };
  const numbers = weights.numbers;
  const documentNumbers = numbers.length ? documentNumberSet(document) : undefined;
  const localWeights = new Map<string, number>();
  let localTotal = 0;
  for (const [term, weight] of weights.terms) {
    const frequency = sentenceFrequencies.frequencies.get(term) ?? 0;
    if (!frequency) continue;
    const local = weight * Math.log(1 + sentenceFrequencies.sentences / frequency);
    localWeights.set(term, local);
    localTotal += local;
  }
  return {
    localWeights,
    localTotal,
    titleTerms: texts.termsOf(meta.title ?? ""),
    contextCoverage: coverage(weights, contextTerms),
    headerTerms,
    documentCoverage: coverage(weights, documentTerms),
    documentMissing: heaviestMissing(weights, documentTerms),
    numbersMissing: numbers.length ? numbers.filter((number) => !documentNumbers!.has(number)).length / numbers.length : 0,
    scope: scopeFeatures(context, hit),
    headingUnits: hit.chunk.sectionPath.some((heading) => findUnits(heading).length > 0) ? 1 : 0,
  };
}

/**
 * A question that names only provinces the archive holds no document of is
 * not answered by another province's document (a national text, a law, may
 * still answer it): the answer then says the archive holds nothing of that
 * province. A logical scope, not a fitted weight: the development archive
 * holds too few such questions for the model to learn it. The same gate for
 * provinces the archive does hold cost 11 of 476 reachable development
 * answers (a document's parsed province is not always the one its questions
 * name: merged provinces, documents about another), so there the province
 * stays a feature. Measured again on 683 questions (3 repeats of 5 folds):
 * 0.5683 with the bar, 0.5699 without, within noise; kept because it is the
 * logical answer to a near-miss the issue names, and a fitted weight alone
 * let another province's document answer (the API tests say which).
 */
function outOfProvince(context: QueryContext, hit: SearchHit): boolean {
  if (context.provinceKeys.size || !(context.query.absentProvinces?.length ?? 0)) return false;
  return Boolean(hit.document.meta.province);
}

/** Whether the document is the one the question is about: its province, its year, its month, the names and numbered things the question gives. */
function scopeFeatures(context: QueryContext, hit: SearchHit): Record<string, number> {
  const { query } = context;
  const document = hit.document;
  const province = document.meta.province ? normalizeNameKey(document.meta.province) : undefined;
  const features: Record<string, number> = {};
  if (context.provinceKeys.size) {
    if (!province) features.province_national = 1;
    else if (context.provinceKeys.has(province)) features.province_match = 1;
    else features.province_other = 1;
  } else if (query.absentProvinces?.length) {
    features[province ? "province_absent_other" : "province_absent_national"] = 1;
  }
  if (query.years.length) {
    const where = [document.meta.title ?? "", hit.chunk.sectionPath.join(" "), hit.chunk.text].join(" ");
    let matched = 0;
    let named = 0;
    for (const year of query.years) {
      if (document.meta.year === year) matched++;
      else if (where.includes(String(year))) named++;
    }
    features.year_document = matched / query.years.length;
    features.year_nearby = named / query.years.length;
    features.year_missing = (query.years.length - matched - named) / query.years.length;
  }
  const months = query.documentMonths ?? [];
  if (months.length) features[documentOfMonths(document, months) ? "month_match" : "month_other"] = 1;
  // The names and numbered things of the question, in the document and in the passage (with its headings).
  Object.assign(features, documentAnchorFeatures(context.anchors, document));
  Object.assign(features, passageAnchorFeatures(context.anchors, [document.meta.title ?? "", hit.chunk.sectionPath.join("\n"), hit.chunk.text].join("\n")));
  if (context.numberKeys.length) {
    const own = document.meta.number ? normalizeNumberKey(document.meta.number) : "";
    features.number_is_document = context.numberKeys.some((key) => own && (own === key || own.startsWith(key))) ? 1 : 0;
  }
  return features;
}

// Per-document sentence frequencies and numbers of the documents the answerer read last, bounded
// by their estimated bytes (bounded-cache.ts); one question reads 5-30 documents. The frequencies
// have the budget the documents' term sets and frequencies had together (12 + 12 MB): they are
// the term sets too now, so about twice as many documents stay.
const CACHE_BYTES = 12 * 1024 * 1024;
const documentNumbers = new BoundedCache<ArchiveDocument, Set<string>>({ maxBytes: CACHE_BYTES / 4, sizeOf: estimateStringCollectionBytes });

type SentenceFrequencies = {
  sentences: number;
  /** Folded term -> how many sentences use it. */
  frequencies: Map<string, number>;
  /** termSet(text), kept only for a text not in normal form (see below); else the frequencies' keys are it. */
  textTerms?: Set<string>;
};

const sentenceFrequencyCache = new BoundedCache<ArchiveDocument, SentenceFrequencies>({
  maxBytes: 2 * CACHE_BYTES,
  sizeOf: (value) => estimateStringCollectionBytes(value.frequencies.keys()) + (value.textTerms ? estimateStringCollectionBytes(value.textTerms) : 0),
});

/**
 * How many sentences of the document use each (folded) term. The keys are
 * the terms of the whole text too, so the text is tokenized once (it was
 * twice, a fifth of the answerer's CPU at 100k chunks): sentences end at
 * white space and cover every word, and the words of a text in normal form
 * are those of its pieces. A text that is not (normalizeUnicode would change
 * it; the ingest never writes one) keeps its own term set.
 */
function documentSentenceFrequencies(document: ArchiveDocument): SentenceFrequencies {
  return sentenceFrequencyCache.get(document, () => {
    const text = document.text;
    const frequencies = new Map<string, number>();
    const spans = splitSentences(text);
    for (const span of spans) {
      for (const term of termSet(text.slice(span.start, span.end))) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
    }
    return { sentences: Math.max(1, spans.length), frequencies, ...(normalizeUnicode(text) === text ? {} : { textTerms: termSet(text) }) };
  });
}

function documentNumberSet(document: ArchiveDocument): Set<string> {
  return documentNumbers.get(document, () => new Set((document.text.match(/\d+/gu) ?? []).map((number) => String(Number(number)))));
}

// ---------------------------------------------------------------------------
// Sentences and clauses of a passage.

type PassageUnit = { span: Span; previous?: Span; origin: CandidateOrigin };

function passageUnits(hit: SearchHit): PassageUnit[] {
  const document = hit.document;
  const notes = notesOfPassage(document, hit.chunk);
  const sentenceSpans = splitSentences(document.text, { start: hit.chunk.start, end: hit.chunk.end });
  // The first sentence's predecessor may lie in the previous chunk: a chunk boundary does not end a thought.
  const before = precedingSentence(document.text, hit.chunk.start);
  const previousOf = (span: Span, i: number): Span | undefined => {
    // The first sentence of a note continues the body sentence the note belongs to.
    const note = notes.find(({ footnote }) => footnote.start! <= span.start && span.start < footnote.end!);
    if (note && (i === 0 || sentenceSpans[i - 1]!.end <= note.footnote.start!)) return note.citing;
    return i > 0 ? sentenceSpans[i - 1] : before;
  };
  const units = sentenceSpans.flatMap((span, i): PassageUnit[] => {
    const previous = previousOf(span, i);
    return [
      { span, origin: "sentence", ...(previous ? { previous } : {}) },
      ...clausesOf(document.text, span).map((clause): PassageUnit => ({ span: clause, origin: "clause" })),
    ];
  });
  // A paragraph (a list item) of a few sentences is one thought: its subject in the first sentence, the
  // deadline or figure in the next ("- Sở Nội vụ hoàn thành hồ sơ Đề án …. Phấn đấu … trước ngày 30/6/2024.").
  for (const paragraph of paragraphsOf(document.text, hit.chunk)) {
    const inside = sentenceSpans.filter((span) => span.start >= paragraph.start && span.end <= paragraph.end).length;
    if (inside >= 2 && paragraph.end - paragraph.start <= MAX_PARAGRAPH_CHARS) units.push({ span: paragraph, origin: "paragraph" });
  }
  return units;
}

/** Longest paragraph read as one candidate. */
const MAX_PARAGRAPH_CHARS = 700;

/** The lines (paragraphs, list items) of a passage, trimmed. */
function paragraphsOf(text: string, range: Span): Span[] {
  const spans: Span[] = [];
  let start = range.start;
  for (let i = range.start; i <= range.end; i++) {
    if (i < range.end && text[i] !== "\n") continue;
    let from = start;
    let to = i;
    while (from < to && /\s/u.test(text[from]!)) from++;
    while (to > from && /\s/u.test(text[to - 1]!)) to--;
    if (to > from) spans.push({ start: from, end: to });
    start = i + 1;
  }
  return spans;
}

/** The last sentence that ends before `offset` (looked for in the 800 characters before it). */
function precedingSentence(text: string, offset: number): Span | undefined {
  if (offset <= 0) return undefined;
  const spans = splitSentences(text, { start: Math.max(0, offset - 800), end: offset });
  const last = spans[spans.length - 1];
  // A sentence cut by the look-back window is not a sentence: keep it only if it had room to start.
  return last && (last.start > Math.max(0, offset - 800) || offset <= 800) ? last : undefined;
}

/** The ";"-separated clauses of a long sentence (none for a short one or a single clause). */
function clausesOf(text: string, span: Span): Span[] {
  if (span.end - span.start < CLAUSE_SPLIT_CHARS) return [];
  const clauses: Span[] = [];
  let start = span.start;
  for (let i = span.start; i <= span.end; i++) {
    if (i < span.end && text[i] !== ";") continue;
    let from = start;
    let to = i;
    while (from < to && /\s/u.test(text[from]!)) from++;
    while (to > from && /\s/u.test(text[to - 1]!)) to--;
    if (to - from >= MIN_CLAUSE_CHARS) clauses.push({ start: from, end: to });
    start = i + 1;
  }
  return clauses.length > 1 ? clauses : [];
}

// ---------------------------------------------------------------------------
// Features of one sentence or clause.

/** Share of the coverage a question word gets when only the document's header (type, title, issuer) has it. */
const HEADER_CREDIT = 0.5;

type UnitInput = { hit: SearchHit; rank: number; primary: number; text: string; span: Span; previous?: Span | undefined; origin: CandidateOrigin };

function sentenceFeatures(context: QueryContext, passage: PassageFacts, unit: UnitInput): Record<string, number> {
  const { query, weights } = context;
  const { hit, text } = unit;
  const document = hit.document;
  const { texts } = context;
  const sentenceTerms = texts.termsOf(text);
  const own = coverage(weights, sentenceTerms);
  const withHeader = coverage(weights, new Set([...sentenceTerms, ...passage.headerTerms]));
  const previous = unit.previous ? document.text.slice(unit.previous.start, unit.previous.end) : "";
  const windowTerms = previous ? texts.joinedTermsOf(previous, text) : sentenceTerms;
  const window = previous ? coverage(weights, windowTerms) : own;
  const headingTerms = texts.termsOf(hit.chunk.sectionPath.join(" "));
  let bigramShare = 0;
  if (context.queryBigrams.size) {
    const sentenceBigrams = texts.foldedBigramsOf(text);
    let shared = 0;
    for (const pair of context.queryBigrams) if (sentenceBigrams.has(pair)) shared++;
    bigramShare = shared / context.queryBigrams.size;
  }
  const kind = query.answerKind;
  const evidence = hasEvidenceOf(kind, text, { question: query.question });
  let local = 0;
  for (const term of sentenceTerms) local += passage.localWeights.get(term) ?? 0;
  const focusIn = (terms: Set<string>) => (context.focus.length ? context.focus.filter((term) => terms.has(term)).length / context.focus.length : 0);
  let titleShared = 0;
  for (const term of sentenceTerms) if (passage.titleTerms.has(term)) titleShared++;
  const words = splitWords(text);
  const wordKeys = words.map(({ word }) => foldTerm(canonicalizeTone(word)));
  const bodyEnd = document.notesStart ?? document.text.length;
  const features: Record<string, number> = {
    rank_inverse: unit.rank < unit.primary ? 1 / (unit.rank + 1) : 0,
    within_document: unit.rank < unit.primary ? 0 : 1,
    retrieval_relative: hit.score / context.topScore,
    lexical_relative: hit.lexicalRaw / context.topLexical,
    vector_score: hit.vectorScore,
    coverage_heading: coverage(weights, headingTerms),
    coverage_sentence: own,
    coverage_header_gain: HEADER_CREDIT * (withHeader - own),
    coverage_window: window,
    coverage_context: passage.contextCoverage,
    coverage_document: passage.documentCoverage,
    missing_in_document: passage.documentMissing,
    numbers_missing: passage.numbersMissing,
    bigram_share: bigramShare,
    coverage_local: passage.localTotal > 0 ? local / passage.localTotal : 0,
    focus_sentence: focusIn(sentenceTerms),
    missing_in_window: heaviestMissing(weights, new Set([...windowTerms, ...headingTerms, ...passage.headerTerms])),
    focus_window: focusIn(windowTerms),
    title_overlap: sentenceTerms.size ? titleShared / sentenceTerms.size : 0,
    compactness: compactness(wordKeys, weights),
    label_match: labelMatch(text, context),
    kind_match: context.strictKind && evidence ? 1 : 0,
    kind_mismatch: context.strictKind && !evidence ? 1 : 0,
    in_heading: isInHeading(document, unit.span.start) ? 1 : 0,
    in_notes: unit.span.start >= bodyEnd ? 1 : 0,
    position: unit.span.start / Math.max(1, bodyEnd),
    is_clause: unit.origin === "clause" ? 1 : 0,
    is_paragraph: unit.origin === "paragraph" ? 1 : 0,
    length_log: Math.log1p(text.length) / Math.log(1000),
    length_excess: Math.max(0, text.length - 600) / 600,
    names_document_number: context.numberKeys.length && context.numberKeys.some((key) => normalizeNumberKey(text).includes(key)) ? 1 : 0,
    ...passage.scope,
  };
  features[`kind_match_${kind}`] = evidence ? 1 : 0;
  if (context.strictKind && evidence) features.evidence_near_terms = evidenceNearTerms(text, words, wordKeys, context);
  if (kind === "date" || kind === "period") {
    features.date_precision = datePrecision(text) / 3;
    features.states_duration = findDurations(text).length ? 1 : 0;
    if (context.asksLimit) features.limit_asked_stated = /(?:trước|chậm nhất|hạn chót|không quá|trong vòng|trong thời hạn|thời hạn)/iu.test(text) ? 1 : 0;
  }
  if (kind === "who") {
    const mentions = findWhoMentions(text);
    features.units_in_sentence = Math.min(3, mentions.length) / 3;
    features.units_in_heading = passage.headingUnits;
    features.lead_cue = /(?:chủ trì|giao|đề nghị|yêu cầu|phân công|chịu trách nhiệm|thực hiện)/iu.test(text) ? 1 : 0;
    // The kind of "who" asked for, named in the sentence: a company, a person, a body.
    features.who_target_named = mentions.some((mention) => mention.target === context.whoTarget) ? 1 : 0;
    features[`who_${context.whoTarget}_named`] = features.who_target_named;
  }
  if (kind === "number") {
    features.quantities = Math.min(3, findQuantities(text).length) / 3;
    features.states_amount = statesAmount(text) ? 1 : 0;
  }
  if (context.measure) features.measure_stated = statesMeasure(wordKeys, words, context.measure) ? 1 : 0;
  if (query.metadataFields.length) features.metadata_asked_sentence = 1;
  return features;
}

/**
 * How tightly the sentence's question words sit together: the number of
 * distinct question words found divided by the length (in words) of the
 * shortest stretch holding them all (1 = side by side).
 */
function compactness(wordKeys: readonly string[], weights: QuestionTerms): number {
  const positions: Array<{ at: number; term: string }> = [];
  wordKeys.forEach((key, at) => {
    if (weights.terms.has(key)) positions.push({ at, term: key });
  });
  const distinct = new Set(positions.map((position) => position.term)).size;
  if (distinct < 2) return distinct === 1 ? 0.5 : 0;
  // Shortest window holding every distinct term (two pointers over the positions).
  const counts = new Map<string, number>();
  let covered = 0;
  let best = Number.POSITIVE_INFINITY;
  let left = 0;
  for (let right = 0; right < positions.length; right++) {
    const term = positions[right]!.term;
    counts.set(term, (counts.get(term) ?? 0) + 1);
    if (counts.get(term) === 1) covered++;
    while (covered === distinct) {
      best = Math.min(best, positions[right]!.at - positions[left]!.at + 1);
      const leaving = positions[left]!.term;
      counts.set(leaving, counts.get(leaving)! - 1);
      if (counts.get(leaving) === 0) covered--;
      left++;
    }
  }
  return distinct / best;
}

/** A number followed by the counted noun ("24 tháng", "28,65 kg", "03 đơn vị"). */
function statesMeasure(wordKeys: readonly string[], words: ReturnType<typeof splitWords>, measure: readonly string[]): boolean {
  for (let i = 0; i + measure.length < wordKeys.length; i++) {
    if (!/^\d/u.test(words[i]!.word)) continue;
    if (measure.every((syllable, offset) => wordKeys[i + 1 + offset] === syllable)) return true;
    // "28,65kg": the unit glued to the number.
    if (measure.length === 1 && wordKeys[i]!.endsWith(measure[0]!)) return true;
  }
  return false;
}

/** A labelled field ("Địa điểm: …", "Loại phương tiện, biển kiểm soát: …", "2. Phương pháp nổ mìn: …") whose label names what is asked. */
function labelMatch(text: string, context: QueryContext): number {
  const colon = text.indexOf(":");
  if (colon <= 0 || colon > 80) return 0;
  const label = termSet(text.slice(0, colon));
  const wanted = context.focus.length ? context.focus : [...context.weights.terms.keys()];
  return wanted.some((term) => label.has(term)) ? 1 : 0;
}

/** How near the stated fact (a date, a number, a unit) is to the question's words: 1 adjacent, towards 0 far apart. */
function evidenceNearTerms(text: string, words: ReturnType<typeof splitWords>, wordKeys: readonly string[], context: QueryContext): number {
  const wanted = new Set(context.focus.length ? context.focus : context.weights.terms.keys());
  const anchors = words.filter((_, i) => wanted.has(wordKeys[i]!)).map((word) => word.start);
  if (!anchors.length) return 0;
  const facts = words.filter(({ word }) => /\d/u.test(word) || /^\p{Lu}/u.test(word)).map((word) => word.start);
  if (!facts.length) return 0;
  let nearest = Number.POSITIVE_INFINITY;
  for (const fact of facts) for (const anchor of anchors) nearest = Math.min(nearest, Math.abs(fact - anchor));
  return 1 / (1 + nearest / 40);
}

const headingLines = new WeakMap<ArchiveDocument, Array<[number, number]>>();

/** Longest heading line taken for a title; a longer one is a numbered statement ("d) Đồng ý chủ trương …"). */
const MAX_TITLE_CHARS = 250;

/**
 * Whether `offset` lies on a section's heading line that is a title ("2. Tập trung cao cho sắp xếp
 * …"), not a numbered statement that ends its sentence ("d) Đồng ý chủ trương … trên địa bàn tỉnh.").
 */
function isInHeading(document: ArchiveDocument, offset: number): boolean {
  let lines = headingLines.get(document);
  if (!lines) {
    lines = document.sections.flatMap((section): Array<[number, number]> => {
      const lineEnd = document.text.indexOf("\n", section.start);
      const end = Math.min(section.end, lineEnd === -1 ? document.text.length : lineEnd);
      const line = document.text.slice(section.start, end).trim();
      return line.length > MAX_TITLE_CHARS || /[.!?…]["”)]?$/u.test(line) ? [] : [[section.start, end]];
    });
    headingLines.set(document, lines);
  }
  return lines.some(([start, end]) => start <= offset && offset < end);
}

// ---------------------------------------------------------------------------
// Header fields.

function headerCandidates(context: QueryContext, hits: readonly SearchHit[], asked: readonly MetadataField[]): AnswerCandidate[] {
  const seen = new Set<string>();
  const candidates: AnswerCandidate[] = [];
  hits.forEach((hit, rank) => {
    const document = hit.document;
    if (seen.has(document.id)) return;
    seen.add(document.id);
    const located = asked.flatMap((name) => {
      const found = locateHeaderField(document, name);
      return found ? [{ name, ...found }] : [];
    });
    const first = located[0];
    if (!first) return;
    const passage = describePassage(context, hit);
    const titleTerms = termSet([document.meta.type ?? "", document.meta.title ?? "", document.meta.issuer ?? "", document.text.slice(0, 600)].join(" "));
    candidates.push({
      hit,
      rank,
      origin: "header",
      span: first.span,
      text: document.text.slice(first.span.start, first.span.end),
      fields: located.map(({ name, value }) => ({ name, value })),
      features: {
        rank_inverse: 1 / (rank + 1),
        retrieval_relative: hit.score / context.topScore,
        lexical_relative: hit.lexicalRaw / context.topLexical,
        vector_score: hit.vectorScore,
        coverage_context: passage.contextCoverage,
        coverage_document: passage.documentCoverage,
        coverage_title: coverage(context.weights, titleTerms),
        missing_in_document: passage.documentMissing,
        numbers_missing: passage.numbersMissing,
        header_field: 1,
        header_fields_found: located.length / asked.length,
        ...passage.scope,
      },
    });
  });
  return candidates;
}
