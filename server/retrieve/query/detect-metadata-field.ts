import type { QueryLanguage } from "./detect-language.js";
import type { AnswerKind, Lexicon, MetadataField } from "./lexicon.js";
import { blankEnglishApostrophes, matchPhrases, splitQueryWords } from "./query-words.js";

/** English verbs of issuing or signing: "when was the decision issued?" asks for the date of issue. */
const ENGLISH_ISSUE_VERB = /\b(?:issued|signed|promulgated|dated)\b/iu;

/**
 * The header fields a question asks about, in the order it names them: who
 * signed, the document's number, its date of issue, its issuer ("Ai ký quyết
 * định … và ban hành ngày nào", "số hiệu của công văn …", "who signed the
 * permit …"). Phrases come from the lexicon; an English "when … issued/signed"
 * asks for the date.
 */
export function detectMetadataFields(question: string, options: { language: QueryLanguage; lexicon: Lexicon; answerKind: AnswerKind }): MetadataField[] {
  const { language, lexicon } = options;
  const english = language === "en";
  const words = splitQueryWords(english ? blankEnglishApostrophes(question) : question);
  const table = english ? lexicon.metadataCues.english : language === "vi" ? lexicon.metadataCues.vietnamese : lexicon.metadataCues.folded;
  const matches = matchPhrases(words, table, { mode: language === "vi" ? "canonical" : "folded", strategy: "all" });
  const fields = [...new Set([...matches].sort((a, b) => a.first - b.first || b.end - a.end).map((match) => match.value))];
  if (!fields.includes("date") && english && (options.answerKind === "date" || options.answerKind === "period" || fields.length > 0) && ENGLISH_ISSUE_VERB.test(question) && /\b(?:when|date)\b/iu.test(question)) fields.push("date");
  return fields;
}
