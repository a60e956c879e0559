import type { ArchiveDocument, Chunk, SearchFilters } from "../../core/types.js";
import { bigrams, canonicalizeTone, foldTerm, splitWords, tokenize } from "../../core/vietnamese.js";
import type { QueryTerm, ScoredChunk } from "../../ingest/index/bm25-index.js";
import type { AnalyzedQuery } from "./analyze-query.js";
import { normalizeNameKey, normalizeNumberKey, type Archive } from "./archive.js";
import { getDefaultLexicon } from "./query/lexicon.js";
import { clearsRelevanceFloor, countUntranslatedWords, measureQueryMass, type RelevanceFloor } from "./relevance-floor.js";

/**
 * Hybrid retrieval: BM25 over syllables and syllable bigrams (folded for
 * queries typed without diacritics) fused with hashed-vector similarity, then
 * hints from the question (document numbers, provinces, years) applied as
 * boosts, and explicit filters as hard constraints.
 */
export type SearchHit = {
  chunkIndex: number;
  chunk: Chunk;
  document: ArchiveDocument;
  score: number;
  lexicalScore: number;
  /** The BM25 score itself (lexicalScore is relative to the best one): how well the words match at all. */
  lexicalRaw: number;
  vectorScore: number;
};

export type SearchResponse = {
  hits: SearchHit[];
  total: number;
  facets: { province: Record<string, number>; year: Record<string, number>; type: Record<string, number> };
};

export type SearchOptions = {
  archive: Archive;
  query: AnalyzedQuery;
  filters?: SearchFilters;
  limit: number;
  offset?: number;
  /** Candidates taken from each retriever before fusion. */
  depth?: number;
  /**
   * What a passage needs to be listed (relevance-floor.ts): the search API
   * passes the embedder's calibrated floor; without one (the answerer, which
   * has its own abstention rules) every candidate is ranked.
   */
  relevanceFloor?: RelevanceFloor;
};

/** Weight of the lexical side in the fused score; the rest is the vector side. Tuned on the dev sets. */
export const LEXICAL_WEIGHT = 0.75;

export async function searchArchive(options: SearchOptions): Promise<SearchResponse> {
  const { archive, query } = options;
  const depth = Math.max(options.depth ?? 200, (options.offset ?? 0) + options.limit);
  const accept = createFilter(archive, options.filters);
  const within = options.filters?.docId ? { within: chunksOfDocument(archive, options.filters.docId) } : {};
  const terms = buildQueryTerms(query);
  const vectorText = [searchTextOf(query), ...query.expansions].join(" ");
  const vector = await archive.embedder.embedQuery(vectorText);
  const [{ lexical, vector: vectorHits }] = await Promise.all([
    archive.index.retrieve({ terms, vector, lexicalLimit: depth, vectorLimit: Math.min(depth, 100), filters: options.filters, accept, ...within }),
    // The relevance floor and the answerer read term statistics synchronously: a remote engine fetches them now.
    archive.index.prepareTermStatistics(terms),
  ]);

  const fused = fuseScores({ lexical, vector: vectorHits });
  const floor = options.relevanceFloor;
  const queryMass = floor ? measureQueryMass(archive.lexical, terms, { untranslatedWords: countUntranslatedWords(query, getDefaultLexicon()) }) : 0;
  const rawLexical = new Map(lexical.map((hit) => [hit.chunk, hit.score]));
  const rawVector = new Map(vectorHits.map((hit) => [hit.chunk, hit.score]));
  const numberKeys = query.documentNumbers.map(normalizeNumberKey);
  const provinceKeys = new Set(query.provinces.map(normalizeNameKey));
  const hits: SearchHit[] = [];
  for (const [chunkIndex, parts] of fused) {
    if (floor && !clearsRelevanceFloor({ lexicalScore: rawLexical.get(chunkIndex) ?? 0, vectorScore: rawVector.get(chunkIndex) ?? 0, queryMass, floor })) continue;
    const chunk = archive.chunks[chunkIndex]!;
    const document = archive.documents[archive.chunkDocument[chunkIndex]!]!;
    let score = parts.fused;
    if (numberKeys.length) {
      const text = normalizeNumberKey(chunk.text);
      const own = document.meta.number ? normalizeNumberKey(document.meta.number) : "";
      if (numberKeys.some((key) => key && (text.includes(key) || own.startsWith(key)))) score += 0.5;
    }
    if (provinceKeys.size && document.meta.province) {
      score *= provinceKeys.has(normalizeNameKey(document.meta.province)) ? 1.15 : 0.8;
    }
    if (query.years.length) {
      const yearMatches = query.years.some((year) => document.meta.year === year || chunk.text.includes(String(year)));
      score *= yearMatches ? 1.08 : 0.95;
    }
    if (query.documentMonths?.length) score *= documentOfMonths(document, query.documentMonths) ? 1.15 : 0.9;
    hits.push({ chunkIndex, chunk, document, score, lexicalScore: parts.lexical, lexicalRaw: parts.lexicalRaw, vectorScore: parts.vector });
  }
  hits.sort((a, b) => b.score - a.score || a.chunkIndex - b.chunkIndex);
  const offset = options.offset ?? 0;
  return { hits: hits.slice(offset, offset + options.limit), total: hits.length, facets: countFacets(hits) };
}

/** Whether a document is dated (issued or its meeting held) in one of the months ("YYYY-MM") a question names it by. */
export function documentOfMonths(document: ArchiveDocument, months: readonly string[]): boolean {
  const dates = [document.meta.date, document.meta.meetingDate].filter((date): date is string => Boolean(date));
  return months.some((month) => dates.some((date) => date.startsWith(month)));
}

/** The Vietnamese text the lexical and vector sides search with. */
export function searchTextOf(query: AnalyzedQuery): string {
  return query.language === "en" ? query.searchText : query.question;
}

/** Query terms with weights: syllables and bigrams of the question, expansions lighter, document numbers heavier. */
export function buildQueryTerms(query: AnalyzedQuery): QueryTerm[] {
  const folded = query.language !== "vi";
  const weights = new Map<string, { weight: number; folded: boolean }>();
  const add = (term: string, weight: number, isFolded: boolean) => {
    const key = `${isFolded ? "~" : ""}${isFolded ? foldTerm(term) : term}`;
    const existing = weights.get(key);
    if (existing) existing.weight = Math.min(existing.weight + weight * 0.5, weight * 2);
    else weights.set(key, { weight, folded: isFolded });
  };
  const addText = (text: string, weight: number, isFolded: boolean) => {
    const syllables = tokenize(text);
    for (const syllable of syllables) add(syllable, weight, isFolded);
    for (const pair of bigrams(syllables)) add(pair, weight, isFolded);
  };
  addText(searchTextOf(query), 1, folded);
  for (const phrase of query.expansions) addText(phrase, 0.5, folded);
  for (const number of query.documentNumbers) for (const term of tokenize(number)) add(term, 1.5, false);
  return [...weights].map(([key, { weight, folded: isFolded }]) => ({ term: isFolded ? key.slice(1) : key, weight, folded: isFolded }));
}

type FusedScore = { fused: number; lexical: number; lexicalRaw: number; vector: number };

function fuseScores(options: { lexical: ScoredChunk[]; vector: ScoredChunk[] }): Map<number, FusedScore> {
  const fused = new Map<number, FusedScore>();
  const topLexical = options.lexical[0]?.score ?? 0;
  const vectorScores = options.vector.map((hit) => hit.score);
  const maxVector = vectorScores.length ? Math.max(...vectorScores) : 0;
  const minVector = vectorScores.length ? Math.min(...vectorScores) : 0;
  for (const hit of options.lexical) {
    fused.set(hit.chunk, { fused: 0, lexical: topLexical > 0 ? hit.score / topLexical : 0, lexicalRaw: hit.score, vector: 0 });
  }
  for (const hit of options.vector) {
    const normalized = maxVector > minVector ? (hit.score - minVector) / (maxVector - minVector) : maxVector > 0 ? 1 : 0;
    const entry = fused.get(hit.chunk) ?? { fused: 0, lexical: 0, lexicalRaw: 0, vector: 0 };
    entry.vector = normalized;
    fused.set(hit.chunk, entry);
  }
  for (const entry of fused.values()) entry.fused = LEXICAL_WEIGHT * entry.lexical + (1 - LEXICAL_WEIGHT) * entry.vector;
  return fused;
}

/** The chunk filter of explicit filters (province, type, year, docId), undefined when none is set. */
export function createFilter(archive: Archive, filters: SearchFilters | undefined): ((chunk: number) => boolean) | undefined {
  if (!filters) return undefined;
  const province = filters.province ? normalizeNameKey(filters.province) : undefined;
  const type = filters.type ? normalizeNameKey(filters.type) : undefined;
  const { year, docId } = filters;
  if (!province && !type && year === undefined && !docId) return undefined;
  const allowed = archive.documents.map((document) => {
    if (province && normalizeNameKey(document.meta.province ?? "") !== province) return false;
    if (type && normalizeNameKey(document.meta.type ?? "") !== type) return false;
    if (year !== undefined && document.meta.year !== year) return false;
    if (docId && document.id !== docId) return false;
    return true;
  });
  return (chunk) => allowed[archive.chunkDocument[chunk]!] === true;
}

/** Each document's chunks, ascending (CSR over the archive's chunk -> document column), built on first use. */
const chunksByDocument = new WeakMap<Int32Array, { documents: readonly ArchiveDocument[]; starts: Int32Array; chunks: Int32Array; positions: Map<string, number> }>();

/**
 * The chunks of one document, ascending: the answerer searches within its
 * leading documents (gather-passages.ts), and the in-process engines then
 * score these chunks alone instead of every chunk of the archive.
 */
export function chunksOfDocument(archive: Pick<Archive, "chunkDocument" | "documents">, docId: string): Int32Array {
  let table = chunksByDocument.get(archive.chunkDocument);
  if (!table || table.documents !== archive.documents) {
    const { chunkDocument, documents } = archive;
    const starts = new Int32Array(documents.length + 1);
    for (const position of chunkDocument) if (position >= 0) starts[position + 1]!++;
    for (let position = 0; position < documents.length; position++) starts[position + 1]! += starts[position]!;
    const chunks = new Int32Array(starts[documents.length]!);
    const filled = starts.slice(0, documents.length);
    chunkDocument.forEach((position, chunk) => {
      if (position >= 0) chunks[filled[position]!++] = chunk;
    });
    table = { documents, starts, chunks, positions: new Map(documents.map((document, position) => [document.id, position])) };
    chunksByDocument.set(archive.chunkDocument, table);
  }
  const position = table.positions.get(docId);
  return position === undefined ? new Int32Array(0) : table.chunks.subarray(table.starts[position]!, table.starts[position + 1]!);
}

function countFacets(hits: SearchHit[]): SearchResponse["facets"] {
  const facets: SearchResponse["facets"] = { province: {}, year: {}, type: {} };
  const bump = (bucket: Record<string, number>, key: string | number | undefined) => {
    if (key === undefined || key === "") return;
    bucket[String(key)] = (bucket[String(key)] ?? 0) + 1;
  };
  for (const hit of hits) {
    bump(facets.province, hit.document.meta.province);
    bump(facets.year, hit.document.meta.year);
    bump(facets.type, hit.document.meta.type);
  }
  return facets;
}

/**
 * Offsets (into `text`) of words that match the query's key terms, by
 * tone-canonical form or, for queries typed without diacritics or in English,
 * by folded form.
 */
export function findHighlights(text: string, query: AnalyzedQuery): Array<[number, number]> {
  const exact = new Set(query.keyTerms.map((term) => canonicalizeTone(term)));
  const folded = new Set(query.keyTerms.map((term) => foldTerm(term)));
  for (const number of query.documentNumbers) exact.add(canonicalizeTone(number));
  const useFolded = query.language !== "vi";
  const ranges: Array<[number, number]> = [];
  for (const span of splitWords(text)) {
    const canonical = canonicalizeTone(span.word);
    if (exact.has(canonical) || (useFolded && folded.has(foldTerm(canonical)))) ranges.push([span.start, span.end]);
  }
  return ranges;
}
