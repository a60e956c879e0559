import type { QueryLanguage } from "./detect-language.js";
import type { AnswerKind, Lexicon, MetadataField } from "./lexicon.js";
import { blankEnglishApostrophes, matchPhrases, splitQueryWords } from "./query-words.js";

/** English verbs of issuing or signing: "when was the decision issued?" asks for the date of issue. */
const ENGLISH_ISSUE_VERB = /\b(?:issued|signed|promulgated|dated)\b/iu;

/**
 * The header field a question asks about, if any: who signed, the document's
 * number, its date of issue, its issuer ("Ai ký quyết định …", "số hiệu của
 * công văn …", "who signed the permit …"). Phrases come from the lexicon; an
 * English "when … issued/signed" asks for the date.
 */
export function detectMetadataField(question: string, options: { language: QueryLanguage; lexicon: Lexicon; answerKind: AnswerKind }): MetadataField | undefined {
  const { language, lexicon } = options;
  const english = language === "en";
  const words = splitQueryWords(english ? blankEnglishApostrophes(question) : question);
  const table = english ? lexicon.metadataCues.english : language === "vi" ? lexicon.metadataCues.vietnamese : lexicon.metadataCues.folded;
  const matches = matchPhrases(words, table, { mode: language === "vi" ? "canonical" : "folded", strategy: "all" });
  const first = [...matches].sort((a, b) => a.first - b.first || b.end - a.end)[0];
  if (first) return first.value;
  if (english && (options.answerKind === "date" || options.answerKind === "period") && ENGLISH_ISSUE_VERB.test(question)) return "date";
  return undefined;
}
