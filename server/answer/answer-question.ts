import type { ChatTurn, SearchFilters } from "../../core/types.js";
import { analyzeQuery, type AnalyzedQuery } from "../retrieve/analyze-query.js";
import type { Archive } from "../retrieve/archive.js";
import { searchArchive } from "../retrieve/hybrid-search.js";
import { answerFromTasks } from "./answer-from-tasks.js";
import { answerExtractively, type AskAnswer } from "./extractive-answerer.js";

export type AnswerRequest = {
  archive: Archive;
  question: string;
  k?: number;
  filters?: SearchFilters;
  history?: ChatTurn[];
  today: Date;
};

/**
 * Question -> answer: aggregate task questions ("những việc nào đã quá hạn?")
 * are answered from the task table; everything else by retrieval and the
 * extractive answerer. A follow-up ("còn Hưng Yên thì sao?") is searched
 * together with the previous question, so the conversation carries over.
 */
export async function answerQuestion(request: AnswerRequest): Promise<AskAnswer & { query: AnalyzedQuery }> {
  const { archive } = request;
  const query = analyzeQuery(request.question, { knownProvinces: archive.provinces });
  const fromTasks = answerFromTasks({ question: request.question, tasks: archive.tasks, documents: archive.documents, today: request.today });
  if (fromTasks) return { ...fromTasks, language: query.language, query };

  const effective = withConversation(query, request);
  const search = await searchArchive({ archive, query: effective, filters: request.filters, limit: Math.max(request.k ?? 6, 6) });
  const answer = answerExtractively({ archive, query: effective, hits: search.hits, depth: request.k ?? 6 });
  return { ...answer, language: query.language, query: effective };
}

/** Merges the previous user question into a short follow-up's search (not into its answer kind). */
function withConversation(query: AnalyzedQuery, request: AnswerRequest): AnalyzedQuery {
  const previous = [...(request.history ?? [])].reverse().find((turn) => turn.role === "user")?.content;
  if (!previous || query.keyTerms.length >= 6) return query;
  const earlier = analyzeQuery(previous, { knownProvinces: request.archive.provinces });
  // A follow-up that names its own province (one the archive holds or not) or year replaces the earlier one's.
  const ownsProvince = query.provinces.length > 0 || (query.absentProvinces?.length ?? 0) > 0;
  const provinces = ownsProvince ? query.provinces : earlier.provinces;
  const absentProvinces = ownsProvince ? query.absentProvinces ?? [] : earlier.absentProvinces ?? [];
  const years = query.years.length ? query.years : earlier.years;
  const keep = (terms: string[]) => terms.filter((term) => !earlier.provinces.some((province) => province.toLowerCase().includes(term)));
  return {
    ...query,
    searchText: `${query.searchText} ${earlier.language === "en" ? earlier.searchText : earlier.question}`,
    question: query.language === "en" ? query.question : `${query.question} ${earlier.language === "en" ? earlier.searchText : earlier.question}`,
    expansions: [...query.expansions, ...earlier.expansions],
    keyTerms: [...new Set([...query.keyTerms, ...keep(earlier.keyTerms)])],
    documentNumbers: query.documentNumbers.length ? query.documentNumbers : earlier.documentNumbers,
    provinces,
    absentProvinces,
    years,
    documentMonths: query.documentMonths?.length ? query.documentMonths : earlier.documentMonths ?? [],
    answerKind: query.answerKind === "fact" ? earlier.answerKind : query.answerKind,
  };
}
