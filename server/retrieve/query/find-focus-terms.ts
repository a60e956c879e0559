import { canonicalizeTone } from "../../../core/vietnamese.js";
import type { QueryLanguage } from "./detect-language.js";
import { extractKeyTerms } from "./extract-key-terms.js";
import type { Lexicon } from "./lexicon.js";
import { blankEnglishApostrophes, matchPhrases, splitQueryWords, type QueryWord } from "./query-words.js";
import { translateEnglish } from "./translate-english.js";

/** Words on each side of a question word that name what is asked ("căn cứ tờ trình nào", "which decree"). */
const FOCUS_REACH = 3;
const ENGLISH_QUESTION_WORDS = new Set(["what", "which", "who", "whom", "whose", "when", "where", "how", "why"]);

/**
 * The content words next to the question word: what the question asks about
 * ("tờ trình" in "căn cứ tờ trình nào", "lưu giữ" in "lưu giữ trong bao
 * lâu", "biển số" in "biển số nào"; in English, the words after "which",
 * "what", "how many", rendered in Vietnamese). A sentence that answers names
 * them; the rest of a long question often only describes the document.
 * Terms are tone-canonical (folded for a question typed without diacritics).
 */
export function findFocusTerms(question: string, options: { language: QueryLanguage; lexicon: Lexicon }): string[] {
  const { language, lexicon } = options;
  if (language === "en") return englishFocus(question, lexicon);
  const folded = language === "vi-nodiacritics";
  const mode = folded ? "folded" : "canonical";
  const words = splitQueryWords(question);
  const cues = matchPhrases(words, lexicon.questionWords[mode], { mode, strategy: "longest" });
  const chosen = new Set<number>();
  for (const cue of cues) {
    for (const index of clauseWindow(words, cue.first, cue.end)) chosen.add(index);
  }
  const phrase = [...chosen].sort((a, b) => a - b).map((index) => words[index]!.text).join(" ");
  return extractKeyTerms(phrase, { lexicon, folded });
}

/** Indices of up to FOCUS_REACH words before [first, end) and after it, not crossing a phrase break. */
function clauseWindow(words: readonly QueryWord[], first: number, end: number): number[] {
  const indices: number[] = [];
  for (let index = first - 1; index >= Math.max(0, first - FOCUS_REACH); index--) {
    if (words[index + 1]?.breakBefore) break;
    indices.push(index);
  }
  for (let index = end; index < Math.min(words.length, end + FOCUS_REACH); index++) {
    if (words[index]?.breakBefore) break;
    indices.push(index);
  }
  return indices;
}

function englishFocus(question: string, lexicon: Lexicon): string[] {
  const words = splitQueryWords(blankEnglishApostrophes(question));
  const chosen = new Set<number>();
  words.forEach((word, index) => {
    if (!ENGLISH_QUESTION_WORDS.has(word.folded)) return;
    for (const near of clauseWindow(words, index, index + 1)) chosen.add(near);
  });
  const phrase = [...chosen].sort((a, b) => a - b).map((index) => words[index]!.text).join(" ");
  if (!phrase) return [];
  const translation = translateEnglish(phrase, { lexicon });
  return extractKeyTerms(translation.searchText, { lexicon, folded: false });
}

/** Vietnamese counters of "bao nhiêu"/"mấy" that are themselves question words, not the thing counted. */
const NOT_MEASURES = new Set(["lâu", "giờ", "nhiêu", "phần", "trăm"]);

/**
 * What a "how many" question counts: the noun after "bao nhiêu"/"mấy" ("bao
 * nhiêu tháng" -> "tháng", "mấy kg" -> "kg", "bao nhiêu đơn vị" -> "đơn vị")
 * or after "how many" (in Vietnamese). A sentence answers it with a number
 * followed by that noun.
 */
export function findMeasureNoun(question: string, options: { language: QueryLanguage; lexicon: Lexicon }): string | undefined {
  const { language, lexicon } = options;
  const words = splitQueryWords(language === "en" ? blankEnglishApostrophes(question) : question);
  if (language === "en") {
    const at = words.findIndex((word, i) => word.folded === "how" && (words[i + 1]?.folded === "many" || words[i + 1]?.folded === "much"));
    const noun = words[at + 2];
    if (at < 0 || !noun || noun.breakBefore) return undefined;
    const rendered = translateEnglish(noun.text, { lexicon }).searchText.trim();
    return rendered || undefined;
  }
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    const isBaoNhieu = word.folded === "bao" && next?.folded === "nhieu";
    const isMay = word.folded === "may" && (language === "vi" ? word.canonical === canonicalMay : true);
    if (!isBaoNhieu && !isMay) continue;
    const noun = words[i + (isBaoNhieu ? 2 : 1)];
    if (!noun || noun.breakBefore || NOT_MEASURES.has(noun.canonical) || /^\d/u.test(noun.text)) continue;
    const stop = lexicon.stopwords[language === "vi" ? "canonical" : "folded"];
    if (stop.has(language === "vi" ? noun.canonical : noun.folded)) continue;
    return language === "vi" ? noun.canonical : noun.folded;
  }
  return undefined;
}

const canonicalMay = canonicalizeTone("mấy");
