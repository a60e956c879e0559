/**
 * Word-pair counts of one document. The footnote step uses them to decide
 * where a sentence cut by a footnote block resumes: the body word before
 * the block ("tồn tại,") should be a usual predecessor of the word where
 * the body resumes ("hạn chế"), which the document itself shows elsewhere
 * ("các tồn tại, hạn chế"). Pairs never cross a sentence or clause end.
 */

/** A word of the text with its offsets and whether a sentence/clause end lies between it and the previous word. */
export type WordToken = { key: string; start: number; end: number; startsClause: boolean };

export type WordBigrams = {
  /** How often `second` follows `first` within a clause. */
  pair(first: string, second: string): number;
  /** How often `first` is followed by any word within a clause. */
  followers(first: string): number;
  /** Smoothed share of `word` among all words. */
  share(word: string): number;
};

const WORD = /[\p{L}\p{M}\p{N}]+(?:[/.,\-–][\p{L}\p{M}\p{N}]+)*/gu;
const CLAUSE_END = /[.!?…;:]/u;
const SUPERSCRIPTS = /[⁰¹²³⁴⁵⁶⁷⁸⁹]/gu;

/** Lower case; a digit glued to letters (a footnote mark) dropped; any other number becomes "#". */
export function bigramKey(word: string): string {
  const plain = word.replace(SUPERSCRIPTS, "").toLowerCase();
  const glued = /^([\p{L}\p{M}]+)\d{1,3}$/u.exec(plain);
  if (glued?.[1]) return glued[1];
  return /\p{N}/u.test(plain) ? "#" : plain;
}

/** Splits text into words with offsets; `startsClause` is true after ". ! ? … ; :" (or at the start). */
export function tokenizeWords(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(WORD)) {
    const key = bigramKey(match[0]);
    if (key === "") continue;
    const gap = text.slice(previousEnd, match.index);
    tokens.push({ key, start: match.index, end: match.index + match[0].length, startsClause: tokens.length === 0 || CLAUSE_END.test(gap) });
    previousEnd = match.index + match[0].length;
  }
  return tokens;
}

export function countWordBigrams(tokens: readonly WordToken[]): WordBigrams {
  const pairs = new Map<string, number>();
  const followerCounts = new Map<string, number>();
  const unigrams = new Map<string, number>();
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (!token) continue;
    unigrams.set(token.key, (unigrams.get(token.key) ?? 0) + 1);
    const previous = tokens[index - 1];
    if (!previous || token.startsClause) continue;
    const pairKey = `${previous.key} ${token.key}`;
    pairs.set(pairKey, (pairs.get(pairKey) ?? 0) + 1);
    followerCounts.set(previous.key, (followerCounts.get(previous.key) ?? 0) + 1);
  }
  const total = tokens.length;
  const vocabularySize = unigrams.size;
  return {
    pair: (first, second) => pairs.get(`${first} ${second}`) ?? 0,
    followers: (first) => followerCounts.get(first) ?? 0,
    share: (word) => ((unigrams.get(word) ?? 0) + 0.5) / (total + 0.5 * (vocabularySize + 1)),
  };
}
