import { canonicalizeTone } from "../../../core/vietnamese.js";
import type { QueryLanguage } from "./detect-language.js";
import type { AnswerKind, CueTables, Lexicon } from "./lexicon.js";
import { blankEnglishApostrophes, matchPhrases, splitQueryWords, type MatchMode, type PhraseTable, type QueryWord } from "./query-words.js";

type CueHit = { kind: AnswerKind; first: number; length: number };

/** How far back from "nào" a "những"/"các" still makes the question a list question ("những khoản kinh phí nào"). */
const LIST_MARKER_REACH = 5;
/** How many content words after "which"/"what" can form the noun asked about ("which new units"). */
const ENGLISH_HEAD_REACH = 3;
/** Last words of a Vietnamese yes/no question (không, chưa), folded. */
const YES_NO_ENDINGS: ReadonlySet<string> = new Set(["khong", "chua"]);

/**
 * The kind of answer a question asks for, from its question words:
 * - date: a day or month (ngày nào, khi nào, trước ngày nào, tháng mấy, when, by what date);
 * - period: a year or a span of years (năm nào, đến năm nào, giai đoạn nào, bao lâu, which period, until which year);
 * - who: a body or a person (ai, cơ quan nào, who, which agency);
 * - number: a quantity (bao nhiêu, tỷ lệ, how many, what percentage);
 * - list: several items (những gì, gồm những, những X nào, which + plural noun, what are);
 * - fact: anything else.
 * Interrogatives (strong cues) decide; the earliest one wins when a question
 * asks two things. Nouns such as "thời hạn" or "turnout" (weak cues) only
 * decide when there is no interrogative.
 */
export function classifyAnswerKind(question: string, options: { language: QueryLanguage; lexicon: Lexicon }): AnswerKind {
  const { language, lexicon } = options;
  const english = language === "en";
  const words = splitQueryWords(english ? blankEnglishApostrophes(question) : question);
  const mode: MatchMode = language === "vi" ? "canonical" : "folded";
  const cues: CueTables = english ? lexicon.cues.english : language === "vi" ? lexicon.cues.vietnamese : lexicon.cues.folded;

  const strong = [
    ...findCues(words, cues.strong, mode),
    ...(english ? findEnglishHeadNouns(words, lexicon) : findVietnameseHeadNouns(words, lexicon, mode)),
    ...(english ? [] : findYesNoEnding(words)),
  ];
  const chosen = earliest(strong) ?? earliest(findCues(words, cues.weak, mode));
  return chosen?.kind ?? "fact";
}

function findCues(words: readonly QueryWord[], table: PhraseTable<AnswerKind>, mode: MatchMode): CueHit[] {
  return matchPhrases(words, table, { mode, strategy: "all" }).map((match) => ({
    kind: match.value,
    first: match.first,
    length: match.end - match.first,
  }));
}

/** "... trước ngày 15/8 không?", "... đã ban hành chưa?": a yes/no question asks for a fact, whatever dates it names. */
function findYesNoEnding(words: readonly QueryWord[]): CueHit[] {
  const last = words[words.length - 1];
  if (!last || words.length < 3 || !YES_NO_ENDINGS.has(last.folded)) return [];
  return [{ kind: "fact", first: words.length - 1, length: 1 }];
}

/** "cơ quan nào" -> who, "năm nào" -> period, "những khoản kinh phí nào" -> list, "đối tượng nào" -> fact. */
function findVietnameseHeadNouns(words: readonly QueryWord[], lexicon: Lexicon, mode: MatchMode): CueHit[] {
  const which = mode === "canonical" ? canonicalizeTone("nào") : "nao";
  const heads = lexicon.headNouns[mode === "canonical" ? "vietnamese" : "folded"];
  const markers = lexicon.listMarkers[mode === "canonical" ? "canonical" : "folded"];
  const headMatches = matchPhrases(words, heads, { mode, strategy: "all" });
  const hits: CueHit[] = [];
  words.forEach((word, index) => {
    if ((mode === "canonical" ? word.canonical : word.folded) !== which || index === 0 || word.breakBefore) return;
    const head = headMatches
      .filter((match) => match.end === index)
      .sort((a, b) => a.first - b.first)[0];
    if (head) {
      hits.push({ kind: head.value, first: head.first, length: index + 1 - head.first });
      return;
    }
    for (let back = index - 1; back >= Math.max(0, index - LIST_MARKER_REACH); back--) {
      const candidate = words[back];
      if (!candidate) break;
      if (markers.has(mode === "canonical" ? candidate.canonical : candidate.folded)) {
        hits.push({ kind: "list", first: back, length: index + 1 - back });
        return;
      }
      if (candidate.breakBefore) break;
    }
    hits.push({ kind: "fact", first: index - 1, length: 2 });
  });
  return hits;
}

/** "which agency" -> who, "what date" -> date, "which new units" -> list, "which monthly meeting" -> fact. */
function findEnglishHeadNouns(words: readonly QueryWord[], lexicon: Lexicon): CueHit[] {
  const hits: CueHit[] = [];
  words.forEach((word, index) => {
    if (word.folded !== "which" && word.folded !== "what") return;
    // The noun phrase runs to the first known head noun ("which agency received ..."), or to a
    // function word or past-tense verb ("which new units were", "which town established").
    const noun: QueryWord[] = [];
    let kind: AnswerKind | undefined;
    for (let next = index + 1; next < words.length && noun.length < ENGLISH_HEAD_REACH; next++) {
      const candidate = words[next];
      if (!candidate || candidate.breakBefore || lexicon.englishFunctionWords.has(candidate.folded)) break;
      if (noun.length > 0 && /[^e]ed$/u.test(candidate.folded)) break;
      noun.push(candidate);
      kind = lexicon.headNouns.english.get(candidate.folded);
      if (kind) break;
    }
    const head = noun[noun.length - 1];
    if (!head) return;
    hits.push({ kind: kind ?? (isEnglishPlural(head.folded) ? "list" : "fact"), first: index, length: noun.length + 1 });
  });
  return hits;
}

function isEnglishPlural(word: string): boolean {
  return word.length > 3 && word.endsWith("s") && !/(?:ss|us|is)$/u.test(word);
}

function earliest(hits: readonly CueHit[]): CueHit | undefined {
  return [...hits].sort((a, b) => a.first - b.first || b.length - a.length)[0];
}
