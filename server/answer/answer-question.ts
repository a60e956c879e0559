import type { ChatTurn, SearchFilters } from "../../core/types.js";
import { foldTerm, tokenize } from "../../core/vietnamese.js";
import { analyzeQuery, type AnalyzedQuery } from "../retrieve/analyze-query.js";
import type { Archive } from "../retrieve/archive.js";
import { answerFromTasks } from "./answer-from-tasks.js";
import { answerExtractively, type AskAnswer } from "./extractive-answerer.js";
import { gatherPassages } from "./gather-passages.js";
import { getDefaultAnswerModel, type AnswerModel } from "./model/answer-model.js";

export type AnswerRequest = {
  archive: Archive;
  question: string;
  k?: number;
  filters?: SearchFilters;
  history?: ChatTurn[];
  today: Date;
  /** The fitted answer model; defaults to the committed data/models/answerer.json. */
  model?: AnswerModel;
};

/**
 * Question -> answer, in one pass: the question is analysed once (with the
 * conversation, for a follow-up), routed (aggregate task questions such as
 * "những việc nào đã quá hạn?" go to the task table), retrieved, scored and
 * composed.
 */
export async function answerQuestion(request: AnswerRequest): Promise<AskAnswer & { query: AnalyzedQuery }> {
  const query = analyzeConversation(request);
  const fromTasks = answerFromTasks({ question: request.question, query, tasks: request.archive.tasks, documents: request.archive.documents, today: request.today });
  if (fromTasks) return { ...fromTasks, language: query.language, query };
  return { ...(await answerFromDocuments(request, query)), query };
}

/** Retrieval and the extractive answerer for an analysed question. */
export async function answerFromDocuments(request: Pick<AnswerRequest, "archive" | "k" | "filters" | "model">, query: AnalyzedQuery): Promise<AskAnswer> {
  const { archive } = request;
  const passages = await gatherPassages({ archive, query, ...(request.filters ? { filters: request.filters } : {}), ...(request.k ? { depth: request.k } : {}) });
  const answer = answerExtractively({ archive, query, hits: passages.hits, primary: passages.primary, model: request.model ?? getDefaultAnswerModel() });
  return { ...answer, language: query.language };
}

/** The question analysed, merged with the previous user question when it is a short follow-up. */
export function analyzeConversation(request: Pick<AnswerRequest, "archive" | "question" | "history">): AnalyzedQuery {
  const query = analyzeQuery(request.question, { knownProvinces: request.archive.provinces });
  const previous = [...(request.history ?? [])].reverse().find((turn) => turn.role === "user")?.content;
  if (!previous || query.keyTerms.length >= 6) return query;
  const earlier = analyzeQuery(previous, { knownProvinces: request.archive.provinces });
  return mergeFollowUp(query, earlier);
}

/** Merges the previous user question into a short follow-up's search (not into its answer kind). */
function mergeFollowUp(query: AnalyzedQuery, earlier: AnalyzedQuery): AnalyzedQuery {
  // A follow-up that names its own province (one the archive holds or not) or year replaces the earlier one's.
  const ownsProvince = query.provinces.length > 0 || (query.absentProvinces?.length ?? 0) > 0;
  const provinces = ownsProvince ? query.provinces : earlier.provinces;
  const absentProvinces = ownsProvince ? query.absentProvinces ?? [] : earlier.absentProvinces ?? [];
  const years = query.years.length ? query.years : earlier.years;
  const earlierProvinceWords = earlier.provinces.map((province) => province.toLowerCase());
  const keep = (terms: string[]) => terms.filter((term) => !earlierProvinceWords.some((province) => province.includes(term)));
  // The earlier question's words stand for its topic; its province words give way to the new province.
  const earlierText = earlier.language === "en" ? earlier.searchText : earlier.question;
  const earlierTopic = ownsProvince ? removeProvinceNames(earlierText, earlier.provinces) : earlierText;
  return {
    ...query,
    searchText: `${query.searchText} ${earlierTopic}`,
    question: query.language === "en" ? query.question : `${contentWords(query)} ${earlierTopic}`.trim(),
    expansions: [...query.expansions, ...earlier.expansions],
    keyTerms: [...new Set([...query.keyTerms, ...(ownsProvince ? keep(earlier.keyTerms) : earlier.keyTerms)])],
    documentNumbers: query.documentNumbers.length ? query.documentNumbers : earlier.documentNumbers,
    provinces,
    absentProvinces,
    years,
    documentMonths: query.documentMonths?.length ? query.documentMonths : earlier.documentMonths ?? [],
    answerKind: query.answerKind === "fact" ? earlier.answerKind : query.answerKind,
    metadataFields: query.metadataFields.length ? query.metadataFields : earlier.metadataFields,
  };
}

/**
 * The words of a follow-up that carry content: "còn Hưng Yên thì sao?"
 * leaves "Hưng Yên". Its framing words would otherwise count as question
 * words the passages lack (and add bigrams no passage has).
 */
function contentWords(query: AnalyzedQuery): string {
  const terms = new Set(query.keyTerms);
  const folded = query.language === "vi-nodiacritics";
  return query.question
    .split(/\s+/u)
    .filter((word) => tokenize(word).some((token) => terms.has(folded ? foldTerm(token) : token)))
    .join(" ");
}

function removeProvinceNames(text: string, provinces: readonly string[]): string {
  let result = text;
  for (const province of provinces) result = result.replace(new RegExp(`(?:tỉnh|thành phố|province of)?\\s*${escapeRegExp(province)}`, "giu"), " ");
  return result.replace(/\s+/gu, " ").trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}
