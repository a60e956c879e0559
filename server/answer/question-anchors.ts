import type { ArchiveDocument } from "../../core/types.js";
import { foldTerm, hasVietnameseDiacritics, normalizeUnicode, splitWords } from "../../core/vietnamese.js";
import type { AnalyzedQuery } from "../retrieve/analyze-query.js";
import { BoundedCache, estimateStringCollectionBytes } from "./bounded-cache.js";

/**
 * The names and numbered things a question is about ("Phúc Thành", "gói thầu
 * 17", "Quyết định 2556"), and whether a text holds the same ones. A near-miss
 * question is often about a neighbour of what the archive holds: the same
 * kind of thing with another name or number ("Phúc Lộc", "gói thầu số 14").
 * Scope checks of any archive, not of one document's wording.
 */
export type QuestionAnchors = {
  /** Proper names of two or more capitalized syllables, folded, one space apart. */
  names: string[];
  /** A word followed by a number ("thầu 17"), both folded. */
  numbered: Array<{ word: string; number: string }>;
};

/** "số" between a word and its number ("gói thầu số 14"), folded. */
const LINKING = new Set(["so"]);

export function questionAnchors(query: AnalyzedQuery): QuestionAnchors {
  if (query.language === "en") return { names: namesOf(query.question, true), numbered: [] };
  return { names: query.language === "vi" ? namesOf(query.question, false) : [], numbered: numberedOf(query.question) };
}

/** Runs of capitalized words (two or more); in English only runs holding a Vietnamese letter. */
function namesOf(text: string, vietnameseOnly: boolean): string[] {
  const words = splitWords(normalizeUnicode(text));
  const names: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length >= 2 && (!vietnameseOnly || run.some((word) => hasVietnameseDiacritics(word)))) names.push(run.map((word) => foldTerm(word)).join(" "));
    run = [];
  };
  for (const { word } of words) {
    if (/^\p{Lu}/u.test(word) && !/^\d/u.test(word)) run.push(word);
    else flush();
  }
  flush();
  return [...new Set(names)];
}

function numberedOf(text: string): Array<{ word: string; number: string }> {
  const words = splitWords(normalizeUnicode(text)).map(({ word }) => foldTerm(word));
  const found: Array<{ word: string; number: string }> = [];
  for (let i = 1; i < words.length; i++) {
    if (!/^\d/u.test(words[i]!)) continue;
    let j = i - 1;
    if (LINKING.has(words[j]!) && j > 0) j--;
    const word = words[j]!;
    if (/^\d/u.test(word)) continue;
    found.push({ word, number: words[i]! });
  }
  return found;
}

type DocumentAnchors = { folded: string; numbersAfter: Map<string, Set<string>> };

const cache = new BoundedCache<ArchiveDocument, DocumentAnchors>({
  maxBytes: 12 * 1024 * 1024,
  sizeOf: (value) => value.folded.length * 2 + estimateStringCollectionBytes(value.numbersAfter.keys()),
});

function documentAnchors(document: ArchiveDocument): DocumentAnchors {
  return cache.get(document, () => textAnchors([document.meta.title ?? "", document.text].join("\n")));
}

function textAnchors(text: string): DocumentAnchors {
  const words = splitWords(normalizeUnicode(text)).map(({ word }) => foldTerm(word));
  const numbersAfter = new Map<string, Set<string>>();
  for (let i = 0; i + 1 < words.length; i++) {
    let j = i + 1;
    if (LINKING.has(words[j]!) && j + 1 < words.length) j++;
    if (!/^\d/u.test(words[j]!) || /^\d/u.test(words[i]!)) continue;
    let set = numbersAfter.get(words[i]!);
    if (!set) numbersAfter.set(words[i]!, (set = new Set()));
    set.add(words[j]!);
  }
  return { folded: ` ${words.join(" ")} `, numbersAfter };
}

function sameNumber(a: string, b: string): boolean {
  if (a === b) return true;
  // "16/2018" and "16/2018/tt-bca": one is the other's leading part, cut at a separator.
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  if (longer.startsWith(shorter) && /[\/.\-]/u.test(longer[shorter.length]!)) return true;
  const leading = (value: string) => value.match(/^\d+/u)![0].replace(/^0+(?=\d)/u, "");
  const pure = (value: string) => /^\d+$/u.test(value);
  return (pure(a) || pure(b)) && leading(a) === leading(b);
}

/** Shares of the question's names missing from the text, and of its numbered things found with the same or only other numbers. */
export function anchorFeatures(anchors: QuestionAnchors, text: DocumentAnchors): { nameMissing: number; numberedMatch: number; numberedConflict: number } {
  const nameMissing = anchors.names.length ? anchors.names.filter((name) => !text.folded.includes(` ${name} `)).length / anchors.names.length : 0;
  let match = 0;
  let conflict = 0;
  for (const { word, number } of anchors.numbered) {
    const after = text.numbersAfter.get(word);
    if (!after) continue;
    if ([...after].some((other) => sameNumber(other, number))) match++;
    else conflict++;
  }
  const count = Math.max(1, anchors.numbered.length);
  return { nameMissing, numberedMatch: match / count, numberedConflict: conflict / count };
}

export function documentAnchorFeatures(anchors: QuestionAnchors, document: ArchiveDocument): Record<string, number> {
  if (!anchors.names.length && !anchors.numbered.length) return {};
  const found = anchorFeatures(anchors, documentAnchors(document));
  return {
    ...(anchors.names.length ? { name_missing: found.nameMissing } : {}),
    ...(anchors.numbered.length ? { numbered_match: found.numberedMatch, numbered_conflict: found.numberedConflict } : {}),
  };
}

export function passageAnchorFeatures(anchors: QuestionAnchors, text: string): Record<string, number> {
  if (!anchors.names.length && !anchors.numbered.length) return {};
  const found = anchorFeatures(anchors, textAnchors(text));
  return {
    ...(anchors.names.length ? { name_missing_passage: found.nameMissing } : {}),
    ...(anchors.numbered.length ? { numbered_conflict_passage: found.numberedConflict } : {}),
  };
}
