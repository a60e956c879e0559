import { splitSentences, type Span } from "../../core/sentences.js";
import type { ArchiveDocument, Citation } from "../../core/types.js";
import { bigrams, canonicalizeTone, foldTerm, splitWords, tokenize } from "../../core/vietnamese.js";
import type { AnalyzedQuery, QueryLanguage } from "../retrieve/analyze-query.js";
import { normalizeNameKey, normalizeNumberKey, type Archive } from "../retrieve/archive.js";
import { documentOfMonths, type SearchHit } from "../retrieve/hybrid-search.js";
import { citingTextsOf, notesOfPassage } from "../../ingest/parse/notes-section.js";
import { datePrecision, findTimePhrase, hasEvidenceOf } from "./evidence-patterns.js";

/**
 * The default answerer: no model. It picks, among the sentences of the best
 * passages, the one(s) that cover the question's content words (weighted by
 * rarity) and state the kind of fact asked for, and answers with them quoted.
 * It abstains when the best sentence does not cover enough of the question,
 * lacks the kind of fact asked for, or belongs to another province than the
 * one the question names.
 */
export type AskAnswer = { found: boolean; answer: string; citations: Citation[]; language: QueryLanguage };

export type ExtractiveOptions = {
  archive: Archive;
  query: AnalyzedQuery;
  hits: SearchHit[];
  /** Passages considered; the first ones matter most. */
  depth?: number;
};

/** Thresholds tuned on the development set (see DESIGN.md, "Answering"). */
export const ANSWER_THRESHOLDS = {
  /** Minimal share (IDF-weighted) of the question's content words found in the sentence and its passage. */
  contextCoverage: 0.5,
  /** Minimal share found in the sentence itself. */
  sentenceCoverage: 0.25,
  /** A further citation is kept when its score is at least this share of the best one. */
  secondaryRatio: 0.85,
  /** Longest quote shown in the answer, in characters. */
  maxQuoteChars: 420,
};

export type Candidate = {
  hit: SearchHit;
  span: Span;
  sentence: string;
  score: number;
  sentenceCoverage: number;
  contextCoverage: number;
  evidence: boolean;
};

export function answerExtractively(options: ExtractiveOptions): AskAnswer {
  const { query } = options;
  const language = query.language;
  // Sentences of another province's document, or of a document that never names the year asked
  // about, are out of the question's scope: the best sentence is sought among the others.
  let candidates = rankSentences(options).filter((candidate) => isInScope(candidate, query));
  // "Kết luận tháng 9/2021 …" names the document by its date: when it is among the candidates, others are not it.
  const months = query.documentMonths ?? [];
  if (months.length && candidates.some((candidate) => documentOfMonths(candidate.hit.document, months))) {
    candidates = candidates.filter((candidate) => documentOfMonths(candidate.hit.document, months));
  }
  const best = candidates[0];
  // Asked about a province the archive does not hold, the answer says so.
  if (!best || !isSupported(best, query)) return notFound(language, query.provinces.length ? [] : query.absentProvinces ?? []);

  const chosen = [best];
  for (const candidate of candidates.slice(1)) {
    if (chosen.length >= 3) break;
    if (candidate.score < best.score * ANSWER_THRESHOLDS.secondaryRatio) break;
    if (!isSupported(candidate, query)) continue;
    if (chosen.some((other) => other.hit.document.id === candidate.hit.document.id && overlaps(other.span, candidate.span))) continue;
    chosen.push(candidate);
  }
  if (query.answerKind === "list") extendListItems(best);

  const citations = buildCitations(chosen);
  return { found: true, answer: composeAnswer({ query, chosen, citations }), citations, language };
}

/** Share of the coverage a question word gets when only the document's header (type, title, issuer) has it. */
const HEADER_CREDIT = 0.5;

/** Every sentence of the top passages, best first. Exported for diagnostics and tests. */
export function rankSentences(options: ExtractiveOptions): Candidate[] {
  const { archive, query } = options;
  const hits = options.hits.slice(0, options.depth ?? 6);
  if (!hits.length) return [];
  const weights = keyTermWeights(archive, query);
  if (weights.total === 0) return [];
  const queryBigrams = new Set(bigrams(tokenize(query.language === "en" ? query.searchText : query.question)).map((pair) => foldTerm(pair)));
  const topScore = hits[0]!.score || 1;

  const candidates: Candidate[] = [];
  const numberKeys = query.documentNumbers.map((number) => normalizeNumberKey(number));
  for (const hit of hits) {
    const document = hit.document;
    const meta = document.meta;
    // The passage's context: what a reader knows when reading it (document header, headings, the passage).
    // A note is read with the body sentence its mark stands in.
    const notes = notesOfPassage(document, hit.chunk);
    const citingTexts = citingTextsOf(document, hit.chunk);
    const contextTerms = termSet(
      [meta.type ?? "", meta.title ?? "", meta.issuer ?? "", document.text.slice(0, 400), hit.chunk.sectionPath.join(" "), ...citingTexts, hit.chunk.text].join(" "),
    );
    const contextCoverage = coverage(weights, contextTerms);
    const headerTerms = termSet([meta.type ?? "", meta.title ?? "", meta.issuer ?? ""].join(" "));
    const sentenceSpans = splitSentences(document.text, { start: hit.chunk.start, end: hit.chunk.end });
    // Long enumerations ("…: Kế hoạch số …; Quyết định số … giai đoạn 2023-2026; …") state one fact
    // per ";" clause: each clause is a candidate of its own beside the whole sentence.
    // The first sentence's predecessor may lie in the previous chunk: a chunk boundary does not end a thought.
    const before = precedingSentence(document.text, hit.chunk.start);
    const previousOf = (span: Span, i: number): Span | undefined => {
      // The first sentence of a note continues the body sentence the note belongs to.
      const note = notes.find(({ footnote }) => footnote.start! <= span.start && span.start < footnote.end!);
      if (note && (i === 0 || sentenceSpans[i - 1]!.end <= note.footnote.start!)) return note.citing;
      return i > 0 ? sentenceSpans[i - 1] : before;
    };
    const units = sentenceSpans.flatMap((span, i) => [
      { span, previous: previousOf(span, i) },
      ...clausesOf(document.text, span).map((clause) => ({ span: clause, previous: undefined })),
    ]);
    units.forEach(({ span, previous: previousSpan }) => {
      const sentence = document.text.slice(span.start, span.end);
      if (sentence.length < 12) return;
      const sentenceTerms = termSet(sentence);
      // A sentence often leaves its subject to the one before it ("…; hoàn thành việc nộp hồ sơ … trước ngày 30/6/2024").
      const previous = previousSpan ? document.text.slice(previousSpan.start, previousSpan.end) : "";
      const windowCoverage = previous ? coverage(weights, termSet(`${previous} ${sentence}`)) : 0;
      // Words of the question that describe the document ("Kết luận … của Chủ tịch UBND tỉnh") are
      // said by its header, not repeated in each sentence: they count half when only the header has them.
      const own = coverage(weights, sentenceTerms);
      const withHeader = coverage(weights, new Set([...sentenceTerms, ...headerTerms]));
      const sentenceCoverage = Math.max(own + HEADER_CREDIT * (withHeader - own), 0.85 * windowCoverage);
      const sentenceBigrams = new Set(bigrams(tokenize(sentence)).map((pair) => foldTerm(pair)));
      let bigramShare = 0;
      if (queryBigrams.size) {
        let shared = 0;
        for (const pair of queryBigrams) if (sentenceBigrams.has(pair)) shared++;
        bigramShare = shared / queryBigrams.size;
      }
      const evidence = hasEvidenceOf(query.answerKind, sentence, { question: query.question });
      const strictKind = query.answerKind !== "fact" && query.answerKind !== "list";
      // A heading names a topic; the date, body or number asked for is stated under it.
      const heading = strictKind && isInHeading(document, span.start);
      const namesNumber = numberKeys.length > 0 && numberKeys.some((key) => normalizeNumberKey(sentence).includes(key));
      const score =
        0.5 * sentenceCoverage +
        0.2 * contextCoverage +
        0.2 * bigramShare +
        (strictKind ? (evidence ? 0.2 : -0.1) : 0) -
        (heading ? 0.1 : 0) +
        (namesNumber ? 0.3 : 0) +
        // Between sentences that fit equally, the more precise deadline answers "by when" better.
        (query.answerKind === "date" ? 0.03 * datePrecision(sentence) : 0) +
        0.15 * (hit.score / topScore) -
        // Very long sentences cover more words by accident.
        Math.max(0, sentence.length - 600) / 6000;
      candidates.push({ hit, span: { start: span.start, end: span.end }, sentence, score, sentenceCoverage, contextCoverage, evidence });
    });
  }
  candidates.sort((a, b) => b.score - a.score);
  return candidates;
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

/** The last sentence that ends before `offset` (looked for in the 800 characters before it). */
function precedingSentence(text: string, offset: number): Span | undefined {
  if (offset <= 0) return undefined;
  const spans = splitSentences(text, { start: Math.max(0, offset - 800), end: offset });
  const last = spans[spans.length - 1];
  // A sentence cut by the look-back window is not a sentence: keep it only if it had room to start.
  return last && (last.start > Math.max(0, offset - 800) || offset <= 800) ? last : undefined;
}

/** Below this length a sentence is read whole; above it, its ";" clauses are candidates too. */
const CLAUSE_SPLIT_CHARS = 300;
const MIN_CLAUSE_CHARS = 40;

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

export function isSupported(candidate: Candidate, query: AnalyzedQuery): boolean {
  if (candidate.contextCoverage < ANSWER_THRESHOLDS.contextCoverage) return false;
  if (candidate.sentenceCoverage < ANSWER_THRESHOLDS.sentenceCoverage) return false;
  if ((query.answerKind === "number" || query.answerKind === "date" || query.answerKind === "period") && !candidate.evidence) return false;
  return isInScope(candidate, query);
}

/** Whether the candidate's document is one the question is about: its province, its years. */
export function isInScope(candidate: Candidate, query: AnalyzedQuery): boolean {
  const document = candidate.hit.document;
  // A question about one province is not answered from another province's document.
  if (query.provinces.length && document.meta.province) {
    const named = new Set(query.provinces.map(normalizeNameKey));
    if (!named.has(normalizeNameKey(document.meta.province))) return false;
  }
  // Nor is one about a province the archive does not hold ("Thái Nguyên …"); a national text (a law) still may be.
  if (!query.provinces.length && query.absentProvinces?.length && document.meta.province) return false;
  // Every year the question names must be the document's or be named where the sentence is read:
  // a 2023 question is not answered by a 2024 plan's target that never says 2023.
  for (const year of query.years) {
    if (document.meta.year === year) continue;
    const where = [document.meta.title ?? "", candidate.hit.chunk.sectionPath.join(" "), candidate.hit.chunk.text].join(" ");
    if (!where.includes(String(year))) return false;
  }
  return true;
}

/** For "which items" questions: the items that follow a sentence ending with a colon. */
function extendListItems(best: Candidate): void {
  if (!/:\s*$/u.test(best.sentence)) return;
  const text = best.hit.document.text;
  // Items of the body never run on into the notes section after it.
  const notesStart = best.hit.document.notesStart ?? text.length;
  const limit = best.span.end <= notesStart ? notesStart : text.length;
  const following = splitSentences(text, { start: best.span.end, end: Math.min(limit, best.hit.chunk.end + 400) });
  let total = best.sentence.length;
  for (const span of following.slice(0, 8)) {
    const sentence = text.slice(span.start, span.end);
    if (total + sentence.length > 650) break;
    best.span = { start: best.span.start, end: span.end };
    total += sentence.length;
  }
  best.sentence = text.slice(best.span.start, best.span.end);
}

function buildCitations(chosen: Candidate[]): Citation[] {
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

function composeAnswer(options: { query: AnalyzedQuery; chosen: Candidate[]; citations: Citation[] }): string {
  const { query, chosen } = options;
  const lines: string[] = [];
  const best = chosen[0]!;
  const lead = leadOf(query, best);
  if (lead) lines.push(lead);
  chosen.forEach((candidate, i) => {
    const province = candidate.hit.document.meta.province;
    const prefix = chosen.length > 1 && province ? `${province}: ` : "";
    lines.push(`${prefix}“${trimQuote(candidate, query)}” [${i + 1}]`);
  });
  let answer = lines.join("\n");
  if (answer.length > 700) answer = `${answer.slice(0, 690).replace(/\s+\S*$/u, "")}…`;
  return answer;
}

function leadOf(query: AnalyzedQuery, best: Candidate): string | undefined {
  const english = query.language === "en";
  if (query.answerKind === "date" || query.answerKind === "period") {
    const asksLimit = TIME_LIMIT_QUESTION.test(foldTerm(query.question.toLowerCase()));
    const phrase = findTimePhrase(best.sentence, query.answerKind, anchorOffset(best, query), { preferLimit: asksLimit });
    if (phrase) {
      // "Thời hạn" (time limit) only for a limit (or when one is asked for); a date of issue or a period is a "Thời gian".
      if (asksLimit || TIME_LIMIT_OPENERS.test(foldTerm(phrase.toLowerCase()))) return english ? `Deadline / period: ${phrase}.` : `Thời hạn: ${phrase}.`;
      return english ? `Date / period: ${phrase}.` : `Thời gian: ${phrase}.`;
    }
  }
  if (english) return "From the archive (quoted in Vietnamese):";
  return undefined;
}

/** Words that open a time limit in Vietnamese ("trước ngày …", "chậm nhất …", "trong tháng …", "đến năm …", "kể từ …"), folded. */
const TIME_LIMIT_OPENERS = /^(?:truoc|cham nhat|han|trong|den|toi|ke tu|tu nay den)\b/u;
/** Question words that ask for a time limit: "hạn", "thời hạn", "trước ngày", "chậm nhất", "deadline", "due", "by when", "no later than". */
const TIME_LIMIT_QUESTION = /\b(?:han(?! che)|deadline|due|by when|by what date|no later|truoc ngay|cham nhat)\b/u;

/** Where the question's words cluster in the sentence, to pick the nearest date. */
function anchorOffset(candidate: Candidate, query: AnalyzedQuery): number {
  const normalizedSentence = normalizeNumberKey(candidate.sentence);
  for (const number of query.documentNumbers) {
    const key = normalizeNumberKey(number);
    const at = key ? normalizedSentence.indexOf(key) : -1;
    // normalizeNumberKey only removes spaces, so the offset is close enough to centre a window.
    if (at >= 0) return at;
  }
  const keys = new Set(query.keyTerms.map((term) => foldTerm(term)));
  const positions = splitWords(candidate.sentence)
    .filter(({ word }) => keys.has(foldTerm(canonicalizeTone(word))))
    .map(({ start }) => start);
  if (!positions.length) return 0;
  return positions.reduce((sum, position) => sum + position, 0) / positions.length;
}

/** A long sentence is cut to the clauses around the question's words (the citation keeps the whole sentence). */
function trimQuote(candidate: Candidate, query: AnalyzedQuery): string {
  const sentence = candidate.sentence.replace(/\s*\n\s*/gu, " ");
  const limit = ANSWER_THRESHOLDS.maxQuoteChars;
  if (sentence.length <= limit) return sentence;
  const center = anchorOffset(candidate, query);
  // What a document number is about follows it: start just before the number.
  const namesNumber = query.documentNumbers.some((number) => normalizeNumberKey(sentence).includes(normalizeNumberKey(number)));
  let start = Math.max(0, Math.round(namesNumber ? center - 60 : center - limit / 2));
  let end = Math.min(sentence.length, start + limit);
  start = Math.max(0, end - limit);
  // Snap to clause or word boundaries.
  const clauseStart = sentence.lastIndexOf(";", start);
  if (clauseStart > 0 && start - clauseStart < 80) start = clauseStart + 1;
  else while (start > 0 && !/\s/u.test(sentence[start - 1]!)) start--;
  while (end < sentence.length && !/\s/u.test(sentence[end]!)) end++;
  return `${start > 0 ? "…" : ""}${sentence.slice(start, end).trim()}${end < sentence.length ? "…" : ""}`;
}

function notFound(language: QueryLanguage, absentProvinces: readonly string[] = []): AskAnswer {
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

/**
 * The question's content words with IDF weights. Province names and years are
 * left out: they are checked against the document's metadata (isSupported),
 * and a passage rarely repeats them. A word the archive never uses can still be
 * covered by one of the question's expansions (CBCCVC -> "cán bộ, công chức,
 * viên chức", ngừng -> dừng); an unknown concept with no expansion stays uncovered.
 */
type KeyTermWeights = {
  terms: Map<string, number>;
  absent: Set<string>;
  alternatives: Set<string>;
  /** A sentence containing every term of `phrase` covers the key terms in `covers` ("ĐVHC" covers đơn, vị, hành, chính). */
  equivalences: Array<{ phrase: string[]; covers: string[] }>;
  total: number;
};

function keyTermWeights(archive: Archive, query: AnalyzedQuery): KeyTermWeights {
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
  const equivalences: KeyTermWeights["equivalences"] = [];
  for (const { phrase, source } of query.equivalents ?? []) {
    const phraseTerms = [...new Set(tokenize(phrase).map(foldTerm))];
    const covers = [...new Set(tokenize(source).map(foldTerm))].filter((term) => terms.has(term) && !phraseTerms.includes(term));
    if (phraseTerms.length && covers.length) equivalences.push({ phrase: phraseTerms, covers });
  }
  let total = 0;
  for (const weight of terms.values()) total += weight;
  return { terms, absent, alternatives, equivalences, total };
}

function termSet(text: string): Set<string> {
  const set = new Set<string>();
  for (const term of tokenize(text)) set.add(foldTerm(term));
  return set;
}

function coverage(weights: KeyTermWeights, terms: Set<string>): number {
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

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}
